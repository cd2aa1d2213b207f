/**
 * The store: product list, cart, demo login, and escott-express mounted at /payment for checkout, thank-you pages,
 * convenience-store instructions, "my page" stored cards and the admin orders page.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import express from 'express'
import { BASE_CSS, escottRouter } from 'escott-express'
import { parseCookies, setCookie, signer } from './cookies.js'
import { PRODUCTS, findProduct } from './products.js'

/** The demo shoppers (a real shop uses its own accounts and sessions). */
export const DEMO_CUSTOMERS = [{ id: 'hanako', name: '山田 花子', email: 'hanako@example.jp' }]

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
const yen = (n) => `${n.toLocaleString('ja-JP')}円`

/**
 * @param {object} o
 * @param {import('escott-core').Escott} o.escott
 * @param {import('escott-express').ShopStore} o.store
 * @param {{ user: string, password: string }} o.admin  HTTP Basic credentials of the admin pages
 * @param {string} [o.publicUrl]  public origin (3-D Secure RedirectUrl / PostUrl)
 * @param {string[]} [o.notificationIps]  allowed sources of payment notifications
 * @param {string} [o.cookieSecret]
 * @param {boolean} [o.threeDSecure]
 */
export function createStoreApp(o) {
  const app = express()
  app.disable('x-powered-by')
  if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY)
  const cookies = signer(o.cookieSecret ?? randomBytes(32).toString('hex'))

  const customerOf = (req) => {
    const id = cookies.unsign(parseCookies(req.headers.cookie).customer)
    return DEMO_CUSTOMERS.find((c) => c.id === id)
  }
  const cartOf = (req) => {
    const raw = cookies.unsign(parseCookies(req.headers.cookie).cart) ?? ''
    const cart = new Map()
    for (const part of raw.split(',')) {
      const [sku, qty] = part.split(':')
      if (findProduct(sku) && Number(qty) > 0) cart.set(sku, Math.min(Number(qty), 20))
    }
    return cart
  }
  const saveCart = (req, res, cart) =>
    setCookie(res, req, 'cart', cookies.sign([...cart].map(([s, q]) => `${s}:${q}`).join(',')), 7 * 86400)

  const page = (req, title, body, lang = 'ja') => {
    const customer = req ? customerOf(req) : undefined
    const count = req ? [...cartOf(req).values()].reduce((a, b) => a + b, 0) : undefined
    return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)} | 茶舗 e-SCOTT</title><style>${BASE_CSS}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:16px}.price{font-size:1.2rem;font-weight:700}nav a{margin-left:16px}</style></head>
<body><header class="bar"><div><a href="/">茶舗 e-SCOTT <small style="font-weight:400">(デモ)</small></a><nav>
<a href="/cart" data-testid="nav-cart">カート${count === undefined ? '' : ` (${count})`}</a><a href="/payment/cards">マイページ</a><a href="/payment/admin">管理画面</a>
${!req ? '' : customer ? `<a href="/logout">${esc(customer.name)} 様 (ログアウト)</a>` : '<a href="/login" data-testid="nav-login">ログイン</a>'}</nav></div></header>
<main>${body}</main></body></html>`
  }
  // Payment pages get the shop's frame; they do not know the cart or the login, so those parts are left out.
  const layout = (p) => page(undefined, p.title, p.body, p.lang)

  const form = express.urlencoded({ extended: false, limit: '8kb' })

  app.get('/', (req, res) => {
    res.type('html').send(
      page(
        req,
        '商品一覧',
        `<h1>商品一覧</h1><div class="alert info">テスト環境です。カード番号 <span class="mono">4000000000001000</span>・セキュリティコード 777・有効期限 12/2028 でお試しください。</div>
