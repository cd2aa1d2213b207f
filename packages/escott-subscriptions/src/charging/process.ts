/**
 * Processing one subscription that is due: renew (write the period's charge row, then call the gateway), retry a
 * failed charge on the dunning schedule, re-check an unknown outcome, apply the end-of-dunning policy, or cancel at
 * period end. Whatever runs concurrently (overlapping runDue passes, any number of workers), the unique
 * (subscription, period) charge row and the claim on it let exactly one caller talk to the gateway per attempt.
 */
import { randomUUID } from 'node:crypto'
import type { CardTransaction } from 'escott-core'
import { classifyFailure } from 'escott-flows'
import { dayOfMonth, nextPeriodStart } from '../calendar.js'
import type { BillingContext } from '../context.js'
import type { Query } from '../db/database.js'
import { chargeKey, newChargeId } from '../ids.js'
import { appendEvent } from '../store/events-store.js'
import { getSubscription, openCharge, setNextAction } from '../store/queries.js'
import type { ChargeRow, PlanRow, SubscriptionRow } from '../store/rows.js'
import type { ChargeError, FailureKind } from '../types.js'
import { dunningDeadline, nextDunningStep } from './dunning.js'
import { chargeEventData, subscriptionEventData } from './event-data.js'
import { recheckCharge } from './recheck.js'
import { attemptCallTimeoutMs, markSucceeded, reconcileAt } from './record.js'

/** What processing one due subscription came to (feeds the runDue summary). */
export type ProcessOutcome = 'charged' | 'failed' | 'needs_reconciliation' | 'skipped'

const RECORD_RETRIES = 3

/** A subscription row with its plan's and pending plan's rhythm and price, and whether a charge is unresolved. */
export type DueRow = SubscriptionRow & {
  p_interval: PlanRow['interval']
  p_interval_count: number
  p_amount: number
  p_capture: boolean
  n_interval: PlanRow['interval'] | null
  n_interval_count: number | null
  n_amount: number | null
  n_capture: boolean | null
  has_open: boolean
  /** The row version (`xmin`) read: the claim is written only if the subscription has not changed since. */
  row_version: string
}

/**
 * The subscriptions, both plans, and whether a charge is open — for a batch of due subscriptions in one statement
 * (the worker reads each fetched batch of jobs at once, runDue each page).
 */
export async function loadDueRows(ctx: BillingContext, ids: string[]): Promise<DueRow[]> {
  const { s } = ctx
  const { rows } = await ctx.db.query<DueRow>(
    `SELECT x.*, x.xmin::text AS row_version,
            p.interval AS p_interval, p.interval_count AS p_interval_count, p.amount AS p_amount, p.capture AS p_capture,
            n.interval AS n_interval, n.interval_count AS n_interval_count, n.amount AS n_amount, n.capture AS n_capture,
            EXISTS (SELECT 1 FROM ${s}.charges c WHERE c.subscription_id = x.id
                     AND (c.status IN ('pending', 'failed', 'needs_reconciliation') OR (c.status = 'settled' AND c.outcome = 'failed'))) AS has_open
       FROM ${s}.subscriptions x JOIN ${s}.plans p ON p.id = x.plan_id LEFT JOIN ${s}.plans n ON n.id = x.pending_plan_id
      WHERE x.id = ANY($1)`,
    [ids],
  )
  return rows
}

/** The common case: an active subscription whose next period is due, nothing open, not ending. */
function isPlainRenewal(sub: DueRow, now: Date): boolean {
  return (
    !sub.has_open &&
    (sub.status === 'active' || sub.status === 'trialing') &&
    !sub.cancel_at_period_end &&
    sub.next_action_at !== null &&
    sub.next_action_at <= now &&
    sub.next_period_start !== null &&
    sub.next_charge_at !== null &&
    sub.next_charge_at <= now
  )
}

/**
 * Processes one subscription. `preloaded`: its row as read with its batch a moment ago; used only for a plain
 * renewal, and only if the subscription has not changed since (else it is read again).
 */
