/** Errors the routes show that did not come from a gateway call. SDK errors are described by escott-flows' `paymentErrorOf`. */
import { t, type MessageKey } from './i18n.js'
import type { OrderError } from './types.js'

/** A form error shown on the checkout page (no gateway call happened). */
export function formError(key: MessageKey): OrderError {
  const text = { ja: t('ja', key), en: t('en', key) }
  return { codes: [], shopper: text, merchant: text, at: new Date().toISOString() }
}
