/**
 * The store: catalogue, cart, delivery step, accounts and the shop's admin parts, with escott-express mounted at
 * /payment for the final confirmation and payment, thank-you pages, convenience-store instructions, the saved card
 * and the order admin (受注管理). Orders and the shop's tables share one PostgreSQL.
 */
import { randomBytes } from 'node:crypto'
import express from 'express'
import { csrfToken, escottRouter, orderCreationLimit, parseTrustProxy } from 'escott-express'
import { parseCookies, signer } from './cookies.js'
import { createMailer } from './mail/mailer.js'
import { accountRoutes } from './routes/accounts.js'
import { adminRoutes } from './routes/admin.js'
import { checkoutRoutes } from './routes/checkout.js'
import { pageRoutes } from './routes/pages.js'
import { shopRoutes } from './routes/shop.js'
import { accounts } from './shop/accounts.js'
import { cartCookies } from './shop/cart.js'
import { migrateShop } from './shop/db.js'
import { orderDetails } from './shop/details.js'
import { langOf, tr } from './shop/i18n.js'
import { shopSettings } from './shop/settings.js'
import { stock } from './shop/stock.js'
import { reducedMark } from './shop/tax.js'
import { page } from './views/layout.js'
import { adminSection, finalConfirmation, orderSection, taxSummary } from './views/sections.js'

/** Never-paid orders give their stock back after this many minutes (the order is canceled). */
export const ABANDONED_AFTER_MINUTES = 60

/**
 * @param {object} o
 * @param {import('escott-core').EscottClient} o.escott
 * @param {import('escott-express').PostgresShopStore} o.store  (its `pool` also holds the shop's tables)
 * @param {string} [o.publicUrl]  public origin (3-D Secure RedirectUrl / PostUrl, links in mails)
 * @param {string[]} [o.notificationIps]  allowed sources of payment notifications
 * @param {string} [o.cookieSecret]
 * @param {boolean} [o.threeDSecure]
 * @param {string} [o.smtpUrl]  where mail goes (nodemailer); none: mail is not sent
 * @param {string} [o.outboxUrl]  the demo's mail catcher page, linked from the admin
 * @param {() => Date} [o.now]  the clock deadlines are judged by (the demo follows the sandbox's)
 * @param {ReturnType<typeof shopSettings>} [o.settings]
 * @param {{ limit?: number, windowMs?: number, lockMs?: number }} [o.orderLimit]  orders one client may create (escott-flows' `orderCreation` rule; default 30 in 10 minutes)
 */
