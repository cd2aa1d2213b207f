/**
 * Recovery, acting on one case: complete (apply it to the order), cancel (void it at the gateway and close the
 * order), or reconcile (ask the gateway with 1Search when the ProcessId is known, and apply what it says).
 * Errors are `EscottFlowError`s with a code to branch on.
 */
import { isEscottError, type MemberRef } from 'escott-core'
import { chargePatch } from './charge.js'
import type { FlowClient } from './client.js'
import { EscottFlowError } from './errors.js'
import { errorSummary } from './failure.js'
import { claimProcessId, confirmCharge, processIdKey, type UnconfirmedReason } from './gateway-record.js'
import { journaled } from './journal.js'
import type { FlowLogger, JournalStore, MemberStore, OnceKeys, OrderPort } from './ports.js'
import { listRecoveryCases, recordedCharge, type RecoveryCase } from './recovery.js'
import { CHARGING_OPERATIONS, UNFINISHED_STATUSES, type FlowOrder, type FlowOrderPatch, type PaymentStatus } from './types.js'

/** What the gateway transaction is, when the operator found it in the admin console. */
export interface RecoveryEvidence {
  processId: string
  processPass: string
}

/** What the actions need; `escott` to void or look up at the gateway, `members` for stored-card charges. */
export interface RecoveryDeps {
  journal: JournalStore
  orders: OrderPort
  members?: MemberStore
  /** Which order holds which ProcessId: completing an order with another order's transaction is refused. */
  onceKeys?: OnceKeys
  escott?: FlowClient
  log?: FlowLogger
}

/** The open case named by its id or by its order's id. */
export async function findRecoveryCase(deps: Pick<RecoveryDeps, 'journal' | 'orders'>, idOrOrderId: string): Promise<RecoveryCase> {
  const cases = await listRecoveryCases(deps, { includeInFlight: true })
  const byId = cases.find((c) => c.id === idOrOrderId)
  if (byId) return byId
  const forOrder = cases.filter((c) => c.orderId === idOrOrderId)
  if (forOrder.length === 1) return forOrder[0]!
  if (forOrder.length > 1) {
    throw new EscottFlowError('RECOVERY_CASE_AMBIGUOUS', { detail: `order ${idOrOrderId}: ${forOrder.map((c) => c.id).join(', ')}` })
  }
  throw new EscottFlowError('RECOVERY_CASE_NOT_FOUND', { detail: idOrOrderId })
}

/**
 * The member credentials a follow-up on this case's charge must send (else the gateway answers K80): when a stored
 * card paid, by the charge record, the intent line or the order.
 */
async function memberFor(deps: RecoveryDeps, c: RecoveryCase, order: FlowOrder | undefined): Promise<MemberRef | undefined> {
  const byMember = recordedCharge(c.entry).payment?.member === true || c.entry.result?.member === true || order?.payment.member === true
  if (!byMember || !order?.customerId || !deps.members) return undefined
  const m = await deps.members.get(order.customerId)
  return m ? { kaiinId: m.kaiinId, kaiinPass: m.kaiinPass } : undefined
}

const isCvsCase = (c: RecoveryCase, order: FlowOrder | undefined) => c.operation.startsWith('cvs.') || order?.method === 'cvs'

/** What 1Search (2Ref) says about a transaction. */
interface GatewayView {
  status: PaymentStatus
  amount: number | undefined
  /** Convenience store: the payment number, payment place and time. */
  kessaiNumber?: string | undefined
  paidAt?: Date | undefined
  cvsCd?: string | undefined
}

