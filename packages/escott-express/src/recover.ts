/**
 * Order recovery (受注の取りこぼし対策). Lists orders whose payment reached the gateway but never finished here —
 * browser closed during 3-D Secure, server killed between the charge and the order update, a call whose answer
 * never came — and completes or cancels them. Works from the journal only, so it finds every such charge.
 */
import type { MemberRef } from 'escott-core'
import type { EscottLike } from './escott-like.js'
import { errorSummary } from './errors.js'
import { journaled } from './journal.js'
import type { JournalEntry, JournalOperation, Order, OrderPatch, OrderStatus, OrderStore, PaymentDetails } from './types.js'

/** Journal operations that create a charge (or a payment slip) at the gateway. */
export const CHARGING_OPERATIONS: readonly JournalOperation[] = Object.freeze(['card.authorize', 'cvs.create'])

/** Statuses of an order that has not (yet) recorded a payment. */
const UNFINISHED: readonly OrderStatus[] = ['pending', 'awaiting_3ds', 'processing', 'needs_reconciliation']

/**
 * - `charged_not_finished`: the gateway accepted (ProcessId known) but the order never recorded it. Complete applies
 *   the recorded result; cancel voids the charge at the gateway.
 * - `outcome_unknown`: the call was sent (or the shopper went to 3-D Secure) and no answer was recorded. Look the
 *   link key up in the e-SCOTT admin console (自由領域1). Complete needs the ProcessId/ProcessPass found there;
 *   cancel voids it when given them, or otherwise just closes the order as not charged.
 * - `notification_mismatch`: an authentic payment notification that could not be applied (unknown order, amount
 *   mismatch, order already canceled). Complete marks the order paid; cancel dismisses the line.
 */
export type RecoveryKind = 'charged_not_finished' | 'outcome_unknown' | 'notification_mismatch'

/** One thing to recover. */
export interface RecoveryCase {
  /** The journal line id: pass it (or the order id) to {@link completeRecovery} / {@link cancelRecovery}. */
  id: string
  kind: RecoveryKind
  orderId: string | null
  order: Order | undefined
  /** Link key (MerchantFree1) to search in the e-SCOTT admin console. */
  merchantFree1: string
  operation: JournalOperation
  amount: number | null
  processId: string | undefined
  createdAt: Date
  /** What happened, for people. */
  description: { ja: string; en: string }
}

/** Options of {@link recover}. */
export interface RecoverOptions {
  orders: OrderStore
  /**
   * A `pending` line younger than this may still be in flight and is not listed; default 10 minutes. 3-D Secure
   * round trips get at least 45 minutes (the shopper-side limit is 40 minutes).
   */
  olderThanMs?: number
  now?: Date
  /** Also list calls that may still be in flight (used when a person acts on a named order). */
  includeInFlight?: boolean
}

const THREE_DS_WINDOW_MS = 45 * 60_000

interface ChargeResult {
  status?: OrderStatus
  method?: 'card' | 'cvs'
  payment?: PaymentDetails
  via?: string
}

function chargeOf(entry: JournalEntry): ChargeResult {
  return (entry.result ?? {}) as ChargeResult
}

/** Lists everything that needs a person's decision, oldest first. */
export async function recover(options: RecoverOptions): Promise<RecoveryCase[]> {
  const { orders } = options
  const now = (options.now ?? new Date()).getTime()
  const olderThan = options.olderThanMs ?? 10 * 60_000
  const lines = await orders.journal({ unresolved: true })
  const cases: RecoveryCase[] = []
  const orderCache = new Map<string, Order | undefined>()
  const orderOf = async (id: string | null) => {
    if (!id) return undefined
    if (!orderCache.has(id)) orderCache.set(id, await orders.get(id))
    return orderCache.get(id)
  }
  for (const entry of lines) {
    if (entry.operation === 'cvs.notification') {
      if (entry.outcome !== 'failed') continue
      const order = await orderOf(entry.orderId)
      const reason = String(entry.result?.reason ?? 'unknown')
      cases.push(make(entry, 'notification_mismatch', order, notificationText(reason, entry)))
      continue
    }
    if (!CHARGING_OPERATIONS.includes(entry.operation)) {
      // A follow-up (capture, cancel…) whose answer never came: the state at the gateway is unknown. A card
      // registration sent through 3-D Secure gets the shopper's 3-D Secure time first.
      const waitMs = chargeOf(entry).via === '3ds' ? Math.max(olderThan, THREE_DS_WINDOW_MS) : olderThan
      if (entry.outcome === 'unknown' || (entry.outcome === 'pending' && (options.includeInFlight || now - entry.createdAt.getTime() > waitMs))) {
        const order = await orderOf(entry.orderId)
        cases.push(
          make(entry, 'outcome_unknown', order, {
            ja: `${entry.operation} の結果が不明です。e-SCOTT 管理画面で取引の状態を確認してください。`,
            en: `The result of ${entry.operation} is unknown. Check the transaction in the e-SCOTT admin console.`,
          }),
        )
      }
      continue
    }
    const order = await orderOf(entry.orderId)
    if (entry.outcome === 'ok') {
      const charge = chargeOf(entry)
      const processId = charge.payment?.processId
      const recorded = order && !UNFINISHED.includes(order.status) && order.payment.processId === processId
      if (recorded) continue
      cases.push(
        make(entry, 'charged_not_finished', order, {
          ja: `決済は成立（ProcessId ${processId ?? '-'}）していますが、受注に反映されていません。完了で受注に反映、取消で決済を取り消します。`,
          en: `The gateway accepted the payment (ProcessId ${
            processId ?? '-'
          }) but the order never recorded it. Complete applies it; cancel voids it.`,
        }),
      )
      continue
    }
    const age = now - entry.createdAt.getTime()
    const window = options.includeInFlight ? -1 : chargeOf(entry).via === '3ds' ? Math.max(olderThan, THREE_DS_WINDOW_MS) : olderThan
    if (entry.outcome === 'unknown' || (entry.outcome === 'pending' && age > window)) {
      // Even when a later attempt of the same order succeeded, an unanswered trip is listed: it may have charged too.
      cases.push(
        make(entry, 'outcome_unknown', order, {
          ja: `決済要求は送信済みですが結果がありません（リンクキー ${entry.merchantFree1}）。e-SCOTT 管理画面で自由領域1を検索し、取引があれば ProcessId を指定して完了または取消、なければ取消してください。`,
          en: `The payment request was sent but no result was recorded (link key ${entry.merchantFree1}). Search MerchantFree1 in the e-SCOTT admin console: if a transaction exists, complete or cancel with its ProcessId; otherwise cancel.`,
        }),
      )
    }
  }
  return cases
}

