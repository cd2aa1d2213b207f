/** The logged-in customer's saved cards: only ever those of the customer's own account holder. */
import type { AuthenticatedMedusaRequest } from '@medusajs/framework/http'
import { ContainerRegistrationKeys, MedusaError } from '@medusajs/framework/utils'
import { allProviders } from './http'

export async function customerCards(req: AuthenticatedMedusaRequest) {
  const customerId = req.auth_context?.actor_id
  if (!customerId) throw new MedusaError(MedusaError.Types.UNAUTHORIZED, 'escott: log in to see your saved cards')
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY) as { graph(q: unknown): Promise<{ data: any[] }> }
  const { data } = await query.graph({ entity: 'customer', fields: ['id', 'account_holders.*'], filters: { id: customerId } })
  const holders: any[] = data[0]?.account_holders ?? []
  const out: { providerId: string; provider: Awaited<ReturnType<typeof allProviders<'escott-card'>>>[number]['provider']; holder: any }[] = []
  for (const { id, provider } of await allProviders(req, 'escott-card')) {
    const holder = holders.find((h) => h?.provider_id === id)
    if (holder) out.push({ providerId: id, provider, holder })
  }
  return out
}
