/**
 * The payment-notification policy (入金結果通知), the same for every adapter. HashCd = md5(ProcessPass + RecvNum +
 * MerchantPass) covers only those two fields, so everything else in the body — MerchantFree1, Amount, ProcessId,
 * Condition — may have been rewritten by whoever holds one genuine notification. Order of work:
 * 1. escott-core verifies format (no control characters, no repeated field), source address, MerchantId and HashCd —
 *    before anything from the body is looked up;
 * 2. a replay (the same ProcessPass + RecvNum: protected fields only) is acknowledged without touching anything;
 * 3. the order named by MerchantFree1 must be a convenience-store order that stores exactly this ProcessId and
 *    ProcessPass (constant-time): a notification re-addressed to another order, or sent against a card order, is
 *    refused and changes nothing;
 * 4. the amount must be the order's, and the gateway's own record (2Ref) must show the payment;
 * 5. the payment is recorded (order → paid) and remembered; only then may the adapter acknowledge it
 *    ({@link notificationResponse}).
 * Authentic notifications that cannot be applied (amount mismatch, unknown or canceled order, not confirmed by 2Ref)
 * are journaled once for recovery and acknowledged so the gateway stops resending them.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { isEscottNotificationError, NOTIFICATION_ACK, NOTIFICATION_NACK, type CvsNotification } from 'escott-core'
import type { FlowClient } from './client.js'
import { confirmCharge } from './gateway-record.js'
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

/**
 * Why a notification was refused (nothing changed): `binding` — authentic, but the order its MerchantFree1 names does
 * not store its ProcessId/ProcessPass (re-addressed, or sent against a card order); `error` — the gateway's record could
 * not be read (the gateway sends it again).
 */
export type NotificationRejection = 'hash' | 'merchant' | 'source_ip' | 'format' | 'error' | 'binding'

/** What the policy decided. The adapter only maps it to its response ({@link notificationResponse}). */
export type NotificationOutcome =
  /** The payment was recorded: the order is `paid`. */
  | { kind: 'applied'; order: FlowOrder }
  /** Seen before (ProcessPass + RecvNum): nothing changed. */
  | { kind: 'replay' }
  /** An authentic notification that reports no payment (journaled). */
  | { kind: 'not_paid'; order: FlowOrder }
  /** Authentic but not applicable: journaled for recovery (the order, when known, is flagged). */
  | { kind: 'needs_attention'; reason: string; order: FlowOrder | undefined }
  /** Forged, malformed, re-addressed or unverifiable: nothing changed. */
  | { kind: 'rejected'; reason: NotificationRejection }

/** The HTTP answer for an outcome: the acknowledgement once the notification is recorded, else the refusal. */
export function notificationResponse(outcome: NotificationOutcome): { status: number; body: string } {
  if (outcome.kind !== 'rejected') return { status: 200, body: NOTIFICATION_ACK }
  const status = outcome.reason === 'format' ? 400 : outcome.reason === 'error' ? 500 : 403
  return { status, body: NOTIFICATION_NACK }
}

/**
 * Replay key of a notification, from the two fields HashCd protects (ProcessPass, hashed, and RecvNum): a copy with a
 * rewritten ProcessId or MerchantFree1 is still the same notification.
 */
export function notificationReplayKey(n: { processPass: string; recvNum: string }): string {
  return `cvs-notification:${createHash('sha256').update(`${n.processPass}\u0000${n.recvNum}`, 'utf8').digest('hex')}`
}

/**
 * The replay key earlier versions kept (ProcessId + RecvNum). Still consulted once the ProcessId is bound to its order,
 * so that notifications recorded before an upgrade stay replays.
 * @deprecated Use {@link notificationReplayKey}: ProcessId is not covered by HashCd.
 */
export function notificationKey(n: { processId: string; recvNum: string }): string {
  return `${n.processId}:${n.recvNum}`
}

/** Constant-time equality of two secrets of any length. */
function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a === '' || b === '') return false
  const x = createHash('sha256').update(a, 'utf8').digest()
  const y = createHash('sha256').update(b, 'utf8').digest()
  return timingSafeEqual(x, y)
}

/** The order stores exactly this payment: a convenience-store order with this ProcessId and ProcessPass. */
function holds(order: FlowOrder, processId: string, processPass: string): boolean {
  const idMatches = sameSecret(order.payment.processId, processId)
  const passMatches = sameSecret(order.payment.processPass, processPass)
  return order.method === 'cvs' && idMatches && passMatches
}

