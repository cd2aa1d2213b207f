/**
 * The payment-notification policy (入金結果通知), the same for every adapter. Order of work:
 * 1. escott-core verifies source address, MerchantId, HashCd and the order's amount;
 * 2. a replay (same ProcessId + RecvNum) is acknowledged without touching anything;
 * 3. the payment is recorded (order → paid) and remembered;
 * 4. only then may the adapter send the acknowledgement the gateway expects (see {@link notificationResponse}).
 * Forged or unverifiable messages are refused and change nothing. Authentic messages that cannot be applied (amount
 * mismatch, unknown or canceled order) are journaled for recovery, the order is flagged, and the message is
 * acknowledged so the gateway stops resending it.
 */
import { isEscottNotificationError, NOTIFICATION_ACK, NOTIFICATION_NACK, type CvsNotification } from 'escott-core'
import type { FlowClient } from './client.js'
import { silentLogger, type FlowLogger, type JournalStore, type OnceKeys, type OrderPort } from './ports.js'
import type { FlowOrder, JournalData } from './types.js'

/** What the notification flow touches. */
export interface NotificationDeps {
  escott: Pick<FlowClient, 'cvs'>
  orders: OrderPort
  journal: JournalStore
  onceKeys: OnceKeys
  log?: FlowLogger
}

/** Input of {@link handleCvsNotification}. */
export interface NotificationInput {
  /** The raw body exactly as received. */
  body: string
  /** The sender's address (behind a proxy: as your framework's trusted-proxy setting resolves it). */
  remoteAddress: string | undefined
  /** Allowed source addresses or CIDR ranges; default escott-core's list for the environment. */
  allowedIps?: readonly string[]
}

/** Why a notification was refused (nothing changed). */
export type NotificationRejection = 'hash' | 'merchant' | 'source_ip' | 'format' | 'error'

/** What the policy decided. The adapter only maps it to its response ({@link notificationResponse}). */
export type NotificationOutcome =
  /** The payment was recorded: the order is `paid`. */
  | { kind: 'applied'; order: FlowOrder }
  /** Seen before (ProcessId + RecvNum): nothing changed. */
  | { kind: 'replay' }
  /** An authentic notification that reports no payment (journaled). */
  | { kind: 'not_paid'; order: FlowOrder }
  /** Authentic but not applicable: journaled for recovery (the order, when known, is flagged). */
  | { kind: 'needs_attention'; reason: string; order: FlowOrder | undefined }
  /** Forged, malformed or unverifiable: nothing changed. */
  | { kind: 'rejected'; reason: NotificationRejection }

/** The HTTP answer for an outcome: the acknowledgement once the notification is recorded, else the refusal. */
export function notificationResponse(outcome: NotificationOutcome): { status: number; body: string } {
  if (outcome.kind !== 'rejected') return { status: 200, body: NOTIFICATION_ACK }
  const status = outcome.reason === 'format' ? 400 : outcome.reason === 'error' ? 500 : 403
  return { status, body: NOTIFICATION_NACK }
}

/** Replay key of a notification. */
export function notificationKey(n: { processId: string; recvNum: string }): string {
  return `${n.processId}:${n.recvNum}`
}

/** Verifies a notification and applies it to its order, once. */
export async function handleCvsNotification(deps: NotificationDeps, input: NotificationInput): Promise<NotificationOutcome> {
  const log = deps.log ?? silentLogger
  const fields = new URLSearchParams(input.body)
  const linkKey = fields.get('MerchantFree1') ?? ''
  const order = linkKey ? await deps.orders.getByMerchantFree1(linkKey) : undefined

  let n: CvsNotification
  try {
    n = deps.escott.cvs.verifyNotification(input.body, {
      remoteAddress: input.remoteAddress,
      ...(input.allowedIps && { allowedIps: input.allowedIps }),
      ...(order && { expectedAmount: order.amount }),
    })
  } catch (err) {
    const reason = isEscottNotificationError(err) ? err.reason : undefined
    // Authentic (escott-core checks HashCd before the amount) but not what the order expects: a person must look.
    if (reason === 'amount' && order) return amountMismatch(deps, order, fields)
    log.warn({ reason: reason ?? 'error', remoteAddress: input.remoteAddress, merchantFree1: linkKey || undefined }, 'payment notification rejected')
    return { kind: 'rejected', reason: reason === 'amount' || reason === undefined ? 'error' : reason }
  }

  const key = notificationKey(n)
  if (await deps.onceKeys.has(key)) {
    log.info({ key, merchantFree1: n.merchantFree1 }, 'payment notification replay ignored')
    return { kind: 'replay' }
  }
  if (!order) {
    await journalNotification(deps.journal, null, n.merchantFree1 ?? '', n.amount, 'failed', {
      reason: 'unknown_order',
      processId: n.processId,
      recvNum: n.recvNum,
      amount: n.amount,
      cvsCd: n.cvsCd,
    })
    await deps.onceKeys.claim(key, null)
    log.error({ merchantFree1: n.merchantFree1, processId: n.processId }, 'payment notification for an unknown order')
    return { kind: 'needs_attention', reason: 'unknown_order', order: undefined }
  }
  if (!n.paid) {
    await journalNotification(deps.journal, order.id, order.merchantFree1, n.amount, 'ok', {
      paid: false,
      processId: n.processId,
      recvNum: n.recvNum,
      codes: n.responseCodes,
    })
    await deps.onceKeys.claim(key, order.id)
    return { kind: 'not_paid', order }
  }
  const outcome = await applyPayment(deps, order, n)
  await deps.onceKeys.claim(key, order.id)
  return outcome
}