async function lookUp(deps: RecoveryDeps, c: RecoveryCase, order: FlowOrder, ref: RecoveryEvidence): Promise<GatewayView> {
  const escott = deps.escott
  if (!escott) throw new EscottFlowError('RECOVERY_CLIENT_REQUIRED')
  if (isCvsCase(c, order)) {
    const info = await escott.cvs.retrieve({ ...ref, merchantFree1: order.merchantFree1 })
    return { status: info.paid ? 'paid' : 'unpaid', amount: info.amount, kessaiNumber: info.kessaiNumber, paidAt: info.paidAt, cvsCd: info.cvsCd }
  }
  const member = await memberFor(deps, c, order)
  const info = await escott.card.retrieve({ ...ref, ...(member && { member }), merchantFree1: order.merchantFree1 })
  return { status: info.salesDate ? 'captured' : 'authorized', amount: info.amount }
}

/** True when another order holds the ProcessId: by the once-keys, or by a charge another order's journal recorded. */
async function heldByAnotherOrder(deps: RecoveryDeps, processId: string, orderId: string): Promise<boolean> {
  const owner = deps.onceKeys ? await deps.onceKeys.owner(processIdKey(processId)) : undefined
  if (owner !== undefined && owner !== orderId) return true
  const lines = await deps.journal.list({ outcome: ['ok'], operation: CHARGING_OPERATIONS })
  return lines.some((l) => l.orderId !== null && l.orderId !== orderId && l.resolution !== 'canceled' && recordedCharge(l).payment?.processId === processId)
}

/** Result of {@link checkTransaction}. */
type TransactionCheck = { ok: true; view: GatewayView } | { ok: false; reason: UnconfirmedReason; gatewayAmount?: number | undefined; codes: string[] }

/**
 * The transaction a case names, checked against the order before anything is applied: the gateway holds it (1Search /
 * 2Ref) with the order's amount (and, when answered, its link key and the expected state), and no other order holds
 * its ProcessId. A lookup that cannot be made is thrown.
 */
async function checkTransaction(deps: RecoveryDeps, c: RecoveryCase, order: FlowOrder, ref: RecoveryEvidence, expected: { amount: number; captured?: boolean | undefined }): Promise<TransactionCheck> {
  const escott = deps.escott
  if (!escott) throw new EscottFlowError('RECOVERY_CLIENT_REQUIRED', { detail: `confirm ${ref.processId} with 1Search / 2Ref` })
  const cvs = isCvsCase(c, order)
  const member = cvs ? undefined : await memberFor(deps, c, order)
  const check = await confirmCharge(escott, cvs ? 'cvs' : 'card', ref, { amount: expected.amount, merchantFree1: order.merchantFree1, captured: expected.captured, member })
  if (check.kind === 'unknown') {
    if (isEscottError(check.error)) throw check.error
    throw new EscottFlowError('RECOVERY_NOT_RECONCILABLE', { detail: String(check.error), cause: check.error })
  }
  if (check.kind === 'refused') return { ok: false, reason: check.reason, gatewayAmount: check.gatewayAmount, codes: check.codes ?? [] }
  if (await heldByAnotherOrder(deps, ref.processId, order.id)) return { ok: false, reason: 'taken', codes: [] }
  return { ok: true, view: { status: cvs ? (check.captured ? 'paid' : 'unpaid') : check.captured ? 'captured' : 'authorized', amount: check.amount } }
}

/** {@link checkTransaction}, throwing `RECOVERY_EVIDENCE_MISMATCH` / `RECOVERY_EVIDENCE_TAKEN` when it does not match. */
async function verifiedTransaction(deps: RecoveryDeps, c: RecoveryCase, order: FlowOrder, ref: RecoveryEvidence, expected: { amount: number; captured?: boolean | undefined }): Promise<GatewayView> {
  const check = await checkTransaction(deps, c, order, ref, expected)
  if (check.ok) return check.view
  if (check.reason === 'taken') throw new EscottFlowError('RECOVERY_EVIDENCE_TAKEN', { detail: `ProcessId ${ref.processId}` })
  const gateway = check.gatewayAmount !== undefined ? `, the gateway has ${check.gatewayAmount} yen` : ''
  throw new EscottFlowError('RECOVERY_EVIDENCE_MISMATCH', {
    detail: `${check.reason}: ProcessId ${ref.processId}, order ${order.id} expects ${expected.amount} yen${gateway}`,
    codes: check.codes,
  })
}

