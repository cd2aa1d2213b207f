/**
 * Every shop flow in Chromium at 1280 px and 390 px: buying by card and at a convenience store (final confirmation,
 * tax by rate, mails read back from the SMTP catcher, receipt), the legal pages, product pages, the demo outbox, the
 * cart, stock under concurrent checkouts, customers, English, and the admin (search, filters by status / method /
 * date, CSV, bulk capture, memo, shipped, admin users with their own passwords, a question before every state change,
 * 390 px).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, ADDRESS, MOBILE, addToCart, buyByCard, buyByCvs, deliveryStep, fillCard, startShop, text } from './support/shop.js'

describe('express-store: the shop flows in Chromium', () => {
  let shop
  beforeAll(async () => {
    shop = await startShop()
  })
  afterAll(async () => {
    await shop?.close()
  })

  it('buys tea and a teapot by card: final confirmation, tax by rate, confirmation mail to shopper and shop, receipt', async () => {
    const page = await shop.page()
    await page.goto(`${shop.url}/`)
    await shop.shot(page, 'products')
    await addToCart(shop, page, 'SENCHA-100', 2)
    await addToCart(shop, page, 'KYUSU-01', 1)
    await shop.shot(page, 'cart')
    await deliveryStep(shop, page, { ...ADDRESS, postalCode: '0600001', prefecture: '北海道', address: '札幌市中央区1-1' })
    // 最終確認画面: quantities, prices, shipping, the one total, delivery, time, cancellation and returns above the button
    const summary = await page.textContent('[data-summary="card"]')
    expect(summary).toContain('煎茶「さえみどり」100g')
    expect(summary).toMatch(/1,620円\s*2\s*3,240円/)
    expect(summary).toContain('煎茶「さえみどり」100g ※') // the reduced-rate mark on the line (適格請求書)
    expect(summary).not.toContain('急須 300ml ※')
    expect(summary).toContain('送料')
    expect(await text(page, 'total')).toBe('9,840円') // 1,620×2 + 5,500 + 送料 1,100
    expect(await text(page, 'tax-8')).toBe('8%対象 3,240円（内消費税 240円）')
    expect(await text(page, 'tax-10')).toBe('10%対象 6,600円（内消費税 600円）')
    expect(await text(page, 'final-address')).toContain('札幌市中央区1-1')
    expect(await text(page, 'final-cancellation')).toContain('キャンセル')
    expect(await text(page, 'final-returns')).toContain('返品')
    expect(await text(page, 'final-payment-timing')).toContain('お支払い期限')
    expect(await page.locator('[data-testid="confirmation"] a[href="/legal/tokushoho"]').count()).toBe(1)
    await fillCard(page, '4000000000001000')
    await shop.shot(page, 'checkout')
    await page.click('[data-testid="pay-card"]')
    await page.waitForSelector('[data-testid="thank-you"]')
    await shop.shot(page, 'thank-you')
    const number = await text(page, 'order-number')
    expect(await text(page, 'mail-sent')).toContain('hanako@example.jp')
    const mail = await shop.mail.waitFor((m) => m.to.includes('hanako@example.jp') && m.subject.includes(number))
    expect(mail.subject).toContain('ご注文ありがとうございます')
    expect(mail.text).toContain('8%対象 3,240円 内消費税 240円')
    expect(mail.text).toContain('お支払い金額  9,840円')
    const copy = await shop.mail.waitFor((m) => m.to.includes('shop@example.jp') && m.subject.includes(number))
    expect(copy.subject).toMatch(/^【控え】/)
    await page.click('[data-testid="receipt-link"]')
    await page.waitForSelector('[data-testid="receipt"]')
    expect(await text(page, 'invoice-number')).toMatch(/^T\d{13}$/)
    expect(await text(page, 'receipt-amount')).toContain('9,840円')
    expect(await page.textContent('[data-testid="receipt-tax-8"]')).toContain('内消費税 240円')
    await shop.shot(page, 'receipt')
    await page.context().close()
  })

  it('pays at a convenience store on a 390 px phone: payment number mail, paid at the sandbox, payment-received mail', async () => {
    const page = await shop.page({ viewport: MOBILE })
    const order = await buyByCvs(shop, page, { sku: 'MATCHA-30' })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await shop.shot(page, 'cvs-instructions-mobile')
    const number = await text(page, 'kessai-number')
    const mail = await shop.mail.waitFor((m) => m.to.includes('hanako@example.jp') && m.subject.includes(order.merchantFree1))
    expect(mail.text).toContain(`お支払い受付番号: ${number}`)
    expect(mail.text).toMatch(/お支払い期限: \d{4}\/\d{2}\/\d{2} 23:59/)
    const [place] = await Promise.all([page.context().waitForEvent('page'), page.click('[data-testid="payment-page"]')])
    await place.waitForSelector('#pay')
    await place.click('#pay')
    const paid = await shop.mail.waitFor((m) => m.to.includes('hanako@example.jp') && m.subject.includes('ご入金を確認しました'))
    expect(paid.subject).toContain(order.merchantFree1)
    await page.reload()
    await page.waitForSelector('[data-testid="cvs-paid"]')
    await page.context().close()
  })

  it('publishes the 特定商取引法 page and the privacy policy from the shop settings, linked from every page and in English', async () => {
    const page = await shop.page()
    await page.goto(`${shop.url}/cart`)
    await page.click('[data-testid="link-tokushoho"]')
    await page.waitForSelector('[data-testid="tokushoho"]')
    const rows = await page.textContent('[data-testid="tokushoho"]')
    const settings = shop.store.shop.settings
    for (const want of [
      '販売事業者',
      settings.company,
      '運営統括責任者',
      settings.address,
      '商品代金以外の必要料金',
      'お支払い時期',
      '引渡し時期',
      '返品・交換',
      settings.returns.ja,
      settings.invoiceNumber,
      '北海道 1,100円',
      '商品合計11,000円以上で送料無料',
    ])
      expect(rows, want).toContain(want)
    await shop.shot(page, 'tokushoho')
    await page.click('[data-testid="link-privacy"]')
    await page.waitForSelector('[data-testid="privacy"]')
    for (const want of ['利用目的', '第三者への提供', settings.email]) expect(await page.textContent('[data-testid="privacy"]'), want).toContain(want)
    const en = await shop.page({ locale: 'en-US' })
    await en.goto(`${shop.url}/legal/tokushoho`)
    expect(await en.textContent('h1')).toBe('Legal notice (Specified Commercial Transactions Act)')
    expect(await en.textContent('[data-testid="tokushoho"]')).toContain(settings.returns.en)
    expect(await en.textContent('[data-testid="footer-contact"]')).toContain(settings.hoursEn)
    expect(await page.textContent('[data-testid="footer-contact"]')).toContain(settings.phone)
    await en.context().close()
    await page.context().close()
  })

  it('shows a product page with its picture, price, reduced-rate mark and stock, and adds to the cart from it', async () => {
    const page = await shop.page()
    await page.goto(`${shop.url}/`)
    await page.click('[data-testid="product-MATCHA-30"] h2 a')
    await page.waitForURL(/\/products\/MATCHA-30$/)
    expect(await text(page, 'product-name')).toBe('抹茶「初昔」30g')
    expect(await page.locator('[data-testid="product-image"]').evaluate((img) => img.complete && img.naturalWidth > 0)).toBe(true)
    const body = await page.textContent('main')
    expect(body).toContain('2,700円')
    expect(body).toContain('軽減税率（8%）対象')
    expect(await text(page, 'stock')).toBe('在庫あり')
    await page.fill('[data-testid="qty-MATCHA-30"]', '2')
    await page.click('[data-testid="add-MATCHA-30"]')
    await page.waitForURL(/\/cart/)
    expect(await page.inputValue('[data-testid="cart-qty-MATCHA-30"]')).toBe('2')
    expect((await page.request.get(`${shop.url}/products/NO-SUCH-THING`)).status()).toBe(404)
    expect((await page.request.get(`${shop.url}/images/NO-SUCH-THING.svg`)).status()).toBe(404)
    await page.context().close()
  })

  it('lists every mail in the demo outbox page, each one readable there', async () => {
    const page = await shop.page()
    if (shop.mail.messages().length === 0) await buyByCard(shop, page)
    const first = await shop.mail.waitFor(() => true)
    await page.goto(shop.mail.url)
    const list = await page.textContent('body')
    expect(list).toContain(first.subject)
    expect(list).toContain(first.to[0])
    await shop.shot(page, 'outbox')
    await page.click(`a[href$="/messages/${first.id}"]`)
    expect(await page.textContent('body')).toContain(first.text.split('\n')[0])
    await page.context().close()
  })

  it('edits the cart: quantity, a message at the stock cap, removing one line', async () => {
    const page = await shop.page()
    await addToCart(shop, page, 'HOJICHA-TB', 2)
    await addToCart(shop, page, 'YUNOMI-2', 1)
    await page.fill('[data-testid="cart-qty-HOJICHA-TB"]', '3')
    await page.click('[data-testid="update-HOJICHA-TB"]')
    await page.waitForSelector('[data-testid="notice"]')
    expect(await page.inputValue('[data-testid="cart-qty-HOJICHA-TB"]')).toBe('3')
    expect(await text(page, 'cart-total')).toBe('6,552円')
    await page.fill('[data-testid="cart-qty-YUNOMI-2"]', '500')
    await page.click('[data-testid="update-YUNOMI-2"]')
    await page.waitForSelector('[data-testid="error"]')
    expect(await text(page, 'error')).toContain('12 点まで')
    await page.click('[data-testid="remove-YUNOMI-2"]')
    await page.waitForSelector('[data-testid="notice"]')
    expect(await page.locator('[data-testid="line-YUNOMI-2"]').count()).toBe(0)
    expect(await page.locator('[data-testid="line-HOJICHA-TB"]').count()).toBe(1)
    await page.context().close()
  })

  it('never oversells: 8 concurrent checkouts of a product with 3 left give 3 orders and 5 refusals', async () => {
    await shop.store.store.pool.query(`UPDATE shop_stock SET quantity = 3 WHERE sku = 'KYUSU-01'`)
    const contexts = await Promise.all(Array.from({ length: 8 }, () => shop.browser.newContext()))
    for (const c of contexts) {
      const r = await c.request.post(`${shop.url}/cart/add`, { form: { sku: 'KYUSU-01', qty: '1' }, maxRedirects: 0 })
      expect(r.status()).toBe(303)
    }
    const form = { ...ADDRESS, deliveryTime: '指定なし' }
    const results = await Promise.all(contexts.map((c) => c.request.post(`${shop.url}/checkout`, { form, maxRedirects: 0 })))
    const statuses = results.map((r) => r.status()).sort()
    expect(statuses.filter((s) => s === 303)).toHaveLength(3)
    expect(statuses.filter((s) => s === 409)).toHaveLength(5)
    expect(await results.find((r) => r.status() === 409).text()).toContain('在庫が不足しています')
    const { rows } = await shop.store.store.pool.query(`SELECT quantity FROM shop_stock WHERE sku = 'KYUSU-01'`)
    expect(rows[0].quantity).toBe(0)
    await Promise.all(contexts.map((c) => c.close()))
  })

  it('signs up, fills the delivery step from the account, shows the order on my page; the admin link stays hidden', async () => {
    const page = await shop.page()
    await page.goto(`${shop.url}/signup`)
    await page.fill('[data-testid="f-email"]', 'taro@example.jp')
    await page.fill('[data-testid="f-password"]', 'correct horse battery')
    for (const [k, v] of Object.entries({ name: '鈴木 太郎', kana: 'スズキ タロウ', phone: '03-1111-2222', postalCode: '5300001', address: '大阪市北区梅田1-1' }))
      await page.fill(`[data-testid="f-${k}"]`, v)
    await page.selectOption('[data-testid="f-prefecture"]', '大阪府')
    await page.click('[data-testid="signup-submit"]')
    await page.waitForSelector('[data-testid="profile"]')
    expect(await page.locator('[data-testid="nav-admin"]').count()).toBe(0)
    expect(await page.locator('a[href="/payment/admin"]').count()).toBe(0)
    await addToCart(shop, page, 'SENCHA-100')
    await page.goto(`${shop.url}/checkout`)
    expect(await page.inputValue('[data-testid="f-name"]')).toBe('鈴木 太郎')
    expect(await page.locator('[data-testid="member-hint"]').count()).toBe(0)
    await page.click('[data-testid="to-confirm"]')
    await page.waitForURL(/\/payment\/checkout\//)
    await fillCard(page, '4000000000001000', { holder: 'TARO SUZUKI' })
    await page.click('[data-testid="pay-card"]')
    await page.waitForSelector('[data-testid="thank-you"]')
    const number = await text(page, 'order-number')
    await page.goto(`${shop.url}/mypage`)
    expect(await page.locator(`[data-testid="history-${number}"]`).count()).toBe(1)
    await shop.shot(page, 'my-page')
    // the password is stored as a scrypt hash, never in clear
    const { rows } = await shop.store.store.pool.query(`SELECT password_hash FROM shop_customers WHERE email = 'taro@example.jp'`)
    expect(rows[0].password_hash).toMatch(/^scrypt\$/)
    expect(rows[0].password_hash).not.toContain('horse')
    await page.context().close()
  })

  it('shows the whole shop in English, product names included, and mails the English shopper in English', async () => {
    const page = await shop.page({ locale: 'en-US' })
    await page.goto(`${shop.url}/`)
    expect(await page.textContent('h1')).toBe('Products')
    expect(await page.textContent('[data-testid="product-SENCHA-100"] h2')).toBe('Sencha "Saemidori" 100 g')
    expect(await page.textContent('[data-testid="nav-cart"]')).toContain('Cart')
    await addToCart(shop, page, 'SENCHA-100')
    expect(await page.textContent('[data-testid="line-SENCHA-100"]')).toContain('Sencha')
    await page.goto(`${shop.url}/checkout`)
    expect(await page.locator('[data-testid="f-deliveryTime"] option').allTextContents()).toContain('Morning (8–12)')
    expect(await page.textContent('[data-testid="member-hint"]')).toContain('Log in')
    await deliveryStep(shop, page, { ...ADDRESS, email: 'hanako.en@example.jp' })
    expect(await page.textContent('[data-summary="card"]')).toContain('Sencha "Saemidori" 100 g *')
    expect(await text(page, 'final-delivery-time')).toBe('No preference')
    expect(await text(page, 'final-payment-timing')).toContain('Card: paid when you order')
    expect(await page.textContent('[data-testid="nav-login"]')).toBe('Log in')
    await fillCard(page, '4000000000001000')
    await page.click('[data-testid="pay-card"]')
    await page.waitForSelector('[data-testid="thank-you"]')
    await shop.shot(page, 'thank-you-en')
    const mail = await shop.mail.waitFor((m) => m.to.includes('hanako.en@example.jp'))
    expect(mail.subject).toContain('Thank you for your order')
    expect(mail.text).toContain('Sencha "Saemidori" 100 g')
    await page.context().close()
  })

  it('runs the admin: own login, search by name / phone / e-mail / number, filters, CSV, bulk capture, memo, shipped mail', async () => {
    const shopper = await shop.page()
    const a = await buyByCard(shop, shopper, { sku: 'HOJICHA-TB' })
    const b = await buyByCard(shop, shopper, { sku: 'MATCHA-30' })
    await shopper.context().close()
    const anonymous = await shop.page()
    await anonymous.goto(`${shop.url}/payment/admin`)
    await anonymous.waitForURL(/\/admin\/login/)
    await anonymous.fill('[data-testid="admin-user"]', ADMIN.user)
    await anonymous.fill('[data-testid="admin-password"]', 'wrong password')
    await anonymous.click('[data-testid="admin-login"]')
    expect(await text(anonymous, 'error')).toContain('パスワードが違います')
    await anonymous.context().close()

    const page = await shop.adminPage()
    await page.goto(`${shop.url}/payment/admin`)
    await shop.shot(page, 'admin-orders')
    for (const q of ['山田', '090-1234-5678', '09012345678', 'hanako@example', a.merchantFree1]) {
      await page.goto(`${shop.url}/payment/admin?q=${encodeURIComponent(q)}`)
      expect(await page.locator(`[data-testid="order-${a.merchantFree1}"]`).count(), q).toBe(1)
    }
    await page.goto(`${shop.url}/payment/admin?q=${a.merchantFree1}`)
    expect(await page.locator(`[data-testid="order-${b.merchantFree1}"]`).count()).toBe(0)
    await page.goto(`${shop.url}/payment/admin?method=cvs`)
    expect(await page.locator(`[data-testid="order-${a.merchantFree1}"]`).count()).toBe(0)
    await page.goto(`${shop.url}/payment/admin?status=authorized`)
    expect(await page.locator(`[data-testid="order-${a.merchantFree1}"]`).count()).toBe(1)
    const csv = await page.request.get(`${shop.url}/payment/admin/orders.csv?q=${a.merchantFree1}`)
    const body = await csv.body()
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.headers()['content-type']).toContain('text/csv')
    expect(body.toString('utf8')).toContain('山田 花子')
    // bulk 売上計上 of both, with the confirmation dialog accepted
    await page.goto(`${shop.url}/payment/admin?status=authorized`)
    await page.check(`[data-testid="pick-${a.merchantFree1}"]`)
    await page.check(`[data-testid="pick-${b.merchantFree1}"]`)
    await page.click('[data-testid="bulk-capture"]')
    await page.waitForSelector('[data-testid="notice"]')
    expect(await text(page, 'notice')).toContain('2 件を売上計上しました')
    expect((await shop.orders.get(a.id)).status).toBe('captured')
    // the order page: customer and delivery, memo, shipped (mails the shopper)
    await page.goto(`${shop.url}/payment/admin/orders/${a.id}`)
    expect(await page.textContent('[data-testid="customer"]')).toContain('東京都千代田区千代田1-1')
    await page.fill('[data-testid="memo"]', '贈答用の包装をする')
    await page.click('[data-testid="save-memo"]')
    await page.waitForSelector('[data-testid="shop-notice"]')
    expect(await page.inputValue('[data-testid="memo"]')).toBe('贈答用の包装をする')
    await page.click('[data-testid="toggle-shipped"]')
    await page.waitForSelector('[data-testid="shop-notice"]')
    expect(await text(page, 'shipped-at')).toMatch(/\d{4}\/\d{2}\/\d{2}/)
    const shipped = await shop.mail.waitFor((m) => m.subject.includes('商品を発送しました') && m.subject.includes(a.merchantFree1))
    expect(shipped.to).toEqual(['hanako@example.jp'])
    await shop.shot(page, 'admin-order')
    await page.context().close()
  })

  it('admin users each have their own password: a new admin logs in, changes it, and the old one stops working', async () => {
    const page = await shop.adminPage()
    await page.goto(`${shop.url}/payment/admin`)
    await page.click('[data-testid="nav-admin-users"]')
    await page.fill('[data-testid="new-admin-user"]', 'tanaka')
    await page.fill('[data-testid="new-admin-password"]', 'first-password-1')
    await page.click('[data-testid="add-admin"]')
    await page.waitForSelector('[data-testid="notice"]')
    expect(await page.textContent('[data-testid="admins"]')).toContain('tanaka')
    await page.context().close()
    const login = async (password) => {
      const p = await shop.page()
      await p.goto(`${shop.url}/admin`)
      await p.fill('[data-testid="admin-user"]', 'tanaka')
      await p.fill('[data-testid="admin-password"]', password)
      await p.click('[data-testid="admin-login"]')
      await p.waitForLoadState()
      return p
    }
    const tanaka = await login('first-password-1')
    await tanaka.waitForURL(/\/payment\/admin/)
    expect(await text(tanaka, 'nav-admin-user')).toBe('tanaka')
    await tanaka.goto(`${shop.url}/admin/users`)
    await tanaka.fill('[data-testid="change-password"]', 'second-password-2')
    await tanaka.click('[data-testid="change-password-submit"]')
    await tanaka.waitForSelector('[data-testid="notice"]')
    await tanaka.click('[data-testid="nav-admin-logout"]')
    await tanaka.goto(`${shop.url}/payment/admin`)
    await tanaka.waitForURL(/\/admin\/login/)
    await tanaka.context().close()
    const old = await login('first-password-1')
    expect(await text(old, 'error')).toContain('パスワードが違います')
    await old.context().close()
    const again = await login('second-password-2')
    await again.waitForURL(/\/payment\/admin/)
    await again.context().close()
    const { rows } = await shop.store.store.pool.query(`SELECT password_hash FROM shop_admins WHERE login = 'tanaka'`)
    expect(rows[0].password_hash).toMatch(/^scrypt\$/)
  })

  it('asks before every state-changing admin button; dismissing the dialog changes nothing', async () => {
    const shopper = await shop.page()
    const order = await buyByCard(shop, shopper, { sku: 'YUNOMI-2' })
    await shopper.context().close()
    const page = await shop.page()
    const res = await page.request.post(`${shop.url}/admin/login`, { form: { login: ADMIN.user, password: ADMIN.password }, maxRedirects: 0 })
    expect(res.status()).toBe(303)
    const journal = (await shop.store.store.journal.list({ orderId: order.id })).length
    // every button of a form that changes something carries a question (the memo only saves a note)
    const check = async (url) => {
      await page.goto(url)
      const unasked = await page.evaluate(() =>
        [...document.querySelectorAll('form[method="post"]')]
          .filter((f) => !/\/memo$/.test(f.getAttribute('action') ?? ''))
          .flatMap((f) => [...f.querySelectorAll('button[type="submit"], button:not([type])')].concat([...document.querySelectorAll(`button[form="${f.id}"]`)]).map((b) => ({ f, b })))
          .filter(({ f, b }) => !b.getAttribute('data-confirm') && !f.getAttribute('data-confirm'))
          .map(({ f, b }) => `${f.getAttribute('action')} ${b.textContent}`),
      )
      expect(unasked, url).toEqual([])
    }
    await check(`${shop.url}/payment/admin`)
    await check(`${shop.url}/payment/admin/orders/${order.id}`)
    const asked = []
    page.on('dialog', (d) => {
      asked.push(d.message())
      void d.dismiss()
    })
    for (const op of ['capture', 'cancel']) await page.click(`[data-testid="op-${op}-${order.merchantFree1}"]`)
    await page.click('[data-testid="toggle-shipped"]')
    await page.goto(`${shop.url}/payment/admin?status=authorized`)
    await page.check(`[data-testid="pick-${order.merchantFree1}"]`)
    await page.click('[data-testid="bulk-capture"]')
    expect(asked).toHaveLength(4)
    for (const m of asked) expect(m).toMatch(/[？?]/)
    const after = await shop.orders.get(order.id)
    expect(after.status).toBe('authorized')
    expect((await shop.store.store.journal.list({ orderId: order.id })).length).toBe(journal)
    expect((await shop.store.shop.details.get(order.id)).shippedAt).toBeFalsy()
    await page.context().close()
  })

  it('filters the admin list by order date (Tokyo days)', async () => {
    const shopper = await shop.page()
    const order = await buyByCard(shop, shopper, { sku: 'HOJICHA-TB' })
    await shopper.context().close()
    const page = await shop.adminPage()
    const day = (d) => new Date(Date.now() + 9 * 3_600_000 + d * 86_400_000).toISOString().slice(0, 10)
    const shown = async (query) => {
      await page.goto(`${shop.url}/payment/admin?${query}`)
      return page.locator(`[data-testid="order-${order.merchantFree1}"]`).count()
    }
    expect(await shown(`from=${day(0)}&to=${day(0)}`)).toBe(1)
    expect(await shown(`from=${day(1)}`)).toBe(0)
    expect(await shown(`to=${day(-1)}`)).toBe(0)
    await page.context().close()
  })

  it('keeps the admin usable at 390 px: list and order page fit the screen', async () => {
    const page = await shop.adminPage({ viewport: MOBILE })
    await page.goto(`${shop.url}/payment/admin`)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await shop.shot(page, 'admin-orders-mobile')
    const first = await page.locator('table.orders tbody tr a.mono').first().getAttribute('href')
    await page.goto(`${shop.url}${first}`)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await shop.shot(page, 'admin-order-mobile')
    await page.context().close()
  })

  it("refuses a client that creates too many orders (429, in Japanese), counted in the shop's database", async () => {
    const { createServer } = await import('node:http')
    const { createStoreApp } = await import('../src/app.js')
    const app = await createStoreApp({ escott: shop.store.escott, store: shop.store.store, orderLimit: { limit: 2 } })
    const server = createServer(app)
    await new Promise((r) => server.listen(0, '127.0.0.1', r))
    try {
      const url = `http://127.0.0.1:${server.address().port}/checkout`
      let last
      for (let i = 0; i < 3; i++) last = await fetch(url, { method: 'POST', body: new URLSearchParams(ADDRESS), redirect: 'manual' })
      expect(last.status).toBe(429)
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(60)
      expect(await last.text()).toContain('短時間に多くのご注文をいただいたため')
    } finally {
      server.close()
      server.closeAllConnections?.()
      app.locals.close()
      // the lock-out is this client's (127.0.0.1) for every app on the database: lift it for the tests after this one
      const pool = shop.store.store.pool
      const { rows } = await pool.query(`SELECT tablename FROM pg_tables WHERE tablename LIKE '%attempts'`)
      for (const r of rows) await pool.query(`DELETE FROM ${r.tablename} WHERE key LIKE 'order-creation:%'`)
    }
  })
})
