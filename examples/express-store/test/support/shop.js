/**
 * One shop for a test file: a sandbox gateway over HTTP, the local SMTP catcher, the store in this process (embedded
 * PostgreSQL in a temporary folder) and one headless Chromium. Pages are opened at 1280 px or 390 px; screenshots go
 * to the git-ignored .screenshots/ unless `npm run screenshots` (ESCOTT_UPDATE_SCREENSHOTS=1) asks for docs/screenshots.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startSandbox } from 'escott-sandbox'
import { envOfSandbox, escottConfigFromEnv } from '../../src/config.js'
import { startMailCatcher } from '../../src/mail/catcher.js'
import { startStore } from '../../src/start.js'

const here = dirname(fileURLToPath(import.meta.url))
export const exampleDir = resolve(here, '../..')
export const SCREENSHOTS = process.env.ESCOTT_UPDATE_SCREENSHOTS === '1' ? resolve(exampleDir, '../../docs/screenshots') : resolve(exampleDir, '.screenshots')
export const ADMIN = { user: 'admin', password: 'e2e-admin-password' }
export const DESKTOP = { width: 1280, height: 900 }
export const MOBILE = { width: 390, height: 844 }
/** Entries of one card number before the sandbox locks it (KI5) in these tests. */
export const CARD_LOCK_AFTER = 40
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=ja-JP']

export function chromiumPath() {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean).find((p) => existsSync(p))
  if (!found) throw new Error('Chromium not found: install Debian `chromium` (apt-get install -y chromium) or set CHROMIUM_PATH')
  return found
}

export async function freePort() {
  return new Promise((res) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => res(port))
    })
  })
}

/** A delivery address that passes every check. */
export const ADDRESS = { name: '山田 花子', kana: 'ヤマダ ハナコ', phone: '090-1234-5678', postalCode: '100-0001', prefecture: '東京都', address: '千代田区千代田1-1', email: 'hanako@example.jp' }

export async function startShop({ sandbox = {} } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'escott-shop-'))
  mkdirSync(SCREENSHOTS, { recursive: true })
  const port = await freePort()
  const url = `http://localhost:${port}`
  // The gateway's lock of a card number entered too often (KI5) stays on, at a count a test file's purchases never reach.
  const sb = await startSandbox({
    port: 0,
    quiet: true,
    notificationUrl: `${url}/payment/cvs/notification`,
    notification: { retryDelaysMs: [] },
    merchant: { tokenLock: { cardAttempts: CARD_LOCK_AFTER, terminalAttempts: 0 } },
    ...sandbox,
  })
  const mail = await startMailCatcher()
  const saved = process.env.DATABASE_URL
  process.env.DATABASE_URL = ''
  const store = await startStore({
    escottConfig: escottConfigFromEnv(envOfSandbox(sb)),
    dataDir,
    port,
    admin: { user: ADMIN.user, password: ADMIN.password },
    cookieSecret: 'e2e-cookie-secret-e2e-cookie-secret',
    smtpUrl: mail.smtpUrl,
    outboxUrl: mail.url,
    now: () => sb.clock.now(),
    // A test file checks out far more than a shopper would; the limit itself is tested with a small one.
    orderLimit: { limit: 100_000 },
  })
  if (saved === undefined) delete process.env.DATABASE_URL
  else process.env.DATABASE_URL = saved
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS })
  const shop = {
    url,
    sb,
    mail,
    store,
    orders: store.store.orders,
    browser,
    dataDir,
    /** A new browser context and page: 1280 px (default) or `viewport: MOBILE`. */
    async page({ viewport = DESKTOP, locale = 'ja-JP', ...options } = {}) {
      const context = await browser.newContext({ locale, viewport, ...options })
      const page = await context.newPage()
      page.setDefaultTimeout(15_000)
      return page
    },
    /** A page logged in as the admin (its own user and password, through the login form's endpoint). */
    async adminPage(options = {}) {
      const page = await shop.page(options)
      const res = await page.request.post(`${url}/admin/login`, { form: { login: ADMIN.user, password: ADMIN.password }, maxRedirects: 0 })
      if (res.status() !== 303) throw new Error(`admin login failed: ${res.status()}`)
      page.on('dialog', (d) => d.accept())
      return page
    },
    async shot(page, name) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
    },
    async close() {
      await browser.close().catch(() => {})
      await store.close().catch(() => {})
      await mail.close().catch(() => {})
      await sb.close().catch(() => {})
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return shop
}

/** Adds `qty` of `sku` from the product list. */
export async function addToCart(shop, page, sku = 'SENCHA-100', qty = 1) {
  await page.goto(`${shop.url}/`)
  if (qty !== 1) await page.fill(`[data-testid="qty-${sku}"]`, String(qty))
  await page.click(`[data-testid="add-${sku}"]`)
  await page.waitForURL(/\/cart/)
}

/** Fills the delivery step and goes on to the final confirmation (escott-express's checkout page). */
export async function deliveryStep(shop, page, address = ADDRESS) {
  await page.goto(`${shop.url}/checkout`)
  for (const [k, v] of Object.entries(address)) {
    if (k === 'prefecture') await page.selectOption('[data-testid="f-prefecture"]', v)
    else await page.fill(`[data-testid="f-${k}"]`, v)
  }
  await page.click('[data-testid="to-confirm"]')
  await page.waitForURL(/\/payment\/checkout\//)
}

export async function toPayment(shop, page, sku = 'SENCHA-100', qty = 1, address = ADDRESS) {
  await addToCart(shop, page, sku, qty)
  await deliveryStep(shop, page, address)
  return page.url().split('/payment/checkout/')[1].split('?')[0]
}

export async function fillCard(page, cardNo, { holder = 'HANAKO YAMADA', code = '777' } = {}) {
  await page.fill('[data-testid="card-number"]', cardNo)
  await page.selectOption('[data-testid="exp-month"]', '12')
  await page.selectOption('[data-testid="exp-year"]', '28')
  await page.fill('[data-testid="security-code"]', code)
  await page.fill('[data-testid="cardholder-name"]', holder)
}

export async function fillCvs(page, { kanji = '山田花子', kana = 'ヤマダハナコ', tel = '0312345678' } = {}) {
  await page.check('[data-testid="method-cvs"]')
  await page.fill('[data-testid="name-kanji"]', kanji)
  await page.fill('[data-testid="name-kana"]', kana)
  await page.fill('[data-testid="tel"]', tel)
}

/** The text of the element, trimmed. */
export async function text(page, testid) {
  return ((await page.textContent(`[data-testid="${testid}"]`)) ?? '').trim()
}

/** Pays by card (frictionless 3-D Secure) and returns the order once the thank-you page shows. */
export async function buyByCard(shop, page, { sku = 'SENCHA-100', qty = 1, card = '4000000000001000' } = {}) {
  const orderId = await toPayment(shop, page, sku, qty)
  await fillCard(page, card)
  await page.click('[data-testid="pay-card"]')
  await page.waitForSelector('[data-testid="thank-you"]')
  return shop.orders.get(orderId)
}

export async function buyByCvs(shop, page, { sku = 'SENCHA-100', qty = 1 } = {}) {
  const orderId = await toPayment(shop, page, sku, qty)
  await fillCvs(page)
  await page.click('[data-testid="pay-cvs"]')
  await page.waitForSelector('[data-testid="cvs-instructions"]')
  return shop.orders.get(orderId)
}
