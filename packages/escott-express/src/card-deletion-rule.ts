/**
 * The order side of the manuals' stored-card deletion rule. The rule itself (90 days, subscriptions) is escott-core's
 * `storedCardDeletion`; this module only says which of a customer's orders count as authorisations with the member.
 */
import type { Order } from './types.js'

const IN_FLIGHT: readonly Order['status'][] = ['processing', 'awaiting_3ds', 'needs_reconciliation']

/**
 * Authorisation dates of the customer's card orders paid with the stored card (any state: a canceled one can still
 * be re-authorised). An order whose payment is still in flight or unreconciled counts from its last update, whatever
 * card it uses, as it may yet become one.
 */
export function memberAuthorizationDates(customerOrders: readonly Order[]): Date[] {
  const dates: Date[] = []
  for (const o of customerOrders) {
    if (o.method !== 'card') continue
    if (o.payment.member && o.payment.authorizedAt) dates.push(new Date(o.payment.authorizedAt))
    else if (IN_FLIGHT.includes(o.status)) dates.push(o.updatedAt)
  }
  return dates
}