<div class="grid">${PRODUCTS.map(
          (p) => `<section class="card"><h2>${esc(p.name)}</h2><p class="muted">${esc(p.description)}</p><p class="price">${yen(p.price)}</p>
<form method="post" action="/cart/add"><input type="hidden" name="sku" value="${esc(p.sku)}"><button type="submit" data-testid="add-${esc(p.sku)}">カートに入れる</button></form></section>`,
        ).join('')}</div>`,
      ),
    )
  })

  app.post('/cart/add', form, (req, res) => {
    const cart = cartOf(req)
    const sku = String(req.body?.sku ?? '')
    if (findProduct(sku)) cart.set(sku, (cart.get(sku) ?? 0) + 1)
    saveCart(req, res, cart)
    res.redirect(303, '/cart')
  })

  app.post('/cart/clear', (req, res) => {
    saveCart(req, res, new Map())
    res.redirect(303, '/cart')
  })

  app.get('/cart', (req, res) => {
    const cart = cartOf(req)
    const lines = [...cart].map(([sku, qty]) => ({ p: findProduct(sku), qty }))
    const total = lines.reduce((a, l) => a + l.p.price * l.qty, 0)
    res.type('html').send(
      page(
        req,
        'カート',
        `<h1>カート</h1><section class="card">${
          lines.length === 0
            ? '<p class="muted">カートは空です。</p>'
            : `<table><thead><tr><th>商品</th><th class="num">数量</th><th class="num">金額</th></tr></thead><tbody>
${lines.map((l) => `<tr><td>${esc(l.p.name)}</td><td class="num">${l.qty}</td><td class="num">${yen(l.p.price * l.qty)}</td></tr>`).join('')}
<tr class="total"><td>合計（税込）</td><td></td><td class="num" data-testid="cart-total">${yen(total)}</td></tr></tbody></table>
<form method="post" action="/checkout" style="margin-top:16px"><button type="submit" data-testid="checkout">レジに進む</button></form>
<form method="post" action="/cart/clear" style="margin-top:8px"><button type="submit" class="secondary small">カートを空にする</button></form>`
        }</section><p><a href="/">買い物を続ける</a></p>`,
      ),
    )
  })

  // Creates the order from the cart and hands over to escott-express's checkout page.
  app.post('/checkout', async (req, res, next) => {
    try {
      const cart = cartOf(req)
      if (cart.size === 0) return res.redirect(303, '/cart')
      const customer = customerOf(req)
      const items = [...cart].map(([sku, qty]) => {
        const p = findProduct(sku)
        return { sku, name: p.name, unitPrice: p.price, quantity: qty }
      })
      const order = await o.store.orders.create({ items, customerId: customer?.id ?? null, email: customer?.email ?? null })
      saveCart(req, res, new Map())
      res.redirect(303, `/payment/checkout/${order.id}`)
    } catch (err) {
      next(err)
    }
  })

  app.get('/login', (req, res) => {
    res.type('html').send(
      page(
        req,
        'ログイン',
        `<h1>ログイン（デモ）</h1><section class="card"><p>デモ会員でログインすると、カードの登録（マイページ）と登録カードでのお支払いを試せます。</p>
${DEMO_CUSTOMERS.map((c) => `<form method="post" action="/login"><input type="hidden" name="id" value="${esc(c.id)}"><button type="submit" data-testid="login-${esc(c.id)}">${esc(c.name)} としてログイン</button></form>`).join('')}</section>`,
      ),
    )
  })
  app.post('/login', form, (req, res) => {
    const c = DEMO_CUSTOMERS.find((x) => x.id === req.body?.id)
    if (c) setCookie(res, req, 'customer', cookies.sign(c.id), 30 * 86400)
    res.redirect(303, '/')
  })
  app.get('/logout', (req, res) => {
    setCookie(res, req, 'customer', '', 0)
    res.redirect(303, '/')
  })

  // Staff only: HTTP Basic auth in front of the admin pages (use your own staff login in production).
  const adminAuth = (req, res, next) => {
    const [scheme, encoded] = (req.get('authorization') ?? '').split(' ')
    const [user, ...rest] = Buffer.from(encoded ?? '', 'base64').toString().split(':')
    const given = Buffer.from(`${user}:${rest.join(':')}`)
    const expected = Buffer.from(`${o.admin.user}:${o.admin.password}`)
    if (scheme === 'Basic' && given.length === expected.length && timingSafeEqual(given, expected)) return next()
    res.set('WWW-Authenticate', 'Basic realm="escott-store admin", charset="UTF-8"').status(401).type('text/plain').send('管理者ログインが必要です / admin login required')
  }

  app.use(
    '/payment',
    escottRouter({
      escott: o.escott,
      store: o.store,
      adminAuth,
      customer: customerOf,
      capture: false,
      threeDSecure: o.threeDSecure ?? true,
      publicUrl: o.publicUrl,
      layout,
      notification: o.notificationIps ? { allowedIps: o.notificationIps } : undefined,
      logger: o.logger,
    }),
  )
  return app
}
