/**
 * One charge attempt on a claimed order: the journaled call, then the charge or the failure written to the order.
 * Card and convenience-store charges, and the 3-D Secure return, all end here.
 */
import { EscottUnrecordedOutcomeError, type OperateId } from 'escott-core'
import { chargePatch } from './charge.js'
import { classifyFailure, paymentErrorOf, type FailureClass } from './failure.js'
import { journaled, operateIdOf } from './journal.js'
import { claimProcessId } from './gateway-record.js'
import { silentLogger, type FlowLogger, type JournalStore, type OnceKeys, type OrderPort } from './ports.js'
import type { ChargeRecord, FlowOrder, JournalData, PaymentError, SentOperation } from './types.js'

/** What a charge attempt needs. */
export interface AttemptDeps {
  journal: JournalStore
  orders: OrderPort
  /** When given, every recorded charge claims its ProcessId for its order (no other order can then be given it). */
  onceKeys?: OnceKeys
  log?: FlowLogger
}

/** How a charge attempt ended. The order has been updated accordingly. */
export type ChargeOutcome =
  /** The gateway accepted; the order records `charge` (the same object the journal line holds). */
  | { kind: 'charged'; order: FlowOrder; charge: ChargeRecord }
  /** Nothing was charged; the order is payable again (`pending`) and shows `error`. */
  | { kind: 'failed'; failure: Exclude<FailureClass, 'outcome_unknown'>; order: FlowOrder; error: PaymentError }
  /** The charge may exist; the order is `needs_reconciliation`. Never retry: recover it. */
  | { kind: 'outcome_unknown'; order: FlowOrder; error: PaymentError }

/** Writes a successful charge to the order. */
export async function recordCharge(deps: AttemptDeps, order: FlowOrder, charge: ChargeRecord): Promise<FlowOrder> {
  const processId = charge.payment.processId
  if (deps.onceKeys && processId && !(await claimProcessId(deps.onceKeys, processId, order.id))) {
    // The gateway answered this order's own call with this ProcessId, so this cannot happen unless data was altered.
    ;(deps.log ?? silentLogger).error({ orderId: order.id, merchantFree1: order.merchantFree1, processId }, 'ProcessId of this charge is held by another order')
  }
  const updated = await deps.orders.update(order.id, chargePatch(charge))
  ;(deps.log ?? silentLogger).info({ orderId: order.id, merchantFree1: order.merchantFree1, status: charge.status, processId: charge.payment.processId }, 'payment recorded')
  return updated ?? order
}

/**
 * Writes a failed attempt to the order: an unknown outcome parks it in `needs_reconciliation` (never retried);
 * anything else makes it payable again with the error to show.
 */
export async function recordAttemptFailure(deps: AttemptDeps, order: FlowOrder, err: unknown, operation: string): Promise<Exclude<ChargeOutcome, { kind: 'charged' }>> {
  const log = deps.log ?? silentLogger
  const failure = classifyFailure(err)
  const error = paymentErrorOf(err, operation)
  if (failure === 'outcome_unknown') {
    log.error({ orderId: order.id, merchantFree1: order.merchantFree1, operation, error: error.merchant.en }, 'payment outcome unknown: order needs reconciliation (run recover)')
    const parked = await deps.orders.update(order.id, { status: 'needs_reconciliation', lastError: error }).catch(() => undefined)
    return { kind: 'outcome_unknown', order: parked ?? order, error }
  }
  log.warn({ orderId: order.id, merchantFree1: order.merchantFree1, operation, codes: error.codes, failure, error: error.merchant.en, remedy: error.remedy?.en }, 'payment refused')
  const reopened = await deps.orders.update(order.id, { status: 'pending', lastError: error })
  return { kind: 'failed', failure, order: reopened ?? order, error }
}

/** A charging call and how to record its result. */
export interface ChargeCall<T> {
  operation: SentOperation
  /** The OperateId sent, when not the operation's usual one. */
  operateId?: OperateId
  call: () => Promise<T>
  record: (result: T) => ChargeRecord
  /** Known before the call, kept on the intent line (e.g. `{ member: true }`). */
  data?: JournalData
}

/**
 * Runs a charging call for an order the caller has claimed (`processing`), journaled, and records the outcome on
 * the order. Never throws for a gateway failure: the outcome says what happened.
 */
export async function runCharge<T>(deps: AttemptDeps, order: FlowOrder, charge: ChargeCall<T>): Promise<ChargeOutcome> {
  let record: ChargeRecord
  try {
    ;({ record } = await journaled(
      deps.journal,
      {
        orderId: order.id,
        merchantFree1: order.merchantFree1,
        operation: charge.operation,
        amount: order.amount,
        ...(charge.operateId && { operateId: charge.operateId }),
        ...(charge.data && { data: charge.data }),
      },
      charge.call,
      (result) => charge.record(result) as ChargeRecord & JournalData,
    ))
  } catch (err) {
    return recordAttemptFailure(deps, order, err, charge.operation)
  }
  try {
    return { kind: 'charged', order: await recordCharge(deps, order, record), charge: record }
  } catch (err) {
    // The charge exists and its journal line says so: recovery will apply it. The order must not look payable.
    const unrecorded = new EscottUnrecordedOutcomeError({
      operation: operateIdOf(charge),
      merchantFree1: order.merchantFree1,
      reason: 'the order could not be updated (the journal holds the charge)',
      cause: err,
    })
    return recordAttemptFailure(deps, order, unrecorded, charge.operation)
  }
}
