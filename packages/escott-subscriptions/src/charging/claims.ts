/**
 * Claiming a period's charge before the gateway is called: the charge row (unique per subscription and period),
 * written already claimed by the caller's token, and the subscription's next look pushed to when that claim would
 * count as abandoned. The claims of charges started at about the same time are written by one statement (group
 * commit); each caller still waits for its own to be committed before it calls the gateway, so the claims a dead
 * process leaves are bounded by the charges it worked on, as before.
 */
import type { BillingContext } from '../context.js'
import type { Query } from '../db/database.js'
import type { ChargeRow } from '../store/rows.js'
import { GroupCommit } from './group-commit.js'

/** One period's charge to claim. */
export interface ClaimRequest {
  chargeId: string
  subscriptionId: string
  periodStart: string
  periodEnd: string
  planId: string
  amount: number
  anchorDay: number
  capture: boolean
  merchantFree1: string
  token: string
  now: Date
  /** The subscription's row version (`xmin`) the request was built from: claimed only if it is still that. */
  rowVersion: string
}

/** The claimed row; 'changed' when the subscription changed since it was read; undefined when the period's row existed. */
export type ClaimResult = ChargeRow | 'changed' | undefined

/**
 * Claims any number of charges in one statement (one round trip, atomic by itself), one result per request in
 * order. The subscription rows are updated first, which takes their locks: a concurrent change committed in
 * between fails the version check (PostgreSQL re-reads a row it waited for). At most one request per subscription.
 */
export async function claimChargesMany(ctx: BillingContext, q: Query, requests: ClaimRequest[]): Promise<ClaimResult[]> {
  const { s } = ctx
  if (!requests.length) return []
  const col = <K extends keyof ClaimRequest>(k: K) => requests.map((r) => r[k])
  const { rows } = await q<ChargeRow & { input_id: string; matched: boolean }>(
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::date[], $5::text[], $6::int[], $7::int[], $8::boolean[], $9::text[], $10::uuid[],
                            $11::timestamptz[], $12::timestamptz[], $13::text[])
         AS i(id, subscription_id, period_start, period_end, plan_id, amount, anchor_day, capture, merchant_free1, claim_token, now_at, next_at, row_version)
     ), x AS (
       UPDATE ${s}.subscriptions AS x SET next_action_at = i.next_at, queued_until = NULL, updated_at = i.now_at
         FROM input AS i WHERE x.id = i.subscription_id AND x.xmin::text = i.row_version RETURNING x.id
     ), c AS (
       INSERT INTO ${s}.charges (id, subscription_id, period_start, period_end, plan_id, amount, anchor_day, capture, status, merchant_free1,
                                 claim_token, claimed_at, attempts, created_at, updated_at)
       SELECT i.id, i.subscription_id, i.period_start, i.period_end, i.plan_id, i.amount, i.anchor_day, i.capture, 'pending', i.merchant_free1,
              i.claim_token, now(), 1, i.now_at, i.now_at
         FROM input AS i JOIN x ON x.id = i.subscription_id
       ON CONFLICT (subscription_id, period_start) DO NOTHING RETURNING *
     )
     SELECT i.id AS input_id, x.id IS NOT NULL AS matched, c.*
       FROM input AS i LEFT JOIN x ON x.id = i.subscription_id LEFT JOIN c ON c.id = i.id`,
    [
      col('chargeId'),
      col('subscriptionId'),
      col('periodStart'),
      col('periodEnd'),
      col('planId'),
      col('amount'),
      col('anchorDay'),
      col('capture'),
      col('merchantFree1'),
      col('token'),
      col('now'),
      requests.map((r) => new Date(r.now.getTime() + ctx.opts.attemptTimeoutMs)),
      col('rowVersion'),
    ],
  )
  const byInput = new Map(rows.map((r) => [r.input_id, r]))
  return requests.map((r) => {
    const row = byInput.get(r.chargeId)
    if (!row?.matched) return 'changed'
    if (row.id === null) return undefined
    const { input_id: _i, matched: _m, ...charge } = row
    return charge as ChargeRow
  })
}

/** A request whose statement failed; only that request's caller gets the error. */
class Failed {
  constructor(readonly error: unknown) {}
}

/** The claims of one process, written in groups (see {@link GroupCommit}). */
export class ClaimWriter {
  readonly #batches: GroupCommit<ClaimRequest, ClaimResult | Failed>

  constructor(ctx: () => BillingContext, batch: { fullBatch: number; windowMs: number }) {
    this.#batches = new GroupCommit({
      ...batch,
      maxBatch: 100,
      // Two requests for one subscription never share a statement: the later one then sees the first one's row.
      keyOf: (r) => r.subscriptionId,
      write: async (requests) => {
        try {
          return await claimChargesMany(ctx(), ctx().db.query, requests)
        } catch (err) {
          if (requests.length === 1) throw err
          // One bad request (or a deadlock with another statement) must not fail the others: each on its own.
          return Promise.all(
            requests.map((r) =>
              claimChargesMany(ctx(), ctx().db.query, [r]).then(
                (out) => out[0],
                (e: unknown) => new Failed(e),
              ),
            ),
          )
        }
      },
    })
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const result = await this.#batches.submit(request)
    if (result instanceof Failed) throw result.error
    return result
  }
}