function make(entry: JournalEntry, kind: RecoveryKind, order: Order | undefined, description: { ja: string; en: string }): RecoveryCase {
  return {
    id: entry.id,
    kind,
    orderId: entry.orderId,
    order,
    merchantFree1: entry.merchantFree1,
    operation: entry.operation,
    amount: entry.amount,
    processId: chargeOf(entry).payment?.processId ?? (entry.result?.processId as string | undefined),
    createdAt: entry.createdAt,
    description,
  }
}

function notificationText(reason: string, entry: JournalEntry): { ja: string; en: string } {
  const amount = entry.result?.amount
  switch (reason) {
    case 'amount':
      return {
        ja: `入金通知の金額（${amount}円）が受注金額と一致しません。e-SCOTT 管理画面と照合してください（不一致データ検出）。`,
        en: `The payment notification amount (${amount} yen) does not match the order. Compare with the e-SCOTT admin console.`,
      }
    case 'unknown_order':
      return {
        ja: `入金通知に対応する受注がありません（自由領域1 ${entry.merchantFree1}）。e-SCOTT 管理画面と照合してください。`,
        en: `No order matches the payment notification (MerchantFree1 ${entry.merchantFree1}). Compare with the e-SCOTT admin console.`,
      }
    default:
      return {
        ja: `入金通知を受注に反映できませんでした（${reason}）。e-SCOTT 管理画面と照合してください。`,
        en: `The payment notification could not be applied (${reason}). Compare with the e-SCOTT admin console.`,
      }
  }
}

/** What the gateway transaction is, when the operator found it in the admin console. */
export interface RecoveryEvidence {
  processId: string
  processPass: string
}

/** Options of {@link completeRecovery} and {@link cancelRecovery}. */
export interface RecoveryActionOptions {
  orders: OrderStore
  /** Needed to void charges and to confirm evidence at the gateway. */
  escott?: EscottLike
}

/** The open case named by its id or its order's id, with its journal line. */
async function findCase(orders: OrderStore, idOrOrderId: string): Promise<{ c: RecoveryCase; entry: JournalEntry | undefined }> {
  const cases = await recover({ orders, includeInFlight: true })
  const forOrder = cases.filter((c) => c.orderId === idOrOrderId)
  const c = cases.find((x) => x.id === idOrOrderId) ?? (forOrder.length === 1 ? forOrder[0] : undefined)
  if (c) return { c, entry: (await orders.journal({ orderId: c.orderId ?? undefined })).find((j) => j.id === c.id) }
  if (forOrder.length > 1)
    throw new Error(`order ${idOrOrderId} has ${forOrder.length} open cases: give the case id (${forOrder.map((c) => c.id).join(', ')})`)
  throw new Error(`nothing to recover for ${idOrOrderId}`)
}

async function memberFor(orders: OrderStore, order: Order | undefined, payment: PaymentDetails | undefined): Promise<MemberRef | undefined> {
  if (!payment?.member || !order?.customerId) return undefined
  const m = await orders.getMember(order.customerId)
  return m ? { kaiinId: m.kaiinId, kaiinPass: m.kaiinPass } : undefined
}

/**
 * Completes a case: applies a recorded charge to its order, marks the order paid for a notification mismatch, or —
 * for an unknown outcome — applies the transaction the operator found (confirmed with `card.retrieve` /
 * `cvs.retrieve` when `escott` is given). Returns the updated order.
 */
