/**
 * What a failed gateway call means for the order: one classification every adapter shares (what to show, whether to
 * retry, when to ask for a new card), and the error as shoppers, merchants and the journal see it.
 */
import { isEscottConnectionError, isEscottError, isEscottOutcomeUnknownError, isEscottUnrecordedOutcomeError, isEscottValidationError } from 'escott-core'
import { shopperFieldMessage } from './field-messages.js'
import type { JournalData, PaymentError } from './types.js'

/**
 * - `refused`: the gateway (or the SDK before sending) refused; nothing happened. Fix the input, configuration or card.
 * - `declined_soft`: the issuer declined for a reason that may pass later (over the limit, temporary): retry on a schedule.
 * - `declined_hard`: the issuer declined for good (invalid, lost, stolen card): stop and ask for another card.
 * - `retry_later`: nothing happened and the same request may succeed later (connection refused, gateway busy).
 * - `outcome_unknown`: the request may have been processed (timeout after sending, an error that did not come from
 *   escott-core, a result that could not be recorded). Never retry: reconcile.
 */
export type FailureClass = 'refused' | 'declined_soft' | 'declined_hard' | 'retry_later' | 'outcome_unknown'

/**
 * Classifies anything a gateway call threw. Anything not from escott-core is `outcome_unknown`: the request may have
 * left. A decline is soft only when every declined code says so (catalog `declineKind`); unknown kinds count as hard.
 *
 * @example
 * ```ts
 * switch (classifyFailure(err)) {
 *   case 'declined_soft': return scheduleRetry()
 *   case 'declined_hard': return askForNewCard()
 *   case 'outcome_unknown': return markNeedsReconciliation()
 *   default: return showError()
 * }
 * ```
 */
export function classifyFailure(err: unknown): FailureClass {
  if (!isEscottError(err) || isEscottOutcomeUnknownError(err) || isEscottUnrecordedOutcomeError(err)) return 'outcome_unknown'
  if (err.category === 'declined') {
    const kinds = err.entries.filter((e) => e.category === 'declined').map((e) => e.declineKind)
    return kinds.length > 0 && kinds.every((k) => k === 'soft') ? 'declined_soft' : 'declined_hard'
  }
  if (isEscottConnectionError(err) || err.retryable) return 'retry_later'
  return 'refused'
}

const GENERIC = {
  ja: '決済処理でエラーが発生しました。お手数ですが、しばらくしてから再度お試しいただくか、ショップまでお問い合わせください。',
  en: 'The payment could not be processed. Please try again later or contact the shop.',
}

/** The error as an order keeps it: shopper text, merchant text and remedy in both languages, and the codes. */
export function paymentErrorOf(err: unknown, operation?: string): PaymentError {
  const at = new Date().toISOString()
  if (!isEscottError(err)) {
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
    return { codes: [], operation, shopper: GENERIC, merchant: { ja: text, en: text }, at }
  }
  const remedyJa = err.remedy('ja')
  const remedyEn = err.remedy('en')
  // A field the shopper typed: name it and the fix, instead of a message that reads like a system failure.
  const field = isEscottValidationError(err) ? shopperFieldMessage(err.field) : undefined
  return {
    codes: [...err.codes],
    operation: operation ?? err.operation,
    ...(field && { field: isEscottValidationError(err) ? err.field : undefined }),
    shopper: field ?? { ja: err.shopperMessage('ja'), en: err.shopperMessage('en') },
    merchant: { ja: err.merchantMessage('ja'), en: err.merchantMessage('en') },
    ...(remedyJa && remedyEn ? { remedy: { ja: remedyJa, en: remedyEn } } : {}),
    at,
  }
}

/** Safe fields of an error for the journal and logs (no secrets: escott-core errors carry none). */
export function errorSummary(err: unknown): JournalData {
  if (isEscottError(err)) return { error: err.name, codes: [...err.codes], category: err.category, message: err.merchantMessage('en') }
  return { error: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) }
}
