/**
 * Re-checking an unknown outcome by 1Search (Kill Bill's janitor rhythm: after 5 min, 1 h, then daily). Only for
 * charges whose ProcessId and ProcessPass are known (the gateway answered but the answer could not be recorded, or
 * an operator supplied them); the others wait for an operator, who finds the MerchantFree1 in the gateway console.
 *
 * The decision is local: escott-flows' reconcile works on its order journal, and billing keeps charge rows
 * instead (request 2 in /work/coord/requests-subscriptions.md asks for a journal-free primitive).
 */
import type { BillingContext } from '../context.js'
import { appendEvent } from '../store/events-store.js'
import { getSubscription, setNextAction } from '../store/queries.js'
import type { ChargeRow, SubscriptionRow } from '../store/rows.js'
import { classifyFailure } from 'escott-flows'
import { chargeEventData } from './event-data.js'
import { attemptCallTimeoutMs, markSucceeded, reconcileAt } from './record.js'

export type ReconcileResult = 'succeeded' | 'not_charged' | 'inconclusive' | 'skipped'

// The gateway does not know the ProcessId: nothing was charged under it.
const NOT_AT_GATEWAY = new Set(['KBZ'])

export async function reconcileCharge(ctx: BillingContext, sub: SubscriptionRow, charge: ChargeRow): Promise<ReconcileResult> {
  const { db, s } = ctx
  const now = ctx.now()
  // Lease the re-check so that concurrent workers do not all call 1Search.
  const lease = new Date(now.getTime() + ctx.opts.attemptTimeoutMs)
  const { rowCount } = await db.query(
    `UPDATE ${s}.charges SET reconcile_at = $3 WHERE id = $1 AND status = 'needs_reconciliation' AND reconcile_at = $2`,
    [charge.id, charge.reconcile_at, lease],
  )
  if (rowCount === 0) return 'skipped'
  let found: { amount: number | undefined }
  try {
    found = await ctx.escott.card.retrieve(
      { processId: charge.process_id!, processPass: charge.process_pass!, member: { kaiinId: sub.kaiin_id, kaiinPass: sub.kaiin_pass } },
      { timeoutMs: attemptCallTimeoutMs(ctx) },
    )
  } catch (err) {
    const codes = (err as { codes?: string[] })?.codes ?? []
    if (codes.some((c) => NOT_AT_GATEWAY.has(c))) {
      // Confirmed absent: safe to charge the period (with the same key) again.
      await db.tx(async (q) => {
        await q(
          `UPDATE ${s}.charges SET status = 'failed', next_attempt_at = $2, reconcile_at = NULL, claim_token = NULL, note = $3, updated_at = $2
            WHERE id = $1 AND status = 'needs_reconciliation'`,
          [charge.id, now, `1Search: ${codes.join('|')} (no such transaction); charged again`],
        )
        await setNextAction(q, s, sub.id, now, now)
      })
      return 'not_charged'
    }
    return inconclusive(ctx, sub, charge, `1Search failed (${classifyFailure(err)}): ${String((err as Error)?.message ?? err)}`)
  }
  if (found.amount !== undefined && found.amount !== charge.amount) {
    return inconclusive(ctx, sub, charge, `1Search: amount ${found.amount} differs from ${charge.amount}; settle by hand`, true)
  }
  const done = await markSucceeded(ctx, db.query, charge, { processId: charge.process_id, processPass: charge.process_pass })
  if (done) ctx.eventsWritten()
  return done ? 'succeeded' : 'skipped'
}

/** Schedules the next re-check (or none once the rhythm is used up, or when a person must look). */
async function inconclusive(ctx: BillingContext, sub: SubscriptionRow, charge: ChargeRow, note: string, stop = false): Promise<ReconcileResult> {
  const now = ctx.now()
  const step = charge.reconcile_step + 1
  const at = stop ? null : reconcileAt(ctx, step, now)
  await ctx.db.tx(async (q) => {
    const { rows } = await q<ChargeRow>(
      `UPDATE ${ctx.s}.charges SET reconcile_step = $2, reconcile_at = $3, note = $4, updated_at = $5 WHERE id = $1 AND status = 'needs_reconciliation' RETURNING *`,
      [charge.id, step, at, note.slice(0, 500), now],
    )
    await setNextAction(q, ctx.s, sub.id, at, now)
    if (rows[0] && !at) {
      const fresh = await getSubscription(q, ctx.s, sub.id)
      await appendEvent(q, ctx.s, 'charge.needs_reconciliation', chargeEventData(rows[0], fresh ?? sub), now)
    }
  })
  ctx.eventsWritten()
  return 'inconclusive'
}