export async function processSubscription(ctx: BillingContext, subscriptionId: string, preloaded?: DueRow): Promise<ProcessOutcome> {
  const { db, s } = ctx
  const now = ctx.now()
  if (preloaded && isPlainRenewal(preloaded, now)) {
    const outcome = await renew(ctx, preloaded, now)
    if (outcome !== 'changed') return outcome
  }
  const [sub] = await loadDueRows(ctx, [subscriptionId])
  if (!sub || !sub.next_action_at || sub.next_action_at > now) return 'skipped'
  if (sub.has_open) {
    const open = await openCharge(db.query, s, sub.id)
    if (open) return processOpenCharge(ctx, sub, open, now)
  }

  if (sub.status !== 'active' && sub.status !== 'trialing') {
    await setNextAction(db.query, s, sub.id, null, now)
    return 'skipped'
  }
  if (!sub.next_period_start || !sub.next_charge_at || sub.next_charge_at > now) {
    await setNextAction(db.query, s, sub.id, sub.next_charge_at, now)
    return 'skipped'
  }
  if (sub.cancel_at_period_end) {
    await cancelNow(ctx, sub.id, 'canceled_at_period_end')
    return 'skipped'
  }
  const outcome = await renew(ctx, sub, now)
  return outcome === 'changed' ? 'skipped' : outcome // changed in the last moment: whoever changed it decides
}

/** Claims the next period's charge and calls the gateway; 'changed' when the subscription changed since it was read. */
async function renew(ctx: BillingContext, sub: DueRow, now: Date): Promise<ProcessOutcome | 'changed'> {
  const token = randomUUID()
  const charge = await createClaimedCharge(ctx, sub, token, now)
  if (charge === 'changed') return 'changed'
  if (!charge) return 'skipped' // another caller wrote this period's charge first
  return callGateway(ctx, sub, charge, token)
}

async function processOpenCharge(ctx: BillingContext, sub: SubscriptionRow, open: ChargeRow, now: Date): Promise<ProcessOutcome> {
  const { db, s } = ctx
  if (open.status === 'pending' && open.claim_token) {
    const age = Date.now() - (open.claimed_at?.getTime() ?? 0)
    if (age < ctx.opts.attemptTimeoutMs) return 'skipped' // another worker is talking to the gateway right now
    return abandonAttempt(ctx, sub, open)
  }
  if (open.status === 'needs_reconciliation') {
    if (open.process_id && open.process_pass && open.reconcile_at && open.reconcile_at <= now) {
      const result = await recheckCharge(ctx, sub, open)
      if (result === 'not_charged') {
        const fresh = await getSubscription(db.query, s, sub.id)
        return fresh && fresh.status !== 'canceled' ? attempt(ctx, fresh, { ...open, status: 'failed', claim_token: null }) : 'skipped'
      }
      return result === 'succeeded' ? 'charged' : 'skipped'
    }
    await setNextAction(db.query, s, sub.id, open.process_id ? open.reconcile_at : null, now)
    return 'skipped'
  }
  // failed (or settled as not charged): retry on schedule, or apply the end-of-dunning policy.
  if (sub.status === 'canceled' || sub.status === 'paused') {
    await setNextAction(db.query, s, sub.id, null, now)
    return 'skipped'
  }
  if (open.next_attempt_at && open.next_attempt_at <= now) return attempt(ctx, sub, open)
  if (!open.next_attempt_at && sub.status === 'past_due' && ctx.opts.dunning.finally === 'cancel' && open.first_failed_at) {
    const deadline = dunningDeadline(open.first_failed_at, policy(ctx))
    if (deadline <= now) {
      await cancelNow(ctx, sub.id, 'unpaid_after_dunning')
      return 'skipped'
    }
    await setNextAction(db.query, s, sub.id, deadline, now)
    return 'skipped'
  }
  await setNextAction(db.query, s, sub.id, open.next_attempt_at, now)
  return 'skipped'
}

const policy = (ctx: BillingContext) => ({ ...ctx.opts.dunning, chargeTime: ctx.opts.chargeTime })

/**
 * Writes the period's charge row already claimed by this caller, and pushes the subscription's next look to when
 * the claim would count as abandoned — committed before the gateway is called, and only if the subscription is
 * still the version `sub` was read at ('changed' otherwise: paused, canceled, moved on by another worker).
 * Undefined when the period's row exists already (another caller is on it). The claims of charges started at
 * about the same time share one statement (`ctx.claims`).
 */
