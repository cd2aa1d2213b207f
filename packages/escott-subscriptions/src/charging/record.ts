/**
 * Recording a paid charge, shared by the attempt path, the 1Search re-check and the operator's settle; and the
 * timing rules they share (charge instant, call deadline, re-check rhythm).
 */
import type { BillingContext } from '../context.js'
import type { Query } from '../db/database.js'
import { tokyoInstant } from '../calendar.js'
import { newEventId } from '../ids.js'
import { GroupCommit } from './group-commit.js'
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

/** One paid charge to record. `token` set: only if that attempt still holds the claim. */
export interface PaidCharge {
  charge: Pick<ChargeRow, 'id' | 'period_end'>
  processId: string | null
  processPass: string | null
  token?: string
  settled?: { note: string | null }
}

/**
 * Marks charges paid, moves each subscription to the charge's period and writes `charge.succeeded`: one statement
 * for any number of charges (so one round trip, atomic by itself). Returns the ids of the charges it marked; a
 * charge resolved otherwise meanwhile (claim taken over, already paid) is left alone.
 */
export async function markSucceededMany(ctx: BillingContext, q: Query, paid: PaidCharge[]): Promise<Set<string>> {
  const { s } = ctx
  if (!paid.length) return new Set()
  const now = ctx.now()
  const { rows } = await q<{ id: string }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[])
         AS i(id, token, status, outcome, process_id, process_pass, note, next_at, event_id)
     ), c AS (
       UPDATE ${s}.charges AS ch SET status = i.status, outcome = i.outcome, process_id = COALESCE(i.process_id, ch.process_id),
              process_pass = COALESCE(i.process_pass, ch.process_pass),
              error = CASE WHEN i.status = 'settled' THEN ch.error ELSE NULL END, next_attempt_at = NULL, reconcile_at = NULL, claim_token = NULL,
              succeeded_at = $10, settled_at = CASE WHEN i.status = 'settled' THEN $10 ELSE ch.settled_at END, note = COALESCE(i.note, ch.note), updated_at = $10
         FROM input AS i
        WHERE ch.id = i.id AND (i.token IS NULL OR ch.claim_token = i.token) AND ch.status <> 'succeeded' AND NOT (ch.status = 'settled' AND ch.outcome = 'succeeded')
        RETURNING ch.*, i.next_at, i.event_id
     ), sub AS (
       UPDATE ${s}.subscriptions AS x SET
              plan_id = c.plan_id,
              pending_plan_id = CASE WHEN x.pending_plan_id = c.plan_id THEN NULL ELSE x.pending_plan_id END,
              status = CASE WHEN x.status IN ('active', 'trialing', 'past_due') THEN 'active' ELSE x.status END,
              anchor_day = c.anchor_day, current_period_start = c.period_start, current_period_end = c.period_end,
              next_period_start = c.period_end,
              next_charge_at = CASE WHEN x.status IN ('paused', 'canceled') THEN NULL ELSE c.next_at END,
              next_action_at = CASE WHEN x.status IN ('paused', 'canceled') THEN NULL ELSE c.next_at END, queued_until = NULL,
              updated_at = $10
         FROM c WHERE x.id = c.subscription_id
        RETURNING x.id, x.customer_id
     ), ev AS (
       INSERT INTO ${s}.events (id, type, data, created_at)
       SELECT c.event_id, 'charge.succeeded', jsonb_build_object(
                'chargeId', c.id, 'subscriptionId', c.subscription_id, 'customerId', sub.customer_id,
                'periodStart', c.period_start::text, 'periodEnd', c.period_end::text, 'amount', c.amount, 'attempts', c.attempts,
                'merchantFree1', c.merchant_free1, 'processId', c.process_id, 'error', c.error, 'nextAttemptAt', NULL,
                'settled', c.status = 'settled'), $10
         FROM c JOIN sub ON sub.id = c.subscription_id
     )
     SELECT c.id FROM c JOIN sub ON sub.id = c.subscription_id`,
    [
      paid.map((p) => p.charge.id),
      paid.map((p) => p.token ?? null),
      paid.map((p) => (p.settled ? 'settled' : 'succeeded')),
      paid.map((p) => (p.settled ? 'succeeded' : null)),
      paid.map((p) => p.processId),
      paid.map((p) => p.processPass),
      paid.map((p) => p.settled?.note ?? null),
      paid.map((p) => chargeInstant(ctx, p.charge.period_end)),
      paid.map(() => newEventId()),
      now,
    ],
  )
  return new Set(rows.map((r) => r.id))
}

/** {@link markSucceededMany} for one charge: false when it was resolved otherwise. */
export async function markSucceeded(
  ctx: BillingContext,
  q: Query,
  charge: Pick<ChargeRow, 'id' | 'period_end'>,
  paid: { processId: string | null; processPass: string | null; token?: string; settled?: { note: string | null } },
): Promise<boolean> {
  return (await markSucceededMany(ctx, q, [{ charge, ...paid }])).has(charge.id)
}

/**
 * Records the answers of approved attempts in batches (group commit, see {@link GroupCommit}): whatever is approved
 * within a few milliseconds, or while the previous batch is written, goes into one statement. A charge's lane waits
 * for its own batch, so a process that dies still leaves at most the charges it was working on unrecorded (they
 * become abandoned claims, reconciled like any other).
 */
export class SuccessRecorder {
  readonly #batches: GroupCommit<PaidCharge, boolean>

  constructor(ctx: () => BillingContext, batch: { fullBatch: number; windowMs: number }) {
    this.#batches = new GroupCommit({
      ...batch,
      maxBatch: 100,
      write: async (paid) => {
        const marked = await markSucceededMany(ctx(), ctx().db.query, paid)
        return paid.map((p) => marked.has(p.charge.id))
      },
    })
  }

  /** Resolves true when this charge was marked paid, false when it was resolved otherwise; rejects if the batch failed. */
  record(paid: PaidCharge): Promise<boolean> {
    return this.#batches.submit(paid)
  }
}
