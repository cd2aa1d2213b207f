/** Turning SDK errors into what shoppers, merchants and the journal see. Never includes secrets. */
import type { OrderError } from './types.js'

/** The parts of an `EscottError` this package reads (structural, so two copies of escott-core still work). */
export interface EscottErrorLike {
  name: string
  message: string
  codes?: string[]
  operation?: string
  category?: string
  retryable?: boolean
  shopperMessage?(lang?: 'ja' | 'en'): string
  merchantMessage?(lang?: 'ja' | 'en'): string
  remedy?(lang?: 'ja' | 'en'): string | undefined
}

const GENERIC = {
  shopper: {
    ja: '決済処理でエラーが発生しました。お手数ですが、しばらくしてから再度お試しいただくか、ショップまでお問い合わせください。',
    en: 'The payment could not be processed. Please try again later or contact the shop.',
  },
}

/** True for anything thrown by escott-core (`EscottError` and subclasses), judged by shape. */
export function isEscottError(err: unknown): err is EscottErrorLike {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as EscottErrorLike).name === 'string' &&
    (err as EscottErrorLike).name.startsWith('Escott') &&
    typeof (err as EscottErrorLike).shopperMessage === 'function'
  )
}

/**
 * True when the request may have reached the gateway but its answer is unknown: `EscottOutcomeUnknownError`, and
 * (to be safe) any error that did not come from escott-core. Such a call must never be retried automatically.
 */
export function isOutcomeUnknown(err: unknown): boolean {
  if (!isEscottError(err)) return true
  return err.name === 'EscottOutcomeUnknownError'
}

/** The error as stored on an order: shopper text, merchant text and remedy in both languages, and the codes. */
export function toOrderError(err: unknown, operation?: string): OrderError {
  const at = new Date().toISOString()
  if (!isEscottError(err)) {
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
    return { codes: [], operation, shopper: GENERIC.shopper, merchant: { ja: text, en: text }, at }
  }
  const remedyJa = err.remedy?.('ja')
  const remedyEn = err.remedy?.('en')
  return {
    codes: err.codes ?? [],
    operation: operation ?? err.operation,
    shopper: { ja: err.shopperMessage?.('ja') ?? GENERIC.shopper.ja, en: err.shopperMessage?.('en') ?? GENERIC.shopper.en },
    merchant: { ja: err.merchantMessage?.('ja') ?? err.message, en: err.merchantMessage?.('en') ?? err.message },
    ...(remedyJa && remedyEn ? { remedy: { ja: remedyJa, en: remedyEn } } : {}),
    at,
  }
}

/** Safe fields of an error for the journal and logs. */
export function errorSummary(err: unknown): Record<string, unknown> {
  if (isEscottError(err)) {
    return { error: err.name, codes: err.codes ?? [], category: err.category, message: err.merchantMessage?.('en') ?? err.message }
  }
  return { error: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) }
}
