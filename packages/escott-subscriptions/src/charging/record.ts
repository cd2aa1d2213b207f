/**
 * Recording a paid charge, shared by the attempt path, the 1Search re-check and the operator's settle; and the
 * timing rules they share (charge instant, call deadline, re-check rhythm).
 */
import type { BillingContext } from '../context.js'
import type { Query } from '../db/database.js'
import { tokyoInstant } from '../calendar.js'
import { newEventId } from '../ids.js'
import type { ChargeRow } from '../store/rows.js'

/** The instant a period starting on `date` is charged. */
export const chargeInstant = (ctx: BillingContext, date: string) => tokyoInstant(date, ctx.opts.chargeTime)

/** The gateway call's own deadline: two thirds of the claim's lifetime. */
export const attemptCallTimeoutMs = (ctx: BillingContext) => Math.max(1000, Math.floor((ctx.opts.attemptTimeoutMs * 2) / 3))

/** When the re-check number `step` (0-based) of an unknown outcome runs, or null when the rhythm is used up. */
export function reconcileAt(ctx: BillingContext, step: number, now: Date): Date | null {
  const delay = ctx.opts.reconcileDelaysMs[step]
  return delay === undefined ? null : new Date(now.getTime() + delay)
}

/**
 * Marks the charge paid, moves the subscription to that period and writes `charge.succeeded`: one statement (so
 * one round trip and atomic by itself). `token` set: only if this attempt still holds the claim. Returns false
 * when the charge was resolved otherwise.
 */
export async function markSucceeded(
  ctx: BillingContext,
  q: Query,
  charge: Pick<ChargeRow, 'id' | 'period_end'>,
  paid: { processId: string | null; processPass: string | null; token?: string; settled?: { note: string | null } },
): Promise<boolean> {
  const { s } = ctx
  const now = ctx.now()
  const { rowCount } = await q(
    `WITH c AS (
       UPDATE ${s}.charges SET status = $3, outcome = $4, process_id = COALESCE($5, process_id), process_pass = COALESCE($6, process_pass),
              error = CASE WHEN $3 = 'settled' THEN error ELSE NULL END, next_attempt_at = NULL, reconcile_at = NULL, claim_token = NULL,
              succeeded_at = $7, settled_at = CASE WHEN $3 = 'settled' THEN $7 ELSE settled_at END, note = COALESCE($8, note), updated_at = $7
        WHERE id = $1 AND ($2::uuid IS NULL OR claim_token = $2) AND status <> 'succeeded' AND NOT (status = 'settled' AND outcome = 'succeeded')
        RETURNING *
     ), sub AS (
       UPDATE ${s}.subscriptions AS x SET
              plan_id = c.plan_id,
              pending_plan_id = CASE WHEN x.pending_plan_id = c.plan_id THEN NULL ELSE x.pending_plan_id END,
              status = CASE WHEN x.status IN ('active', 'trialing', 'past_due') THEN 'active' ELSE x.status END,
              anchor_day = c.anchor_day, current_period_start = c.period_start, current_period_end = c.period_end,
              next_period_start = c.period_end,
              next_charge_at = CASE WHEN x.status IN ('paused', 'canceled') THEN NULL ELSE $9::timestamptz END,
              next_action_at = CASE WHEN x.status IN ('paused', 'canceled') THEN NULL ELSE $9::timestamptz END, queued_until = NULL,
              updated_at = $7
         FROM c WHERE x.id = c.subscription_id
        RETURNING x.customer_id
     )
     INSERT INTO ${s}.events (id, type, data, created_at)
     SELECT $10, 'charge.succeeded', jsonb_build_object(
              'chargeId', c.id, 'subscriptionId', c.subscription_id, 'customerId', sub.customer_id,
              'periodStart', c.period_start::text, 'periodEnd', c.period_end::text, 'amount', c.amount, 'attempts', c.attempts,
              'merchantFree1', c.merchant_free1, 'processId', c.process_id, 'error', c.error, 'nextAttemptAt', NULL,
              'settled', c.status = 'settled'), $7
       FROM c, sub`,
    [
      charge.id,
      paid.token ?? null,
      paid.settled ? 'settled' : 'succeeded',
      paid.settled ? 'succeeded' : null,
      paid.processId,
      paid.processPass,
      now,
      paid.settled?.note ?? null,
      chargeInstant(ctx, charge.period_end),
      newEventId(),
    ],
  )
  return rowCount > 0
}
