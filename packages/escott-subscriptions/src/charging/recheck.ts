/**
 * Re-checking an unknown outcome on Kill Bill's janitor rhythm (after 5 min, 1 h, then daily): only for charges
 * whose ProcessId and ProcessPass are known (the gateway answered but the answer could not be recorded, or an
 * operator supplied them); the others wait for an operator, who finds the MerchantFree1 in the gateway console.
 * What 1Search's answer means is escott-flows' `reconcileBySearch`; this module leases the re-check, applies the
 * decision to the charge row and schedules the next look.
 */
import { reconcileBySearch } from 'escott-flows'
import type { BillingContext } from '../context.js'
import { appendEvent } from '../store/events-store.js'
import { getSubscription, setNextAction } from '../store/queries.js'
import type { ChargeRow, SubscriptionRow } from '../store/rows.js'
import { chargeEventData } from './event-data.js'
import { attemptCallTimeoutMs, markSucceeded, reconcileAt } from './record.js'

export type RecheckResult = 'succeeded' | 'not_charged' | 'inconclusive' | 'skipped'

export async function recheckCharge(ctx: BillingContext, sub: SubscriptionRow, charge: ChargeRow): Promise<RecheckResult> {
  const { db, s } = ctx
  const now = ctx.now()
  // Lease the re-check so that concurrent workers do not all call 1Search.
  const lease = new Date(now.getTime() + ctx.opts.attemptTimeoutMs)
  const { rowCount } = await db.query(`UPDATE ${s}.charges SET reconcile_at = $3 WHERE id = $1 AND status = 'needs_reconciliation' AND reconcile_at = $2`, [charge.id, charge.reconcile_at, lease])
  if (rowCount === 0) return 'skipped'
  const release = await ctx.slots.acquire()
  const found = await reconcileBySearch(
    ctx.escott,
    {
      processId: charge.process_id!,
      processPass: charge.process_pass!,
      member: { kaiinId: sub.kaiin_id, kaiinPass: sub.kaiin_pass },
      expectedAmount: charge.amount,
      merchantFree1: charge.merchant_free1,
    },
    { timeoutMs: attemptCallTimeoutMs(ctx) },
  ).finally(release)
  switch (found.kind) {
    case 'absent':
      // Confirmed absent: safe to charge the period (with the same key) again.
      await db.tx(async (q) => {
        await q(
          `UPDATE ${s}.charges SET status = 'failed', next_attempt_at = $2, reconcile_at = NULL, claim_token = NULL, note = $3, updated_at = $2
            WHERE id = $1 AND status = 'needs_reconciliation'`,
          [charge.id, now, `1Search: ${found.codes.join('|')} (no such transaction); charged again`],
        )
        await setNextAction(q, s, sub.id, now, now)
      })
      return 'not_charged'
    case 'inconclusive':
      if (found.reason === 'amount_mismatch') {
        return inconclusive(ctx, sub, charge, `1Search: amount ${found.amount} differs from ${charge.amount}; settle by hand`, true)
      }
      return inconclusive(ctx, sub, charge, `1Search failed (${found.failure}${found.codes.length ? ` ${found.codes.join('|')}` : ''}): ${String((found.error as Error)?.message ?? found.error)}`)
    case 'charged': {
      const done = await markSucceeded(ctx, db.query, charge, { processId: charge.process_id, processPass: charge.process_pass })
      if (done) ctx.eventsWritten()
      return done ? 'succeeded' : 'skipped'
    }
  }
}

/** Schedules the next re-check (or none once the rhythm is used up, or when a person must look). */
async function inconclusive(ctx: BillingContext, sub: SubscriptionRow, charge: ChargeRow, note: string, stop = false): Promise<RecheckResult> {
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
