/**
 * Turning the flows' outcomes into what Medusa and the shopper see: the storefront gets the catalog's shopper
 * message (in the provider's language), Medusa's logger the merchant message and the remedy (the flows log those
 * through the runtime's logger). Secrets never appear: escott-core's errors carry none, and nothing here adds any.
 */
import type { Logger } from '@medusajs/framework/types'
import { MedusaError } from '@medusajs/framework/utils'
import { classifyFailure, paymentErrorOf, type FailureClass, type PaymentError } from 'escott-flows'

/** The MedusaError `type` for a failure: declines and refusals with gateway codes are payment errors. */
function typeOf(failure: FailureClass, error: PaymentError): string {
  if (failure === 'declined_soft' || failure === 'declined_hard') return MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR
  if (failure === 'refused') return error.codes.length ? MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR : MedusaError.Types.INVALID_DATA
  return MedusaError.Types.UNEXPECTED_STATE
}

/** A charge that may exist: never retried; the shopper is told not to pay again and given the reference. */
export function outcomeUnknownError(merchantFree1: string, language: 'ja' | 'en'): MedusaError {
  const message =
    language === 'ja'
      ? `決済結果を確認できませんでした。二重決済を避けるため、もう一度お支払いにならず、ショップへお問い合わせください（受付番号 ${merchantFree1}）。`
      : `The payment result could not be confirmed. To avoid paying twice, do not pay again; contact the shop with reference ${merchantFree1}.`
  return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, message, 'escott_outcome_unknown')
}

/** The error for a flows outcome that did not go through (the flows already logged it for the merchant). */
export function outcomeError(
  outcome: { kind: 'failed'; failure: Exclude<FailureClass, 'outcome_unknown'>; error: PaymentError } | { kind: 'outcome_unknown'; error: PaymentError },
  merchantFree1: string,
  language: 'ja' | 'en',
): MedusaError {
  if (outcome.kind === 'outcome_unknown') return outcomeUnknownError(merchantFree1, language)
  return new MedusaError(typeOf(outcome.failure, outcome.error), outcome.error.shopper[language], outcome.error.codes[0] ?? 'escott_refused')
}

/** Logs a thrown failure for the merchant (message + remedy, English) and returns the error to throw to Medusa. */
export function toMedusaError(err: unknown, ctx: { logger: Logger | undefined; operation: string; merchantFree1?: string | undefined; language: 'ja' | 'en' }): MedusaError {
  if (err instanceof MedusaError) return err
  const failure = classifyFailure(err)
  const error = paymentErrorOf(err, ctx.operation)
  const ref = ctx.merchantFree1 ?? '?'
  if (failure === 'outcome_unknown') {
    ctx.logger?.error(`escott: ${ctx.operation} outcome unknown for ${ref}: ${error.merchant.en} Not retried; check the e-SCOTT console for MerchantFree1 ${ref}.`)
    return outcomeUnknownError(ref, ctx.language)
  }
  ctx.logger?.warn(`escott: ${ctx.operation} refused [${error.codes.join('|') || failure}] for ${ref}: ${error.merchant.en}${error.remedy ? ` Fix: ${error.remedy.en}` : ''}`)
  return new MedusaError(typeOf(failure, error), error.shopper[ctx.language], error.codes[0] ?? 'escott_refused')
}
