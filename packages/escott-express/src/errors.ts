/** Errors the routes show that did not come from a gateway call. SDK errors are described by escott-flows' `paymentErrorOf`. */
import { SHOPPER_FIELD_MESSAGES, type ShopperField } from 'escott-flows'
import { t, type MessageKey } from './i18n.js'
import type { OrderError } from './types.js'

/** A form error shown on the checkout page (no gateway call happened); `operation` tells which form (card / cvs). */
export function formError(key: MessageKey, operation?: string): OrderError {
  const text = { ja: t('ja', key), en: t('en', key) }
  return { codes: [], ...(operation && { operation }), shopper: text, merchant: text, at: new Date().toISOString() }
}

/** A refused field, named with its fix (escott-flows' shopper field messages). */
export function fieldError(field: ShopperField, operation?: string): OrderError {
  const text = SHOPPER_FIELD_MESSAGES[field]
  return { codes: [], ...(operation && { operation }), field, shopper: text, merchant: text, at: new Date().toISOString() }
}
