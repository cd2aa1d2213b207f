/**
 * The money rules, in one place: integer yen only, the gateway's ceilings, and the one yen check every module
 * (and every adapter) uses.
 */
import { EscottValidationError } from './errors/escott-error.js'

/** Largest `Amount` of one card payment, in yen (7 digits). */
export const MAX_AMOUNT = 9_999_999

/**
 * Largest `Amount` of one convenience-store / Pay-easy / e-money payment, fee included, in yen (the gateway's
 * EC-CUBE 2 module hard-codes 299,999; the published limit is "below 300,000").
 */
export const MAX_CVS_AMOUNT = 299_999

/** True for an integer number of yen ≥ 0 (a safe integer: no decimals, no NaN, no Infinity). */
export function isYen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/**
 * Throws an `EscottValidationError` naming `field` unless `value` is an integer number of yen ≥ 0.
 *
 * @example
 * ```ts
 * import { assertYen } from 'escott-core'
 * assertYen('items[0].unitPrice', 1980) // ok
 * assertYen('fee', 330.5) // EscottValidationError: fee: must be an integer number of yen ≥ 0 …
 * ```
 */
export function assertYen(field: string, value: unknown): asserts value is number {
  if (isYen(value)) return
  const got = typeof value === 'number' ? String(value) : typeof value
  throw new EscottValidationError(undefined, [{ field, message: `must be an integer number of yen ≥ 0 (no decimals: 1000, not 1000.5), got ${got}` }])
}
