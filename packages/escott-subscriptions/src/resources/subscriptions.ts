/** `billing.subscriptions`: sign-up, pause/resume, cancel, plan changes and card updates. */
import { z } from 'zod'
import { addDays, dayOfMonth, firstBoundaryOnOrAfter, isTokyoDate, nextPeriodStart, tokyoDateOf, type TokyoDate } from '../calendar.js'
import { cardNoticeAt, readCard } from '../charging/card-expiry.js'
import { cancelNow, processSubscription } from '../charging/process.js'
import { chargeInstant } from '../charging/record.js'
import type { BillingContext } from '../context.js'
import { invalidState, notFound } from '../errors.js'
import { newSubscriptionId } from '../ids.js'
import { getPlan, getSubscription, openCharge } from '../store/queries.js'
import { toSubscription, type SubscriptionRow } from '../store/rows.js'
import type { MemberCard, Subscription, SubscriptionStatus } from '../types.js'
import { parse } from './validate.js'

export interface CreateSubscriptionParams {
  customerId: string
  /** The stored card (card member) to charge: register it first with `escott.members.create` (or through 3-D Secure). */
  member: MemberCard
  planId: string
  /** When the subscription starts: an instant, or a `YYYY-MM-DD` day in Japan. Default: now. */
  startAt?: Date | string
  /** Overrides the plan's trial days. */
  trialDays?: number
}

export interface ListSubscriptionsParams {
  status?: SubscriptionStatus
  customerId?: string
  /** Default 100, at most 1000. */
  limit?: number
}

/** One coming charge, for "next billing dates". */
export interface UpcomingCharge {
  periodStart: TokyoDate
  chargeAt: Date
  planId: string
  amount: number
}

const member = z
  .object({
    kaiinId: z.string().min(1, 'the KaiinId the card was registered under').max(64),
    kaiinPass: z.string().min(1, 'the KaiinPass of that member').max(64),
  })
  .strict()

const createSchema = z
  .object({
    customerId: z.string().min(1, 'your customer id').max(200),
    member,
    planId: z.string().min(1),
    startAt: z.union([z.date(), z.string().refine(isTokyoDate, "must be a Date or 'YYYY-MM-DD'")]).optional(),
    trialDays: z.number().int().min(0).max(730).optional(),
  })
  .strict()

