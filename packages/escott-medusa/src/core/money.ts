import { BigNumber, MedusaError } from '@medusajs/framework/utils'
import type { BigNumberInput } from '@medusajs/framework/types'
import { MAX_AMOUNT } from 'escott-core'

/**
 * Medusa hands amounts as numbers, strings, BigNumber instances or raw `{ value, precision }` objects (the refund
 * amount arrives that way); e-SCOTT takes integer yen. Anything else is refused with the field named.
 */
export function toYen(amount: BigNumberInput | undefined, field = 'amount', max = MAX_AMOUNT): number {
  if (amount === undefined || amount === null) throw new MedusaError(MedusaError.Types.INVALID_DATA, `escott: ${field} is missing`)
  let value: number
  try {
    value = new BigNumber(amount as never).numeric
  } catch {
    value = Number.NaN
  }
  if (!Number.isFinite(value)) throw new MedusaError(MedusaError.Types.INVALID_DATA, `escott: ${field} is not a number`)
  if (!Number.isInteger(value)) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `escott: ${field} ${value} is not a whole number of yen (JPY has no minor unit)`)
  }
  if (value < 1 || value > max) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `escott: ${field} ${value} is outside 1 … ${max.toLocaleString('en')} yen`)
  }
  return value
}

/** e-SCOTT Smart settles in yen only. */
export function assertYen(currencyCode: string | undefined): void {
  if ((currencyCode ?? '').toLowerCase() !== 'jpy') {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `escott: e-SCOTT Smart takes Japanese yen only, this payment is in ${(currencyCode ?? 'no currency').toUpperCase()}. Enable the e-SCOTT providers only in regions whose currency is JPY.`,
    )
  }
}
