/** `billing.charges`: the operator's view — list, retry one, settle one. */
import { z } from 'zod'
import { attempt } from '../charging/process.js'
import { markSucceeded } from '../charging/record.js'
import type { BillingContext } from '../context.js'
import { invalidState, notFound } from '../errors.js'
import { appendEvent } from '../store/events-store.js'
import { getCharge, getSubscription, setNextAction } from '../store/queries.js'
import { toCharge, type ChargeRow } from '../store/rows.js'
import type { Charge, ChargeStatus } from '../types.js'
import { chargeEventData } from '../charging/event-data.js'
import { parse } from './validate.js'

export interface ListChargesParams {
  subscriptionId?: string
  status?: ChargeStatus
  /** Default 100, at most 1000. */
  limit?: number
}

export interface SettleParams {
  /** What the gateway's console shows for the charge's MerchantFree1: a transaction (`succeeded`) or none (`failed`). */
  outcome: 'succeeded' | 'failed'
  /** The transaction's ProcessId, when there is one. */
  processId?: string
  /** Its ProcessPass, if you have it: kept for later operations (refunds). */
  processPass?: string
  /** Who settled it and why. */
  note?: string
}

const listSchema = z
  .object({
    subscriptionId: z.string().min(1).optional(),
    status: z.enum(['pending', 'succeeded', 'failed', 'needs_reconciliation', 'settled']).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict()

const settleSchema = z
  .object({
    outcome: z.enum(['succeeded', 'failed']),
    processId: z
      .string()
      .regex(/^[0-9a-zA-Z]{1,64}$/, 'the ProcessId from the e-SCOTT console')
      .optional(),
    processPass: z.string().min(1).max(64).optional(),
    note: z.string().max(500).optional(),
  })
  .strict()

export class ChargesResource {
  readonly #ctx: BillingContext
  constructor(ctx: BillingContext) {
    this.#ctx = ctx
  }

  /** Newest first. `status: 'needs_reconciliation'` is the operator's work list. */
  async list(params: ListChargesParams = {}): Promise<Charge[]> {
    const p = parse(listSchema, params, 'charges.list')
    const { rows } = await this.#ctx.db.query<ChargeRow>(
      `SELECT * FROM ${this.#ctx.s}.charges WHERE ($1::text IS NULL OR subscription_id = $1) AND ($2::text IS NULL OR status = $2)
        ORDER BY created_at DESC, id DESC LIMIT $3`,
      [p.subscriptionId ?? null, p.status ?? null, p.limit],
    )
    return rows.map(toCharge)
  }

  async retrieve(id: string): Promise<Charge> {
    return toCharge(await this.#row(id))
  }

  /**
   * Attempts a failed charge again now (same MerchantFree1), e.g. after fixing a merchant setting. A charge whose
   * outcome is unknown is never retried: settle it first.
   */
  async retry(id: string): Promise<Charge> {
    const ctx = this.#ctx
    const charge = await this.#row(id)
    if (!(charge.status === 'failed' || (charge.status === 'settled' && charge.outcome === 'failed'))) {
      throw invalidState(
        `charge ${id} is ${charge.status}${charge.status === 'needs_reconciliation' ? ': settle it first (it may have been charged)' : ''}; only failed charges can be retried`,
        `課金 ${id} は ${charge.status} のため再実行できません${charge.status === 'needs_reconciliation' ? '（課金済みの可能性があります。先に settle してください）' : ''}`,
      )
    }
    const sub = await getSubscription(ctx.db.query, ctx.s, charge.subscription_id)
    if (!sub || sub.status === 'canceled') throw invalidState(`subscription of charge ${id} is canceled`, `課金 ${id} の定期契約は解約済みです`)
    await attempt(ctx, sub, charge)
    return this.retrieve(id)
  }

  /**
   * Records what an operator found in the gateway's console for a charge whose outcome is unknown (or one that
   * failed): `succeeded` marks the period paid and moves the subscription on; `failed` says nothing was charged,
   * and the charge is retried on the dunning schedule (or now with `retry`).
   */
  async settle(id: string, params: SettleParams): Promise<Charge> {
    const p = parse(settleSchema, params, 'charges.settle')
    const ctx = this.#ctx
    const charge = await this.#row(id)
    if (charge.status === 'succeeded' || charge.status === 'settled') {
      throw invalidState(`charge ${id} is already ${charge.status}`, `課金 ${id} は確定済みです（${charge.status}）`)
    }
    if (charge.status === 'pending' && charge.claim_token) {
      throw invalidState(`charge ${id} has an attempt in flight; wait for its answer`, `課金 ${id} は処理中です。結果を待ってください`)
    }
    const note = p.note ?? null
    if (p.outcome === 'succeeded') {
      const done = await markSucceeded(ctx, ctx.db.query, charge, { processId: p.processId ?? null, processPass: p.processPass ?? null, settled: { note } })
      if (!done) throw invalidState(`charge ${id} changed meanwhile; look again`, `課金 ${id} は変更されました。再確認してください`)
    } else {
      const now = ctx.now()
      await ctx.db.tx(async (q) => {
        const { rows } = await q<ChargeRow>(
          `UPDATE ${ctx.s}.charges SET status = 'settled', outcome = 'failed', claim_token = NULL, reconcile_at = NULL,
                  next_attempt_at = $2, settled_at = $2, note = $3, updated_at = $2
            WHERE id = $1 AND status IN ('pending', 'failed', 'needs_reconciliation') RETURNING *`,
          [id, now, note],
        )
        const row = rows[0]
        if (!row) return
        const sub = (await getSubscription(q, ctx.s, row.subscription_id))!
        if (sub.status !== 'canceled' && sub.status !== 'paused') await setNextAction(q, ctx.s, sub.id, now, now)
        await appendEvent(q, ctx.s, 'charge.failed', chargeEventData(row, sub), now)
      })
    }
    ctx.eventsWritten()
    return this.retrieve(id)
  }

  async #row(id: string): Promise<ChargeRow> {
    const row = await getCharge(this.#ctx.db.query, this.#ctx.s, String(id))
    if (!row) throw notFound('charge', String(id))
    return row
  }
}
