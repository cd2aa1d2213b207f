/**
 * Errors of the billing layer. Like everything in escott, they are `EscottError`s: bad input is escott-core's
 * `EscottValidationError` (field + fix), and a request that the billing state does not allow is an
 * {@link EscottBillingError} with a stable `reason`.
 */
import { EscottError } from 'escott-core'

/** Why a billing request was refused. */
export type BillingErrorReason = 'PLAN_NOT_FOUND' | 'PLAN_CONFLICT' | 'SUBSCRIPTION_NOT_FOUND' | 'CHARGE_NOT_FOUND' | 'INVALID_STATE' | 'CLOSED'

/** A billing request the current state does not allow (unknown id, wrong status, closed instance). */
export class EscottBillingError extends EscottError {
  override name = 'EscottBillingError' as const
  readonly reason: BillingErrorReason

  constructor(reason: BillingErrorReason, en: string, ja: string) {
    super({ message: en, category: 'validation', retryable: false, merchant: { ja, en } })
    this.reason = reason
  }
}

/** Cross-realm guard (`instanceof` or the literal name), like escott-core's guards. */
export function isEscottBillingError(err: unknown): err is EscottBillingError {
  return err instanceof EscottBillingError || (err instanceof Error && err.name === 'EscottBillingError')
}

export const notFound = (what: 'plan' | 'subscription' | 'charge', id: string) =>
  new EscottBillingError(
    what === 'plan' ? 'PLAN_NOT_FOUND' : what === 'subscription' ? 'SUBSCRIPTION_NOT_FOUND' : 'CHARGE_NOT_FOUND',
    `no ${what} with id ${id}`,
    `${what === 'plan' ? 'プラン' : what === 'subscription' ? '定期契約' : '課金'} ${id} は存在しません`,
  )

export const invalidState = (en: string, ja: string) => new EscottBillingError('INVALID_STATE', en, ja)