/** Records that the order now holds the ProcessId (so no other order can be completed with it). */
async function claimFor(deps: RecoveryDeps, processId: string | undefined, orderId: string): Promise<void> {
  if (!deps.onceKeys || !processId) return
  if (!(await claimProcessId(deps.onceKeys, processId, orderId))) throw new EscottFlowError('RECOVERY_EVIDENCE_TAKEN', { detail: `ProcessId ${processId}` })
}

async function applyNotification(deps: RecoveryDeps, c: RecoveryCase): Promise<FlowOrder | undefined> {
  if (!c.order) throw new EscottFlowError('RECOVERY_NOTIFICATION_WITHOUT_ORDER', { detail: c.merchantFree1 })
  const order = c.order
  const { processId, processPass } = order.payment
  if (!processId || !processPass) throw new EscottFlowError('RECOVERY_NOTIFICATION_WITHOUT_ORDER', { detail: `${c.merchantFree1}: the order records no payment slip` })
  // A notification's body is not the gateway's record: 2Ref must show this slip paid with the order's amount.
  await verifiedTransaction(deps, c, order, { processId, processPass }, { amount: order.amount, captured: true })
  const n = c.entry.result ?? {}
  const updated = await deps.orders.update(order.id, {
    status: 'paid',
    payment: {
      paidAt: typeof n.paidAt === 'string' ? n.paidAt : new Date().toISOString(),
      recvNum: n.recvNum as string | undefined,
      cvsCd: n.cvsCd as string | undefined,
    },
    lastError: null,
  })
  await deps.journal.resolve(c.id, 'completed')
  return updated
}

/**
 * The patch for a transaction found at the gateway (evidence from the admin console, or the order's own ProcessId for
 * a follow-up). A charge is applied only once 1Search / 2Ref confirms it (amount, link key, state, no other order holds
 * it: {@link verifiedTransaction}); a follow-up (capture, amount change…) may name only the order's own transaction.
 * Every date and payment field the order has is kept: a charge gets its registration time and (convenience store)
 * payment number and deadline; a follow-up keeps the authorisation time and adds what the follow-up did.
 */
async function evidencePatch(deps: RecoveryDeps, c: RecoveryCase, order: FlowOrder, evidence: RecoveryEvidence, verified?: GatewayView): Promise<FlowOrderPatch> {
  const cvs = isCvsCase(c, order)
  const member = cvs ? undefined : await memberFor(deps, c, order)
  const at = c.createdAt.toISOString()
  if (!CHARGING_OPERATIONS.includes(c.operation)) {
    if (evidence.processId !== order.payment.processId) {
      throw new EscottFlowError('RECOVERY_EVIDENCE_MISMATCH', {
        detail: `${c.operation} of order ${order.id} names ProcessId ${evidence.processId}, the order holds ${order.payment.processId ?? 'none'}`,
      })
    }
    const view = deps.escott ? await lookUp(deps, c, order, evidence) : undefined
    // 1Search tells captured from authorised and the amount; a cancel or re-authorisation it cannot show.
    const askable = c.operation === 'card.capture' || c.operation === 'card.changeAmount' || c.operation === 'cvs.update'
    const status = view && askable ? view.status : followUpStatus(c, order)
    return {
      status,
      payment: {
        ...(status === 'captured' && !order.payment.capturedAt && { capturedAt: at }),
        ...(status === 'canceled' && { canceledAt: at }),
        ...(c.operation === 'card.reauthorize' && { authorizedAt: at }),
        ...(view?.kessaiNumber && { kessaiNumber: view.kessaiNumber }),
      },
      ...(view?.amount !== undefined && { amount: view.amount }),
      lastError: null,
    }
  }
  const intent = c.entry.result ?? {}
  const { status } = verified ?? (await verifiedTransaction(deps, c, order, evidence, { amount: c.amount ?? order.amount }))
  // The confirmed slip's details (payment number, place, time) for the order's pages.
  const view = cvs && deps.escott ? await lookUp(deps, c, order, evidence) : undefined
  return {
    status,
    method: cvs ? 'cvs' : 'card',
    payment: {
      processId: evidence.processId,
      processPass: evidence.processPass,
      authorizedAt: at,
      ...(member && { member: true }),
      ...(cvs && { cvsChanges: 0 }),
      ...(cvs && typeof intent.payLimit === 'string' && { payLimit: intent.payLimit }),
      ...(view?.kessaiNumber && { kessaiNumber: view.kessaiNumber }),
      ...(view?.paidAt && { paidAt: view.paidAt.toISOString() }),
      ...(view?.cvsCd && { cvsCd: view.cvsCd }),
    },
    lastError: null,
  }
}

