/** GET pages of the shopper's journey: the checkout page, the order (thank-you) page, installment options. */
import express, { type Request, type RequestHandler, type Response, type Router } from 'express'
import { cvsQuote as quoteCvs, detectBrand, installmentOptions, parseCardBrand, type CardBrand } from 'escott-core'
import { checkPaymentAttempt, PAYABLE_STATUSES } from 'escott-flows'
import { edgeGuard, sameOrigin, wrap, type RouterContext } from '../context.js'
import { sendLocked } from '../security/throttle.js'
import { t } from '../i18n.js'
import type { Order } from '../types.js'
import { renderCheckout, type CheckoutView } from '../views/checkout.js'
import { renderMessage } from '../views/message.js'
import { renderOrder } from '../views/order.js'

/** Fee and availability of convenience-store payment for an order (escott-core's `cvsQuote`, computed once). */
export function cvsQuote(ctx: RouterContext, order: Order): { fee: number; available: boolean; payLimitDays: number } | undefined {
  if (!ctx.cvs) return undefined
  const quote = quoteCvs(order.subtotal, ...(ctx.cvs.fee ? [ctx.cvs.fee] : []))
  return { fee: quote.available ? quote.fee : 0, available: quote.available, payLimitDays: ctx.cvs.payLimitDays }
}

/** True when the shopper may start a payment on this order. */
export function isPayable(order: Order): boolean {
  return PAYABLE_STATUSES.includes(order.status)
}

/** Renders the checkout page (also used to show a failed attempt's message). */
export async function sendCheckout(ctx: RouterContext, req: Request, res: Response, order: Order, status = 200, extra: Partial<CheckoutView> = {}): Promise<void> {
  const lang = ctx.lang(req)
  const customer = await ctx.customerOf(req)
  const owner = customer && order.customerId === customer.id ? customer : undefined
  const member = owner ? await ctx.store.members.get(owner.id) : undefined
  const body = renderCheckout({
    lang,
    base: req.baseUrl,
    order,
    scriptUrl: ctx.escott.tokens.scriptUrl(),
    threeDSecure: ctx.threeDSecure,
    error: order.lastError,
    savedCard: member && member.maskedCard !== null ? { maskedCard: member.maskedCard, brand: member.brand } : undefined,
    canSaveCard: owner !== undefined,
    cvs: cvsQuote(ctx, order),
    email: order.email ?? owner?.email,
    method: order.lastError?.operation?.startsWith('cvs') ? 'cvs' : 'card',
    summaryExtra: ctx.sections.summary,
    summaryItemNote: ctx.sections.itemNote,
    confirmation: ctx.sections.checkout ? await ctx.sections.checkout(order, lang) : undefined,
    ...extra,
  })
  ctx.page(res, req, status, t(lang, 'checkoutTitle'), body)
}

/**
 * A refusal on the checkout page, Post/Redirect/Get: the message is kept on the order and the shopper lands on the
 * checkout page again (reloading it never re-posts). The browser keeps what was typed.
 */
export async function refuseCheckout(ctx: RouterContext, req: Request, res: Response, order: Order, error: Order['lastError']): Promise<void> {
  await ctx.orders.update(order.id, { lastError: error }, PAYABLE_STATUSES)
  res.redirect(303, `${req.baseUrl}/checkout/${encodeURIComponent(order.id)}`)
}

/** The order page of an order that was paid meanwhile (another tab): it says so. */
export function alreadyPaid(req: Request, order: Order): string {
  return `${orderPath(req, order)}?already=1`
}

/** Tells the shop about an order that now records its payment (card authorised, payment slip registered). */
export async function emitPlaced(ctx: RouterContext, order: Order | undefined): Promise<void> {
  if (order && (order.status === 'authorized' || order.status === 'captured' || order.status === 'unpaid')) await ctx.emit({ type: 'placed', order })
}

export function notFound(ctx: RouterContext, req: Request, res: Response): void {
  const lang = ctx.lang(req)
  ctx.page(res, req, 404, t(lang, 'notFound'), renderMessage(lang, t(lang, 'notFound'), t(lang, 'notFound'), ctx.shopUrl))
}