export async function createStoreApp(o) {
  const settings = o.settings ?? shopSettings()
  const pool = o.store.pool
  await migrateShop(pool)
  const log = o.logger ?? {
    info: (x, m) => console.log(JSON.stringify({ level: 'info', msg: m, ...x })),
    warn: (x, m) => console.warn(JSON.stringify({ level: 'warn', msg: m, ...x })),
    error: (x, m) => console.error(JSON.stringify({ level: 'error', msg: m, ...x })),
  }
  const details = orderDetails(pool)
  const mailer = createMailer({ smtpUrl: o.smtpUrl, settings, onceKeys: o.store.onceKeys, details, publicUrl: o.publicUrl, log: { warn: (line) => console.warn(line) } })
  const now = o.now ?? (() => new Date())

  const s = {
    settings,
    store: o.store,
    accounts: accounts(pool),
    stock: stock(pool),
    details,
    cart: cartCookies(signer(o.cookieSecret ?? randomBytes(32).toString('hex'))),
    outboxUrl: o.outboxUrl,
    now,
    send(req, res, title, body, status = 200) {
      res
        .status(status)
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(page(req.shop, title, body, settings))
    },
    notFound(req, res) {
      s.send(req, res, tr(req.shop.lang, 'notFound'), `<div class="alert error" data-testid="not-found">${tr(req.shop.lang, 'notFound')}</div>`, 404)
    },
    /** Sends an order mail in the background (a slow mail server never holds a page). */
    mail(type, order, key) {
      mailer.orderEvent(type, order, key).catch((err) => log.error({ orderId: order.id, type, error: err.message }, 'order mail failed'))
    },
    /** Cancels never-paid orders past ABANDONED_AFTER_MINUTES and gives their stock back (compare-and-set: a paying one stays). */
    async sweepAbandoned() {
      try {
        for (const id of await details.abandoned(ABANDONED_AFTER_MINUTES)) {
          if (await o.store.orders.update(id, { status: 'canceled' }, ['pending'])) await s.stock.release(id)
        }
      } catch (err) {
        log.warn({ error: err.message }, 'abandoned orders not swept')
      }
    },
  }

  const app = express()
  app.disable('x-powered-by')
  // TRUST_PROXY as Express documents it (true / hop count / addresses, subnets, loopback …); a bad value throws here, naming the variable.
  const trust = parseTrustProxy(process.env.TRUST_PROXY)
  if (trust !== undefined) app.set('trust proxy', trust)

  // Who is asking: language, customer and staff sessions (PostgreSQL), cart count — for every page and the layout.
  app.use(async (req, res, next) => {
    try {
      const cookies = parseCookies(req.headers.cookie)
      const customerId = await s.accounts.session('customer', cookies.sid)
      req.shop = {
        lang: langOf(req),
        path: req.originalUrl,
        customer: customerId ? await s.accounts.customer(customerId) : undefined,
        admin: await s.accounts.session('admin', cookies.asid),
        outboxUrl: o.outboxUrl,
        cartCount: [...s.cart.read(req).values()].reduce((a, b) => a + b, 0),
      }
      next()
    } catch (err) {
      next(err)
    }
  })

  // The shop's own forms: urlencoded, and refused when another site posts them (Origin of another host, or "null").
  const form = express.urlencoded({ extended: false, limit: '16kb' })
  const sameSite = (req, res, next) => {
    if (req.method !== 'POST') return next()
    const origin = req.get('origin')
    if (origin === undefined) return next()
    let host
    try {
      host = new URL(origin).host
    } catch {}
    if (host && host === req.get('host')) return next()
    res.status(403).type('text/plain').send(tr(req.shop.lang, 'forbidden'))
  }
  app.use(['/cart', '/checkout', '/login', '/signup', '/admin'], sameSite, form)

  const admin = adminRoutes(s, { publicUrl: o.publicUrl })
  app.use(pageRoutes(s))
  app.use(shopRoutes(s))
  // Card testers create orders to try cards on: a client creating too many is refused (429, escott-express).
  app.post('/checkout', orderCreationLimit({ store: o.store, limit: o.orderLimit, layout: (p) => page(p.req?.shop ?? { lang: p.lang }, p.title, p.body, settings) }))
  app.use(checkoutRoutes(s))
  app.use(accountRoutes(s))
  app.use(admin.router)

  app.use(
    '/payment',
    escottRouter({
      escott: o.escott,
      store: o.store,
      adminAuth: admin.requireAdmin,
      customer: (req) => req.shop.customer && { id: req.shop.customer.id, name: req.shop.customer.name, email: req.shop.customer.email },
      capture: false,
      threeDSecure: o.threeDSecure ?? true,
      publicUrl: o.publicUrl,
      layout: (p) => page(p.req?.shop ?? { lang: p.lang }, p.title, p.body, settings),
      language: langOf,
      loginUrl: '/login',
      now,
      sections: {
        summary: (order, lang, amount) => taxSummary(order, lang, amount),
        itemNote: reducedMark,
        checkout: async (order, lang) => finalConfirmation(settings, order, await details.get(order.id), lang),
        order: (order, lang) => orderSection(order, lang, mailer.enabled),
        adminOrder: async (order, req) =>
          (req.query.saved ? `<div class="alert ok" data-testid="shop-notice">${tr(req.shop.lang, 'saved')}</div>` : '') +
          adminSection(order, await details.get(order.id), req.shop.lang, settings, csrfToken(req, req.res)),
      },
      onOrderEvent: async ({ type, order }) => {
        if (type === 'canceled') await s.stock.release(order.id)
        if (type === 'amount_changed' || type === 'reauthorized') s.mail(type, order, `${type}:${order.id}:${order.amount}:${order.payment.processId}`)
        else if (type === 'cvs_changed') s.mail(type, order, `${type}:${order.id}:${order.payment.kessaiNumber}`)
        else if (type !== 'captured') s.mail(type, order)
      },
      notification: o.notificationIps ? { allowedIps: o.notificationIps } : undefined,
      logger: o.logger,
    }),
  )

  app.use((req, res) => s.notFound(req, res))
  const sweeper = setInterval(() => void s.sweepAbandoned(), 5 * 60_000)
  sweeper.unref()
  app.locals.close = () => {
    clearInterval(sweeper)
    mailer.close()
  }
  app.locals.shop = s
  return app
}
