/** The router factory: mounts every route a shop needs under one path. */
import express, { type ErrorRequestHandler, type Router } from 'express'
import { createContext, edgeGuard, type EscottRouterOptions } from './context.js'
import { adminHeaders, shopHeaders } from './security/headers.js'
import { paymentErrorOf } from 'escott-flows'
import { t } from './i18n.js'
import { checkRouterOptions } from './requirements.js'
import { adminRoutes } from './routes/admin.js'
import { checkoutCardRoutes } from './routes/checkout-card.js'
import { checkoutRoutes } from './routes/checkout.js'
import { cvsRoutes } from './routes/cvs.js'
import { notificationRoutes } from './routes/notification.js'
import { storedCardRoutes } from './routes/stored-cards.js'
import { threeDSecureRoutes } from './routes/three-d-secure.js'
import { renderMessage } from './views/message.js'

/**
 * Creates the Express router with every e-SCOTT route a shop needs. Mount it where you like:
 *
 * @example
 * ```ts
 * const store = await openShopStore({ dataDir: '.pgdata' }) // or new MemoryShopStore() in tests
 * app.use('/payment', escottRouter({ escott, store, adminAuth: requireAdmin, customer: (req) => req.user }))
 * ```
 *
 * Routes (relative to the mount path):
 * - `GET  /checkout/:orderId` checkout page; `POST /checkout/:orderId/card`, `POST /checkout/:orderId/cvs`
 * - `GET  /orders/:orderId` thank-you / payment instructions
 * - `GET  /installments?bin=` installment choices of a card's brand (JSON)
 * - `POST /3ds/return` (RedirectUrl), `POST /3ds/post` (PostUrl)
 * - `POST /cvs/notification` payment notification (register its absolute URL with e-SCOTT)
 * - `GET  /cards`, `POST /cards`, `POST /cards/delete` stored card ("my page"; needs `customer`)
 * - behind `adminAuth`: `GET /admin` (search `q`, filters `status` `method` `from` `to`, `abandoned=1`, `page`),
 *   `GET /admin/orders.csv` (受注データ出力, same filters), `POST /admin/capture` (bulk, `orderId` repeated),
 *   `GET /admin/orders/:orderId`, `POST /admin/orders/:orderId/{capture|cancel|change-amount|reauthorize|change}`,
 *   `GET /admin/recovery`, `POST /admin/recovery/:caseId/{reconcile|complete|cancel}`, `GET /admin/admin.js`;
 *   state changes need a same-origin browser request and the pages' CSRF token
 *
 * Every page carries nosniff, `Referrer-Policy: same-origin` and a CSP (`frame-ancestors 'none'` on the admin pages);
 * a control character in a path, query or form answers 400; payment attempts are throttled (`limits`).
 *
 * Create orders with `store.orders.create({ items, customerId })` and send the shopper to `<mount>/checkout/<order.id>`.
 *
 * @throws EscottConfigurationError, naming the option, when `escott` or `store` is missing, admin routes are enabled
 *   without `adminAuth`, `publicUrl` is not an http(s) URL, the client has no `tokenAuthCode`, or 3-D Secure is on and
 *   the client has no `threeDSecure` keys.
 */
export function escottRouter(options: EscottRouterOptions): Router {
  checkRouterOptions(options)
  const adminEnabled = options.admin ?? true
  const adminAuth = options.adminAuth === undefined ? [] : Array.isArray(options.adminAuth) ? options.adminAuth : [options.adminAuth]

  const ctx = createContext(options)
  const router = express.Router()
  router.use(shopHeaders(), edgeGuard())
  router.use(checkoutRoutes(ctx))
  router.use(checkoutCardRoutes(ctx))
  router.use(threeDSecureRoutes(ctx))
  if (ctx.cvs) router.use(cvsRoutes(ctx))
  router.use(notificationRoutes(ctx))
  router.use(storedCardRoutes(ctx))
  if (adminEnabled) router.use('/admin', adminHeaders(), ...adminAuth, adminRoutes(ctx))

  const onError: ErrorRequestHandler = (err, req, res, next) => {
    if (res.headersSent) return next(err)
    const e = paymentErrorOf(err)
    ctx.log.error({ path: req.path, method: req.method, error: e.merchant.en }, 'escott-express request failed')
    const lang = ctx.lang(req)
    const status = typeof (err as { status?: unknown }).status === 'number' && (err as { status: number }).status < 500 ? (err as { status: number }).status : 500
    ctx.page(res, req, status, t(lang, 'checkoutTitle'), renderMessage(lang, t(lang, 'checkoutTitle'), e.shopper[lang], ctx.shopUrl))
  }
  router.use(onError)
  return router
}
