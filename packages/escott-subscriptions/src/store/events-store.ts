/** The events outbox: written inside the transaction of the change it describes, delivered later. */
import type { Query } from '../db/database.js'
import { newEventId } from '../ids.js'
import type { BillingEventMap, BillingEventType } from '../types.js'

export interface EventRow {
  seq: string
  id: string
  type: BillingEventType
  data: unknown
  created_at: Date
  attempts: number
}

/** Appends one event; call it with the transaction's query function. */
export async function appendEvent<T extends BillingEventType>(q: Query, s: string, type: T, data: BillingEventMap[T], at: Date): Promise<string> {
  const id = newEventId()
  await q(`INSERT INTO ${s}.events (id, type, data, created_at) VALUES ($1, $2, $3, $4)`, [id, type, JSON.stringify(data), at])
  return id
}

/**
 * Leases up to `limit` undelivered events of the given types for `leaseSeconds`: other processes skip them, and
 * if this one dies they become available again when the lease ends (at-least-once delivery).
 */
export async function leaseEvents(q: Query, s: string, types: string[], limit: number, leaseSeconds: number): Promise<EventRow[]> {
  const { rows } = await q<EventRow>(
    `UPDATE ${s}.events SET available_at = now() + make_interval(secs => $3), attempts = attempts + 1
      WHERE seq IN (SELECT seq FROM ${s}.events
                     WHERE delivered_at IS NULL AND available_at <= now() AND type = ANY($1)
                     ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING seq, id, type, data, created_at, attempts`,
    [types, limit, leaseSeconds],
  )
  return rows.sort((a, b) => Number(a.seq) - Number(b.seq))
}

export async function markDelivered(q: Query, s: string, seq: string): Promise<void> {
  await q(`UPDATE ${s}.events SET delivered_at = now(), last_error = NULL WHERE seq = $1`, [seq])
}

export async function markFailed(q: Query, s: string, seq: string, error: string, retryInSeconds: number): Promise<void> {
  await q(`UPDATE ${s}.events SET last_error = $2, available_at = now() + make_interval(secs => $3) WHERE seq = $1`, [seq, error.slice(0, 500), retryInSeconds])
}