/** Verifies a notification and applies it to its order, once. */
export async function handleCvsNotification(deps: NotificationDeps, input: NotificationInput): Promise<NotificationOutcome> {
  const log = deps.log ?? silentLogger
  let n: CvsNotification
  try {
    // Authenticity first: nothing from an unverified body reaches the store (a NUL would reach Postgres).
    n = deps.escott.cvs.verifyNotification(input.body, {
      remoteAddress: input.remoteAddress,
      ...(input.allowedIps && { allowedIps: input.allowedIps }),
    })
  } catch (err) {
    const reason = isEscottNotificationError(err) ? err.reason : undefined
    log.warn({ reason: reason ?? 'error', remoteAddress: input.remoteAddress }, 'payment notification rejected')
    return { kind: 'rejected', reason: reason === undefined || reason === 'amount' ? 'error' : reason }
  }
  const processPass = new URLSearchParams(input.body).get('ProcessPass') ?? ''
  const key = notificationReplayKey({ processPass, recvNum: n.recvNum })
  if (await deps.onceKeys.has(key)) {
    log.info({ merchantFree1: n.merchantFree1 }, 'payment notification replay ignored')
    return { kind: 'replay' }
  }
  const order = n.merchantFree1 ? await deps.orders.getByMerchantFree1(n.merchantFree1) : undefined
  if (!order || !holds(order, n.processId, processPass)) {
    // Authentic for some payment, but not for the order its (unprotected) MerchantFree1 names. Journaled once, with no
    // order, for a person; no order changes.
    if (await deps.onceKeys.claim(`${key}:unbound`, null)) {
      await journalNotification(deps.journal, null, n.merchantFree1 || '-', n.amount, 'failed', {
        reason: order ? 'not_this_order' : 'unknown_order',
        processId: n.processId,
        recvNum: n.recvNum,
        amount: n.amount,
        cvsCd: n.cvsCd,
      })
    }
    if (!order) {
      log.error({ merchantFree1: n.merchantFree1, processId: n.processId }, 'payment notification for an unknown order')
      await deps.onceKeys.claim(key, null)
      return { kind: 'needs_attention', reason: 'unknown_order', order: undefined }
    }
    log.error(
      { merchantFree1: n.merchantFree1, orderId: order.id, method: order.method, processId: n.processId },
      'payment notification does not belong to the order its MerchantFree1 names (re-addressed?): refused, nothing changed',
    )
    return { kind: 'rejected', reason: 'binding' }
  }
  if (await deps.onceKeys.has(notificationKey(n))) return { kind: 'replay' }
  if (n.amount !== order.amount) return amountMismatch(deps, order, n, key)
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
  // Condition and ResponseCd are not covered by HashCd either: the gateway's own record (2Ref) must show the payment.
  const check = await confirmCharge(
    deps.escott,
    'cvs',
    { processId: n.processId, processPass },
    {
      amount: order.amount,
      merchantFree1: order.merchantFree1,
      captured: true,
    },
  )
  if (check.kind === 'unknown') {
    log.warn({ orderId: order.id, merchantFree1: order.merchantFree1 }, 'payment notification not recorded yet: 2Ref unavailable (the gateway sends it again)')
    return { kind: 'rejected', reason: 'error' }
  }
  if (check.kind === 'refused') {
    await journalNotification(deps.journal, order.id, order.merchantFree1, n.amount, 'failed', {
      reason: 'unconfirmed',
      detail: check.reason,
      processId: n.processId,
      recvNum: n.recvNum,
      amount: n.amount,
      cvsCd: n.cvsCd,
    })
    await deps.onceKeys.claim(key, order.id)
    log.error({ orderId: order.id, merchantFree1: order.merchantFree1, reason: check.reason }, 'payment notification says paid, the gateway (2Ref) does not: kept for a person')
    return { kind: 'needs_attention', reason: 'unconfirmed', order }
  }
  const outcome = await applyPayment(deps, order, n)
  await deps.onceKeys.claim(key, order.id)
  return outcome
}

function journalNotification(journal: JournalStore, orderId: string | null, merchantFree1: string, amount: number | null, outcome: 'ok' | 'failed', result: JournalData) {
  return journal.append({ orderId, merchantFree1, operation: 'cvs.notification', amount, outcome, result })
}

async function amountMismatch(deps: NotificationDeps, order: FlowOrder, n: CvsNotification, key: string): Promise<NotificationOutcome> {
  const amount = n.amount
  await journalNotification(deps.journal, order.id, order.merchantFree1, amount, 'failed', {
    reason: 'amount',
    amount,
    expected: order.amount,
    recvNum: n.recvNum,
    cvsCd: n.cvsCd,
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
  const paid = await deps.orders.update(order.id, { status: 'paid', payment: { paidAt, cvsCd: n.cvsCd, cvsName: n.cvsName?.ja ?? n.cvsCd, recvNum: n.recvNum }, lastError: null }, [
    'unpaid',
    'processing',
    'needs_reconciliation',
  ])
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
