/**
 * The demo as a shopper uses it, in headless Chromium (Debian's /usr/bin/chromium through playwright-core): the
 * demo script itself starts sandbox, PostgreSQL, Medusa and the storefront (in a temporary folder), then a card
 * payment with a 3-D Secure challenge, a saved card, and a convenience-store payment paid at the sandbox's
 * payment-place page. Screenshots go to docs/screenshots with `npm run screenshots`, else to .screenshots/.
 */
const { spawn } = require('node:child_process')
const { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } = require('node:fs')
const { tmpdir } = require('node:os')
const { join, resolve } = require('node:path')
const { chromium } = require('playwright-core')

jest.setTimeout(420_000)

const exampleDir = resolve(__dirname, '../..')
const screenshots = process.env.ESCOTT_UPDATE_SCREENSHOTS === '1' ? resolve(exampleDir, '../../docs/screenshots') : resolve(exampleDir, '.screenshots')
const shot = (page, name) => page.screenshot({ path: join(screenshots, `medusa-${name}.png`), fullPage: true })

function chromiumPath() {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean).find((p) => existsSync(p))
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH')
  return found
}

let demo,
  urls,
  browser,
  dataDir,
  output = ''

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'medusa-store-e2e-'))
  chmodSync(dataDir, 0o755) // embedded PostgreSQL runs as the postgres user when the tests run as root
  mkdirSync(screenshots, { recursive: true })
  const env = { ...process.env, STORE_DATA_DIR: dataDir, MEDUSA_PORT: '0', STOREFRONT_PORT: '0', SANDBOX_PORT: '0', DEMO_QUIET: '1', DATABASE_URL: process.env.DATABASE_URL ?? '' }
  delete env.NODE_OPTIONS
  if (!env.DATABASE_URL) delete env.DATABASE_URL
  demo = spawn(process.execPath, ['scripts/demo.mjs'], { cwd: exampleDir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  urls = await new Promise((res, rej) => {
    demo.stdout.on('data', (c) => {
      output += c
      const line = output.split('\n').find((l) => l.startsWith('{"ready":true'))
      if (line) res(JSON.parse(line))
    })
    demo.stderr.on('data', (c) => (output += c))
    demo.once('exit', (code) => rej(new Error(`demo exited (${code}) before it was ready:\n${output}`)))
  })
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
})

afterAll(async () => {
  await browser?.close()
  if (demo && demo.exitCode === null) {
    demo.kill('SIGTERM')
    await new Promise((r) => demo.once('exit', r))
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const sandboxState = async () => (await fetch(urls.sandbox.replace('/_sandbox/console', '/_sandbox/state'))).json()

async function addToCart(page, handle) {
  await page.goto(urls.storefront)
  await page.click(`[data-testid="add-${handle}"]`)
  await page.waitForURL('**/checkout.html')
  await page.waitForSelector('[data-testid="total"]')
}

async function payByNewCard(page, cardNo, { save = false } = {}) {
  await page.fill('#card-no', cardNo)
  await page.fill('#sec-cd', '777')
  if (save) await page.check('#save-card')
  await page.click('#pay-card')
}

async function approveChallenge(page, name) {
  await page.waitForSelector('#approve')
  if (name) await shot(page, name)
  await page.click('#approve')
}

async function orderStatus(page, expected) {
  await page.waitForURL('**/order.html**', { timeout: 60_000 })
  await page.waitForFunction((t) => document.querySelector('[data-testid="payment-status"]')?.textContent.includes(t), expected, { timeout: 60_000 })
}

it('card with a 3-D Secure challenge: authorised in Medusa and at the gateway', async () => {
  const page = await browser.newPage()
  await addToCart(page, 'matcha')
  expect(await page.textContent('[data-testid="total"]')).toBe('3,240 円')
  await shot(page, 'checkout')
  await payByNewCard(page, '4000000000082000')
  await approveChallenge(page, '3ds-challenge')
  await orderStatus(page, 'カード与信済み')
  await shot(page, 'order-card')
  const state = await sandboxState()
  expect(state.transactions.filter((t) => t.status === 'authorized' && t.amount === 3240)).toHaveLength(1)
  await page.close()
})

it('saved card: register through 3-D Secure while paying, then pay with it', async () => {
  const page = await browser.newPage()
  await addToCart(page, 'sencha')
  await page.fill('#login-email', 'hanako@example.jp')
  await page.fill('#login-password', 'demo-password-1')
  await page.click('#login')
  await page.waitForSelector('#save-row:not([hidden])')
  await payByNewCard(page, '4000000000082000', { save: true })
  await approveChallenge(page)
  await orderStatus(page, 'カード与信済み')

  await addToCart(page, 'hojicha-gift')
  await page.waitForSelector('[data-testid="saved-card"]')
  expect(await page.textContent('label[for^="saved-"]')).toMatch(/2000/)
  await page.check('[data-testid="saved-card"]')
  await shot(page, 'saved-card')
  await page.click('#pay-card')
  await approveChallenge(page)
  await orderStatus(page, 'カード与信済み')
  const state = await sandboxState()
  const member = state.members.find((m) => m.via3DS && !m.deleted && m.cardNo.endsWith('2000'))
  expect(member).toBeDefined()
  expect(state.transactions.filter((t) => t.kaiinId === member.kaiinId && t.amount === 5400)).toHaveLength(1)
  await page.close()
})

it('convenience store: the slip, paying at the sandbox’s payment-place page, then paid in Medusa', async () => {
  const page = await browser.newPage()
  await addToCart(page, 'sencha')
  await page.check('#method-cvs')
  await page.click('#pay-cvs')
  await orderStatus(page, 'お支払い待ち')
  await page.waitForSelector('[data-testid="kessai-number"]')
  await shot(page, 'cvs-slip')
  const orderUrl = page.url()
  await page.click('[data-testid="payment-page"]')
  await page.waitForSelector('#pay')
  await page.selectOption('#cvs-cd', { index: 1 })
  await page.click('#pay')
  await page.waitForLoadState('load')
  // The notification reaches Medusa; the order page shows it once the webhook pipeline captured the payment.
  const deadline = Date.now() + 60_000
  for (;;) {
    await page.goto(orderUrl)
    await page.waitForSelector('[data-testid="payment-status"]')
    if ((await page.textContent('[data-testid="payment-status"]')).includes('お支払い済み')) break
    if (Date.now() > deadline) throw new Error('the convenience-store payment was not captured')
    await page.waitForTimeout(1000)
  }
  await shot(page, 'order-cvs-paid')
  await page.close()
})
