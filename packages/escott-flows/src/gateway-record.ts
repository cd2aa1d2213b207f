/**
 * The gateway's own record as the only proof of a payment. A 3-D Secure result (AES-CBC without integrity), an
 * operator's evidence or anything else that names a ProcessId is believed only once 1Search (card) or 2Ref
 * (convenience store), sent with that ProcessId and ProcessPass, shows the transaction with the order's amount — and
 * once that ProcessId is held by no other order (a unique claim on the once-keys: blocks of an earlier genuine result
 * can be spliced into a new one).
 */
import { isEscottError, type MemberRef } from 'escott-core'
import type { FlowClient } from './client.js'
import type { OnceKeys } from './ports.js'

/** A transaction named by a result or an operator. */
export interface TransactionRef {
  processId: string
  processPass: string
}

/** What the order expects the gateway to hold. */
export interface ExpectedCharge {
  /** Integer yen the order charges. */
  amount: number
  /** The order's link key; compared with the answer's MerchantFree1 when the gateway returns one. */
  merchantFree1: string
  /** Card only: `true` for 1Gathering (captured at once), `false` for 1Auth, undefined when either may be true. */
  captured?: boolean | undefined
  /** Card only: the stored card that paid (1Search of a member payment must send it, else K80). */
  member?: MemberRef | undefined
}

/** Why the gateway's record does not confirm a charge. */
export type UnconfirmedReason =
  /** 1Search / 2Ref knows no such transaction for this ProcessId and ProcessPass (K10, K11, K12, KBZ, …). */
  | 'no_transaction'
  /** The transaction carries another amount than the order's. */
  | 'amount'
  /** The transaction is not in the state the result claims (captured when an authorisation was expected, …). */
  | 'state'
  /** The gateway's answer names another link key. */
  | 'link_key'
  /** Another order already holds this ProcessId. */
  | 'taken'

/** Result of {@link confirmCharge}. */
export type ChargeConfirmation =
  /** The gateway holds this transaction with the expected amount. `captured`: it has a SalesDate / is paid. */
  | { kind: 'confirmed'; amount: number; captured: boolean }
  /** The gateway's record contradicts the claim: never record it. */
  | { kind: 'refused'; reason: UnconfirmedReason; gatewayAmount?: number | undefined; codes?: string[] }
  /** The gateway could not be asked (timeout, maintenance): nothing is known yet. */
  | { kind: 'unknown'; error: unknown }

/** Gateway answers meaning "no transaction under this ProcessId / ProcessPass" (format, mismatch, not found). */
const NOT_FOUND_CODES = new Set(['K10', 'K11', 'K12', 'KBZ', 'K80', 'K81', 'K71'])

function classifyLookupError(err: unknown): ChargeConfirmation {
  if (isEscottError(err) && err.codes.some((c) => NOT_FOUND_CODES.has(c))) return { kind: 'refused', reason: 'no_transaction', codes: [...err.codes] }
  // escott-core validates ProcessId/ProcessPass before sending: a malformed one never names a transaction.
  if (isEscottError(err) && err.category === 'validation') return { kind: 'refused', reason: 'no_transaction', codes: [] }
  return { kind: 'unknown', error: err }
}

/**
 * Asks the gateway whether the transaction exists as expected: card payments with 1Search, convenience-store
 * payments with 2Ref. MerchantFree1 is not sent, so that an answer carrying one carries the gateway's own.
 *
 * @example
 * ```ts
 * const check = await confirmCharge(escott, 'card', { processId, processPass }, { amount: order.amount, merchantFree1: order.merchantFree1, captured: false })
 * if (check.kind !== 'confirmed') refuse(check)
 * ```
 */
export function confirmCharge(escott: Pick<FlowClient, 'card'>, method: 'card', ref: TransactionRef, expected: ExpectedCharge): Promise<ChargeConfirmation>
export function confirmCharge(escott: Pick<FlowClient, 'cvs'>, method: 'cvs', ref: TransactionRef, expected: ExpectedCharge): Promise<ChargeConfirmation>
export function confirmCharge(escott: Pick<FlowClient, 'card' | 'cvs'>, method: 'card' | 'cvs', ref: TransactionRef, expected: ExpectedCharge): Promise<ChargeConfirmation>
export async function confirmCharge(escott: Partial<Pick<FlowClient, 'card' | 'cvs'>>, method: 'card' | 'cvs', ref: TransactionRef, expected: ExpectedCharge): Promise<ChargeConfirmation> {
  let amount: number | undefined
  let captured: boolean
  let linkKey: string | undefined
  try {
    if (method === 'cvs') {
      const info = await escott.cvs!.retrieve({ processId: ref.processId, processPass: ref.processPass })
      amount = info.amount
      captured = info.paid
      linkKey = info.merchantFree1
    } else {
      const info = await escott.card!.retrieve({ processId: ref.processId, processPass: ref.processPass, ...(expected.member && { member: expected.member }) })
      amount = info.amount
      captured = info.salesDate !== undefined
      linkKey = info.merchantFree1
    }
  } catch (err) {
    return classifyLookupError(err)
  }
  if (amount === undefined || amount !== expected.amount) return { kind: 'refused', reason: 'amount', gatewayAmount: amount }
  if (linkKey !== undefined && linkKey !== expected.merchantFree1) return { kind: 'refused', reason: 'link_key' }
  if (expected.captured !== undefined && expected.captured !== captured) return { kind: 'refused', reason: 'state' }
  return { kind: 'confirmed', amount, captured }
}

/** The once-key under which an order holds a ProcessId. */
export function processIdKey(processId: string): string {
  return `process-id:${processId}`
}

/**
 * Claims `processId` for `orderId`: true when it was free (now this order's) or this order already held it; false when
 * another order (or a registration, or nobody known) holds it.
 */
export async function claimProcessId(onceKeys: OnceKeys, processId: string, orderId: string): Promise<boolean> {
  const key = processIdKey(processId)
  if (await onceKeys.claim(key, orderId)) return true
  return (await onceKeys.owner(key)) === orderId
}