function journalNotification(journal: JournalStore, orderId: string | null, merchantFree1: string, amount: number | null, outcome: 'ok' | 'failed', result: JournalData) {
  return journal.append({ orderId, merchantFree1, operation: 'cvs.notification', amount, outcome, result })
}

async function amountMismatch(deps: NotificationDeps, order: FlowOrder, fields: URLSearchParams): Promise<NotificationOutcome> {
  const key = notificationKey({ processId: fields.get('ProcessId') ?? '', recvNum: fields.get('RecvNum') ?? '' })
  if (await deps.onceKeys.has(key)) return { kind: 'replay' }
  const amount = fields.get('Amount')
  await journalNotification(deps.journal, order.id, order.merchantFree1, Number(amount) || null, 'failed', {
    reason: 'amount',
    amount,
    expected: order.amount,
    recvNum: fields.get('RecvNum'),
    cvsCd: fields.get('CvsCd'),
  })
  await deps.orders.update(order.id, {
    status: 'needs_reconciliation',
    lastError: {
      codes: [],
      operation: 'cvs.notification',
      shopper: { ja: '', en: '' },
      merchant: {
        ja: `入金通知の金額（${amount}円）が受注金額（${order.amount}円）と一致しません（不一致データ検出）。`,
        en: `Payment notification amount ${amount} differs from the order amount ${order.amount}.`,
      },
      remedy: {
        ja: 'e-SCOTT 管理画面で入金内容を確認し、recover コマンドで処理してください。',
        en: 'Check the payment in the e-SCOTT admin console and settle it with the recover command.',
      },
      at: new Date().toISOString(),
    },
  })
  await deps.onceKeys.claim(key, order.id)
  ;(deps.log ?? silentLogger).error({ orderId: order.id, merchantFree1: order.merchantFree1, amount, expected: order.amount }, 'payment notification amount mismatch')
  return { kind: 'needs_attention', reason: 'amount', order }
}

async function applyPayment(deps: NotificationDeps, order: FlowOrder, n: CvsNotification): Promise<NotificationOutcome> {
  const log = deps.log ?? silentLogger
  const paidAt = (n.paidAt ?? new Date()).toISOString()
  const paid = await deps.orders.update(
    order.id,
    { status: 'paid', payment: { paidAt, cvsCd: n.cvsCd, cvsName: n.cvsName?.ja ?? n.cvsCd, recvNum: n.recvNum }, lastError: null },
    ['unpaid', 'processing', 'needs_reconciliation'],
  )
  if (paid) {
    await journalNotification(deps.journal, order.id, order.merchantFree1, n.amount, 'ok', { paid: true, processId: n.processId, recvNum: n.recvNum, cvsCd: n.cvsCd, paidAt })
    log.info({ orderId: order.id, merchantFree1: order.merchantFree1, cvsCd: n.cvsCd }, 'convenience-store payment received')
    return { kind: 'applied', order: paid }
  }
  const current = await deps.orders.get(order.id)
  if (current?.status === 'paid') return { kind: 'applied', order: current } // already applied (a crash before the key was kept)
  // Paid after cancellation, or in a state that cannot take a payment: keep it for a person.
  const reason = `order_${current?.status ?? 'missing'}`
  await journalNotification(deps.journal, order.id, order.merchantFree1, n.amount, 'failed', {
    reason,
    processId: n.processId,
    recvNum: n.recvNum,
    amount: n.amount,
    cvsCd: n.cvsCd,
    paidAt,
  })
  log.error({ orderId: order.id, status: current?.status }, 'payment notification for an order that cannot take a payment')
  return { kind: 'needs_attention', reason, order: current }
}