async function createClaimedCharge(ctx: BillingContext, sub: DueRow, token: string, now: Date): Promise<ChargeRow | 'changed' | undefined> {
  const plan =
    sub.pending_plan_id && sub.n_interval
      ? { id: sub.pending_plan_id, interval: sub.n_interval, interval_count: sub.n_interval_count!, amount: sub.n_amount!, capture: sub.n_capture! }
      : { id: sub.plan_id, interval: sub.p_interval, interval_count: sub.p_interval_count, amount: sub.p_amount, capture: sub.p_capture }
  const periodStart = sub.next_period_start!
  // A switch to a monthly plan re-anchors on the day that plan's first period starts.
  const anchor = plan.interval === 'month' && sub.p_interval !== 'month' ? dayOfMonth(periodStart) : sub.anchor_day
  const periodEnd = nextPeriodStart(periodStart, { interval: plan.interval, intervalCount: plan.interval_count }, anchor)
  return ctx.claims.claim({
    chargeId: newChargeId(),
    subscriptionId: sub.id,
    periodStart,
    periodEnd,
    planId: plan.id,
    amount: plan.amount,
    anchorDay: anchor,
    capture: plan.capture,
    merchantFree1: chargeKey(sub.id, periodStart),
    token,
    now,
    rowVersion: sub.row_version,
  })
}

/**
 * One gateway attempt: claim the charge (committed before the call, so a crash leaves a visible claim), call
 * 1Gathering/1Auth with the charge key as MerchantFree1, record the answer.
 */
export async function attempt(ctx: BillingContext, sub: SubscriptionRow, charge: ChargeRow): Promise<ProcessOutcome> {
  const { db, s } = ctx
  const token = randomUUID()
  const now = ctx.now()
  const claimed = await db.tx(async (q) => {
    const { rows } = await q<ChargeRow>(
      `UPDATE ${s}.charges SET status = 'pending', outcome = NULL, claim_token = $2, claimed_at = now(), attempts = attempts + 1, updated_at = $3
        WHERE id = $1 AND claim_token IS NULL AND (status IN ('pending', 'failed') OR (status = 'settled' AND outcome = 'failed'))
        RETURNING *`,
      [charge.id, token, now],
    )
    if (rows[0]) await setNextAction(q, s, sub.id, new Date(now.getTime() + ctx.opts.attemptTimeoutMs), now)
    return rows[0]
  })
  if (!claimed) return 'skipped'
  return callGateway(ctx, sub, claimed, token)
}

/**
 * The gateway call of a claimed attempt, in one of the process's `concurrency` gateway slots, and recording its
 * answer. The claim is written before the slot is taken, so the next charge's claim is already committed when a
 * call ends (the slot is never idle for a database round trip); the claims a dead process leaves are still bounded
 * by the charges it worked on at once. Waiting for the slot counts against the call's own deadline, so a live
 * worker still answers before its claim counts as abandoned.
 */
async function callGateway(ctx: BillingContext, sub: SubscriptionRow, claimed: ChargeRow, token: string): Promise<ProcessOutcome> {
  const claimedAt = Date.now()
  const release = await ctx.slots.acquire()
  const timeoutMs = Math.max(1000, attemptCallTimeoutMs(ctx) - (Date.now() - claimedAt))
  let tx: CardTransaction
  try {
    tx = await ctx.escott.card.authorize(
      {
        amount: claimed.amount,
        member: { kaiinId: sub.kaiin_id, kaiinPass: sub.kaiin_pass },
        capture: claimed.capture,
        merchantFree1: claimed.merchant_free1,
      },
      // Bounded well inside the claim's lifetime, so a live worker always answers before its claim counts as abandoned.
      { timeoutMs },
    )
  } catch (err) {
    release()
    return recordFailure(ctx, sub, claimed, token, err)
  }
  release()
  return recordSuccess(ctx, claimed, token, tx)
}

