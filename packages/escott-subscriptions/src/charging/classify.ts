/**
 * THIN LOCAL ADAPTER — delete when escott-flows' `classifyFailure` and escott-core's `declineKind` land (see
 * /work/coord/requests-subscriptions.md). Until then this maps an error from a charge attempt onto the flow
 * layer's vocabulary with the same rules: unknown outcome first, then "never sent", then the catalog.
 */
import type { FailureKind } from '../types.js'

interface ErrorLike {
  name?: string
  category?: string
  retryable?: boolean
  codes?: string[]
  entries?: Array<{ declineKind?: 'soft' | 'hard' }>
}

// Issuer refusals worth retrying later without a new card (limit, frequency, hold, network proxy, issuer's own
// reason); every other decline asks for a new card. Used only while the catalog has no declineKind.
const SOFT_DECLINES = new Set(['G30', 'G54', 'G55', 'G85', 'G92', 'G95', 'G96', 'G97', 'G98', 'G99'])

const OUTCOME_UNKNOWN = new Set(['EscottOutcomeUnknownError', 'EscottUnrecordedOutcomeError'])

export function classifyFailure(err: unknown): FailureKind {
  const e = (err ?? {}) as ErrorLike
  if (!(err instanceof Error) || !e.name?.startsWith('Escott')) return 'outcome_unknown' // not from the SDK: cannot rule out a charge
  if (OUTCOME_UNKNOWN.has(e.name)) return 'outcome_unknown'
  if (e.name === 'EscottConnectionError') return 'retry_later'
  if (e.category === 'declined') {
    const kind = e.entries?.find((x) => x.declineKind)?.declineKind
    if (kind) return kind === 'soft' ? 'declined_soft' : 'declined_hard'
    return (e.codes ?? []).some((c) => SOFT_DECLINES.has(c)) ? 'declined_soft' : 'declined_hard'
  }
  if (e.retryable) return 'retry_later'
  return 'refused'
}
