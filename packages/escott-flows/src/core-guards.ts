/**
 * Error identity across copies of escott-core (an ESM and a CJS copy in one process): the `instanceof || name ===`
 * test, until escott-core exports its own guards.
 */
import { EscottError, type EscottNotificationError } from 'escott-core'

const named = (err: unknown, name: string) => typeof err === 'object' && err !== null && (err as { name?: unknown }).name === name

/** True for anything escott-core (or this package) throws. */
export function isEscottError(err: unknown): err is EscottError {
  return (
    err instanceof EscottError ||
    (typeof err === 'object' &&
      err !== null &&
      typeof (err as { name?: unknown }).name === 'string' &&
      (err as { name: string }).name.startsWith('Escott') &&
      typeof (err as { shopperMessage?: unknown }).shopperMessage === 'function')
  )
}

export const isEscottOutcomeUnknownError = (err: unknown): boolean =>
  isEscottError(err) && (named(err, 'EscottOutcomeUnknownError') || named(err, 'EscottUnrecordedOutcomeError'))
export const isEscottConnectionError = (err: unknown): boolean => isEscottError(err) && named(err, 'EscottConnectionError')
export const isEscottConfigurationError = (err: unknown): boolean => isEscottError(err) && named(err, 'EscottConfigurationError')
export const isEscottMemberError = (err: unknown): boolean => isEscottError(err) && named(err, 'EscottMemberError')
export const isEscottNotificationError = (err: unknown): err is EscottNotificationError => isEscottError(err) && named(err, 'EscottNotificationError')

/**
 * The gateway call may have succeeded but its result could not be recorded (or the error did not come from
 * escott-core, so nothing is known). Never retried; the order reference leads to reconciliation.
 */
export class EscottUnrecordedOutcomeError extends EscottError {
  override name = 'EscottUnrecordedOutcomeError' as const
}

/** An {@link EscottUnrecordedOutcomeError} for a journaled call. */
export function unrecordedOutcome(context: { operation: string; merchantFree1: string }, cause: unknown): EscottError {
  const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
  return new EscottUnrecordedOutcomeError({
    message: `The outcome of ${context.operation} for ${context.merchantFree1} could not be recorded (${text}); it may have been charged: reconcile it`,
    operation: context.operation,
    category: 'outcome_unknown',
    merchantFree1: context.merchantFree1,
    merchant: {
      ja: `${context.operation} の結果を記録できませんでした（リンクキー ${context.merchantFree1}）。決済が成立している可能性があります。recover で照合してください。`,
      en: `The result of ${context.operation} could not be recorded (link key ${context.merchantFree1}); it may have been charged. Reconcile it with recover.`,
    },
    shopper: {
      ja: '決済の結果を確認できませんでした。二重のお支払いを避けるため、再度お支払いにならず、ショップまでお問い合わせください。',
      en: 'We could not confirm the result of the payment. To avoid paying twice, please do not pay again and contact the shop.',
    },
    cause,
  })
}
