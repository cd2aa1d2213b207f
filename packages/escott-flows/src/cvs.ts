/** Convenience store / Pay-easy / e-money: registering the payment (2Add). */
import type { CreateCvsParams, RequestOptions } from 'escott-core'
import { runCharge, type AttemptDeps, type ChargeOutcome } from './attempt.js'
import { cvsChargeRecord } from './charge.js'
import type { FlowClient } from './client.js'
import type { FlowOrder } from './types.js'

/** Input of {@link createCvsPayment}. */
export interface CvsPaymentInput {
  /** The order, claimed by the caller (`processing`); its `amount` (fee included) is registered. */
  order: FlowOrder
  params: Omit<CreateCvsParams, 'amount' | 'merchantFree1'>
  /** Per-call `signal` / `timeoutMs`. */
  requestOptions?: RequestOptions
}

/** Registers the payment, journaled, and records the payment slip or the failure on the order. */
export async function createCvsPayment(deps: AttemptDeps & { escott: FlowClient }, input: CvsPaymentInput): Promise<ChargeOutcome> {
  const { order } = input
  const payLimit = deadlineOf(input.params.payLimit)
  return runCharge(deps, order, {
    operation: 'cvs.create',
    // Kept on the journal line: a payment whose answer was lost can be recovered with its deadline.
    ...(payLimit && { data: { payLimit: payLimit.toISOString() } }),
    call: () => deps.escott.cvs.create({ ...input.params, amount: order.amount, merchantFree1: order.merchantFree1 }, input.requestOptions),
    record: (p) => cvsChargeRecord(p),
  })
}

const DAY_MS = 86_400_000
const TOKYO_MS = 9 * 3_600_000

/** The deadline a 2Add asks for: a Date as given, or 23:59 Japan time `days` calendar days from today. */
function deadlineOf(payLimit: CreateCvsParams['payLimit'], now = Date.now()): Date | undefined {
  if (payLimit instanceof Date) return payLimit
  if (typeof payLimit !== 'number' || !Number.isInteger(payLimit)) return undefined
  const day = Math.floor((now + TOKYO_MS) / DAY_MS) + payLimit
  return new Date(day * DAY_MS + (23 * 60 + 59) * 60_000 - TOKYO_MS)
}

/**
 * The ShouhinName of a convenience-store payment (at most 16 characters, shown on the payment slip): the first
 * item's name, with 他 ("and others") when there are more.
 *
 * @example
 * ```ts
 * cvsProductName(['煎茶 100g', '湯呑み']) // '煎茶 100g 他'
 * ```
 */
export function cvsProductName(itemNames: readonly string[]): string {
  const first = itemNames[0] || 'ご注文'
  const suffix = itemNames.length > 1 ? ' 他' : ''
  return (
    Array.from(first)
      .slice(0, 16 - suffix.length)
      .join('') + suffix
  )
}
