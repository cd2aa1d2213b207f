/**
 * The payment-notification endpoint (入金結果通知). Order of work:
 * 1. escott-core verifies source address (Express's `req.ip`, so `trust proxy` decides whether X-Forwarded-For
 *    counts), MerchantId, HashCd and the order's amount;
 * 2. a replay (same ProcessId + RecvNum) is acknowledged without touching anything;
 * 3. the payment is recorded (order → paid) and remembered;
 * 4. only then is the acknowledgement the gateway expects (`NOTIFICATION_ACK`) sent.
 * Forged or unverifiable messages get `NOTIFICATION_NACK` with 400/403 and change nothing. Authentic messages that
 * cannot be applied (amount mismatch, unknown or canceled order) are journaled for `recover`, the order is flagged,
 * and the message is acknowledged so the gateway stops resending it.
 */
import express, { type Request, type Router } from 'express'
import { NOTIFICATION_ACK, NOTIFICATION_NACK, type CvsNotification } from 'escott-core'
import { wrap, type RouterContext } from '../context.js'
import type { Order } from '../types.js'

type Reason = 'hash' | 'merchant' | 'source_ip' | 'amount' | 'format'

function notificationReason(err: unknown): Reason | undefined {
  if (typeof err === 'object' && err !== null && (err as { name?: string }).name === 'EscottNotificationError') {
    return (err as { reason: Reason }).reason
  }
  return undefined
}

function cvsNameOf(n: CvsNotification): string | undefined {
  if (!n.cvsName) return n.cvsCd
  return typeof n.cvsName === 'string' ? n.cvsName : n.cvsName.ja
}

/** Replay key of a notification. */
export function notificationKey(n: { processId: string; recvNum: string }): string {
  return `${n.processId}:${n.recvNum}`
}

export function notificationRoutes(ctx: RouterContext): Router {
  const router = express.Router()
  // The raw body: escott-core parses it itself (and needs it exactly as sent).
  const text = express.text({ type: () => true, limit: '32kb' })

  router.post(
    '/cvs/notification',
    text,
    wrap(async (req: Request, res) => {
      const body = typeof req.body === 'string' ? req.body : ''
      const fields = new URLSearchParams(body)
      const remoteAddress = req.ip ?? req.socket.remoteAddress
      const linkKey = fields.get('MerchantFree1') ?? ''
      const order = linkKey ? await ctx.orders.getByMerchantFree1(linkKey) : undefined
      const nack = (status: number) => res.status(status).type('text/plain').send(NOTIFICATION_NACK)
      const ack = () => res.status(200).type('text/plain').send(NOTIFICATION_ACK)

      let n: CvsNotification
      try {
        n = ctx.escott.cvs.verifyNotification(body, {
          remoteAddress,
          ...(ctx.options.notification?.allowedIps && { allowedIps: ctx.options.notification.allowedIps }),
          ...(order && { expectedAmount: order.amount }),
        })
      } catch (err) {
        const reason = notificationReason(err)
        if (reason === 'amount' && order) {
          // Authentic (HashCd checked before the amount) but not what the order expects: a person must look.
          const rawKey = notificationKey({ processId: fields.get('ProcessId') ?? '', recvNum: fields.get('RecvNum') ?? '' })
          if (await ctx.orders.hasNotification(rawKey)) return ack()
          await journalNotification(ctx, order, Number(fields.get('Amount')) || null, 'failed', {
            reason: 'amount',
            amount: fields.get('Amount'),
            expected: order.amount,
            recvNum: fields.get('RecvNum'),
            cvsCd: fields.get('CvsCd'),
          })
          await ctx.orders.update(order.id, {
            status: 'needs_reconciliation',
            lastError: {
              codes: [],
              operation: 'cvs.notification',
              shopper: { ja: '', en: '' },
              merchant: {
                ja: `入金通知の金額（${fields.get('Amount')}円）が受注金額（${order.amount}円）と一致しません（不一致データ検出）。`,
                en: `Payment notification amount ${fields.get('Amount')} differs from the order amount ${order.amount}.`,
              },
              remedy: {
                ja: 'e-SCOTT 管理画面で入金内容を確認し、recover コマンドで処理してください。',
                en: 'Check the payment in the e-SCOTT admin console and settle it with the recover command.',
              },
              at: new Date().toISOString(),
            },
          })
          await ctx.orders.recordNotification(rawKey, order.id)
          ctx.log.error(
            { orderId: order.id, merchantFree1: order.merchantFree1, amount: fields.get('Amount'), expected: order.amount },
            'payment notification amount mismatch',
          )
          return ack()
        }
        ctx.log.warn({ reason: reason ?? 'error', remoteAddress, merchantFree1: linkKey || undefined }, 'payment notification rejected')
        return nack(reason === 'format' ? 400 : reason ? 403 : 500)
      }

      const key = notificationKey(n)
      if (await ctx.orders.hasNotification(key)) {
        ctx.log.info({ key, merchantFree1: n.merchantFree1 }, 'payment notification replay ignored')
        return ack()
      }
      if (!order) {
        await journalNotification(ctx, { id: null, merchantFree1: n.merchantFree1 ?? '' }, n.amount, 'failed', {
          reason: 'unknown_order',
          processId: n.processId,
          recvNum: n.recvNum,
          amount: n.amount,
          cvsCd: n.cvsCd,
        })
        await ctx.orders.recordNotification(key, null)
        ctx.log.error({ merchantFree1: n.merchantFree1, processId: n.processId }, 'payment notification for an unknown order')
        return ack()
      }
      if (!n.paid) {
        await journalNotification(ctx, order, n.amount, 'ok', {
          paid: false,
          processId: n.processId,
          recvNum: n.recvNum,
          codes: (n as { responseCodes?: string[] }).responseCodes,
        })
        await ctx.orders.recordNotification(key, order.id)
        return ack()
      }
      await applyPayment(ctx, order, n)
      await ctx.orders.recordNotification(key, order.id)
      ack()
    }),
  )

  return router
}

