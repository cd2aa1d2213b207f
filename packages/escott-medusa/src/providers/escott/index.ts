/**
 * The payment module provider: `resolve: 'escott-medusa/providers/escott'` under `@medusajs/medusa/payment`.
 * With `id: 'escott'` Medusa registers `pp_escott-card_escott` and `pp_escott-cvs_escott`.
 */
import { ModuleProvider, Modules } from '@medusajs/framework/utils'
import { EscottCardProviderService } from '../../services/escott-card'
import { EscottCvsProviderService } from '../../services/escott-cvs'

// `export =` (module.exports), not `export default`: Medusa takes `.default ?? module`, and ESM importers get the
// same object without a synthesized default.
const provider = ModuleProvider(Modules.PAYMENT, {
  services: [EscottCardProviderService, EscottCvsProviderService],
})
export = provider
