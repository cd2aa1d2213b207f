/**
 * The plugin's routes and job reach the provider instances Medusa built (with their options) through the payment
 * module. Medusa 2.18–2.21 keep them in the module's PaymentProviderService; if that ever moves, this one function
 * changes.
 */
import type { IPaymentModuleService } from '@medusajs/framework/types'
import { MedusaError } from '@medusajs/framework/utils'
import type { EscottCardProviderService } from '../services/escott-card'
import type { EscottCvsProviderService } from '../services/escott-cvs'

type Identifier = 'escott-card' | 'escott-cvs'
type ProviderOf<I extends Identifier> = I extends 'escott-card' ? EscottCardProviderService : EscottCvsProviderService

export function escottProvider<I extends Identifier>(paymentModule: IPaymentModuleService, providerId: string, identifier: I): ProviderOf<I> {
  const service = (paymentModule as unknown as { paymentProviderService_?: { retrieveProvider?(id: string): unknown } }).paymentProviderService_
  if (typeof service?.retrieveProvider !== 'function') {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, 'escott: this Medusa version keeps payment providers elsewhere; escott-medusa supports @medusajs/framework >= 2.18 < 3')
  }
  const provider = service.retrieveProvider(providerId) as { constructor?: { identifier?: string } } | undefined
  if (provider?.constructor?.identifier !== identifier) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `escott: ${providerId} is not an ${identifier} provider`)
  }
  return provider as ProviderOf<I>
}

/** Ids (`pp_escott-card_escott` …) of the enabled e-SCOTT providers of one kind. */
export async function escottProviderIds(paymentModule: IPaymentModuleService, identifier: Identifier): Promise<string[]> {
  const providers = await paymentModule.listPaymentProviders({ is_enabled: true })
  return providers.map((p) => p.id).filter((id) => id === `pp_${identifier}` || id.startsWith(`pp_${identifier}_`))
}
