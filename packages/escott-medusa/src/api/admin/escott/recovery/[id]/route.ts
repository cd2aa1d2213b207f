/**
 * POST /admin/escott/recovery/:id — settles one recovery case (its id, or its payment session's id) with
 * escott-flows: `{ action: 'reconcile' }` asks the gateway (1Search) and applies what it says; `{ action: 'complete',
 * processId?, processPass? }` applies the recorded charge, or the transaction found in the e-SCOTT console under the
 * case's MerchantFree1; `{ action: 'cancel', processId?, processPass? }` voids it at the gateway and closes the
 * session. The shopper's next cart completion then answers from the session's new state.
 */
import type { AuthenticatedMedusaRequest, MedusaResponse } from '@medusajs/framework/http'
import { MedusaError } from '@medusajs/framework/utils'
import { cancelRecovery, completeRecovery, findRecoveryCase, isEscottFlowError, reconcileRecovery, type RecoveryEvidence } from 'escott-flows'
import { paymentModuleOf } from '../../../../../core/http'
import { caseView, escottProviders } from '../../../../../core/recovery'

function evidenceOf(body: Record<string, unknown>): RecoveryEvidence | undefined {
  const { processId, processPass } = body
  if (processId === undefined && processPass === undefined) return undefined
  if (typeof processId !== 'string' || !/^[0-9a-zA-Z]{1,32}$/.test(processId) || typeof processPass !== 'string' || !/^[0-9a-zA-Z]{1,32}$/.test(processPass)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, 'escott: give both processId and processPass as the e-SCOTT console shows them')
  }
  return { processId, processPass }
}

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse): Promise<void> {
  const body = (req.body ?? {}) as Record<string, unknown>
  const action = body.action
  if (action !== 'reconcile' && action !== 'complete' && action !== 'cancel') {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "escott: action must be 'reconcile', 'complete' or 'cancel'")
  }
  const evidence = evidenceOf(body)
  for (const { id, provider } of await escottProviders(paymentModuleOf(req))) {
    const deps = await provider.recoveryDeps()
    const found = await findRecoveryCase(deps, req.params.id!).catch((err: unknown) => {
      if (isEscottFlowError(err, 'RECOVERY_CASE_NOT_FOUND')) return undefined
      throw err
    })
    if (!found || (found.order && !(await provider.ownsSession(found.order.id)))) continue
    try {
      if (action === 'reconcile') {
        const outcome = await reconcileRecovery(deps, found.id, evidence)
        res.json({ case: caseView(id, found), outcome: outcome.kind, ...(outcome.kind === 'needs_person' && { reason: outcome.reason }) })
        return
      }
      const session = action === 'complete' ? await completeRecovery(deps, found.id, evidence) : await cancelRecovery(deps, found.id, evidence)
      res.json({ case: caseView(id, found), outcome: action === 'complete' ? 'completed' : 'canceled', session_status: session?.status })
      return
    } catch (err) {
      if (isEscottFlowError(err)) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `escott: ${err.code}: ${err.merchantMessage('en')}`)
      throw err
    }
  }
  throw new MedusaError(MedusaError.Types.NOT_FOUND, `escott: no open recovery case ${req.params.id}`)
}
