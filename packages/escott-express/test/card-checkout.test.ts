import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listRecoveryCases } from 'escott-flows'
import { CARD_AMEX, CARD_DECLINE_G12, CARD_OK, startStack, type Stack } from './helpers.js'

describe('card checkout without 3-D Secure', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack.close())

  it('shows the checkout page with the token script served by the gateway', async () => {
    const order = await stack.createOrder()
    const res = await request(stack.app).get(`/payment/checkout/${order.id}`)
    expect(res.status).toBe(200)
    expect(res.text).toContain(`src="${stack.escott.tokens.scriptUrl().replace(/&/g, '&amp;')}"`)
    expect(res.text).toContain('callBackFunc="setToken"')
    expect(res.text).toContain('お支払い')
    // card fields have no name: card data never reaches the shop's server
    expect(res.text).not.toMatch(/name="cardNo"|name="secCd"/)
  })

  it('authorizes with a token and shows the thank-you page', async () => {
    const order = await stack.createOrder()
    const res = await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token(), maskedCard: '400000******1000', payType: '01' })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/payment/orders/${order.id}`)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('authorized')
    expect(after.payment.processId).toBeTruthy()
    const page = await request(stack.app).get(res.headers.location!)
    expect(page.text).toContain('ご注文ありがとうございました')
    expect(page.text).not.toContain(after.payment.processPass!)
    const journal = await stack.store.journal.list({ orderId: order.id })
    expect(journal.map((j) => [j.operation, j.outcome])).toEqual([['card.authorize', 'ok']])
  })

  it('captures at once when configured with capture: true', async () => {
    const s = await startStack({ router: { capture: true } })
    try {
      const order = await s.createOrder()
      await request(s.app)
        .post(`/payment/checkout/${order.id}/card`)
        .type('form')
        .send({ token: await s.token(), maskedCard: '400000******1000' })
      expect((await s.orders.get(order.id))!.status).toBe('captured')
    } finally {
      await s.close()
    }
  })

  it('shows the issuer decline in Japanese and keeps the order payable (Post/Redirect/Get: reloading never re-posts)', async () => {
    const order = await stack.createOrder()
    const res = await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token(CARD_DECLINE_G12), maskedCard: '400000******0012', payType: '01' })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/payment/checkout/${order.id}`)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('pending')
    expect(after.lastError?.codes).toEqual(['G12'])
    const page = await request(stack.app).get(res.headers.location!)
    expect(page.text).toContain(after.lastError!.shopper.ja)
    // one piece of advice: the catalog's message, not a second "try another card"
    expect(page.text).not.toContain('別のカードをお試しいただくか')
    expect(after.lastError!.shopper.ja).toMatch(/[ぁ-んァ-ン一-龥]/)
    // the merchant message and remedy go to the log
    expect(stack.log.lines.some((l) => l.includes('G12') && l.includes('payment refused'))).toBe(true)
  })

  it('answers in English when the browser prefers English', async () => {
    const order = await stack.createOrder()
    const res = await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .set('Accept-Language', 'en-US,en;q=0.9,ja;q=0.5')
      .type('form')
      .send({ token: await stack.token(CARD_DECLINE_G12), maskedCard: '400000******0012' })
    const after = (await stack.orders.get(order.id))!
    const page = await request(stack.app).get(res.headers.location!).set('Accept-Language', 'en-US,en;q=0.9,ja;q=0.5')
    expect(page.text).toContain(after.lastError!.shopper.en)
    expect(page.text).toContain('<html lang="en"')
  })

  it('refuses an installment count the brand does not offer, without calling the gateway', async () => {
    const order = await stack.createOrder()
    const res = await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token(CARD_AMEX), maskedCard: '370000*****1000', payType: '02' })
    expect(res.status).toBe(303)
    expect((await request(stack.app).get(res.headers.location!)).text).toContain('支払回数')
    expect(await stack.store.journal.list({ orderId: order.id })).toHaveLength(0)
  })

  it('lists installment options by brand', async () => {
    const visa = await request(stack.app).get('/payment/installments?bin=400000')
    expect(visa.body.brand).toBe('VISA')
    expect(visa.body.options.map((o: { code: string }) => o.code)).toContain('88')
    const amex = await request(stack.app).get('/payment/installments?bin=370000')
    expect(amex.body.options.map((o: { code: string }) => o.code)).not.toContain('02')
    const diners = await request(stack.app).get('/payment/installments?bin=361234').set('Accept-Language', 'en')
    expect(diners.body.options).toEqual([
      { code: '01', label: 'Lump sum' },
      { code: '88', label: 'Revolving' },
      { code: '80', label: 'Bonus lump sum' },
    ])
  })

  it('parks the order for reconciliation when the outcome is unknown and never charges twice', async () => {
    const order = await stack.createOrder()
    stack.sb.faults.next({ type: 'reset-after-commit', operateId: '1Auth' })
    const res = await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token(), maskedCard: '400000******1000' })
    expect(res.status).toBe(303)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('needs_reconciliation')
    const page = await request(stack.app).get(`/payment/orders/${order.id}`)
    expect(page.text).toContain('再度のお支払いはお控えください')
    // a second attempt is refused: the order is no longer payable
    const again = await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token(), maskedCard: '400000******1000' })
    expect(again.status).toBe(303)
    const lines = await stack.store.journal.list({ orderId: order.id })
    expect(lines.map((j) => j.outcome)).toEqual(['unknown'])
    const cases = await listRecoveryCases(stack.store)
    expect(cases.find((c) => c.orderId === order.id)?.kind).toBe('outcome_unknown')
  })

  it('returns 404 for an unknown order and redirects a paid order to its page', async () => {
    expect((await request(stack.app).get('/payment/checkout/nope')).status).toBe(404)
    const order = await stack.createOrder()
    await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token(), maskedCard: '400000******1000' })
    const res = await request(stack.app).get(`/payment/checkout/${order.id}`)
    expect(res.status).toBe(303)
  })

  it('refuses a cross-site form post', async () => {
    const order = await stack.createOrder()
    const res = await request(stack.app).post(`/payment/checkout/${order.id}/card`).set('Origin', 'https://evil.example').type('form').send({ token: 'x', maskedCard: '400000******1000' })
    expect(res.status).toBe(403)
  })

  it('never logs the token or the MerchantPass', async () => {
    const token = await stack.token(CARD_OK)
    const order = await stack.createOrder()
    await request(stack.app).post(`/payment/checkout/${order.id}/card`).type('form').send({ token, maskedCard: '400000******1000' })
    const joined = stack.log.lines.join('\n')
    expect(joined).not.toContain(token)
    expect(joined).not.toContain(stack.sb.merchant.merchantPass)
  })
})
