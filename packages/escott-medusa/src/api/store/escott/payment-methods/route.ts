/** GET /store/escott/payment-methods — the logged-in customer's saved e-SCOTT cards (Medusa core has no such route). */
import type { AuthenticatedMedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import { customerCards } from '../../../../core/customer-cards'

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse): Promise<void> {
  const payment_methods = []
  for (const { providerId, provider, holder } of await customerCards(req)) {
    for (const m of await provider.listPaymentMethods({ context: { account_holder: holder } } as never)) payment_methods.push({ id: m.id, provider_id: providerId, ...m.data })
  }
  res.json({ payment_methods })
}
