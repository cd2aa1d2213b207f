/**
 * Turning escott-core errors into what Medusa and the shopper see. The storefront gets the catalog's shopper
 * message; Medusa's logger gets the merchant message and the remedy. Secrets never appear: escott-core errors carry
 * none, and nothing here adds any.
 */
import type { Logger } from '@medusajs/framework/types'
import { MedusaError } from '@medusajs/framework/utils'
import { isEscottError, isEscottOutcomeUnknownError, isEscottUnrecordedOutcomeError, type Bilingual, type EscottError } from 'escott-core'

/** What a session or payment keeps of a failure, readable by the storefront. */
export interface StoredError {
  codes: string[]
  category: string
  shopper: Bilingual
  at: string
}

const UNKNOWN: Bilingual = {
  ja: '決済処理でエラーが発生しました。お手数ですが、しばらくしてから再度お試しいただくか、ショップまでお問い合わせください。',
  en: 'The payment could not be processed. Please try again later or contact the shop.',
}

export function isEscott(err: unknown): err is EscottError {
  return isEscottError(err)
}

/** Sent but unanswered, or answered but not recorded: the charge may exist. */
export function isOutcomeUnknown(err: unknown): boolean {
  return isEscottOutcomeUnknownError(err) || isEscottUnrecordedOutcomeError(err)
}

export function storedError(err: unknown): StoredError {
  if (isEscott(err)) return { codes: err.codes, category: err.category, shopper: { ja: err.shopperMessage('ja'), en: err.shopperMessage('en') }, at: new Date().toISOString() }
  return { codes: [], category: 'system', shopper: UNKNOWN, at: new Date().toISOString() }
}

/** Logs a gateway failure for the merchant (message + remedy, English) and returns the error to throw to Medusa. */
export function toMedusaError(err: unknown, ctx: { logger: Logger | undefined; operation: string; merchantFree1?: string | undefined; language: 'ja' | 'en' }): MedusaError {
  if (err instanceof MedusaError) return err
  if (isOutcomeUnknown(err)) {
    ctx.logger?.error(
      `escott: ${ctx.operation} outcome unknown for ${ctx.merchantFree1 ?? (err as EscottError).merchantFree1 ?? '?'}: the gateway may have processed it. Not retried; check the e-SCOTT console for MerchantFree1 ${ctx.merchantFree1 ?? (err as EscottError).merchantFree1 ?? '?'}.`,
    )
    const reference = ctx.merchantFree1 ?? (err as EscottError).merchantFree1 ?? ''
    const message =
      ctx.language === 'ja'
        ? `決済結果を確認できませんでした。二重決済を避けるため、もう一度お支払いにならず、ショップへお問い合わせください（受付番号 ${reference}）。`
        : `The payment result could not be confirmed. To avoid paying twice, do not pay again; contact the shop with reference ${reference}.`
    return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, message, 'escott_outcome_unknown')
  }
  if (isEscott(err)) {
    const remedy = err.remedy('en')
    ctx.logger?.warn(
      `escott: ${ctx.operation} refused [${err.codes.join('|') || err.category}] for ${ctx.merchantFree1 ?? (err as EscottError).merchantFree1 ?? '?'}: ${err.merchantMessage('en')}${remedy ? ` Fix: ${remedy}` : ''}`,
    )
    const type =
      err.category === 'declined' || err.category === 'three_d_secure' || err.category === 'token'
        ? MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR
        : err.category === 'validation' || err.category === 'invalid_request'
          ? MedusaError.Types.INVALID_DATA
          : MedusaError.Types.UNEXPECTED_STATE
    return new MedusaError(type, err.shopperMessage(ctx.language), err.codes[0] ?? err.category)
  }
  const message = err instanceof Error ? err.message : String(err)
  ctx.logger?.error(`escott: ${ctx.operation} failed for ${ctx.merchantFree1 ?? '?'}: ${message}`)
  return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, UNKNOWN[ctx.language])
}
