/**
 * Issue 11 finding 3, in Chromium: a cross-site page cannot make the logged-in admin's browser change an order. The
 * probe's attack: a cross-site form posts to the attacker's own server, which answers 307 to the admin's change-amount
 * URL; Chromium re-posts the body there with `Origin: null` and the admin's Basic credentials. Refused now (no
 * same-origin Origin, no CSRF token); the admin's own page still works; admin pages cannot be framed.
 * Real sandbox over HTTP, real Chromium (/usr/bin/chromium with playwright-core).
 */
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { RequestHandler } from 'express'
import { chromium, type Browser } from 'playwright-core'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, TEST_CSRF, type Stack } from './helpers.js'

const USER = 'staff'
const PASSWORD = 'csrf-test-password'

/** HTTP Basic auth, as the example store guards its admin pages: the browser resends the credentials by itself. */
const basicAuth: RequestHandler = (req, res, next) => {
  if (req.get('authorization') === `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`) return next()
  res.set('WWW-Authenticate', 'Basic realm="admin"').status(401).type('text/plain').send('login required')
}

function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p))
  if (!found) throw new Error('Chromium not found: install Debian `chromium` or set CHROMIUM_PATH')
  return found
}

describe('admin CSRF in Chromium', () => {
  let stack: Stack
  let browser: Browser
  let evil: Server
  /** The attacker's site: another site (localhost vs the shop's 127.0.0.1). */
  let evilUrl: string
  let shopAdmin: string

  beforeAll(async () => {
    stack = await startStack({ router: { adminAuth: basicAuth } })
    shopAdmin = `${stack.url}/payment/admin`
    evil = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      if (url.pathname === '/bounce') {
        // 307 keeps the method and the body: the browser re-posts to the shop, with Origin: null.
        res.writeHead(307, { Location: url.searchParams.get('to') ?? '/' }).end()
        return
      }
      const target = url.searchParams.get('target') ?? ''
      const via = url.searchParams.get('via') === 'redirect' ? `/bounce?to=${encodeURIComponent(target)}` : target
      const framed = url.searchParams.get('frame')
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(
        framed
          ? `<!doctype html><iframe id="f" src="${framed}" width="800" height="600"></iframe>`
          : `<!doctype html><form id="f" method="post" action="${via}"><input name="amount" value="3"><input name="_csrf" value="${TEST_CSRF}"></form><script>document.getElementById('f').submit()</script>`,
      )
    })
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r))
    evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}`
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await new Promise((r) => evil?.close(r))
    await stack?.close()
  })

  async function authorisedOrder(amount: number) {
    const order = await stack.createOrder({ amount })
    await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token() })
    const o = (await stack.orders.get(order.id))!
    expect(o.status).toBe('authorized')
    return o
  }
  const gatewayAmount = (processId: string) => stack.sb.snapshot().transactions.find((t) => t.processId === processId)?.amount

  /** A logged-in admin (Basic credentials cached by the browser) who then visits the attacker's page. */
  async function adminVisits(evilPage: string) {
    const context = await browser.newContext({ locale: 'ja-JP', httpCredentials: { username: USER, password: PASSWORD } })
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    expect((await page.goto(shopAdmin))?.status()).toBe(200)
    const posts: { status: number; origin: string | null }[] = []
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && r.url().startsWith(stack.url)) posts.push({ status: r.status(), origin: r.request().headers()['origin'] ?? null })
    })
    await page.goto(evilPage)
    await page.waitForLoadState('load')
    await new Promise((r) => setTimeout(r, 300))
    return { page, context, posts }
  }

  it('refuses the cross-site form sent through a 307 redirect (Origin: null): 5,500円 stays 5,500円 at the gateway', async () => {
    const order = await authorisedOrder(5500)
    const target = `${shopAdmin}/orders/${order.id}/change-amount`
    const { context, posts, page } = await adminVisits(`${evilUrl}/?via=redirect&target=${encodeURIComponent(target)}`)
    try {
      await page.waitForURL(target)
      expect(posts.at(-1)).toEqual({ status: 403, origin: 'null' })
      expect(await page.content()).toContain('この操作は受け付けられません')
    } finally {
      await context.close()
    }
    expect((await stack.orders.get(order.id))!.amount).toBe(5500)
    expect(gatewayAmount(order.payment.processId!)).toBe(5500)
    expect((await stack.store.journal.list({ orderId: order.id })).map((j) => j.operation)).toEqual(['card.authorize'])
    expect(stack.log.lines.some((l) => l.includes('admin request refused (CSRF)') && l.includes('"origin":"null"'))).toBe(true)
  })

  it('refuses the cross-site form posted directly (Origin of another site)', async () => {
    const order = await authorisedOrder(5500)
    const target = `${shopAdmin}/orders/${order.id}/change-amount`
    const { context, page } = await adminVisits(`${evilUrl}/?target=${encodeURIComponent(target)}`)
    try {
      await page.waitForURL(target)
      expect(await page.content()).toContain('この操作は受け付けられません')
    } finally {
      await context.close()
    }
    expect(gatewayAmount(order.payment.processId!)).toBe(5500)
  })

  it('keeps the admin page itself working: its form carries the token, same origin', async () => {
    const order = await authorisedOrder(5500)
    const context = await browser.newContext({ locale: 'ja-JP', httpCredentials: { username: USER, password: PASSWORD } })
    try {
      const page = await context.newPage()
      page.setDefaultTimeout(15_000)
      // the amount operations are on the order's own page; every state change asks first (accepted here)
      page.on('dialog', (d) => void d.accept())
      await page.goto(`${shopAdmin}/orders/${order.id}`)
      await page.fill(`[data-testid="amount-${order.merchantFree1}"]`, '4800')
      await page.click(`[data-testid="op-changeAmount-${order.merchantFree1}"]`)
      await page.waitForURL(/done=/)
    } finally {
      await context.close()
    }
    expect((await stack.orders.get(order.id))!.amount).toBe(4800)
    expect(gatewayAmount(order.payment.processId!)).toBe(4800)
  })

  it('cannot be framed by another site (CSP frame-ancestors none)', async () => {
    const res = await request(stack.app)
      .get('/payment/admin')
      .set('authorization', `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`)
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(res.headers['x-frame-options']).toBe('DENY')
    const { context, page } = await adminVisits(`${evilUrl}/?frame=${encodeURIComponent(shopAdmin)}`)
    try {
      const frame = page.frames().find((f) => f !== page.mainFrame())
      const text = frame ? await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '') : ''
      expect(text).not.toContain('注文')
    } finally {
      await context.close()
    }
  })

  it('refuses a state change without Origin, or without the token, outside a browser too', async () => {
    const order = await authorisedOrder(5500)
    const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`
    const path = `/payment/admin/orders/${order.id}/change-amount`
    const cookie = `escott_admin_csrf=${TEST_CSRF}`
    // no Origin, no Sec-Fetch-Site
    expect((await request(stack.app).post(path).set({ authorization: auth, cookie }).type('form').send({ amount: '3', _csrf: TEST_CSRF })).status).toBe(403)
    // same origin, but no token / a wrong token
    const origin = stack.url
    expect((await request(stack.app).post(path).set({ authorization: auth, cookie, origin }).type('form').send({ amount: '3' })).status).toBe(403)
    expect(
      (
        await request(stack.app)
          .post(path)
          .set({ authorization: auth, cookie, origin })
          .type('form')
          .send({ amount: '3', _csrf: 'u'.repeat(43) })
      ).status,
    ).toBe(403)
    // a sibling subdomain (Sec-Fetch-Site: same-site) with its own Origin, even with a valid token pair
    expect(
      (await request(stack.app).post(path).set({ authorization: auth, cookie, origin: 'http://evil.shop.example', 'sec-fetch-site': 'same-site' }).type('form').send({ amount: '3', _csrf: TEST_CSRF }))
        .status,
    ).toBe(403)
    expect((await request(stack.app).post(path).set({ authorization: auth, cookie, origin, 'sec-fetch-site': 'cross-site' }).type('form').send({ amount: '3', _csrf: TEST_CSRF })).status).toBe(403)
    expect(gatewayAmount(order.payment.processId!)).toBe(5500)
    // same origin with the token: done
    expect((await request(stack.app).post(path).set({ authorization: auth, cookie, origin }).type('form').send({ amount: '5000', _csrf: TEST_CSRF })).status).toBe(303)
    expect(gatewayAmount(order.payment.processId!)).toBe(5000)
  })
})