/** One journal line for a notification (ok when applied or harmlessly ignored, failed when it needs a person). */
function journalNotification(
  ctx: RouterContext,
  order: Pick<Order, 'id' | 'merchantFree1'> | { id: null; merchantFree1: string },
  amount: number | null,
  outcome: 'ok' | 'failed',
  result: Record<string, unknown>,
) {
  return ctx.orders.appendJournal({ orderId: order.id, merchantFree1: order.merchantFree1, operation: 'cvs.notification', amount, outcome, result })
}

async function applyPayment(ctx: RouterContext, order: Order, n: CvsNotification): Promise<void> {
  const paidAt = (n.paidAt ?? new Date()).toISOString()
  const paid = await ctx.orders.update(
    order.id,
    { status: 'paid', payment: { paidAt, cvsCd: n.cvsCd, cvsName: cvsNameOf(n), recvNum: n.recvNum }, lastError: null },
    ['unpaid', 'processing', 'needs_reconciliation'],
  )
  if (paid) {
    await journalNotification(ctx, order, n.amount, 'ok', { paid: true, processId: n.processId, recvNum: n.recvNum, cvsCd: n.cvsCd, paidAt })
    ctx.log.info({ orderId: order.id, merchantFree1: order.merchantFree1, cvsCd: n.cvsCd }, 'convenience-store payment received')
    return
  }
  const current = await ctx.orders.get(order.id)
  if (current?.status === 'paid') return // already applied (a crash between update and remembering the key)
  // Paid after cancellation, or in a state that cannot take a payment: keep it for a person.
  await journalNotification(ctx, order, n.amount, 'failed', {
    reason: `order_${current?.status ?? 'missing'}`,
    processId: n.processId,
    recvNum: n.recvNum,
    amount: n.amount,
    cvsCd: n.cvsCd,
    paidAt,
  })
  ctx.log.error({ orderId: order.id, status: current?.status }, 'payment notification for an order that cannot take a payment')
}
