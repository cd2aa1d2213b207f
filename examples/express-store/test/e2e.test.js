/**
 * End-to-end in headless Chromium: the store runs as its own process (src/server.js) against a sandbox gateway over
 * HTTP, with embedded PostgreSQL in a temporary folder. Takes the README screenshots (see `screenshots` below).
 */
import { spawn, execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { explainCode } from 'escott-core'
import { startSandbox } from 'escott-sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { envOfSandbox } from '../src/config.js'

const execFileAsync = promisify(execFile)
const here = dirname(fileURLToPath(import.meta.url))
const exampleDir = resolve(here, '..')
// Every run takes the screenshots; `npm run screenshots` (ESCOTT_UPDATE_SCREENSHOTS=1) writes them over the README's
// copies in docs/screenshots, other runs into the git-ignored .screenshots/ so a test run leaves the tree clean.
const screenshots = process.env.ESCOTT_UPDATE_SCREENSHOTS === '1' ? resolve(here, '../../../docs/screenshots') : resolve(here, '../.screenshots')
const ADMIN_PASSWORD = 'e2e-admin-password'

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean)
  const found = candidates.find((p) => existsSync(p))
  if (!found) throw new Error('Chromium not found: install Debian `chromium` (apt-get install -y chromium) or set CHROMIUM_PATH')
  return found
}

async function freePort() {
  return new Promise((res) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => res(port))
    })
  })
}

/** Starts a store process and resolves once it printed its ready line. */
function startProcess(script, env) {
  const child = spawn(process.execPath, [script], { cwd: exampleDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const ready = new Promise((resolveReady, reject) => {
    const onData = (chunk) => {
      output += chunk
      if (output.includes('"ready":true')) resolveReady()
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (c) => (output += c))
    child.once('exit', (code, signal) => reject(new Error(`${script} exited (${code ?? signal}) before it was ready:\n${output}`)))
  })
  return { child, ready, output: () => output }
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r))
}

