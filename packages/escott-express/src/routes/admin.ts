/**
 * Admin pages and operations: capture, cancel, change amount, re-authorize (card) and cancel / change amount
 * (convenience store). escott-core's state machine decides what is offered and what is refused.
 */
import express, { type Request, type Response, type Router } from 'express'
import { allowedOperations, transition, type CardState, type CvsState, type Operation, type StateOptions } from 'escott-core'
import { sameOrigin, wrap, type RouterContext } from '../context.js'
import { toOrderError } from '../errors.js'
import { t, tokyoDateInput, type MessageKey } from '../i18n.js'
import { journaled, OutcomeUnknown } from '../journal.js'
import type { JournalOperation, Order, OrderPatch, OrderStatus } from '../types.js'
import { renderAdminList, renderAdminOrder, type AdminOperation } from '../views/admin.js'
import { notFound, orderHandler, orderPath } from './checkout.js'

const PAYMENT_STATES: readonly OrderStatus[] = ['authorized', 'captured', 'canceled', 'unpaid', 'paid']
const PATH_OP: Record<string, Operation> = {
  capture: 'capture',
  cancel: 'cancel',
  'change-amount': 'changeAmount',
  /** Convenience store: amount and/or deadline (one 2Chg). */
  change: 'changeAmount',
  reauthorize: 'reauthorize',
}

function stateOptions(order: Order): StateOptions {
  return {
    method: order.method ?? 'card',
    ...(order.payment.authorizedAt && { authorizedAt: order.payment.authorizedAt }),
    originalOperateId: order.payment.operateId ?? '1Auth',
    cvsChanges: order.payment.cvsChanges ?? 0,
  }
}

/** The operations escott-core allows on this order now (none while it is not in a payment state). */
export function operationsFor(order: Order): AdminOperation[] {
  if (!PAYMENT_STATES.includes(order.status) || !order.payment.processId) return []
  return allowedOperations(order.status as CardState | CvsState, stateOptions(order))
}

/** Longest convenience-store deadline the admin may set, in days from today (as at registration). */
const MAX_PAY_LIMIT_DAYS = 60

/**
 * A new deadline from `<input type="date">`: 23:59 Japan time on that day, which must be today (still ahead) up to
 * {@link MAX_PAY_LIMIT_DAYS} days ahead. Undefined otherwise.
 */
export function parsePayLimitDate(value: string, now: Date = new Date()): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const utc = Date.UTC(y, mo - 1, d, 23, 59)
  const check = new Date(utc)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined
  const limit = new Date(utc - 9 * 3_600_000) // Japan has no daylight saving time: UTC+9 all year
  const today = Date.parse(`${tokyoDateInput(now)}T00:00:00Z`)
  if (limit.getTime() <= now.getTime() || Date.UTC(y, mo - 1, d) - today > MAX_PAY_LIMIT_DAYS * 86_400_000) return undefined
  return limit
}

