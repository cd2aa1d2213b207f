/**
 * The storefront-readable view of a payment session (Medusa keeps it as the session's and the payment's `data`, which
 * the storefront and the admin read): references, states and what the shopper needs to see — never a token,
 * ProcessPass, KaiinPass or 3-D Secure result.
 */
import type { PaymentError, ThreeDSecureState } from 'escott-flows'
import type { PaymentSessionRecord } from '../sessions/types'

/** What a session shows of a failure: codes and the shopper message. */
function shownError(error: PaymentError | null) {
  return error ? { error: { codes: error.codes, shopper: error.shopper, at: error.at } } : {}
}

/** 3-D Secure as the storefront follows it. */
const THREE_DS_STATUS: Record<ThreeDSecureState['kind'], string> = {
  none: 'not_started',
  open: 'started',
  failed: 'failed',
  authenticated: 'passed',
  spent: 'not_started',
}

export function cardView(s: PaymentSessionRecord, threeDSecure: ThreeDSecureState, config: { required: boolean; available: boolean }) {
  const p = s.payment
  const card = s.extras.card
  return {
    method: 'card',
    merchantFree1: s.merchantFree1,
    status: s.status,
    amount: s.amount,
    payType: card?.payType,
    savedCard: card?.savedCard ?? false,
    saveCard: card?.saveCard ?? false,
    hasCard: Boolean(card?.token || card?.savedCard || p.processId),
    threeDSecure: {
      required: config.required,
      available: config.available,
      status: THREE_DS_STATUS[threeDSecure.kind],
      startPath: `/store/escott/3ds/${s.id}`,
    },
    ...(p.processId && {
      charge: {
        processId: p.processId,
        approveNo: p.approveNo,
        transactionId: p.transactionId,
        brand: p.brand,
        maskedCard: p.maskedCard,
        member: p.member ?? false,
        threeDSecure: p.threeDSecure ?? false,
        amount: s.extras.medusaAmount,
        currentAmount: s.amount,
        refunded: s.status === 'canceled' ? s.extras.medusaAmount : s.extras.medusaAmount - s.amount,
        authorizedAt: p.authorizedAt,
        capturedAt: p.capturedAt,
        canceledAt: p.canceledAt,
      },
    }),
    ...shownError(s.lastError),
  }
}

export function cvsView(s: PaymentSessionRecord) {
  const p = s.payment
  const fee = s.extras.cvs?.fee ?? 0
  return {
    method: 'cvs',
    merchantFree1: s.merchantFree1,
    status: s.status,
    amount: s.extras.medusaAmount,
    fee,
    ...(p.kessaiNumber && {
      slip: {
        kessaiNumber: p.kessaiNumber,
        paymentPageUrl: p.paymentPageUrl,
        payLimit: p.payLimit,
        amount: s.amount,
        fee,
        paidAt: p.paidAt,
        cvsCd: p.cvsCd,
        cvsName: p.cvsName,
      },
    }),
    ...shownError(s.lastError),
  }
}
