/**
 * The store's own configuration and admin forms: TRUST_PROXY parsed as Express documents it (escott-express
 * `parseTrustProxy`), and the shop's state-changing admin forms (memo, shipped, admin users, password) guarded by
 * escott-express's admin CSRF check (same-origin request + the page's `_csrf` token) and admin headers.
 */
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buyByCard, startShop } from './support/shop.js'

describe("express-store: TRUST_PROXY and the admin forms' CSRF protection", () => {
  let shop
  beforeAll(async () => {
    shop = await startShop()
  })
  afterAll(async () => {
    await shop?.close()
  })

  /** A second app on the test shop's database, built with TRUST_PROXY set to `value`. */
  async function withTrustProxy(value, fn) {
    const saved = process.env.TRUST_PROXY
    process.env.TRUST_PROXY = value
    const { createStoreApp } = await import('../src/app.js')
    let app
    try {
      app = await createStoreApp({ escott: shop.store.escott, store: shop.store.store })
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY
      else process.env.TRUST_PROXY = saved
    }
    const server = createServer(app)
    await new Promise((r) => server.listen(0, '127.0.0.1', r))
    try {
      await fn(app, `http://127.0.0.1:${server.address().port}`)
    } finally {
      server.close()
      server.closeAllConnections?.()
      app.locals.close()
    }
  }

  it('TRUST_PROXY=true serves pages (the raw string crashed Express at the first request)', async () => {
    await withTrustProxy('true', async (app, url) => {
      expect(app.get('trust proxy')).toBe(true)
      const res = await fetch(`${url}/`)
      expect(res.status).toBe(200)
    })
  })

  it('TRUST_PROXY=1 trusts one proxy hop, not the address 0.0.0.1', async () => {
    await withTrustProxy('1', async (app, url) => {
      const trust = app.get('trust proxy fn')
      expect(trust('10.0.0.7', 0)).toBe(true)
      expect(trust('10.0.0.7', 1)).toBe(false)
      expect((await fetch(`${url}/`)).status).toBe(200)
    })
  })

  it("refuses a memo post without the page's CSRF token or with Origin: null (403, nothing saved); the page's own form saves", async () => {
    const buyer = await shop.page()
    const order = await buyByCard(shop, buyer)
    await buyer.context().close()
    const admin = await shop.adminPage()
    await admin.goto(`${shop.url}/payment/admin/orders/${order.id}`)
    const url = `${shop.url}/admin/orders/${order.id}/memo`
    const memo = async () => (await shop.store.shop.details.get(order.id)).memo

    const noToken = await admin.request.post(url, { form: { memo: 'forged 1' }, headers: { origin: shop.url }, maxRedirects: 0 })
    expect(noToken.status()).toBe(403)
    const token = await admin.locator('form[action$="/memo"] input[name="_csrf"]').inputValue()
    const opaque = await admin.request.post(url, { form: { memo: 'forged 2', _csrf: token }, headers: { origin: 'null' }, maxRedirects: 0 })
    expect(opaque.status()).toBe(403)
    const noOrigin = await admin.request.post(url, { form: { memo: 'forged 3', _csrf: token }, maxRedirects: 0 })
    expect(noOrigin.status()).toBe(403)
    const shipped = await admin.request.post(`${shop.url}/admin/orders/${order.id}/shipped`, { form: { shipped: '1' }, headers: { origin: shop.url }, maxRedirects: 0 })
    expect(shipped.status()).toBe(403)
    expect(await memo()).not.toMatch(/forged/)
    expect((await shop.store.shop.details.get(order.id)).shippedAt).toBeFalsy()

    // the page's own form (same origin, its token) still saves
    await admin.fill('[data-testid="memo"]', '本物のメモ')
    await admin.click('[data-testid="save-memo"]')
    await admin.waitForSelector('[data-testid="shop-notice"]')
    expect(await admin.inputValue('[data-testid="memo"]')).toBe('本物のメモ')
    expect(await memo()).toBe('本物のメモ')
    await admin.context().close()
  })

  it('guards the admin users and password forms with the token too, and sends the admin headers', async () => {
    const admin = await shop.adminPage()
    const page = await admin.goto(`${shop.url}/admin/users`)
    expect(page.headers()['x-frame-options']).toBe('DENY')
    expect(page.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(page.headers()['cache-control']).toBe('no-store')
    expect(await admin.locator('form[action="/admin/users"] input[name="_csrf"]').count()).toBe(1)
    expect(await admin.locator('form[action="/admin/password"] input[name="_csrf"]').count()).toBe(1)
    const forged = await admin.request.post(`${shop.url}/admin/users`, { form: { login: 'mallory', password: 'mallory-password' }, headers: { origin: shop.url }, maxRedirects: 0 })
    expect(forged.status()).toBe(403)
    expect(await shop.store.shop.accounts.admins()).not.toContainEqual(expect.objectContaining({ login: 'mallory' }))
    await admin.context().close()
  })
})