async function recordSuccess(ctx: BillingContext, charge: ChargeRow, token: string, tx: CardTransaction): Promise<ProcessOutcome> {
  let lastError: unknown
  for (let i = 0; i < RECORD_RETRIES; i++) {
    try {
      const paid = { processId: tx.processId, processPass: tx.processPass, token }
      // First with the answers approved at the same time (one statement), then on its own.
      const done = i === 0 ? await ctx.successes.record({ charge, ...paid }) : await markSucceeded(ctx, ctx.db.query, charge, paid)
      if (done) ctx.eventsWritten()
      return done ? 'charged' : 'skipped'
    } catch (err) {
      lastError = err
      await new Promise((r) => setTimeout(r, 100 * 2 ** i))
    }
  }
  // The gateway charged, but the success could not be recorded. Keep what it said so 1Search can confirm it.
  ctx.log.error(
    { chargeId: charge.id, merchantFree1: charge.merchant_free1, processId: tx.processId, err: String(lastError) },
    'escott-subscriptions: charge approved by the gateway but not recorded; kept for reconciliation by 1Search',
  )
  try {
    await ctx.db.tx(async (q) => {
      const now = ctx.now()
      const error: ChargeError = { kind: 'outcome_unknown', code: null, codes: [], category: 'unrecorded', message: `approved (ProcessId ${tx.processId}) but not recorded: ${String(lastError)}` }
      const { rows } = await q<ChargeRow>(
        `UPDATE ${ctx.s}.charges SET status = 'needs_reconciliation', process_id = $3, process_pass = $4, error = $5, reconcile_step = 0,
                reconcile_at = $6, updated_at = $7
          WHERE id = $1 AND claim_token = $2 RETURNING *`,
        [charge.id, token, tx.processId, tx.processPass, JSON.stringify(error), reconcileAt(ctx, 0, now), now],
      )
      const row = rows[0]
      if (!row) return
      const sub = await getSubscription(q, ctx.s, charge.subscription_id)
      await setNextAction(q, ctx.s, charge.subscription_id, row.reconcile_at, now)
      await appendEvent(q, ctx.s, 'charge.needs_reconciliation', chargeEventData(row, sub!), now)
    })
    ctx.eventsWritten()
  } catch {
    // Nothing more can be written now: the claim stays, and is treated as abandoned after attemptTimeoutMs.
  }
  return 'needs_reconciliation'
}

function errorOf(err: unknown, kind: FailureKind): ChargeError {
  const e = err as { codes?: string[]; category?: string; message?: string }
  const codes = Array.isArray(e?.codes) ? e.codes : []
  return { kind, code: codes[0] ?? null, codes, category: e?.category ?? 'unknown', message: String(e?.message ?? err).slice(0, 500) }
}

async function recordFailure(ctx: BillingContext, sub: SubscriptionRow, charge: ChargeRow, token: string, err: unknown): Promise<ProcessOutcome> {
  const { s } = ctx
  let kind = classifyFailure(err)
  // KBX: the gateway holds an identical approved charge. Never "fail" that: it may be this period's payment.
  if ((err as { codes?: string[] })?.codes?.includes('KBX')) kind = 'outcome_unknown'
  const error = errorOf(err, kind)
  const now = ctx.now()
  if (kind === 'outcome_unknown') {
    const processId = (err as { processId?: string })?.processId ?? null
    ctx.log.warn({ chargeId: charge.id, merchantFree1: charge.merchant_free1, processId }, 'escott-subscriptions: charge outcome unknown; not retried')
    await ctx.db.tx(async (q) => {
      const { rows } = await q<ChargeRow>(
        `UPDATE ${s}.charges SET status = 'needs_reconciliation', error = $3, process_id = COALESCE($4, process_id), claim_token = NULL,
                reconcile_step = 0, reconcile_at = CASE WHEN COALESCE($4, process_id) IS NOT NULL AND process_pass IS NOT NULL THEN $5::timestamptz END,
                updated_at = $6
          WHERE id = $1 AND claim_token = $2 RETURNING *`,
        [charge.id, token, JSON.stringify(error), processId, reconcileAt(ctx, 0, now), now],
      )
      const row = rows[0]
      if (!row) return
      await setNextAction(q, s, sub.id, row.reconcile_at, now)
      await appendEvent(q, s, 'charge.needs_reconciliation', chargeEventData(row, sub), now)
    })
    ctx.eventsWritten()
    return 'needs_reconciliation'
  }

  const memberError = (err as { category?: string })?.category === 'member'
  const declined = kind === 'declined_soft' || kind === 'declined_hard' || memberError
  const declines = charge.declines + (declined ? 1 : 0)
  const firstFailedAt = charge.first_failed_at ?? now
  const step = nextDunningStep(kind, { declines, attempts: charge.attempts, firstFailedAt, now, memberError }, policy(ctx))
  const nextAttemptAt = step.action === 'retry' ? step.at : null
  ctx.log.info({ chargeId: charge.id, codes: error.codes, kind, next: step.action }, 'escott-subscriptions: charge failed')
  await ctx.db.tx(async (q) => {
    const { rows } = await q<ChargeRow>(
      `UPDATE ${s}.charges SET status = 'failed', error = $3, declines = $4, first_failed_at = $5, next_attempt_at = $6, claim_token = NULL, updated_at = $7
        WHERE id = $1 AND claim_token = $2 RETURNING *`,
      [charge.id, token, JSON.stringify(error), declines, firstFailedAt, nextAttemptAt, now],
    )
    const row = rows[0]
    if (!row) return
    await appendEvent(q, s, 'charge.failed', chargeEventData(row, sub), now)
    switch (step.action) {
      case 'retry':
        await setNextAction(q, s, sub.id, step.at, now)
        break
      case 'operator':
        await setNextAction(q, s, sub.id, null, now)
        break
      case 'past_due':
        await markPastDue(ctx, q, sub.id, memberError ? 'card_error' : 'card_declined', step.cancelAt, now)
        break
      case 'exhausted':
        if (step.then === 'cancel') await cancelIn(ctx, q, sub.id, 'unpaid_after_dunning', now)
        else await markPastDue(ctx, q, sub.id, 'retries_exhausted', null, now)
        break
    }
  })
  ctx.eventsWritten()
  return 'failed'
}

