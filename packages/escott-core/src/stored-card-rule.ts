/**
 * The manuals' rule for deleting a stored card (WooCommerce: 運用上の注意点, Welcart: 会員の退会について): a member may
 * be deleted only when the customer had no card authorisation (与信) in the last 90 days and has no active
 * subscription. Until then follow-up operations (capture, cancel, re-authorisation) still need the member.
 */

import { invalidInput as invalid } from './errors/escott-error.js'

/** Days after an authorisation during which the stored card must stay. */
export const STORED_CARD_HOLD_DAYS = 90

export type StoredCardDeletion = { allowed: true } | { allowed: false; reason: 'recent_authorization'; lastAuthorizedAt: Date; allowedFrom: Date } | { allowed: false; reason: 'active_subscription' }

/**
 * Whether the stored card may be deleted now.
 * @param input.authorizations dates of the customer's card authorisations with this stored card (any state: a canceled one can still be re-authorised)
 */
export function storedCardDeletion(input: { authorizations: Iterable<Date>; hasActiveSubscription: boolean; now?: Date }): StoredCardDeletion {
  if (!input || typeof input !== 'object') throw invalid('input', 'must be { authorizations, hasActiveSubscription, now? }')
  if (input.authorizations === null || typeof (input.authorizations as Iterable<Date> | undefined)?.[Symbol.iterator] !== 'function') {
    throw invalid('authorizations', 'must be a list (any iterable) of the Dates of the card authorisations with this stored card')
  }
  if (input.hasActiveSubscription) return { allowed: false, reason: 'active_subscription' }
  const now = input.now ?? new Date()
  const holdMs = STORED_CARD_HOLD_DAYS * 86_400_000
  let latest: Date | undefined
  for (const at of input.authorizations) {
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw invalid('authorizations', 'must contain valid Dates only')
    if (!latest || at > latest) latest = at
  }
  if (latest && now.getTime() - latest.getTime() < holdMs) {
    return { allowed: false, reason: 'recent_authorization', lastAuthorizedAt: latest, allowedFrom: new Date(latest.getTime() + holdMs) }
  }
  return { allowed: true }
}