/** Path of an order's page (`/orders/:orderId`) under the router that serves `req` (shop or admin). */
export function orderPath(req: Request, order: Order): string {
  return `${req.baseUrl}/orders/${encodeURIComponent(order.id)}`
}

/** The router of one payment method's checkout form: POST `/checkout/:orderId/<method>`, same-origin, urlencoded. */
export function checkoutForm(ctx: RouterContext, method: 'card' | 'cvs', handler: (req: Request, res: Response, order: Order) => Promise<unknown>): Router {
  const router = express.Router()
  const form = express.urlencoded({ extended: false, limit: '16kb' })
  router.post(`/checkout/:orderId/${method}`, sameOrigin(ctx.options.publicUrl), form, edgeGuard(), orderHandler(ctx, throttled(ctx, handler)))
  return router
}

/** Counts the payment attempt (per order and per client) before the handler runs; a locked one gets 429. */
function throttled(ctx: RouterContext, handler: (req: Request, res: Response, order: Order) => Promise<unknown>) {
  return async (req: Request, res: Response, order: Order): Promise<unknown> => {
    if (ctx.throttle && (isPayable(order) || order.status === 'awaiting_3ds')) {
      const verdict = await checkPaymentAttempt(ctx.throttle.counters, { orderId: order.id, client: req.ip ?? req.socket.remoteAddress }, ctx.throttle.limits)
      if (verdict.kind === 'locked') {
        ctx.log.warn({ orderId: order.id, merchantFree1: order.merchantFree1, scope: verdict.scope, until: verdict.until.toISOString() }, 'payment attempts throttled')
        return sendLocked(req, res, verdict, ctx.layout, ctx.shopUrl)
      }
    }
    return handler(req, res, order)
  }
}

/** A handler for a `:orderId` route: the order is looked up first, an unknown id gets the 404 page. */
export function orderHandler(ctx: RouterContext, handler: (req: Request, res: Response, order: Order) => Promise<unknown>): RequestHandler {
  return wrap(async (req, res) => {
    const order = await ctx.orders.get(String(req.params.orderId))
    if (!order) return notFound(ctx, req, res)
    return handler(req, res, order)
  })
}

export function checkoutRoutes(ctx: RouterContext): Router {
  const router = express.Router()

  router.get(
    '/checkout/:orderId',
    orderHandler(ctx, async (req, res, order) => {
      // awaiting_3ds: the shopper came back from the 3-D Secure page without finishing; let them start again.
      const restart = order.status === 'awaiting_3ds' && ctx.threeDSecure
      if (!isPayable(order) && !restart) return res.redirect(303, orderPath(req, order))
      await sendCheckout(ctx, req, res, order, 200, req.query.method === 'cvs' ? { method: 'cvs' } : {})
    }),
  )

  router.get(
    '/orders/:orderId',
    orderHandler(ctx, async (req, res, order) => {
      if (isPayable(order)) return res.redirect(303, `${req.baseUrl}/checkout/${encodeURIComponent(order.id)}`)
      const lang = ctx.lang(req)
      ctx.page(
        res,
        req,
        200,
        t(lang, 'thankYouTitle'),
        renderOrder({
          lang,
          base: req.baseUrl,
          order,
          shopUrl: ctx.shopUrl,
          now: ctx.now(),
          notice: req.query.already === '1' ? t(lang, 'alreadyPaid') : undefined,
          section: ctx.sections.order ? await ctx.sections.order(order, lang) : undefined,
          summaryExtra: ctx.sections.summary,
          summaryItemNote: ctx.sections.itemNote,
        }),
      )
    }),
  )

  // Installment choices for a card: `?bin=` first six digits (from the card field) or `?brand=` (stored card).
  router.get('/installments', (req, res) => {
    const lang = ctx.lang(req)
    const bin = typeof req.query.bin === 'string' ? req.query.bin.replace(/\D/g, '').slice(0, 8) : ''
    const named = typeof req.query.brand === 'string' ? parseCardBrand(req.query.brand) : undefined
    const brand: CardBrand = named ?? (bin.length >= 1 ? detectBrand(bin) : 'UNKNOWN')
    const options = installmentOptions(brand, ctx.installments).map((p) => ({ code: p.code, label: p[lang] }))
    res.set('Cache-Control', 'no-store').json({ brand, options })
  })

  return router
}
