/**
 * Recovery (受注の取りこぼし対策) for Medusa: escott-flows lists what reached the gateway but never finished here (an
 * authorisation whose answer was lost, a charge recorded in the journal but not on its session, a notification that
 * could not be applied) and settles it — automatically when 1Search can tell (`reconcileRecovery`), otherwise by a
 * person through the admin routes. Cases are shown without secrets (no ProcessPass, no KaiinPass).
 */
import type { IPaymentModuleService, Logger } from '@medusajs/framework/types'
import { isEscottFlowError, listRecoveryCases, reconcileRecovery, type RecoveryCase, type ReconcileOutcome } from 'escott-flows'
import type { EscottBase } from './escott-base'
import { escottProvider, escottProviderIds } from './resolve-provider'

/** A case as the admin sees it. */
export function caseView(providerId: string, c: RecoveryCase) {
  return {
    id: c.id,
    provider_id: providerId,
    kind: c.kind,
    payment_session_id: c.orderId,
    merchant_free1: c.merchantFree1,
    operation: c.operation,
    amount: c.amount,
    process_id: c.processId,
    session_status: c.order?.status,
    created_at: c.createdAt.toISOString(),
    description: c.description,
  }
}

/** Every e-SCOTT provider instance (card and convenience store) of the payment module, each with its own merchant. */
export async function escottProviders(paymentModule: IPaymentModuleService): Promise<{ id: string; provider: EscottBase }[]> {
  const out: { id: string; provider: EscottBase }[] = []
  for (const identifier of ['escott-card', 'escott-cvs'] as const) {
    for (const id of await escottProviderIds(paymentModule, identifier)) out.push({ id, provider: escottProvider(paymentModule, id, identifier) })
  }
  return out
}

/**
 * One pass of the recovery job: every open case whose ProcessId is known is reconciled with 1Search; the others are
 * logged for a person (the admin routes list and settle them). Providers sharing a database share one journal, so
 * each case is handled by the provider of its merchant only once.
 */
export async function reconcileOpenCases(paymentModule: IPaymentModuleService, logger?: Logger, now = new Date()): Promise<ReconcileOutcome[]> {
  const outcomes: ReconcileOutcome[] = []
  const seen = new Set<string>()
  for (const { provider } of await escottProviders(paymentModule)) {
    const deps = await provider.recoveryDeps()
    for (const c of await listRecoveryCases(deps, { now })) {
      if (seen.has(c.id) || (c.order && !(await provider.ownsSession(c.order.id)))) continue
      seen.add(c.id)
      if (!c.processId) {
        logger?.warn(`escott: recovery case ${c.id} (${c.kind}, MerchantFree1 ${c.merchantFree1}) needs a person: ${c.description.en} (GET /admin/escott/recovery)`)
        continue
      }
      try {
        const outcome = await reconcileRecovery(deps, c.id)
        outcomes.push(outcome)
        logger?.info(`escott: recovery case ${c.id} (${c.merchantFree1}) reconciled with 1Search: ${outcome.kind}`)
      } catch (err) {
        const code = isEscottFlowError(err) ? err.code : (err as Error).message
        logger?.warn(`escott: recovery case ${c.id} (${c.merchantFree1}) could not be reconciled: ${code}`)
      }
    }
  }
  return outcomes
}