export async function completeRecovery(options: RecoveryActionOptions, idOrOrderId: string, evidence?: RecoveryEvidence): Promise<Order | undefined> {
  const { orders, escott } = options
  const { c, entry } = await findCase(orders, idOrOrderId)
  let order = c.order
  if (c.kind === 'notification_mismatch') {
    if (!order) throw new Error('the notification matches no order: cancel (dismiss) it after handling it in the e-SCOTT admin console')
    const n = (entry?.result ?? {}) as Record<string, unknown>
    order = await orders.update(order.id, {
      status: 'paid',
      payment: {
        paidAt: typeof n.paidAt === 'string' ? n.paidAt : new Date().toISOString(),
        recvNum: n.recvNum as string | undefined,
        cvsCd: n.cvsCd as string | undefined,
      },
      lastError: null,
    })
    await orders.resolveJournal(c.id, 'completed')
    return order
  }
  if (!order) throw new Error(`order ${c.orderId} no longer exists`)
  let patch: OrderPatch
  if (c.kind === 'charged_not_finished') {
    const charge = chargeOf(entry!)
    if (!UNFINISHED.includes(order.status)) {
      throw new Error(`order ${order.id} already records another payment (${order.payment.processId}); cancel this duplicate charge instead`)
    }
    patch = { status: charge.status, method: charge.method, payment: charge.payment ?? {}, lastError: null }
  } else {
    if (!evidence)
      throw new Error('give the ProcessId and ProcessPass found in the e-SCOTT admin console (search MerchantFree1 ' + c.merchantFree1 + ')')
    const isCvs = c.operation === 'cvs.create'
    let status: OrderStatus = isCvs ? 'unpaid' : 'authorized'
    if (escott) {
      if (isCvs) {
        const info = await escott.cvs.retrieve({ ...evidence, merchantFree1: order.merchantFree1 })
        status = info.paid ? 'paid' : 'unpaid'
      } else {
        const member = await memberFor(orders, order, order.payment)
        const info = await escott.card.retrieve({ ...evidence, ...(member && { member }), merchantFree1: order.merchantFree1 })
        if (info.salesDate) status = 'captured'
      }
    }
    patch = {
      status,
      method: isCvs ? 'cvs' : 'card',
      payment: { processId: evidence.processId, processPass: evidence.processPass, authorizedAt: c.createdAt.toISOString() },
      lastError: null,
    }
  }
  const updated = await orders.update(order.id, patch)
  await orders.resolveJournal(c.id, 'completed')
  return updated
}

/**
 * Cancels a case: voids the charge at the gateway (card `1Delete`, convenience store `2Del`) when its ProcessId is
 * known (recorded, or given as evidence) and closes the order as canceled. For an unknown outcome without evidence
 * it only closes the order — do that after checking the admin console shows no transaction.
 */
export async function cancelRecovery(options: RecoveryActionOptions, idOrOrderId: string, evidence?: RecoveryEvidence): Promise<Order | undefined> {
  const { orders, escott } = options
  const { c, entry } = await findCase(orders, idOrOrderId)
  const order = c.order
  if (c.kind === 'notification_mismatch') {
    await orders.resolveJournal(c.id, 'canceled')
    return order
  }
  const charge = entry ? chargeOf(entry) : {}
  const ref =
    evidence ??
    (charge.payment?.processId && charge.payment.processPass
      ? { processId: charge.payment.processId, processPass: charge.payment.processPass }
      : undefined)
  const isCvs = c.operation === 'cvs.create'
  if (ref) {
    if (!escott) throw new Error('an escott client is needed to void the charge at the gateway')
    const member = await memberFor(orders, order, charge.payment ?? order?.payment)
    await journaled(
      orders,
      { orderId: c.orderId, merchantFree1: c.merchantFree1, operation: isCvs ? 'cvs.cancel' : 'card.cancel', amount: c.amount },
      () =>
        isCvs
          ? escott.cvs.cancel({ ...ref, merchantFree1: c.merchantFree1 })
          : escott.card.cancel({ ...ref, ...(member && { member }), merchantFree1: c.merchantFree1 }),
      (r) => ({ processId: (r as { processId?: string }).processId ?? ref.processId, transactionId: r.transactionId }),
    ).catch((err) => {
      throw new Error(`voiding ${ref.processId} failed: ${JSON.stringify(errorSummary(err))}`, { cause: err })
    })
  }
  let updated = order
  // Close the order only when this case is what it is about; an order that recorded another payment keeps it.
  if (order && (UNFINISHED.includes(order.status) || order.payment.processId === ref?.processId)) {
    updated = await orders.update(order.id, {
      status: 'canceled',
      method: isCvs ? 'cvs' : 'card',
      payment: { ...(ref && { processId: ref.processId }), canceledAt: new Date().toISOString() },
    })
  }
  await orders.resolveJournal(c.id, 'canceled')
  return updated
}