async function markPastDue(ctx: BillingContext, q: Query, id: string, reason: string, nextActionAt: Date | null, now: Date): Promise<void> {
  const { rows } = await q<SubscriptionRow>(
    `UPDATE ${ctx.s}.subscriptions SET status = 'past_due', next_charge_at = NULL, next_action_at = $2, queued_until = NULL, updated_at = $3
      WHERE id = $1 AND status IN ('active', 'trialing', 'past_due') RETURNING *`,
    [id, nextActionAt, now],
  )
  if (rows[0]) await appendEvent(q, ctx.s, 'subscription.past_due', subscriptionEventData(rows[0], 'past_due', reason), now)
}

/** Cancels inside the caller's transaction, with the event. */
export async function cancelIn(ctx: BillingContext, q: Query, id: string, reason: string, now: Date): Promise<SubscriptionRow | undefined> {
  const { rows } = await q<SubscriptionRow>(
    `UPDATE ${ctx.s}.subscriptions SET status = 'canceled', canceled_at = $2, next_charge_at = NULL, next_action_at = NULL, queued_until = NULL,
            cancel_at_period_end = false, card_notice_at = NULL, updated_at = $2
      WHERE id = $1 AND status <> 'canceled' RETURNING *`,
    [id, now],
  )
  if (!rows[0]) return undefined
  await q(`UPDATE ${ctx.s}.charges SET next_attempt_at = NULL, updated_at = $2 WHERE subscription_id = $1 AND status = 'failed'`, [id, now])
  await appendEvent(q, ctx.s, 'subscription.canceled', subscriptionEventData(rows[0], 'canceled', reason), now)
  return rows[0]
}

export async function cancelNow(ctx: BillingContext, id: string, reason: string): Promise<SubscriptionRow | undefined> {
  const row = await ctx.db.tx((q) => cancelIn(ctx, q, id, reason, ctx.now()))
  ctx.eventsWritten()
  return row
}

/**
 * A claim older than `attemptTimeoutMs` with no answer: its worker died (or lost the database) mid-call. The
 * request may have reached the gateway, so the charge is never re-sent: it needs reconciliation. A late answer
 * from a still-living worker still lands, because the claim token is kept.
 */
async function abandonAttempt(ctx: BillingContext, sub: SubscriptionRow, charge: ChargeRow): Promise<ProcessOutcome> {
  const now = ctx.now()
  const error: ChargeError = {
    kind: 'outcome_unknown',
    code: null,
    codes: [],
    category: 'abandoned',
    message: `attempt ${charge.attempts} claimed at ${charge.claimed_at?.toISOString()} got no recorded answer within ${ctx.opts.attemptTimeoutMs} ms (worker stopped mid-call?)`,
  }
  const done = await ctx.db.tx(async (q) => {
    const { rows } = await q<ChargeRow>(
      `UPDATE ${ctx.s}.charges SET status = 'needs_reconciliation', error = $3, reconcile_step = 0, reconcile_at = NULL, updated_at = $4
        WHERE id = $1 AND claim_token = $2 AND status = 'pending' RETURNING *`,
      [charge.id, charge.claim_token, JSON.stringify(error), now],
    )
    if (!rows[0]) return false
    await setNextAction(q, ctx.s, sub.id, null, now)
    await appendEvent(q, ctx.s, 'charge.needs_reconciliation', chargeEventData(rows[0], sub), now)
    return true
  })
  if (!done) return 'skipped'
  ctx.log.warn({ chargeId: charge.id, merchantFree1: charge.merchant_free1 }, 'escott-subscriptions: abandoned attempt needs reconciliation')
  ctx.eventsWritten()
  return 'needs_reconciliation'
}
