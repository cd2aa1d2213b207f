/**
 * Admin pages and operations: capture, cancel, change amount, re-authorize (card) and cancel / change amount
 * (convenience store). escott-core's state machine decides what is offered and what is refused.
 */
import express, { type Request, type Response, type Router } from 'express'
import { CVS_MAX_PAY_LIMIT_DAYS, type Operation } from 'escott-core'
import { TOKYO_OFFSET_MS } from 'escott-core/wire'
import { allowedPaymentOperations, runPaymentOperation } from 'escott-flows'
import { edgeGuard, wrap, type RouterContext } from '../context.js'
import { adminCsrf, csrfToken } from '../security/csrf.js'
import { renderMessage } from '../views/message.js'
import { t, tokyoDateInput, type MessageKey } from '../i18n.js'
import type { Order } from '../types.js'
import { renderAdminList, renderAdminOrder, type AdminOperation } from '../views/admin.js'
import { notFound, orderHandler, orderPath } from './checkout.js'

/** The admin form paths and the state-machine operation each performs. */
const PATH_OP: Record<string, Operation> = {
  capture: 'capture',
  cancel: 'cancel',
  'change-amount': 'changeAmount',
  /** Convenience store: amount and/or deadline (one 2Chg). */
  change: 'changeAmount',
  reauthorize: 'reauthorize',
}

/** The operations escott-core allows on this order now (none while it is not in a payment state). */
export function operationsFor(order: Order): AdminOperation[] {
  return allowedPaymentOperations(order)
}

/**
 * A new deadline from `<input type="date">`: 23:59 Japan time on that day, which must be today (still ahead) up to
 * escott-core's {@link CVS_MAX_PAY_LIMIT_DAYS} days ahead. Undefined otherwise.
 */
export function parsePayLimitDate(value: string, now: Date = new Date()): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const utc = Date.UTC(y, mo - 1, d, 23, 59)
  const check = new Date(utc)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined
  const limit = new Date(utc - TOKYO_OFFSET_MS)
  const today = Date.parse(`${tokyoDateInput(now)}T00:00:00Z`)
  if (limit.getTime() <= now.getTime() || Date.UTC(y, mo - 1, d) - today > CVS_MAX_PAY_LIMIT_DAYS * 86_400_000) return undefined
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
      ctx.page(res, req, 200, t(lang, 'adminOrdersTitle'), renderAdminList({ lang, base: req.baseUrl.replace(/\/admin$/, ''), orders: orders.map((order) => ({ order, operations: operationsFor(order) })), notice, csrf: csrfToken(req, res) }))
    }),
  )

  const showOrder = async (req: Request, res: Response, order: Order, status = 200, error?: Order['lastError'], notice?: string) => {
    const lang = ctx.lang(req)
    const journal = await ctx.store.journal.list({ orderId: order.id })
    ctx.page(
      res,
      req,
      status,
      t(lang, 'adminOrderTitle'),
      renderAdminOrder({ lang, base: req.baseUrl.replace(/\/admin$/, ''), order, operations: operationsFor(order), journal, error, notice, csrf: csrfToken(req, res) }),
    )
  }

  router.get(
    '/orders/:orderId',
    orderHandler(ctx, async (req, res, order) => {
      await showOrder(req, res, order, 200, undefined, typeof req.query.done === 'string' ? t(ctx.lang(req), 'operationDone') : undefined)
    }),
  )

  // State changes: a same-origin browser request carrying the pages' CSRF token (security/csrf.ts).
  const csrf = adminCsrf(ctx.options.publicUrl, (req, res, why) => {
    ctx.log.warn({ path: req.path, why, origin: req.get('origin') ?? null, fetchSite: req.get('sec-fetch-site') ?? null }, 'admin request refused (CSRF)')
    const lang = ctx.lang(req)
    const text = lang === 'ja' ? 'この操作は受け付けられません。管理画面を開き直してから操作してください。' : 'This request was refused. Reload the admin page and try again.'
    ctx.page(res, req, 403, t(lang, 'adminOrdersTitle'), renderMessage(lang, t(lang, 'adminOrdersTitle'), text, req.baseUrl))
  })

  router.post(
    '/orders/:orderId/:operation',
    form,
    edgeGuard(),
    csrf,
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
      const outcome = await runPaymentOperation(ctx.flows, {
        order,
        operation: op,
        ...(amount !== undefined && { amount }),
        ...(payLimit && { payLimit }),
      })
      if (outcome.kind === 'done') return res.redirect(303, `${orderPath(req, order)}?done=${op}`)
      if (outcome.kind === 'not_allowed') return refuse(409, text('operationNotAllowed'))
      const orderError = outcome.kind === 'outcome_unknown' ? { ...outcome.error, remedy: text('recoveryNeeded') } : outcome.error
      if (outcome.kind === 'outcome_unknown') await ctx.orders.update(order.id, { lastError: orderError })
      await showOrder(req, res, (await ctx.orders.get(order.id)) ?? order, 502, orderError)
    }),
  )

  return router
}