export function adminRoutes(ctx: RouterContext): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '8kb' })

  router.get(
    '/',
    wrap(async (req, res) => {
      const lang = ctx.lang(req)
      const orders = await ctx.orders.list({ limit: 200 })
      const notice = typeof req.query.done === 'string' ? t(lang, 'operationDone') : undefined
      ctx.page(res, req, 200, t(lang, 'adminOrdersTitle'), renderAdminList({ lang, base: req.baseUrl.replace(/\/admin$/, ''), orders: orders.map((order) => ({ order, operations: operationsFor(order) })), notice }))
    }),
  )

  const showOrder = async (req: Request, res: Response, order: Order, status = 200, error?: Order['lastError'], notice?: string) => {
    const lang = ctx.lang(req)
    const journal = await ctx.orders.journal({ orderId: order.id })
    ctx.page(
      res,
      req,
      status,
      t(lang, 'adminOrderTitle'),
      renderAdminOrder({ lang, base: req.baseUrl.replace(/\/admin$/, ''), order, operations: operationsFor(order), journal, error, notice }),
    )
  }

  router.get(
    '/orders/:orderId',
    orderHandler(ctx, async (req, res, order) => {
      await showOrder(req, res, order, 200, undefined, typeof req.query.done === 'string' ? t(ctx.lang(req), 'operationDone') : undefined)
    }),
  )

  router.post(
    '/orders/:orderId/:operation',
    sameOrigin(ctx.options.publicUrl),
    form,
    orderHandler(ctx, async (req, res, order) => {
      const op = PATH_OP[String(req.params.operation)]
      if (!op) return notFound(ctx, req, res)
      const refuse = (status: number, text: { ja: string; en: string }) =>
        showOrder(req, res, order, status, { codes: [], operation: op, shopper: text, merchant: text, at: new Date().toISOString() })
      if (!operationsFor(order).includes(op)) {
        ctx.log.warn({ orderId: order.id, status: order.status, operation: op }, 'admin operation refused by the state machine')
        return refuse(409, { ja: t('ja', 'operationNotAllowed'), en: t('en', 'operationNotAllowed') })
      }
      const body = (req.body ?? {}) as Record<string, unknown>
      const text = (key: MessageKey) => ({ ja: t('ja', key), en: t('en', key) })
      const isCvs = order.method === 'cvs'
      const p = order.payment
      let amount: number | undefined
      let payLimit: Date | undefined
      if (isCvs && op === 'changeAmount') {
        // Amount and/or deadline; only what differs from the current payment is sent.
        const given = typeof body.amount === 'string' && body.amount.trim() !== '' ? Number(body.amount) : undefined
        if (given !== undefined && (!Number.isSafeInteger(given) || given < 1)) return refuse(400, text('badAmount'))
        if (given !== order.amount) amount = given
        const date = typeof body.payLimit === 'string' ? body.payLimit.trim() : ''
        if (date && date !== tokyoDateInput(p.payLimit)) {
          payLimit = parsePayLimitDate(date)
          if (!payLimit) return refuse(400, text('badPayLimit'))
        }
        if (amount === undefined && payLimit === undefined) return refuse(400, text('nothingToChange'))
      } else if (op === 'changeAmount' || op === 'reauthorize') {
        amount = Number(body.amount)
        if (!Number.isSafeInteger(amount) || amount < 1) return refuse(400, text('badAmount'))
      }
      const nextState = transition(order.status as CardState | CvsState, op, stateOptions(order))
      const ref = { processId: p.processId!, processPass: p.processPass!, merchantFree1: order.merchantFree1 }
      const member = !isCvs && p.member && order.customerId ? await ctx.orders.getMember(order.customerId) : undefined
      const cardRef = { ...ref, ...(member && { member: { kaiinId: member.kaiinId, kaiinPass: member.kaiinPass } }) }
      const operation = `${isCvs ? 'cvs' : 'card'}.${isCvs && op === 'changeAmount' ? 'update' : op}` as JournalOperation
      const now = new Date().toISOString()
      try {
        const { result } = await journaled(
          ctx.orders,
          { orderId: order.id, merchantFree1: order.merchantFree1, operation, amount: amount ?? order.amount },
          async (): Promise<Record<string, unknown>> => {
            if (isCvs) {
              if (op === 'cancel') return { ...(await ctx.escott.cvs.cancel(ref)) }
              return { ...(await ctx.escott.cvs.update({ ...ref, ...(amount !== undefined && { amount }), ...(payLimit && { payLimit }) })) }
            }
            switch (op) {
              case 'capture':
                return { ...(await ctx.escott.card.capture(cardRef)) }
              case 'cancel':
                return { ...(await ctx.escott.card.cancel(cardRef)) }
              case 'changeAmount':
                return { ...(await ctx.escott.card.changeAmount({ ...cardRef, amount: amount! })) }
              case 'reauthorize':
                return { ...(await ctx.escott.card.reauthorize({ ...cardRef, amount: amount! })) }
            }
          },
          (r) => ({
            status: nextState,
            processId: r.processId ?? ref.processId,
            transactionId: r.transactionId,
            ...(payLimit && { payLimit: payLimit.toISOString() }),
          }),
        )
        const patch: OrderPatch = { status: nextState, lastError: null, payment: {} }
        if (amount !== undefined) patch.amount = amount
        if (typeof result.processId === 'string' && result.processId) patch.payment!.processId = result.processId
        if (typeof result.processPass === 'string' && result.processPass) patch.payment!.processPass = result.processPass
        if (op === 'capture') patch.payment!.capturedAt = now
        if (op === 'cancel') patch.payment!.canceledAt = now
        if (op === 'reauthorize') patch.payment!.authorizedAt = now
        if (isCvs && op === 'changeAmount') {
          patch.payment!.cvsChanges = (p.cvsChanges ?? 0) + 1
          if (typeof result.kessaiNumber === 'string') patch.payment!.kessaiNumber = result.kessaiNumber
          if (typeof result.paymentPageUrl === 'string') patch.payment!.paymentPageUrl = result.paymentPageUrl
          if (result.payLimit instanceof Date && !Number.isNaN(result.payLimit.getTime())) patch.payment!.payLimit = result.payLimit.toISOString()
        }
        await ctx.orders.update(order.id, patch)
        ctx.log.info({ orderId: order.id, merchantFree1: order.merchantFree1, operation, status: nextState }, 'admin operation done')
        res.redirect(303, `${orderPath(req, order)}?done=${op}`)
      } catch (err) {
        const orderError = toOrderError(err instanceof OutcomeUnknown ? err.cause : err, operation)
        if (err instanceof OutcomeUnknown) {
          orderError.remedy = { ja: t('ja', 'recoveryNeeded'), en: t('en', 'recoveryNeeded') }
        }
        ctx.log.error({ orderId: order.id, operation, codes: orderError.codes, error: orderError.merchant.en, remedy: orderError.remedy?.en }, 'admin operation failed')
        await ctx.orders.update(order.id, { lastError: orderError })
        const fresh = (await ctx.orders.get(order.id)) ?? order
        await showOrder(req, res, fresh, 502, orderError)
      }
    }),
  )

  return router
}
