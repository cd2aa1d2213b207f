/**
 * When may a shopper delete their stored card? The manuals' rule (seed 002 運用上の注意点 / seed 004 会員の退会について):
 * only when (1) the customer had no card authorisation (与信) in the last 90 days and (2) has no active
 * subscription. Otherwise follow-up operations on open transactions (capture, cancel, re-authorisation) would lose
 * the member they need. Not protocol logic of escott-core: a shop rule, kept here as one small function.
 */
import type { Order } from './types.js'

/** Days after an authorisation during which the stored card must stay. */
export const STORED_CARD_HOLD_DAYS = 90

/** Verdict of {@link storedCardDeletion}. */
export type StoredCardDeletion =
  | { allowed: true }
  | { allowed: false; reason: 'recent_authorization'; lastAuthorizedAt: Date }
  | { allowed: false; reason: 'active_subscription' }

/**
 * Applies the rule to the customer's orders. Every card order that reached the gateway counts (any state,
 * including canceled ones, which can still be re-authorised), judged by its latest authorisation date.
 */
export function storedCardDeletion(customerOrders: readonly Order[], hasActiveSubscription: boolean, now: Date = new Date()): StoredCardDeletion {
  if (hasActiveSubscription) return { allowed: false, reason: 'active_subscription' }
  const limit = now.getTime() - STORED_CARD_HOLD_DAYS * 86_400_000
  let latest: Date | undefined
  for (const o of customerOrders) {
    if (o.method !== 'card') continue
    const at = o.payment.authorizedAt ? new Date(o.payment.authorizedAt) : o.status === 'needs_reconciliation' || o.status === 'processing' || o.status === 'awaiting_3ds' ? o.updatedAt : undefined
    if (at && at.getTime() > limit && (!latest || at > latest)) latest = at
  }
  return latest ? { allowed: false, reason: 'recent_authorization', lastAuthorizedAt: latest } : { allowed: true }
}
