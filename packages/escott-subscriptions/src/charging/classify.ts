/**
 * THIN LOCAL ADAPTER — delete when escott-flows exports `classifyFailure` (requested in
 * /work/coord/requests-subscriptions.md). Same vocabulary and order of rules: an unknown outcome first, then "never
 * sent", then the catalog's category and, for declines, escott-core's `declineKind`.
 */
import {
  isEscottCardDeclinedError,
  isEscottConnectionError,
  isEscottError,
  isEscottOutcomeUnknownError,
  isEscottUnrecordedOutcomeError,
} from 'escott-core'
import type { FailureKind } from '../types.js'

export function classifyFailure(err: unknown): FailureKind {
  if (!isEscottError(err)) return 'outcome_unknown' // not from the SDK: a charge cannot be ruled out
  if (isEscottOutcomeUnknownError(err) || isEscottUnrecordedOutcomeError(err)) return 'outcome_unknown'
  if (isEscottConnectionError(err)) return 'retry_later'
  if (isEscottCardDeclinedError(err)) return err.declineKind === 'soft' ? 'declined_soft' : 'declined_hard'
  if (err.retryable) return 'retry_later'
  return 'refused'
}
