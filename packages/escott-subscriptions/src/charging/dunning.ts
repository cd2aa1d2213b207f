/**
 * What happens after a failed attempt, decided from its classification. Pure: the caller writes the result.
 *
 * - soft decline: retried on the configured days after the first failure, at the charge time; when the schedule is
 *   used up, the `finally` policy applies (stay past_due, or cancel).
 * - hard decline and stored-card (member) errors: no retry; past_due at once (ask for a card update); with
 *   `finally: 'cancel'` the subscription is canceled when the retry window ends without a new card.
 * - retry later (never sent, gateway busy): retried with back-off, not counted against the schedule.
 * - refused (merchant configuration, invalid request): stops for an operator; the customer is not blamed.
 * - outcome unknown: handled elsewhere (reconciliation), never retried.
 */
import { addDays, tokyoDateOf, tokyoInstant } from '../calendar.js'
import type { FailureKind } from '../types.js'

export type DunningStep =
  | { action: 'retry'; at: Date; countsAsDecline: boolean }
  | { action: 'past_due'; cancelAt: Date | null }
  | { action: 'exhausted'; then: 'past_due' | 'cancel' }
  | { action: 'operator' }

export interface DunningPolicy {
  retryAfterDays: number[]
  finally: 'past_due' | 'cancel'
  chargeTime: string
}

const RETRY_LATER_BASE_MS = 5 * 60_000
const RETRY_LATER_MAX_MS = 6 * 60 * 60_000

/** The end of the retry window: the last retry day after the first failure, at the charge time. */
export function dunningDeadline(firstFailedAt: Date, policy: DunningPolicy): Date {
  const last = policy.retryAfterDays[policy.retryAfterDays.length - 1] ?? 0
  return tokyoInstant(addDays(tokyoDateOf(firstFailedAt), last), policy.chargeTime)
}

/**
 * @param kind how the attempt failed
 * @param declines declined attempts so far, this one included
 * @param attempts all attempts so far, this one included
 */
export function nextDunningStep(
  kind: Exclude<FailureKind, 'outcome_unknown'>,
  ctx: { declines: number; attempts: number; firstFailedAt: Date; now: Date; memberError: boolean },
  policy: DunningPolicy,
): DunningStep {
  if (kind === 'retry_later') {
    const wait = Math.min(RETRY_LATER_MAX_MS, RETRY_LATER_BASE_MS * 2 ** Math.max(0, ctx.attempts - ctx.declines - 1))
    return { action: 'retry', at: new Date(ctx.now.getTime() + wait), countsAsDecline: false }
  }
  if (kind === 'declined_hard' || ctx.memberError) {
    return { action: 'past_due', cancelAt: policy.finally === 'cancel' ? dunningDeadline(ctx.firstFailedAt, policy) : null }
  }
  if (kind === 'refused') return { action: 'operator' }
  const day = policy.retryAfterDays[ctx.declines - 1]
  if (day === undefined) return { action: 'exhausted', then: policy.finally }
  let at = tokyoInstant(addDays(tokyoDateOf(ctx.firstFailedAt), day), policy.chargeTime)
  if (at <= ctx.now) at = new Date(ctx.now.getTime() + 60_000)
  return { action: 'retry', at, countsAsDecline: true }
}
