/** `billing.plans`: prices and rhythms. A plan is immutable once created: to change a price, create a new plan. */
import { z } from 'zod'
import type { BillingContext } from '../context.js'
import { EscottBillingError, notFound } from '../errors.js'
import { PLAN_ID_RE } from '../ids.js'
import { getPlan } from '../store/queries.js'
import { toPlan, type PlanRow } from '../store/rows.js'
import type { Plan } from '../types.js'
import { parse } from './validate.js'

export interface CreatePlanParams {
  /** Your id, e.g. `tea-monthly` (letters, digits, `.`, `_`, `-`; ≤ 64). */
  id: string
  name: string
  /** Integer yen, 1 … 9,999,999. */
  amount: number
  interval: 'month' | 'week' | 'day'
  /** Default 1. */
  intervalCount?: number
  /** Default 0. */
  trialDays?: number
  /** Default true (1Gathering); false authorises only (1Auth). */
  capture?: boolean
}

const MAX_COUNT = { month: 12, week: 52, day: 365 } as const

const createSchema = z
  .object({
    id: z.string().regex(PLAN_ID_RE, 'use letters, digits, ".", "_" or "-" (at most 64), e.g. "tea-monthly"'),
    name: z.string().min(1, 'give the plan a name').max(200),
    amount: z.number().int('must be whole yen').min(1, 'must be at least 1 yen').max(9_999_999, 'must be at most 9,999,999 yen'),
    interval: z.enum(['month', 'week', 'day']),
    intervalCount: z.number().int().min(1).default(1),
    trialDays: z.number().int().min(0).max(730).default(0),
    capture: z.boolean().default(true),
  })
  .strict()
  .refine((p) => p.intervalCount <= MAX_COUNT[p.interval], { message: 'at most 12 months, 52 weeks or 365 days', path: ['intervalCount'] })

export class PlansResource {
  readonly #ctx: BillingContext
  constructor(ctx: BillingContext) {
    this.#ctx = ctx
  }

  /**
   * Creates a plan. Creating the same id again with identical fields returns the existing plan (safe at every
   * boot); different fields are refused.
   * @example await billing.plans.create({ id: 'tea-monthly', name: '煎茶 定期便', amount: 3980, interval: 'month' })
   */
  async create(params: CreatePlanParams): Promise<Plan> {
    const p = parse(createSchema, params, 'plans.create')
    const { db, s } = this.#ctx
    const { rows } = await db.query<PlanRow>(
      `INSERT INTO ${s}.plans (id, name, amount, interval, interval_count, trial_days, capture, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [p.id, p.name, p.amount, p.interval, p.intervalCount, p.trialDays, p.capture, this.#ctx.now()],
    )
    if (rows[0]) return toPlan(rows[0])
    const existing = (await getPlan(db.query, s, p.id))!
    const same =
      existing.name === p.name &&
      existing.amount === p.amount &&
      existing.interval === p.interval &&
      existing.interval_count === p.intervalCount &&
      existing.trial_days === p.trialDays &&
      existing.capture === p.capture
    if (!same) {
      throw new EscottBillingError(
        'PLAN_CONFLICT',
        `plan ${p.id} already exists with other fields; plans are immutable: create a new plan id and changePlan to it`,
        `プラン ${p.id} は別の内容で登録済みです。プランは変更できないため、新しい ID で作成して changePlan してください`,
      )
    }
    return toPlan(existing)
  }

  async retrieve(id: string): Promise<Plan> {
    const row = await getPlan(this.#ctx.db.query, this.#ctx.s, String(id))
    if (!row) throw notFound('plan', String(id))
    return toPlan(row)
  }

  async list(): Promise<Plan[]> {
    const { rows } = await this.#ctx.db.query<PlanRow>(`SELECT * FROM ${this.#ctx.s}.plans ORDER BY created_at, id`)
    return rows.map(toPlan)
  }
}