describe('express-store in Chromium', () => {
  let sb, browser, dataDir, env, store, storeUrl

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'escott-e2e-'))
    mkdirSync(screenshots, { recursive: true })
    const port = await freePort()
    storeUrl = `http://localhost:${port}`
    sb = await startSandbox({ port: 0, quiet: true, notificationUrl: `${storeUrl}/payment/cvs/notification` })
    env = {
      ...process.env,
      ...envOfSandbox(sb),
      PORT: String(port),
      STORE_DATA_DIR: dataDir,
      ADMIN_PASSWORD,
      COOKIE_SECRET: 'e2e-cookie-secret-e2e-cookie-secret',
      DATABASE_URL: '',
    }
    store = startProcess('src/server.js', env)
    await store.ready
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
  })

  afterAll(async () => {
    await browser?.close()
    if (store?.child && store.child.exitCode === null) {
      store.child.kill('SIGTERM')
      await exited(store.child)
    }
    await sb?.close()
    // A cluster orphaned by the crash scenario that nothing adopted: stop it (it belongs to this test).
    const pidFile = join(dataDir, '.pgdata', 'cluster', 'postmaster.pid')
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
      try {
        process.kill(pid, 'SIGINT')
      } catch {}
    }
    rmSync(dataDir, { recursive: true, force: true })
  })

  async function newPage(options = {}) {
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1000, height: 900 }, ...options })
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    return page
  }

  async function toCheckout(page, sku = 'SENCHA-100') {
    await page.goto(storeUrl + '/')
    await page.click(`[data-testid="add-${sku}"]`)
    await page.click('[data-testid="checkout"]')
    await page.waitForURL(/\/payment\/checkout\//)
  }

  async function fillCard(page, cardNo) {
    await page.fill('[data-testid="card-number"]', cardNo)
    await page.selectOption('[data-testid="exp-month"]', '12')
    await page.selectOption('[data-testid="exp-year"]', '28')
    await page.fill('[data-testid="security-code"]', '777')
    if (await page.locator('[data-testid="cardholder-name"]').count()) {
      await page.fill('[data-testid="cardholder-name"]', 'HANAKO YAMADA')
      await page.fill('[data-testid="email"]', 'hanako@example.jp')
    }
  }

  let paidOrderNumber

  it('pays by card (3-D Secure frictionless) and shows the thank-you page', async () => {
    const page = await newPage()
    await toCheckout(page)
    await fillCard(page, '4000000000001000')
    // installments follow the brand detected from the number
    await expect.poll(() => page.locator('[data-testid="pay-type"] option').count()).toBeGreaterThan(5)
    await page.screenshot({ path: join(screenshots, 'checkout.png'), fullPage: true })
    await page.click('[data-testid="pay-card"]')
    await page.waitForSelector('[data-testid="thank-you"]')
    expect(await page.textContent('[data-testid="status"]')).toBe('与信済')
    paidOrderNumber = (await page.textContent('[data-testid="order-number"]')).trim()
    await page.screenshot({ path: join(screenshots, 'thank-you.png'), fullPage: true })
    await page.context().close()
  })

  it('shows the issuer decline in Japanese', async () => {
    const page = await newPage()
    await toCheckout(page)
    await fillCard(page, '4000000000080012')
    await page.click('[data-testid="pay-card"]')
    await page.waitForSelector('[data-testid="error"]')
    expect(await page.textContent('[data-testid="error"]')).toContain(explainCode('G12').shopper.ja)
    expect(page.url()).toContain('/payment/checkout/')
    await page.context().close()
  })

  it('passes a 3-D Secure challenge', async () => {
    const page = await newPage()
    await toCheckout(page, 'MATCHA-30')
    await fillCard(page, '4000000000082000')
    await page.click('[data-testid="pay-card"]')
    await page.waitForSelector('#approve')
    await page.screenshot({ path: join(screenshots, '3ds-challenge.png'), fullPage: true })
    await page.click('#approve')
    await page.waitForSelector('[data-testid="thank-you"]')
    await page.context().close()
  })

  it('registers a convenience-store payment, pays it at the sandbox and turns the order paid', async () => {
    const page = await newPage()
    await toCheckout(page, 'KYUSU-01')
    await page.check('[data-testid="method-cvs"]')
    expect(await page.textContent('[data-testid="cvs-fee"]')).toBe('330円')
    await page.fill('[data-testid="name-kanji"]', '山田花子')
    await page.fill('[data-testid="name-kana"]', 'ヤマダハナコ')
    await page.fill('[data-testid="tel"]', '0312345678')
    await page.click('[data-testid="pay-cvs"]')
    await page.waitForSelector('[data-testid="cvs-instructions"]')
    expect(await page.textContent('[data-testid="cvs-amount"]')).toBe('5,830円')
    await page.screenshot({ path: join(screenshots, 'cvs-instructions.png'), fullPage: true })
    const [placePage] = await Promise.all([page.context().waitForEvent('page'), page.click('[data-testid="payment-page"]')])
    await placePage.waitForSelector('#pay')
    await placePage.click('#pay')
    await placePage.waitForLoadState()
    await expect
      .poll(async () => {
        await page.reload()
        return page.locator('[data-testid="cvs-paid"]').count()
      }, { timeout: 10_000 })
      .toBe(1)
    await page.context().close()
  })

  it('captures and cancels from the admin page, whose buttons follow the allowed operations', async () => {
    const anonymous = await newPage()
    const denied = await anonymous.request.get(storeUrl + '/payment/admin')
    expect(denied.status()).toBe(401)
    await anonymous.context().close()

    // an unpaid convenience-store payment, for the deadline change below
    const shopper = await newPage()
    await toCheckout(shopper, 'SENCHA-100')
    await shopper.check('[data-testid="method-cvs"]')
    await shopper.fill('[data-testid="name-kanji"]', '山田花子')
    await shopper.fill('[data-testid="name-kana"]', 'ヤマダハナコ')
    await shopper.fill('[data-testid="tel"]', '0312345678')
    await shopper.click('[data-testid="pay-cvs"]')
    await shopper.waitForSelector('[data-testid="cvs-instructions"]')
    const cvsOrderNumber = (await shopper.textContent('[data-testid="order-number"]')).trim()
    await shopper.context().close()

    const page = await newPage({ httpCredentials: { username: 'admin', password: ADMIN_PASSWORD } })
    page.on('dialog', (d) => d.accept())
    await page.goto(storeUrl + '/payment/admin')
    const row = page.locator(`[data-testid="order-${paidOrderNumber}"]`)
    expect(await row.locator(`[data-testid="op-capture-${paidOrderNumber}"]`).count()).toBe(1)
    await page.screenshot({ path: join(screenshots, 'admin-orders.png'), fullPage: true })
    await row.locator(`[data-testid="op-capture-${paidOrderNumber}"]`).click()
    await page.waitForSelector('[data-testid="notice"]')
    expect(await page.textContent('[data-testid="status"]')).toBe('売上計上済')
    expect(await page.locator(`[data-testid="op-capture-${paidOrderNumber}"]`).count()).toBe(0)
    await page.screenshot({ path: join(screenshots, 'admin-order.png'), fullPage: true })
    await page.click(`[data-testid="op-cancel-${paidOrderNumber}"]`)
    await page.waitForSelector('[data-testid="notice"]')
    expect(await page.textContent('[data-testid="status"]')).toBe('取消済')
    expect(await page.locator(`[data-testid="op-reauthorize-${paidOrderNumber}"]`).count()).toBe(1)

    // convenience store: a new deadline (2Chg), then no further change is offered
    await page.goto(storeUrl + '/payment/admin')
    const day = new Date(Date.now() + 9 * 3_600_000 + 14 * 86_400_000).toISOString().slice(0, 10)
    await page.fill(`[data-testid="pay-limit-${cvsOrderNumber}"]`, day)
    await page.click(`[data-testid="op-changeAmount-${cvsOrderNumber}"]`)
    await page.waitForSelector('[data-testid="notice"]')
    expect(await page.textContent('[data-testid="status"]')).toBe('未入金')
    expect(await page.locator(`[data-testid="op-changeAmount-${cvsOrderNumber}"]`).count()).toBe(0)
    expect(await page.locator('body').textContent()).toContain(day.replace(/-/g, '/') + ' 23:59')
    await page.context().close()
  })

  it('saves a card on "my page" through a 3-D Secure challenge and buys with it', async () => {
    const page = await newPage()
    await page.goto(storeUrl + '/login')
    await page.click('[data-testid="login-hanako"]')
    await page.goto(storeUrl + '/payment/cards')
    await page.waitForSelector('[data-testid="no-card"]')
    await fillCard(page, '4000000000082000')
    await page.screenshot({ path: join(screenshots, 'my-page.png'), fullPage: true })
    await page.click('[data-testid="save-card"]')
    // The sandbox's challenge page (4MemAdd through OTDS010)
    await page.waitForSelector('#approve')
    await page.click('#approve')
    await page.waitForSelector('[data-testid="saved-card"]')
    expect(page.url()).toContain('/payment/cards?done=saved')
    expect(await page.textContent('[data-testid="notice"]')).toBe('カードを登録しました。')
    expect(await page.textContent('[data-testid="saved-card"]')).toContain('2000')
    await page.screenshot({ path: join(screenshots, 'my-page-card.png'), fullPage: true })
    await toCheckout(page, 'YUNOMI-2')
    expect(await page.isChecked('[data-testid="use-saved-card"]')).toBe(true)
    await page.fill('[data-testid="cardholder-name"]', 'HANAKO YAMADA')
    await page.click('[data-testid="pay-card"]')
    // the stored challenge card is challenged again on payment
    await page.waitForSelector('#approve, [data-testid="thank-you"]')
    if (await page.locator('#approve').count()) await page.click('#approve')
    await page.waitForSelector('[data-testid="thank-you"]')
    await page.context().close()
  })

  it('recovers an order whose server was killed right after the charge', async () => {
    // Swap the store for the crashing build (same folder, same port).
    store.child.kill('SIGTERM')
    await exited(store.child)
    const crashing = startProcess('test/fixtures/crash-after-charge.js', env)
    await crashing.ready
    const page = await newPage()
    await toCheckout(page, 'HOJICHA-TB')
    await fillCard(page, '4000000000001000')
    await page.click('[data-testid="pay-card"]').catch(() => {})
    await exited(crashing.child)
    expect(crashing.child.signalCode).toBe('SIGKILL')
    const orderId = /"orderId":"([^"]+)"/.exec(crashing.output())[1]

    // Back up; the embedded PostgreSQL left behind by the crash is adopted.
    store = startProcess('src/server.js', env)
    await store.ready
    // Asynchronous: `recover complete` asks the gateway (1Search), and the sandbox answers from this test's process.
    const run = async (...args) => (await execFileAsync(process.execPath, ['src/recover.js', ...args], { cwd: exampleDir, env, encoding: 'utf8' })).stdout
    const listed = JSON.parse(await run('list', '--json'))
    const c = listed.find((x) => x.orderId === orderId)
    expect(c?.kind).toBe('charged_not_finished')
    expect(await run('list')).toContain(c.merchantFree1)
    expect(await run('complete', orderId)).toContain('authorized')
    expect(JSON.parse(await run('list', '--json')).some((x) => x.orderId === orderId)).toBe(false)
    await page.goto(`${storeUrl}/payment/orders/${orderId}`)
    await page.waitForSelector('[data-testid="thank-you"]')
    await page.context().close()
  })
})
