/**
 * GET /admin/escott/recovery — the open recovery cases of every e-SCOTT provider (escott-flows' `listRecoveryCases`):
 * charges whose answer was lost, charges recorded in the journal but not on their session, notifications that could
 * not be applied. Admin routes need a logged-in Medusa user. No secrets are shown.
 */
import type { AuthenticatedMedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import { listRecoveryCases } from 'escott-flows'
import { paymentModuleOf } from '../../../../core/http'
import { caseView, escottProviders } from '../../../../core/recovery'

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse): Promise<void> {
  const cases: ReturnType<typeof caseView>[] = []
  const seen = new Set<string>()
  for (const { id, provider } of await escottProviders(paymentModuleOf(req))) {
    for (const c of await listRecoveryCases(await provider.recoveryDeps())) {
      if (seen.has(c.id) || (c.order && !(await provider.ownsSession(c.order.id)))) continue
      seen.add(c.id)
      cases.push(caseView(id, c))
    }
  }
  res.json({ cases })
}
