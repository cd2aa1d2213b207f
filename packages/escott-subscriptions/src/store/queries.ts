/** SQL shared by the resources and the charging path. Every function takes the (transaction's) query function. */
import type { Query } from '../db/database.js'
import type { ChargeRow, PlanRow, SubscriptionRow } from './rows.js'

export async function getPlan(q: Query, s: string, id: string): Promise<PlanRow | undefined> {
  return (await q<PlanRow>(`SELECT * FROM ${s}.plans WHERE id = $1`, [id])).rows[0]
}

export async function getSubscription(q: Query, s: string, id: string, lock = false): Promise<SubscriptionRow | undefined> {
  return (await q<SubscriptionRow>(`SELECT * FROM ${s}.subscriptions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0]
}

export async function getCharge(q: Query, s: string, id: string): Promise<ChargeRow | undefined> {
  return (await q<ChargeRow>(`SELECT * FROM ${s}.charges WHERE id = $1`, [id])).rows[0]
}

/** The subscription's unresolved charge (at most one: periods advance only once a charge is paid). */
export async function openCharge(q: Query, s: string, subscriptionId: string): Promise<ChargeRow | undefined> {
  return (
    await q<ChargeRow>(
      `SELECT * FROM ${s}.charges
        WHERE subscription_id = $1 AND (status IN ('pending', 'failed', 'needs_reconciliation') OR (status = 'settled' AND outcome = 'failed'))
        ORDER BY period_start DESC LIMIT 1`,
      [subscriptionId],
    )
  ).rows[0]
}

/**
 * Sets when the subscription next needs attention (null = nothing to do until someone acts). Every change of that
 * time also ends a tick's "queued" mark: the work it was queued for has been done, so the next due time may be
 * queued at once.
 */
export async function setNextAction(q: Query, s: string, id: string, at: Date | null, now: Date): Promise<void> {
  await q(`UPDATE ${s}.subscriptions SET next_action_at = $2, queued_until = NULL, updated_at = $3 WHERE id = $1`, [id, at, now])
}

/**
 * Takes up to `limit` due subscriptions that no tick queued recently and marks them queued for `leaseSeconds` (real
 * time: it is about jobs in flight, not about the billing calendar). Ticks that overlap, or follow each other
 * while a long queue drains, do not offer the same subscription again; a job lost with its worker is offered again
 * once the lease ends (pg-boss also hands it back on expiry).
 */
export async function queueDue(q: Query, s: string, now: Date, limit: number, leaseSeconds: number): Promise<Array<{ id: string; next_period_start: string | null }>> {
  const { rows } = await q<{ id: string; next_period_start: string | null }>(
    `UPDATE ${s}.subscriptions SET queued_until = now() + make_interval(secs => $3)
      WHERE id IN (SELECT id FROM ${s}.subscriptions
                    WHERE next_action_at <= $1 AND (queued_until IS NULL OR queued_until < now())
                    ORDER BY next_action_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING id, next_period_start`,
    [now, limit, leaseSeconds],
  )
  return rows
}

/** Subscriptions due at `now`, in pages (keyset on next_action_at, id), never all at once. */
export async function dueSubscriptions(
  q: Query,
  s: string,
  now: Date,
  limit: number,
  after?: { at: Date; id: string },
): Promise<Array<{ id: string; next_action_at: Date; next_period_start: string | null }>> {
  const { rows } = await q<{ id: string; next_action_at: Date; next_period_start: string | null }>(
    after
      ? `SELECT id, next_action_at, next_period_start FROM ${s}.subscriptions
          WHERE next_action_at <= $1 AND (next_action_at, id) > ($3, $4) ORDER BY next_action_at, id LIMIT $2`
      : `SELECT id, next_action_at, next_period_start FROM ${s}.subscriptions
          WHERE next_action_at <= $1 ORDER BY next_action_at, id LIMIT $2`,
    after ? [now, limit, after.at, after.id] : [now, limit],
  )
  return rows
}
