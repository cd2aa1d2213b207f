/** Card charges outside 3-D Secure: a token or a stored card, authorise (1Auth) or authorise and capture (1Gathering). */
import type { MemberRef, RequestOptions, ThreeDSecureData } from 'escott-core'
import { runCharge, type AttemptDeps, type ChargeOutcome } from './attempt.js'
import { cardChargeRecord, type CardDetails } from './charge.js'
import type { FlowClient } from './client.js'
import type { FlowOrder } from './types.js'

/** Input of {@link chargeCard}. */
export interface CardChargeInput {
  /** The order, claimed by the caller (`processing`); its `amount` is charged. */
  order: FlowOrder
  source: { token: string } | { member: MemberRef }
  details: CardDetails & { payType: string }
  /** Authorise and capture at once (1Gathering). */
  capture?: boolean
  /** The `threeDSecure` data of an authentication-only 3-D Secure result. */
  threeDSecure?: ThreeDSecureData
  /** Per-call `signal` / `timeoutMs` (an abort after sending is an unknown outcome, never retried). */
  requestOptions?: RequestOptions
}

/**
 * Authorises the order's amount, journaled, and records the charge or the failure on the order.
 *
 * @example
 * ```ts
 * const claimed = await orders.update(order.id, { status: 'processing' }, ['pending'])
 * const outcome = await chargeCard({ escott, journal, orders }, { order: claimed, source: { token }, details: { payType: '01' } })
 * if (outcome.kind === 'failed') showError(outcome.error.shopper.ja)
 * ```
 */
export async function chargeCard(deps: AttemptDeps & { escott: FlowClient }, input: CardChargeInput): Promise<ChargeOutcome> {
  const { order, details } = input
  const brand = details.brand && details.brand !== 'UNKNOWN' ? details.brand : undefined
  const member = 'member' in input.source
  return runCharge(deps, order, {
    operation: 'card.authorize',
    ...(input.capture && { operateId: '1Gathering' as const }),
    data: { member },
    call: () =>
      deps.escott.card.authorize(
        {
          amount: order.amount,
          ...input.source,
          payType: details.payType,
          ...(brand && { brand }),
          capture: input.capture ?? false,
          merchantFree1: order.merchantFree1,
          ...(input.threeDSecure !== undefined && { threeDSecure: input.threeDSecure }),
        },
        input.requestOptions,
      ),
    record: (tx) => cardChargeRecord(tx, { ...details, member: details.member ?? member }),
  })
}
