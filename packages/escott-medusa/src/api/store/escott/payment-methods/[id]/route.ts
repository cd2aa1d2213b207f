/** DELETE /store/escott/payment-methods/:id — deletes one of the logged-in customer's own saved cards. */
import type { AuthenticatedMedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import { MedusaError } from '@medusajs/framework/utils'
import { customerCards } from '../../../../../core/customer-cards'

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse): Promise<void> {
  const id = req.params.id
  for (const { provider, holder } of await customerCards(req)) {
    const mine = await provider.listPaymentMethods({ context: { account_holder: holder } } as never)
    if (mine.some((m) => m.id === id)) {
      await provider.deletePaymentMethod({ data: { id } })
      res.json({ id, object: 'payment_method', deleted: true })
      return
    }
  }
  // Someone else's card and no card look the same: nothing is revealed about other customers.
  throw new MedusaError(MedusaError.Types.NOT_FOUND, `escott: no saved card ${id}`)
}
