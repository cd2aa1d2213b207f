/**
 * End-to-end in headless Chromium with the store as its own process (src/server.js, as `npm start` runs it) against a
 * sandbox gateway over HTTP, embedded PostgreSQL in a temporary folder: 3-D Secure, the saved card, and a server killed
 * right after a charge — recovered, with the customer still logged in after the restarts.
 */
import { spawn, execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startSandbox } from 'escott-sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { envOfSandbox } from '../src/config.js'
import { CHROMIUM_FLAGS, addToCart, deliveryStep, fillCard } from './support/shop.js'

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
      args: CHROMIUM_FLAGS,
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
    const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 }, ...options })
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    return page
  }

  /** Cart → delivery step → the final confirmation / payment page. */
  async function toCheckout(page, sku = 'SENCHA-100') {
    await addToCart({ url: storeUrl }, page, sku)
    await deliveryStep({ url: storeUrl }, page)
  }

  it('passes a 3-D Secure challenge (1280 px) and a frictionless payment (390 px)', async () => {
    const page = await newPage()
    await toCheckout(page, 'MATCHA-30')
    await fillCard(page, '4000000000082000')
    await page.click('[data-testid="pay-card"]')
    await page.waitForSelector('#approve')
    await page.screenshot({ path: join(screenshots, '3ds-challenge.png'), fullPage: true })
    await page.click('#approve')
    await page.waitForSelector('[data-testid="thank-you"]')
    await page.context().close()
    const phone = await newPage({ viewport: { width: 390, height: 844 } })
    await toCheckout(phone)
    await fillCard(phone, '4000000000001000')
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await phone.screenshot({ path: join(screenshots, 'checkout-mobile.png'), fullPage: true })
    await phone.click('[data-testid="pay-card"]')
    await phone.waitForSelector('[data-testid="thank-you"]')
    await phone.screenshot({ path: join(screenshots, 'thank-you-mobile.png'), fullPage: true })
    await phone.context().close()
  })

  let member
  it('saves a card on "my page" through a 3-D Secure challenge and buys with it', async () => {
    member = await newPage()
    const res = await member.request.post(`${storeUrl}/signup`, {
      form: {
        email: 'member@example.jp',
        password: 'member-password',
        name: '山田 花子',
        kana: 'ヤマダ ハナコ',
        phone: '0312345678',
        postalCode: '1000001',
        prefecture: '東京都',
        address: '千代田区1-1',
      },
      maxRedirects: 0,
    })
    expect(res.status()).toBe(303)
    await member.goto(storeUrl + '/payment/cards')
    await member.waitForSelector('[data-testid="no-card"]')
    await fillCard(member, '4000000000082000')
    await member.fill('[data-testid="email"]', 'member@example.jp')
    await member.click('[data-testid="save-card"]')
    await member.waitForSelector('#approve')
    await member.click('#approve')
    await member.waitForSelector('[data-testid="saved-card"]')
    expect(member.url()).toContain('/payment/cards?done=saved')
    expect(await member.textContent('[data-testid="notice"]')).toBe('カードを登録しました。')
    await member.screenshot({ path: join(screenshots, 'my-page-card.png'), fullPage: true })
    await toCheckout(member, 'YUNOMI-2')
    expect(await member.isChecked('[data-testid="use-saved-card"]')).toBe(true)
    await member.fill('[data-testid="cardholder-name"]', 'HANAKO YAMADA')
    await member.click('[data-testid="pay-card"]')
    await member.waitForSelector('#approve, [data-testid="thank-you"]')
    if (await member.locator('#approve').count()) await member.click('#approve')
    await member.waitForSelector('[data-testid="thank-you"]')
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
    // The pay button first fetches a token from the gateway's script, then posts: keep the page open until the
    // server has died on that post (closing it right after the click could cancel the post before it is sent).
    await page.click('[data-testid="pay-card"]').catch(() => {})
    await exited(crashing.child)
    await page.context().close()
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
    const again = await newPage()
    await again.goto(`${storeUrl}/payment/orders/${orderId}`)
    await again.waitForSelector('[data-testid="thank-you"]')
    await again.context().close()
    // the customer's login survived both restarts (sessions live in PostgreSQL)
    await member.goto(`${storeUrl}/mypage`)
    await member.waitForSelector('[data-testid="profile"]')
    expect(await member.locator('[data-testid="history"] tbody tr').count()).toBeGreaterThanOrEqual(1)
    await member.context().close()
  })
})