/** What a follow-up does to the status when the operator says it happened and the gateway cannot be asked. */
function followUpStatus(c: RecoveryCase, order: FlowOrder): PaymentStatus {
  switch (c.operation) {
    case 'card.capture':
      return 'captured'
    case 'card.cancel':
    case 'cvs.cancel':
      return 'canceled'
    case 'card.reauthorize':
      return 'authorized'
    default:
      return order.status
  }
}

/** The order's own transaction, for a follow-up whose answer never came (the store knows the ProcessId). */
function orderEvidence(c: RecoveryCase, order: FlowOrder): RecoveryEvidence | undefined {
  if (CHARGING_OPERATIONS.includes(c.operation)) return undefined
  const p = order.payment
  return p.processId && p.processPass ? { processId: p.processId, processPass: p.processPass } : undefined
}

/**
 * Completes a case: applies a recorded charge to its order, marks the order paid for a notification mismatch, or —
 * for an unknown outcome — applies the transaction the operator found (confirmed with 1Search when `escott` is given).
 * Returns the updated order.
 *
 * @example
 * ```ts
 * const order = await completeRecovery({ journal, orders, members, escott }, caseId, { processId, processPass })
 * ```
 */
export async function completeRecovery(deps: RecoveryDeps, idOrOrderId: string, evidence?: RecoveryEvidence): Promise<FlowOrder | undefined> {
  const c = await findRecoveryCase(deps, idOrOrderId)
  if (c.kind === 'notification_mismatch') return applyNotification(deps, c)
  const order = c.order
  if (!order) throw new EscottFlowError('RECOVERY_ORDER_MISSING', { detail: c.orderId ?? c.merchantFree1 })
  let patch: FlowOrderPatch
  if (c.kind === 'charged_not_finished') {
    if (!UNFINISHED_STATUSES.includes(order.status)) {
      throw new EscottFlowError('RECOVERY_ORDER_ALREADY_PAID', { detail: `order ${order.id} records ${order.payment.processId ?? 'a payment'}` })
    }
    const charge = recordedCharge(c.entry)
    const ref = charge.payment?.processId && charge.payment.processPass ? { processId: charge.payment.processId, processPass: charge.payment.processPass } : undefined
    // A charge journaled from a 3-D Secure payload (by versions before the gateway check) is confirmed first; any other
    // recorded charge is confirmed too when a client is at hand.
    if (ref && (deps.escott || charge.via === '3ds')) {
      await verifiedTransaction(deps, c, order, ref, { amount: c.amount ?? order.amount, captured: charge.status === undefined ? undefined : charge.status === 'captured' })
    }
    patch = chargePatch({ status: 'authorized', method: 'card', payment: {}, ...charge })
  } else {
    const known = evidence ?? orderEvidence(c, order)
    if (!known) throw new EscottFlowError('RECOVERY_EVIDENCE_REQUIRED', { detail: `MerchantFree1 ${c.merchantFree1}` })
    patch = await evidencePatch(deps, c, order, known)
  }
  await claimFor(deps, patch.payment?.processId, order.id)
  const updated = await deps.orders.update(order.id, patch)
  await deps.journal.resolve(c.id, 'completed')
  return updated
}

