/**
 * Rules about a recorded payment that every adapter applies the same way: when a convenience-store payment has
 * expired, and which orders count as authorisations with the stored card for the deletion rule.
 */
import type { FlowOrder } from './types.js'
import { IN_FLIGHT_STATUSES } from './types.js'

/**
 * An unpaid convenience-store payment whose deadline has passed: the gateway's PayLimit is a minute in Japan time
 * (yyyyMMddHHmm, normally 23:59), payable until that minute ends. Judged locally; no gateway call.
 */
export function isCvsExpired(order: Pick<FlowOrder, 'method' | 'status'> & { payment: { payLimit?: string | undefined } }, now: Date = new Date()): boolean {
  if (order.method !== 'cvs' || order.status !== 'unpaid' || !order.payment.payLimit) return false
  const limit = Date.parse(order.payment.payLimit)
  return Number.isFinite(limit) && now.getTime() >= limit + 60_000
}

/**
 * The order side of the manuals' stored-card deletion rule (escott-core's `storedCardDeletion`): the authorisation
 * dates of a customer's card orders paid with the stored card (any state: a canceled one can still be
 * re-authorised). An order whose payment is still in flight or unreconciled counts from its last update, whatever
 * card it uses, as it may yet become one.
 *
 * @example
 * ```ts
 * const verdict = storedCardDeletion({ authorizations: memberAuthorizationDates(customerOrders), hasActiveSubscription })
 * ```
 */
export function memberAuthorizationDates(customerOrders: readonly Pick<FlowOrder, 'method' | 'status' | 'payment' | 'updatedAt'>[]): Date[] {
  const dates: Date[] = []
  for (const o of customerOrders) {
    if (o.method !== 'card') continue
    if (o.payment.member && o.payment.authorizedAt) dates.push(new Date(o.payment.authorizedAt))
    else if (IN_FLIGHT_STATUSES.includes(o.status)) dates.push(o.updatedAt)
  }
  return dates
}
