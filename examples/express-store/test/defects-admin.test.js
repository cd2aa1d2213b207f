/**
 * The new-user walkthrough, re-run on the owner's side: one test per numbered defect of the admin, the numbers after
 * amount changes and recovery, and the demo's start-up, named after its number and the behaviour now expected.
 */
import { statSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MOBILE, buyByCard, buyByCvs, startShop, text } from './support/shop.js'

describe('walkthrough defects, owner side', () => {
  let shop
  let admin
  beforeAll(async () => {
    shop = await startShop()
    admin = await shop.adminPage()
  })
  afterAll(async () => {
    await admin?.context().close()
    await shop?.close()
  })

  const detail = async (order) => {
    await admin.goto(`${shop.url}/payment/admin/orders/${order.id}`)
    return admin
  }
  /** Runs an admin operation through its form on the order page (the confirmation dialog is accepted). */
  async function operate(order, op, amount, payLimit) {
    await detail(order)
    if (amount !== undefined) await admin.fill(`[data-testid="amount-${order.merchantFree1}"]`, String(amount))
    if (payLimit !== undefined) await admin.fill(`[data-testid="pay-limit-${order.merchantFree1}"]`, payLimit)
    await admin.click(`[data-testid="op-${op}-${order.merchantFree1}"]`)
    await admin.waitForSelector('[data-testid="notice"], [data-testid="merchant-error"]')
    return admin
  }
  /** A state change posted as the admin's browser does: same origin, with the CSRF token its pages carry. */
  async function adminPost(order, path, form) {
    await detail(order)
    const token = await admin.locator('input[name="_csrf"]').first().inputValue()
    return admin.request.post(`${shop.url}/payment/admin/orders/${order.id}/${path}`, { form: { ...form, _csrf: token }, headers: { origin: shop.url }, maxRedirects: 0 })
  }
  const tokyoDay = (days) => new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
  const journalLen = async (order) => (await shop.store.store.journal.list({ orderId: order.id })).length

  it('#1 #2 the store starts as root inside a 0700 folder and leaves its mode alone (escott-flows starter)', () => {
    // startShop put the embedded PostgreSQL under a fresh mkdtemp folder, which is mode 0700.
    expect(statSync(shop.dataDir).mode & 0o777).toBe(0o700)
  })

  it('#4 after 利用額変更 and a CVS change every page shows the one new amount', async () => {
    const shopper = await shop.page()
    const card = await buyByCard(shop, shopper, { sku: 'KYUSU-01' }) // 5,500 + 送料 660 = 6,160
    await operate(card, 'changeAmount', 5000)
    expect(await text(admin, 'total')).toBe('5,000円')
    expect(await admin.textContent('[data-testid="payment"]')).toContain('5,000円')
    await shopper.goto(`${shop.url}/payment/orders/${card.id}`)
    expect(await text(shopper, 'total')).toBe('5,000円')
    expect(await text(shopper, 'paid-amount')).toBe('5,000円')
    expect(await shopper.locator('text=お支払い金額').count()).toBe(1)
    expect(await text(shopper, 'amount-change')).toBe('−1,160円')
    const changed = await shop.mail.waitFor((m) => m.subject.includes('ご請求金額変更のお知らせ') && m.subject.includes(card.merchantFree1) && m.to.includes('hanako@example.jp'))
    expect(changed.text).toContain('5,000円')
    expect(await shopper.locator('text=6,160円').count()).toBe(1) // the lines' subtotal, labelled 小計 — not a second total
    const cvs = await buyByCvs(shop, shopper, { sku: 'HOJICHA-TB' }) // 864 + 660 + 330 = 1,854
    await operate(cvs, 'changeAmount', 4000)
    await shopper.goto(`${shop.url}/payment/orders/${cvs.id}`)
    expect(await text(shopper, 'cvs-amount')).toBe('4,000円')
    expect(await text(shopper, 'total')).toBe('4,000円')
    // one お支払い金額 per page: the instructions' row; the summary ends with 合計（税込）, the same 4,000円
    expect(await shopper.locator('text=お支払い金額').count()).toBe(1)
    expect(await shopper.locator('text=4,000円').count()).toBe(2)
    expect(await shopper.locator('text=1,854円').count()).toBe(0)
    expect(await shopper.textContent('[data-testid="tax-breakdown"]')).toContain('内消費税')
    await shopper.context().close()
  })

  it('#5 再オーソリ on an authorised card order works from the admin (fidelity: the gateway allows it)', async () => {
    const shopper = await shop.page()
    const order = await buyByCard(shop, shopper)
    await shopper.context().close()
    await operate(order, 'reauthorize', 2000)
    expect(await text(admin, 'notice')).toBe('再オーソリしました。')
    expect((await shop.orders.get(order.id)).amount).toBe(2000)
  })

  async function recover(order, { evidence } = {}) {
    await admin.goto(`${shop.url}/payment/admin/recovery`)
    const key = order.merchantFree1
    await admin.waitForSelector(`[data-testid="case-${key}"]`)
    if (evidence) {
      await admin.fill(`[data-testid="evidence-id-${key}"]`, evidence.processId)
      await admin.fill(`[data-testid="evidence-pass-${key}"]`, evidence.processPass)
      await admin.click(`[data-testid="complete-evidence-${key}"]`)
    } else await admin.click(`[data-testid="complete-${key}"]`)
    await admin.waitForSelector('[data-testid="notice"]')
    return shop.orders.get(order.id)
  }

  it('#6 a convenience-store payment whose answer was lost, recovered from the admin, keeps its number and deadline', async () => {
    const shopper = await shop.page()
    shop.sb.faults.next({ type: 'reset-after-commit', operateId: '2Add' })
    const orderId = await (await import('./support/shop.js')).toPayment(shop, shopper)
    await (await import('./support/shop.js')).fillCvs(shopper)
    await shopper.click('[data-testid="pay-cvs"]')
    await shopper.waitForSelector('[data-testid="reconciliation"]')
    const order = await shop.orders.get(orderId)
    const gateway = shop.sb.snapshot().cvs.find((c) => c.merchantFree1 === order.merchantFree1)
    // the admin's recovery page names the link key to search; the sandbox console shows ProcessId and ProcessPass
    await admin.goto(`${shop.url}/payment/admin/recovery`)
    expect(await admin.textContent(`[data-testid="case-${order.merchantFree1}"] [data-testid="case-link-key"]`)).toBe(order.merchantFree1)
    const console = await (await fetch(`${shop.sb.url}/_sandbox/console`)).text()
    expect(console).toContain(gateway.processPass)
    const recovered = await recover(order, { evidence: { processId: gateway.processId, processPass: gateway.processPass } })
    expect(recovered.status).toBe('unpaid')
    expect(recovered.payment.kessaiNumber).toBe(gateway.kessaiNumber)
    expect(recovered.payment.payLimit).toMatch(/T14:59:00\.000Z$/)
    await shopper.goto(`${shop.url}/payment/orders/${order.id}`)
    expect(await text(shopper, 'kessai-number')).toBe(gateway.kessaiNumber)
    expect(await text(shopper, 'pay-limit')).toMatch(/23:59$/)
    expect(await shopper.locator('a[href="#"]').count()).toBe(0)
    await shopper.context().close()
  })

  it('#7 #20 a capture whose answer was lost is completed without retyping ProcessId; 売上計上日時 set, 与信日時 kept', async () => {
    const shopper = await shop.page()
    const order = await buyByCard(shop, shopper)
    await shopper.context().close()
    shop.sb.faults.next({ type: 'reset-after-commit', operateId: '1Capture' })
    await operate(order, 'capture')
    expect(await admin.locator('[data-testid="merchant-error"]').count()).toBe(1)
    const recovered = await recover(order)
    expect(recovered.status).toBe('captured')
    expect(recovered.payment.capturedAt).toBeTruthy()
    expect(recovered.payment.authorizedAt).toBe(order.payment.authorizedAt)
  })

  it('#11 the list pages past any number of orders and hides never-paid checkouts by default', async () => {
    if (!(await shop.orders.list({ excludeStatus: ['pending'], limit: 1 })).length) {
      const shopper = await shop.page()
      await buyByCard(shop, shopper)
      await shopper.context().close()
    }
    const oldest = (await shop.orders.list({ excludeStatus: ['pending'], limit: 1000 })).at(-1)
    // 260 never-paid checkouts: with the abandoned ones shown, pages 1–5 are full and a sixth follows
    for (let i = 0; i < 260; i++) await shop.orders.create({ items: [{ sku: 'SENCHA-100', name: '煎茶', unitPrice: 1620, quantity: 1 }] })
    await admin.goto(`${shop.url}/payment/admin`)
    expect(await admin.locator('[data-testid="abandoned-hidden"]').count()).toBe(1)
    expect(await admin.locator('table.orders tbody tr').count()).toBeLessThanOrEqual(50)
    expect(await admin.locator('table.orders .badge.pending').count()).toBe(0)
    let pages = 1
    while (await admin.locator('[data-testid="page-next"]').count()) {
      await admin.click('[data-testid="page-next"]')
      pages++
    }
    expect(await admin.locator(`[data-testid="order-${oldest.merchantFree1}"]`).count()).toBe(1)
    await admin.goto(`${shop.url}/payment/admin?abandoned=1&page=5`)
    expect(await admin.locator('table.orders tbody tr').count()).toBe(50)
    expect(await admin.locator('[data-testid="page-next"]').count()).toBe(1)
    expect(pages).toBeGreaterThanOrEqual(1)
  })

  it('#13 the admin shows 支払回数 in words', async () => {
    const shopper = await shop.page()
    const order = await buyByCard(shop, shopper)
    await shopper.context().close()
    await detail(order)
    expect(await admin.textContent('[data-testid="payment"]')).toContain('一括払い')
    expect(await admin.textContent('[data-testid="payment"]')).not.toMatch(/支払回数\s*01/)
  })

  it('#14 取消 then 再オーソリ shows the new 承認番号', async () => {
    const shopper = await shop.page()
    const order = await buyByCard(shop, shopper)
    await operate(order, 'cancel')
    await operate(order, 'reauthorize', order.amount)
    const after = await shop.orders.get(order.id)
    const tx = shop.sb.snapshot().transactions.find((t) => t.processId === after.payment.processId)
    expect(after.payment.approveNo).toBe(tx.approveNo)
    await shopper.goto(`${shop.url}/payment/orders/${order.id}`)
    expect(await text(shopper, 'approve-no')).toBe(tx.approveNo)
    await shopper.context().close()
  })

  it('#15 a higher 利用額変更 is refused before the gateway, in Japanese, with the fix printed once', async () => {
    const shopper = await shop.page()
    const order = await buyByCard(shop, shopper)
    await shopper.context().close()
    const before = await journalLen(order)
    await operate(order, 'changeAmount', order.amount + 500)
    const box = await text(admin, 'merchant-error')
    expect(box).toContain('増額はできません')
    expect(box).toContain('再オーソリ')
    expect(await journalLen(order)).toBe(before)
    expect(box.match(/対処/g) ?? []).toHaveLength(0)
  })

  it('#16 amounts over the limits get a Japanese message and HTTP 400, not 502', async () => {
    const shopper = await shop.page()
    const cvs = await buyByCvs(shop, shopper)
    const card = await buyByCard(shop, shopper)
    await shopper.context().close()
    const post = (order, path, amount) => adminPost(order, path, { amount: String(amount) })
    const a = await post(cvs, 'change', 300000)
    expect(a.status()).toBe(400)
    expect(await a.text()).toContain('299,999円以下')
    await operate(card, 'cancel')
    const b = await post(card, 'reauthorize', 10000000)
    expect(b.status()).toBe(400)
    expect(await b.text()).toContain('9,999,999円以下')
  })

  it("admin state changes need the page's CSRF token and the same origin (issue 11): without them nothing changes", async () => {
    const shopper = await shop.page()
    const order = await buyByCard(shop, shopper)
    await shopper.context().close()
    const url = `${shop.url}/payment/admin/orders/${order.id}/cancel`
    const noToken = await admin.request.post(url, { form: {}, headers: { origin: shop.url }, maxRedirects: 0 })
    expect(noToken.status()).toBe(403)
    expect(await noToken.text()).toContain('管理画面を開き直してから')
    await detail(order)
    const token = await admin.locator('input[name="_csrf"]').first().inputValue()
    const otherSite = await admin.request.post(url, { form: { _csrf: token }, headers: { origin: 'https://evil.example' }, maxRedirects: 0 })
    expect(otherSite.status()).toBe(403)
    expect((await shop.orders.get(order.id)).status).toBe('authorized')
  })

  it('#17 #18 a CVS deadline of today is refused (明日以降); a change mails the shopper the new number', async () => {
    const shopper = await shop.page()
    const order = await buyByCvs(shop, shopper)
    await shopper.context().close()
    await detail(order)
    expect(await admin.getAttribute(`[data-testid="pay-limit-${order.merchantFree1}"]`, 'min')).toBe(tokyoDay(1))
    const today = await adminPost(order, 'change', { payLimit: tokyoDay(0) })
    expect(today.status()).toBe(400)
    expect(await today.text()).toContain('明日以降')
    await operate(order, 'changeAmount', undefined, tokyoDay(14))
    const after = await shop.orders.get(order.id)
    expect(after.payment.kessaiNumber).not.toBe(order.payment.kessaiNumber)
    const mail = await shop.mail.waitFor((m) => m.subject.includes('お支払い番号・期限変更') && m.subject.includes(order.merchantFree1) && m.to.includes('hanako@example.jp'))
    expect(mail.text).toContain(after.payment.kessaiNumber)
    expect(mail.text).toContain(`${tokyoDay(14).replace(/-/g, '/')} 23:59`)
    // the superseded payment link explains itself, in Japanese too
    const old = await (await fetch(order.payment.paymentPageUrl)).text()
    expect(old).not.toContain('ResponseCd: <span class="code" id="response-cd">code')
    expect(old).toContain('このお支払い番号は変更または取り消されたため使えません')
  })

  it('#19 an order whose capture outcome is unknown is flagged in the list, without a second 売上計上 button', async () => {
    const shopper = await shop.page()
    const order = await buyByCard(shop, shopper)
    await shopper.context().close()
    shop.sb.faults.next({ type: 'reset-after-commit', operateId: '1Capture' })
    await operate(order, 'capture')
    await admin.goto(`${shop.url}/payment/admin?q=${order.merchantFree1}`)
    expect(await admin.locator(`[data-testid="recovery-${order.merchantFree1}"]`).count()).toBe(1)
    expect(await admin.locator(`[data-testid="op-capture-${order.merchantFree1}"]`).count()).toBe(0)
    expect(await admin.locator('[data-testid="recovery-alert"]').count()).toBe(1)
    await recover(order)
  })

  it('#21 moving the sandbox clock past the deadline shows the store order as expired', async () => {
    const shopper = await shop.page()
    const order = await buyByCvs(shop, shopper)
    shop.sb.clock.advance('8d')
    try {
      await shopper.goto(`${shop.url}/payment/orders/${order.id}`)
      expect(await shopper.locator('[data-testid="cvs-expired"]').count()).toBe(1)
      expect(await shopper.locator('[data-testid="payment-page"]').count()).toBe(0)
      await admin.goto(`${shop.url}/payment/admin?q=${order.merchantFree1}`)
      expect(await text(admin, `status-${order.merchantFree1}`)).toBe('期限切れ')
    } finally {
      shop.sb.clock.reset()
    }
    await shopper.context().close()
  })

  it('#33 the English admin says "Convenience store", not "Konbini"', async () => {
    await admin.goto(`${shop.url}/payment/admin?method=cvs&lang=en`)
    const body = await admin.textContent('main')
    expect(body).toContain('Convenience store')
    expect(body).not.toContain('Konbini')
  })

  it('#34 at 390 px the admin list and order page fit, labels do not wrap one character per line', async () => {
    const phone = await shop.adminPage({ viewport: MOBILE })
    await phone.goto(`${shop.url}/payment/admin`)
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    const href = await phone.locator('table.orders tbody tr a.mono').first().getAttribute('href')
    await phone.goto(`${shop.url}${href}`)
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    const narrowest = await phone.evaluate(() => Math.min(...[...document.querySelectorAll('table.pairs th')].map((th) => th.getBoundingClientRect().width)))
    expect(narrowest).toBeGreaterThan(60)
    await phone.context().close()
  })
})