/**
 * Cancels a case: voids the charge at the gateway (card 1Delete, convenience store 2Del) when its ProcessId is known
 * (recorded, or given as evidence) and closes the order as canceled. For an unknown outcome without evidence it only
 * closes the order — do that after checking the admin console shows no transaction.
 */
export async function cancelRecovery(deps: RecoveryDeps, idOrOrderId: string, evidence?: RecoveryEvidence): Promise<FlowOrder | undefined> {
  const c = await findRecoveryCase(deps, idOrOrderId)
  const order = c.order
  if (c.kind === 'notification_mismatch') {
    await deps.journal.resolve(c.id, 'canceled')
    return order
  }
  const charge = recordedCharge(c.entry)
  const ref = evidence ?? (charge.payment?.processId && charge.payment.processPass ? { processId: charge.payment.processId, processPass: charge.payment.processPass } : undefined)
  const cvs = isCvsCase(c, order)
  if (ref) await voidAtGateway(deps, c, order, ref, cvs)
  let updated = order
  // Close the order only when this case is what it is about; an order that recorded another payment keeps it.
  if (order && (UNFINISHED_STATUSES.includes(order.status) || order.payment.processId === ref?.processId)) {
    updated = await deps.orders.update(order.id, {
      status: 'canceled',
      method: cvs ? 'cvs' : 'card',
      payment: { ...(ref && { processId: ref.processId }), canceledAt: new Date().toISOString() },
    })
  }
  await deps.journal.resolve(c.id, 'canceled')
  return updated
}

async function voidAtGateway(deps: RecoveryDeps, c: RecoveryCase, order: FlowOrder | undefined, ref: RecoveryEvidence, cvs: boolean): Promise<void> {
  const escott = deps.escott
  if (!escott) throw new EscottFlowError('RECOVERY_CLIENT_REQUIRED', { detail: `void ${ref.processId}` })
  const member = cvs ? undefined : await memberFor(deps, c, order)
  try {
    await journaled(
      deps.journal,
      { orderId: c.orderId, merchantFree1: c.merchantFree1, operation: cvs ? 'cvs.cancel' : 'card.cancel', amount: c.amount },
      () => (cvs ? escott.cvs.cancel({ ...ref, merchantFree1: c.merchantFree1 }) : escott.card.cancel({ ...ref, ...(member && { member }), merchantFree1: c.merchantFree1 })),
      (r) => ({ processId: r.processId ?? ref.processId, transactionId: r.transactionId }),
    )
  } catch (err) {
    throw new EscottFlowError('RECOVERY_VOID_FAILED', {
      detail: `${ref.processId}: ${JSON.stringify(errorSummary(err))}`,
      codes: isEscottError(err) ? [...err.codes] : [],
      cause: err,
    })
  }
}

/** Result of {@link reconcileRecovery}. */
export type ReconcileOutcome =
  /** The gateway confirms the charge or follow-up: applied to the order, case closed. */
  | { kind: 'completed'; case: RecoveryCase; order: FlowOrder | undefined }
  /** The gateway shows the follow-up did not happen: case closed, order unchanged. */
  | { kind: 'not_applied'; case: RecoveryCase; order: FlowOrder | undefined }
  /** The gateway's transaction does not carry the amount this case expects: nothing applied. */
  | { kind: 'amount_mismatch'; case: RecoveryCase; gatewayAmount: number | undefined }
  /**
   * A person must decide: `no_process_id` (search MerchantFree1 in the admin console, then complete or cancel with
   * the evidence), `not_determinable` (1Search cannot tell whether this operation happened), `not_at_gateway` (1Search
   * answers KBZ: no transaction under that ProcessId — wrong evidence, another merchant, or past retention),
   * `notification`, `evidence_mismatch` (the gateway's transaction is not this order's: another link key or state, or
   * another order holds its ProcessId).
   */
  | { kind: 'needs_person'; case: RecoveryCase; reason: 'no_process_id' | 'not_determinable' | 'not_at_gateway' | 'notification' | 'evidence_mismatch' }

