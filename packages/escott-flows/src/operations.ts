/**
 * Follow-up operations on a recorded payment: capture, cancel, amount change and re-authorisation (card), cancel and
 * amount / deadline change (convenience store). escott-core's state machine decides what is allowed; each call is
 * journaled; the order gets the new state.
 */
import { allowedOperations, OPERATE_IDS, transition, type CardState, type CvsState, type Operation, type RequestOptions, type StateOptions } from 'escott-core'
import type { FlowClient } from './client.js'
import { classifyFailure, paymentErrorOf, type FailureClass } from './failure.js'
import { journaled } from './journal.js'
import { silentLogger, type FlowLogger, type JournalStore, type MemberStore, type OrderPort } from './ports.js'
import { JOURNAL_OPERATIONS, PAYMENT_STATES, type FlowOrder, type FlowOrderPatch, type PaymentError, type SentOperation } from './types.js'

/** What an operation needs. */
export interface OperationDeps {
  escott: FlowClient
  journal: JournalStore
  orders: OrderPort
  /** For payments made with a stored card: follow-ups must send its credentials (else K80). */
  members: MemberStore
  log?: FlowLogger
}

function stateOptions(order: FlowOrder): StateOptions {
  return {
    method: order.method ?? 'card',
    ...(order.payment.authorizedAt && { authorizedAt: order.payment.authorizedAt }),
    originalOperateId: order.payment.operateId ?? '1Auth',
    cvsChanges: order.payment.cvsChanges ?? 0,
  }
}

/** The operations escott-core allows on this order now (none while it has no recorded payment). */
export function allowedPaymentOperations(order: FlowOrder): Operation[] {
  if (!(PAYMENT_STATES as readonly string[]).includes(order.status) || !order.payment.processId) return []
  return allowedOperations(order.status as CardState | CvsState, stateOptions(order))
}

/** The journal operation of a state-machine operation on an order, found through the OperateId that performs it. */
export function journalOperationOf(order: FlowOrder, operation: Operation): SentOperation {
  const resource = order.method === 'cvs' ? 'cvs' : 'card'
  const found = (Object.keys(JOURNAL_OPERATIONS) as SentOperation[]).find((j) => {
    const operateId = JOURNAL_OPERATIONS[j]
    return j.startsWith(`${resource}.`) && operateId !== null && (OPERATE_IDS[operateId] as { followUp?: Operation }).followUp === operation
  })
  if (!found) throw new TypeError(`no ${resource} operation performs ${operation}`)
  return found
}

/** Input of {@link runPaymentOperation}. */
export interface OperationInput {
  order: FlowOrder
  operation: Operation
  /** Amount change and re-authorisation (card); convenience store: a new amount, optional. */
  amount?: number
  /** Convenience store: a new payment deadline. */
  payLimit?: Date
  /** Per-call `signal` / `timeoutMs`. */
  requestOptions?: RequestOptions
}

/** How an operation ended. */
export type OperationOutcome =
  | { kind: 'done'; order: FlowOrder }
  /** The state machine refuses it now; nothing was sent. */
  | { kind: 'not_allowed'; allowed: Operation[] }
  /** The gateway refused (or nothing was sent); the order keeps its state and shows `error`. */
  | { kind: 'failed'; failure: Exclude<FailureClass, 'outcome_unknown'>; order: FlowOrder; error: PaymentError }
  /** Sent, no answer: the journal line is `unknown` and recovery lists it. */
  | { kind: 'outcome_unknown'; order: FlowOrder; error: PaymentError }

/**
 * Runs one follow-up operation on an order's payment, journaled, and records the new state.
 *
 * @example
 * ```ts
 * const outcome = await runPaymentOperation(stores, { order, operation: 'capture' })
 * if (outcome.kind === 'outcome_unknown') alert('check the e-SCOTT admin console: ' + order.merchantFree1)
 * ```
 */
