/**
 * Charge records: what the journal line and the order both get when the gateway accepts a charge. Each builder runs
 * once per charge, so the two can never disagree (one `at` instant, one object).
 */
import type { CardTransaction, CvsPayment, ThreeDSecureResult } from 'escott-core'
import type { ChargeRecord, FlowOrderPatch, PaymentDetails } from './types.js'

/** Only the last four digits of a masked card number are kept. */
export function safeMask(masked: string | undefined | null): string | undefined {
  if (!masked) return undefined
  const digits = masked.replace(/[^0-9*]/g, '')
  const last4 = digits.slice(-4)
  if (!/^\d{4}$/.test(last4)) return undefined
  return '*'.repeat(Math.max(digits.length - 4, 8)) + last4
}

/** Card choices recorded with a charge (no card data beyond the masked number). */
export type CardDetails = Pick<PaymentDetails, 'payType' | 'brand' | 'maskedCard' | 'member' | 'threeDSecure'>

/** The record of an authorisation (1Auth) or an authorisation with capture (1Gathering). */
export function cardChargeRecord(tx: CardTransaction, details: CardDetails, at: Date = new Date()): ChargeRecord {
  const captured = tx.status === 'captured'
  return {
    status: tx.status,
    method: 'card',
    payment: {
      ...details,
      processId: tx.processId,
      processPass: tx.processPass,
      transactionId: tx.transactionId,
      approveNo: tx.approveNo,
      companyCd: tx.companyCd,
      payType: tx.payType ?? details.payType,
      operateId: captured ? '1Gathering' : '1Auth',
      authorizedAt: at.toISOString(),
      ...(captured && { capturedAt: at.toISOString() }),
    },
  }
}

/** The record of a charge made inside a 3-D Secure round trip (the merged flow's 1Auth / 1Gathering). */
export function threeDSecureChargeRecord(result: ThreeDSecureResult, details: CardDetails, at: Date = new Date()): ChargeRecord {
  const captured = result.operation === '1Gathering'
  return {
    status: captured ? 'captured' : 'authorized',
    method: 'card',
    via: '3ds',
    payment: {
      ...details,
      threeDSecure: true,
      processId: result.processId,
      processPass: result.processPass,
      transactionId: result.transactionId,
      approveNo: result.approveNo,
      companyCd: result.companyCd,
      operateId: captured ? '1Gathering' : '1Auth',
      authorizedAt: at.toISOString(),
      ...(captured && { capturedAt: at.toISOString() }),
    },
  }
}

/** The record of a registered convenience-store payment (2Add). */
export function cvsChargeRecord(p: CvsPayment, at: Date = new Date()): ChargeRecord {
  return {
    status: 'unpaid',
    method: 'cvs',
    payment: {
      processId: p.processId,
      processPass: p.processPass,
      transactionId: p.transactionId,
      kessaiNumber: p.kessaiNumber,
      paymentPageUrl: p.paymentPageUrl,
      payLimit: p.payLimit.toISOString(),
      authorizedAt: at.toISOString(),
      cvsChanges: 0,
    },
  }
}

/** The order patch that records a charge. */
export function chargePatch(charge: ChargeRecord): FlowOrderPatch {
  return { status: charge.status, method: charge.method, payment: charge.payment, lastError: null }
}