/** What 1Search can tell about a follow-up: whether it happened, and the order's status if it did. */
function followUpHappened(c: RecoveryCase, order: FlowOrder, view: GatewayView): { happened: boolean; status: PaymentStatus } | undefined {
  switch (c.operation) {
    case 'card.capture':
      return { happened: view.status === 'captured', status: 'captured' }
    case 'card.changeAmount':
    case 'cvs.update':
      return c.amount === null || view.amount === undefined ? undefined : { happened: view.amount === c.amount, status: order.status }
    default:
      return undefined // cancel, re-authorisation, registrations: 1Search does not say
  }
}

/**
 * Asks the gateway (1Search) about a case whose ProcessId is known — a charge recorded in the journal but not on the
 * order, a follow-up whose answer never came, or a charge the operator found (`evidence`) — and applies what it says.
 * Without a ProcessId, or when 1Search cannot tell, it changes nothing and says a person must decide. For
 * escott-subscriptions' janitor and the recover command.
 */
export async function reconcileRecovery(deps: RecoveryDeps & { escott: FlowClient }, idOrOrderId: string, evidence?: RecoveryEvidence): Promise<ReconcileOutcome> {
  const c = await findRecoveryCase(deps, idOrOrderId)
  if (c.kind === 'notification_mismatch') return { kind: 'needs_person', case: c, reason: 'notification' }
  const order = c.order
  if (!order) throw new EscottFlowError('RECOVERY_ORDER_MISSING', { detail: c.orderId ?? c.merchantFree1 })
  const charging = CHARGING_OPERATIONS.includes(c.operation)
  const charge = recordedCharge(c.entry)
  const recorded = charge.payment?.processId && charge.payment.processPass ? { processId: charge.payment.processId, processPass: charge.payment.processPass } : undefined
  const onOrder = order.payment.processId && order.payment.processPass ? { processId: order.payment.processId, processPass: order.payment.processPass } : undefined
  const ref = evidence ?? recorded ?? (charging ? undefined : onOrder)
  if (!ref) return { kind: 'needs_person', case: c, reason: 'no_process_id' }
  if (charging) {
    const check = await checkTransaction(deps, c, order, ref, { amount: c.amount ?? order.amount })
    if (!check.ok && check.reason === 'amount') return { kind: 'amount_mismatch', case: c, gatewayAmount: check.gatewayAmount }
    if (!check.ok && check.reason === 'no_transaction' && check.codes.includes('KBZ')) return { kind: 'needs_person', case: c, reason: 'not_at_gateway' }
    if (!check.ok) return { kind: 'needs_person', case: c, reason: 'evidence_mismatch' }
    const base = recorded && !evidence ? chargePatch({ status: 'authorized', method: 'card', payment: {}, ...charge }) : await evidencePatch(deps, c, order, ref, check.view)
    await claimFor(deps, ref.processId, order.id)
    const updated = await deps.orders.update(order.id, { ...base, status: check.view.status })
    await deps.journal.resolve(c.id, 'completed')
    return { kind: 'completed', case: c, order: updated }
  }
  const view = await lookUp(deps, c, order, ref)
  const verdict = followUpHappened(c, order, view)
  if (!verdict) return { kind: 'needs_person', case: c, reason: 'not_determinable' }
  if (!verdict.happened) {
    await deps.journal.resolve(c.id, 'canceled')
    return { kind: 'not_applied', case: c, order }
  }
  const at = new Date().toISOString()
  const updated = await deps.orders.update(order.id, {
    status: verdict.status,
    lastError: null,
    ...(c.operation !== 'card.capture' && c.amount !== null && { amount: c.amount }),
    payment: { ...(c.operation === 'card.capture' && { capturedAt: at }) },
  })
  await deps.journal.resolve(c.id, 'completed')
  return { kind: 'completed', case: c, order: updated }
}