export async function runPaymentOperation(deps: OperationDeps, input: OperationInput): Promise<OperationOutcome> {
  const { order, operation, amount, payLimit, requestOptions: o } = input
  const allowed = allowedPaymentOperations(order)
  if (!allowed.includes(operation)) return { kind: 'not_allowed', allowed }
  const log = deps.log ?? silentLogger
  const nextState = transition(order.status as CardState | CvsState, operation, stateOptions(order))
  const isCvs = order.method === 'cvs'
  const p = order.payment
  const ref = { processId: p.processId!, processPass: p.processPass!, merchantFree1: order.merchantFree1 }
  const stored = !isCvs && p.member && order.customerId ? await deps.members.get(order.customerId) : undefined
  const cardRef = { ...ref, ...(stored && { member: { kaiinId: stored.kaiinId, kaiinPass: stored.kaiinPass } }) }
  const journalOperation = journalOperationOf(order, operation)
  const escott = deps.escott
  try {
    const { result } = await journaled(
      deps.journal,
      { orderId: order.id, merchantFree1: order.merchantFree1, operation: journalOperation, amount: amount ?? order.amount },
      async (): Promise<Record<string, unknown>> => {
        if (isCvs) {
          if (operation === 'cancel') return { ...(await escott.cvs.cancel(ref, o)) }
          return { ...(await escott.cvs.update({ ...ref, ...(amount !== undefined && { amount }), ...(payLimit && { payLimit }) }, o)) }
        }
        switch (operation) {
          case 'capture':
            return { ...(await escott.card.capture(cardRef, o)) }
          case 'cancel':
            return { ...(await escott.card.cancel(cardRef, o)) }
          case 'changeAmount':
            return { ...(await escott.card.changeAmount({ ...cardRef, amount: amount! }, o)) }
          case 'reauthorize':
            return { ...(await escott.card.reauthorize({ ...cardRef, amount: amount! }, o)) }
        }
      },
      (r) => ({ status: nextState, processId: (r.processId as string | undefined) ?? ref.processId, transactionId: r.transactionId, ...(payLimit && { payLimit: payLimit.toISOString() }) }),
    )
    const updated = await deps.orders.update(order.id, patchFor(order, operation, nextState, result, amount))
    log.info({ orderId: order.id, merchantFree1: order.merchantFree1, operation: journalOperation, status: nextState }, 'payment operation done')
    return { kind: 'done', order: updated ?? order }
  } catch (err) {
    const failure = classifyFailure(err)
    const error = paymentErrorOf(err, journalOperation)
    log.error({ orderId: order.id, operation: journalOperation, codes: error.codes, failure, error: error.merchant.en, remedy: error.remedy?.en }, 'payment operation failed')
    const flagged = (await deps.orders.update(order.id, { lastError: error }).catch(() => undefined)) ?? order
    return failure === 'outcome_unknown' ? { kind: 'outcome_unknown', order: flagged, error } : { kind: 'failed', failure, order: flagged, error }
  }
}

function patchFor(order: FlowOrder, operation: Operation, status: FlowOrder['status'], result: Record<string, unknown>, amount: number | undefined): FlowOrderPatch {
  const now = new Date().toISOString()
  const payment: NonNullable<FlowOrderPatch['payment']> = {}
  if (typeof result.processId === 'string' && result.processId) payment.processId = result.processId
  if (typeof result.processPass === 'string' && result.processPass) payment.processPass = result.processPass
  if (operation === 'capture') payment.capturedAt = now
  if (operation === 'cancel') payment.canceledAt = now
  if (operation === 'reauthorize') {
    payment.authorizedAt = now
    // A re-authorisation is a new authorisation: its approval number replaces the old one.
    const approveNo = (result.raw as Record<string, unknown> | undefined)?.ApproveNo ?? result.approveNo
    if (typeof approveNo === 'string' && approveNo) payment.approveNo = approveNo
  }
  if (order.method === 'cvs' && operation === 'changeAmount') {
    payment.cvsChanges = (order.payment.cvsChanges ?? 0) + 1
    if (typeof result.kessaiNumber === 'string') payment.kessaiNumber = result.kessaiNumber
    if (typeof result.paymentPageUrl === 'string') payment.paymentPageUrl = result.paymentPageUrl
    if (result.payLimit instanceof Date && !Number.isNaN(result.payLimit.getTime())) payment.payLimit = result.payLimit.toISOString()
  }
  return { status, lastError: null, payment, ...(amount !== undefined && { amount }) }
}
