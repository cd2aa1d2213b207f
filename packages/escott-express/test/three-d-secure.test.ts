import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserThreeDSecure, CARD_3DS_FAIL, CARD_CHALLENGE, CARD_OK, eventually, startStack, type Stack } from './helpers.js'

async function startPayment(stack: Stack, orderId: string, cardNo = CARD_OK, extra: Record<string, string> = {}, customer?: string) {
  let req = request(stack.app).post(`/payment/checkout/${orderId}/card`).type('form')
  if (customer) req = req.set('x-customer', customer)
  const res = await req.send({
    token: extra.useSavedCard === '1' ? '' : await stack.token(cardNo),
    maskedCard: cardNo.slice(0, 6) + '******' + cardNo.slice(-4),
    payType: '01',
    cardholderName: 'TARO YAMADA',
    email: 'taro@example.jp',
    ...extra,
  })
  expect(res.status).toBe(200)
  expect(res.text).toContain('EncryptValue')
  return res.text
}

describe('3-D Secure (PostUrl delayed: the browser comes back first)', () => {
  let stack: Stack
  beforeAll(async () => {
    // PostUrl far behind, so the tests control which return arrives first.
    stack = await startStack({ router: { threeDSecure: true }, sandbox: { threeDSecure: { postUrlOrder: 'browser-first', postUrlDelayMs: 60_000 } } })
  })
  afterAll(() => stack.close())

  it('renders an auto-submitting form to the gateway with a RedirectUrl of at most 64 characters', async () => {
    const order = await stack.createOrder()
    const page = await startPayment(stack, order.id)
    expect(page).toContain(`action="${stack.sb.url}/online/tds/OTDS010.do"`)
    expect(page).toContain('.submit()')
    expect((await stack.orders.get(order.id))!.status).toBe('awaiting_3ds')
    expect(`${stack.url}/payment/3ds/return`.length).toBeLessThanOrEqual(64)
  })

  it('finishes the order on the browser return, without any session cookie', async () => {
    const order = await stack.createOrder()
    const back = await browserThreeDSecure(await startPayment(stack, order.id))
    expect(back.redirectUrl).toBe(`${stack.url}/payment/3ds/return`)
    const res = await request(stack.app).post('/payment/3ds/return').type('form').send({ MerchantId: stack.sb.merchant.merchantId, EncryptValue: back.encryptValue })
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/payment/orders/${order.id}`)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('authorized')
    expect(after.payment.threeDSecure).toBe(true)
    expect(after.payment.processId).toBeTruthy()
  })

  it('passes a challenge card after the shopper approves', async () => {
    const order = await stack.createOrder()
    const back = await browserThreeDSecure(await startPayment(stack, order.id, CARD_CHALLENGE), 'approve')
    await request(stack.app).post('/payment/3ds/return').type('form').send({ EncryptValue: back.encryptValue })
    expect((await stack.orders.get(order.id))!.status).toBe('authorized')
  })

  it('shows the 3-D Secure failure and keeps the order payable when authentication fails', async () => {
    const order = await stack.createOrder()
    const back = await browserThreeDSecure(await startPayment(stack, order.id, CARD_3DS_FAIL))
    const res = await request(stack.app).post('/payment/3ds/return').type('form').send({ EncryptValue: back.encryptValue })
    expect(res.headers.location).toBe(`/payment/checkout/${order.id}`)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('pending')
    expect(after.lastError?.codes).toEqual(['U04'])
    const page = await request(stack.app).get(res.headers.location!)
    expect(page.text).toContain(after.lastError!.shopper.ja)
  })

  it('handles a double PostUrl (and a late browser return) by authorizing exactly once', async () => {
    const order = await stack.createOrder()
    const back = await browserThreeDSecure(await startPayment(stack, order.id))
    const body = { EncryptValue: back.encryptValue }
    const [a, b] = await Promise.all([request(stack.app).post('/payment/3ds/post').type('form').send(body), request(stack.app).post('/payment/3ds/post').type('form').send(body)])
    expect([a.status, b.status]).toEqual([200, 200])
    const third = await request(stack.app).post('/payment/3ds/post').type('form').send(body)
    expect(third.status).toBe(200)
    const browser = await request(stack.app).post('/payment/3ds/return').type('form').send(body)
    expect(browser.headers.location).toBe(`/payment/orders/${order.id}`)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('authorized')
    const charges = (await stack.store.journal.list({ orderId: order.id })).filter((j) => j.operation === 'card.authorize')
    expect(charges).toHaveLength(1)
    expect(charges[0]!.outcome).toBe('ok')
  })

  it('lets a concurrent browser return wait for the PostUrl that is finishing the order', async () => {
    const order = await stack.createOrder()
    const back = await browserThreeDSecure(await startPayment(stack, order.id))
    const body = { EncryptValue: back.encryptValue }
    const [post, browser] = await Promise.all([request(stack.app).post('/payment/3ds/post').type('form').send(body), request(stack.app).post('/payment/3ds/return').type('form').send(body)])
    expect(post.status).toBe(200)
    expect(browser.headers.location).toBe(`/payment/orders/${order.id}`)
    expect((await stack.orders.get(order.id))!.status).toBe('authorized')
  })

  it('refuses a tampered EncryptValue and changes nothing', async () => {
    const order = await stack.createOrder()
    const back = await browserThreeDSecure(await startPayment(stack, order.id))
    const tampered = back.encryptValue.slice(0, -8) + (back.encryptValue.endsWith('AAAAAAAA') ? 'BBBBBBBB' : 'AAAAAAAA')
    const res = await request(stack.app).post('/payment/3ds/return').type('form').send({ EncryptValue: tampered })
    expect(res.status).toBe(400)
    expect((await request(stack.app).post('/payment/3ds/post').type('form').send({ EncryptValue: 'garbage' })).status).toBe(400)
    expect((await stack.orders.get(order.id))!.status).toBe('awaiting_3ds')
  })

  it('lets the shopper restart an abandoned 3-D Secure trip; a late charge of the old trip is voided at once, never the order’s', async () => {
    const order = await stack.createOrder()
    const first = await browserThreeDSecure(await startPayment(stack, order.id)) // charged at the gateway, never returned
    expect((await request(stack.app).get(`/payment/checkout/${order.id}`)).status).toBe(200)
    const second = await browserThreeDSecure(await startPayment(stack, order.id))
    await request(stack.app).post('/payment/3ds/return').type('form').send({ EncryptValue: second.encryptValue })
    const paid = (await stack.orders.get(order.id))!
    expect(paid.status).toBe('authorized')
    const charges = stack.sb.snapshot().transactions.filter((t) => t.merchantFree1 === order.merchantFree1)
    expect(charges).toHaveLength(2) // two holds at the gateway, one per trip
    expect((await request(stack.app).post('/payment/3ds/post').type('form').send({ EncryptValue: first.encryptValue })).status).toBe(200)
    const after = (await stack.orders.get(order.id))!
    expect(after).toMatchObject({ status: 'authorized', payment: { processId: paid.payment.processId } })
    const stale = charges.find((t) => t.processId !== paid.payment.processId)!
    // The shopper carries one hold: the old trip's charge is voided (1Delete, journaled), nothing waits in recovery.
    expect(stack.sb.snapshot().transactions.find((t) => t.processId === stale.processId)?.status).toMatch(/cancel/i)
    expect(stack.sb.snapshot().transactions.find((t) => t.processId === paid.payment.processId)?.status).not.toMatch(/cancel/i)
    const { listRecoveryCases } = await import('escott-flows')
    expect((await listRecoveryCases(stack.store)).filter((x) => x.orderId === order.id)).toEqual([])
    expect((await stack.store.journal.list({ orderId: order.id })).some((j) => j.operation === 'card.cancel' && j.outcome === 'ok')).toBe(true)
  })

  it('registers the card through 3-D Secure and pays with it when "save this card" is ticked', async () => {
    const order = await stack.createOrder({ customerId: 'hanako' })
    const page = await startPayment(stack, order.id, CARD_OK, { saveCard: '1' }, 'hanako')
    const back = await browserThreeDSecure(page)
    await request(stack.app).post('/payment/3ds/return').type('form').send({ EncryptValue: back.encryptValue })
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('authorized')
    expect(after.payment.member).toBe(true)
    const member = (await stack.store.members.get('hanako'))!
    expect(member.maskedCard).toMatch(/1000$/)
    // next purchase with the saved card, still through 3-D Secure
    const second = await stack.createOrder({ customerId: 'hanako' })
    const page2 = await startPayment(stack, second.id, CARD_OK, { useSavedCard: '1' }, 'hanako')
    const back2 = await browserThreeDSecure(page2)
    await request(stack.app).post('/payment/3ds/return').type('form').send({ EncryptValue: back2.encryptValue })
    expect((await stack.orders.get(second.id))!.status).toBe('authorized')
    expect(page2).not.toContain(member.kaiinPass)
  })
})

describe('3-D Secure (PostUrl first: the browser never needs to come back)', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ router: { threeDSecure: true }, sandbox: { threeDSecure: { postUrlOrder: 'post-first', postUrlDelayMs: 0 } } })
  })
  afterAll(() => stack.close())

  it('completes the order from the PostUrl alone (browser closed)', async () => {
    const order = await stack.createOrder()
    await browserThreeDSecure(await startPayment(stack, order.id))
    await eventually(async () => (await stack.orders.get(order.id))!.status === 'authorized')
    expect(stack.sb.postUrlDeliveries().at(-1)?.status).toBe(200)
  })
})
