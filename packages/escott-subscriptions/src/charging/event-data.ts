/** Event payloads built from rows (no secrets: never the KaiinPass or ProcessPass). */
import type { ChargeRow, SubscriptionRow } from '../store/rows.js'
import type { ChargeEventData, SubscriptionEventData } from '../types.js'

export function chargeEventData(c: ChargeRow, sub: Pick<SubscriptionRow, 'customer_id'>): ChargeEventData {
  return {
    chargeId: c.id,
    subscriptionId: c.subscription_id,
    customerId: sub.customer_id,
    periodStart: c.period_start,
    periodEnd: c.period_end,
    amount: c.amount,
    attempts: c.attempts,
    merchantFree1: c.merchant_free1,
    processId: c.process_id,
    error: c.error,
    nextAttemptAt: c.next_attempt_at ? c.next_attempt_at.toISOString() : null,
    settled: c.status === 'settled',
  }
}

export function subscriptionEventData(sub: SubscriptionRow, status: SubscriptionRow['status'], reason: string): SubscriptionEventData {
  return { subscriptionId: sub.id, customerId: sub.customer_id, status, reason }
}