const listSchema = z
  .object({
    status: z.enum(['trialing', 'active', 'past_due', 'paused', 'canceled']).optional(),
    customerId: z.string().min(1).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict()

const later = (a: Date, b: Date) => (a > b ? a : b)

export class SubscriptionsResource {
  readonly #ctx: BillingContext
  constructor(ctx: BillingContext) {
    this.#ctx = ctx
  }

  /**
   * Starts a subscription on a stored card. Without a trial the first period starts on the start day and its
   * charge is due at once (or at the charge time that day); with a trial, at the trial's end, which also becomes
   * the anchor day. The card's expiry is read (4MemRef) for the `card.expiring` notice.
   * @example
   * const sub = await billing.subscriptions.create({ customerId: 'c-1', member: { kaiinId, kaiinPass }, planId: 'tea-monthly' })
   */
  async create(params: CreateSubscriptionParams): Promise<Subscription> {
    const p = parse(createSchema, params, 'subscriptions.create')
    const ctx = this.#ctx
    const plan = await getPlan(ctx.db.query, ctx.s, p.planId)
    if (!plan) throw notFound('plan', p.planId)
    const now = ctx.now()
    const startAt = p.startAt === undefined ? now : typeof p.startAt === 'string' ? chargeInstant(ctx, p.startAt) : p.startAt
    const start = typeof p.startAt === 'string' ? p.startAt : tokyoDateOf(startAt)
    const card = await readCard(ctx, p.member).catch((err: { category?: string }) => {
      if (err?.category === 'member') throw err // unknown or invalid member: charges could never succeed
      ctx.log.warn({ err: String(err) }, 'escott-subscriptions: 4MemRef failed at sign-up; card expiry unknown for now')
      return undefined
    })
    const trialDays = p.trialDays ?? plan.trial_days
    const cadence = { interval: plan.interval, intervalCount: plan.interval_count }
    let row: Omit<SubscriptionRow, 'id' | 'created_at' | 'updated_at' | 'card_noticed_exp' | 'queued_until'>
    const base = {
      customer_id: p.customerId,
      plan_id: plan.id,
      pending_plan_id: null,
      kaiin_id: p.member.kaiinId,
      kaiin_pass: p.member.kaiinPass,
      cancel_at_period_end: false,
      canceled_at: null,
      paused_at: null,
      card_exp: card?.cardExp ?? null,
      card_notice_at: cardNoticeAt(ctx, card?.cardExp, null, now),
    }
    if (trialDays > 0) {
      const trialEnd = addDays(start, trialDays)
      const chargeAt = later(startAt, chargeInstant(ctx, trialEnd))
      row = {
        ...base,
        status: 'trialing',
        anchor_day: dayOfMonth(trialEnd),
        current_period_start: start,
        current_period_end: trialEnd,
        next_period_start: trialEnd,
        next_charge_at: chargeAt,
        next_action_at: chargeAt,
        trial_end: trialEnd,
      }
    } else {
      const anchor = dayOfMonth(start)
      const chargeAt = later(startAt, chargeInstant(ctx, start))
      row = {
        ...base,
        status: 'active',
        anchor_day: anchor,
        current_period_start: start,
        current_period_end: nextPeriodStart(start, cadence, anchor),
        next_period_start: start,
        next_charge_at: chargeAt,
        next_action_at: chargeAt,
        trial_end: null,
      }
    }
    const id = newSubscriptionId()
    const { rows } = await ctx.db.query<SubscriptionRow>(
      `INSERT INTO ${ctx.s}.subscriptions (id, customer_id, plan_id, pending_plan_id, status, kaiin_id, kaiin_pass, anchor_day,
          current_period_start, current_period_end, next_period_start, next_charge_at, trial_end, cancel_at_period_end,
          canceled_at, paused_at, card_exp, card_notice_at, next_action_at, created_at, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$20) RETURNING *`,
      [
        id,
        row.customer_id,
        row.plan_id,
        row.pending_plan_id,
        row.status,
        row.kaiin_id,
        row.kaiin_pass,
        row.anchor_day,
        row.current_period_start,
        row.current_period_end,
        row.next_period_start,
        row.next_charge_at,
        row.trial_end,
        row.cancel_at_period_end,
        row.canceled_at,
        row.paused_at,
        row.card_exp,
        row.card_notice_at,
        row.next_action_at,
        now,
      ],
    )
    if (row.next_action_at && row.next_action_at <= now) ctx.becameDue(id)
    return toSubscription(rows[0]!)
  }

  async retrieve(id: string): Promise<Subscription> {
    return toSubscription(await this.#row(id))
  }

  async list(params: ListSubscriptionsParams = {}): Promise<Subscription[]> {
    const p = parse(listSchema, params, 'subscriptions.list')
    const { rows } = await this.#ctx.db.query<SubscriptionRow>(
      `SELECT * FROM ${this.#ctx.s}.subscriptions WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR customer_id = $2)
        ORDER BY created_at, id LIMIT $3`,
      [p.status ?? null, p.customerId ?? null, p.limit],
    )
    return rows.map(toSubscription)
  }

  /** Subscriptions with something due at the billing clock's now (renewal, retry, re-check, end of dunning). */
  async due(params: { limit?: number } = {}): Promise<Subscription[]> {
    const { rows } = await this.#ctx.db.query<SubscriptionRow>(`SELECT * FROM ${this.#ctx.s}.subscriptions WHERE next_action_at <= $1 ORDER BY next_action_at, id LIMIT $2`, [
      this.#ctx.now(),
      Math.min(1000, Math.max(1, params.limit ?? 100)),
    ])
    return rows.map(toSubscription)
  }

  /** The next `count` charges (date, time, plan, amount) if nothing changes; empty unless active or trialing. */
  async upcoming(id: string, options: { count?: number } = {}): Promise<UpcomingCharge[]> {
    const ctx = this.#ctx
    const sub = await this.#row(id)
    if ((sub.status !== 'active' && sub.status !== 'trialing') || !sub.next_period_start) return []
    const current = (await getPlan(ctx.db.query, ctx.s, sub.plan_id))!
    const plan = sub.pending_plan_id ? ((await getPlan(ctx.db.query, ctx.s, sub.pending_plan_id)) ?? current) : current
    const anchor = plan.interval === 'month' && current.interval !== 'month' ? dayOfMonth(sub.next_period_start) : sub.anchor_day
    const out: UpcomingCharge[] = []
    let start = sub.next_period_start
    for (let i = 0; i < Math.min(60, Math.max(1, options.count ?? 3)); i++) {
      const chargeAt = i === 0 && sub.next_charge_at ? sub.next_charge_at : chargeInstant(ctx, start)
      if (sub.cancel_at_period_end) break
      out.push({ periodStart: start, chargeAt, planId: plan.id, amount: plan.amount })
      start = nextPeriodStart(start, { interval: plan.interval, intervalCount: plan.interval_count }, anchor)
    }
    return out
  }

  /** Stops billing until `resume`; the paid period runs to its end. Only active or trialing subscriptions pause. */
  async pause(id: string): Promise<Subscription> {
    const ctx = this.#ctx
    const now = ctx.now()
    const { rows } = await ctx.db.query<SubscriptionRow>(
      `UPDATE ${ctx.s}.subscriptions SET status = 'paused', paused_at = $2, next_charge_at = NULL, next_action_at = NULL, queued_until = NULL, updated_at = $2
        WHERE id = $1 AND status IN ('active', 'trialing') RETURNING *`,
      [id, now],
    )
    if (!rows[0]) throw this.#cannot(id, 'pause', await this.#row(id))
    return toSubscription(rows[0])
  }

  /**
   * Resumes a paused subscription. The anchor day is kept: billing restarts on the first period boundary on or
   * after today (periods that passed while paused are not charged), at the charge time (or at once if that is
   * today and already past).
   */
  async resume(id: string): Promise<Subscription> {
    const ctx = this.#ctx
    const now = ctx.now()
    const sub = await this.#row(id)
    if (sub.status !== 'paused') throw this.#cannot(id, 'resume', sub)
    const plan = (await getPlan(ctx.db.query, ctx.s, sub.pending_plan_id ?? sub.plan_id))!
    const today = tokyoDateOf(now)
    const next = firstBoundaryOnOrAfter(sub.next_period_start ?? sub.current_period_end, today, { interval: plan.interval, intervalCount: plan.interval_count }, sub.anchor_day)
    const chargeAt = later(now, chargeInstant(ctx, next))
    const status = sub.trial_end && today < sub.trial_end ? 'trialing' : 'active'
    const { rows } = await ctx.db.query<SubscriptionRow>(
      `UPDATE ${ctx.s}.subscriptions SET status = $2, paused_at = NULL, next_period_start = $3, next_charge_at = $4, next_action_at = $4, queued_until = NULL, updated_at = $5
        WHERE id = $1 AND status = 'paused' RETURNING *`,
      [id, status, next, chargeAt, now],
    )
    if (!rows[0]) throw this.#cannot(id, 'resume', await this.#row(id))
    if (chargeAt <= now) ctx.becameDue(id)
    return toSubscription(rows[0])
  }

  /**
   * Cancels. `atPeriodEnd: true` keeps an active subscription running to the end of the paid period (no further
   * charge); otherwise, and for paused or past-due subscriptions, it ends now.
   */
  async cancel(id: string, options: { atPeriodEnd?: boolean } = {}): Promise<Subscription> {
    const ctx = this.#ctx
    const sub = await this.#row(id)
    if (sub.status === 'canceled') return toSubscription(sub)
    if (options.atPeriodEnd && (sub.status === 'active' || sub.status === 'trialing')) {
      const { rows } = await ctx.db.query<SubscriptionRow>(`UPDATE ${ctx.s}.subscriptions SET cancel_at_period_end = true, updated_at = $2 WHERE id = $1 RETURNING *`, [id, ctx.now()])
      return toSubscription(rows[0]!)
    }
    await cancelNow(ctx, id, 'requested')
    return toSubscription(await this.#row(id))
  }

  /** Switches to another plan from the next period (the current one is already paid). */
  async changePlan(id: string, planId: string): Promise<Subscription> {
    const ctx = this.#ctx
    const plan = await getPlan(ctx.db.query, ctx.s, String(planId))
    if (!plan) throw notFound('plan', String(planId))
    const sub = await this.#row(id)
    if (sub.status === 'canceled') throw this.#cannot(id, 'changePlan', sub)
    const { rows } = await ctx.db.query<SubscriptionRow>(
      `UPDATE ${ctx.s}.subscriptions SET pending_plan_id = CASE WHEN plan_id = $2 THEN NULL ELSE $2 END, updated_at = $3
        WHERE id = $1 AND status <> 'canceled' RETURNING *`,
      [id, plan.id, ctx.now()],
    )
    return toSubscription(rows[0]!)
  }

  /**
   * Points the subscription at a new (or re-registered) stored card. A past-due subscription becomes active
   * and its unpaid charge is retried at once; a soft-declined charge waiting for its next retry is retried at once too.
   */
  async updateCard(id: string, card: MemberCard): Promise<Subscription> {
    const m = parse(member, card, 'subscriptions.updateCard')
    const ctx = this.#ctx
    const sub = await this.#row(id)
    if (sub.status === 'canceled') throw this.#cannot(id, 'updateCard', sub)
    const info = await readCard(ctx, m) // a member error is thrown to the caller: the new card is not usable
    const now = ctx.now()
    const open = await openCharge(ctx.db.query, ctx.s, id)
    const retryNow = open && (open.status === 'failed' || (open.status === 'settled' && open.outcome === 'failed'))
    await ctx.db.tx(async (q) => {
      await q(
        `UPDATE ${ctx.s}.subscriptions SET kaiin_id = $2, kaiin_pass = $3, card_exp = $4, card_notice_at = $5,
                status = CASE WHEN status = 'past_due' THEN 'active' ELSE status END,
                next_action_at = CASE WHEN $6 AND status IN ('past_due', 'active', 'trialing') THEN $7::timestamptz ELSE next_action_at END, queued_until = NULL,
                updated_at = $7
          WHERE id = $1`,
        [id, m.kaiinId, m.kaiinPass, info.cardExp, cardNoticeAt(ctx, info.cardExp, sub.card_noticed_exp, now), Boolean(retryNow), now],
      )
      if (retryNow) await q(`UPDATE ${ctx.s}.charges SET next_attempt_at = $2, updated_at = $2 WHERE id = $1`, [open.id, now])
    })
    if (retryNow) await processSubscription(ctx, id)
    return toSubscription(await this.#row(id))
  }

  async #row(id: string): Promise<SubscriptionRow> {
    const row = await getSubscription(this.#ctx.db.query, this.#ctx.s, String(id))
    if (!row) throw notFound('subscription', String(id))
    return row
  }

  #cannot(id: string, what: string, sub: SubscriptionRow) {
    return invalidState(`cannot ${what} subscription ${id}: it is ${sub.status}`, `定期契約 ${id} は ${sub.status} のため ${what} できません`)
  }
}
