import express from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isCvsExpired } from 'escott-flows'
import { escottRouter, MemoryShopStore, type Order } from '../src/index.js'
import { CVS_MAX_PAY_LIMIT_DAYS, Escott } from 'escott-core'
import { parsePayLimitDate } from '../src/routes/admin.js'
import { adminPost, startStack, type Stack } from './helpers.js'

const admin = { 'x-admin': 'yes' }

describe('admin routes need the app’s authentication', () => {
  it('refuses to mount the admin routes without an auth middleware', () => {
    const store = new MemoryShopStore()
    const escott = {} as never
    expect(() => escottRouter({ escott, store })).toThrow(/adminAuth/)
    expect(() => escottRouter({ escott, store, adminAuth: [] })).toThrow(/adminAuth/)
    expect(() => escottRouter({ escott, store, adminAuth: 'yes' as never })).toThrow(/adminAuth/)
  })

  it('leaves the admin routes out with admin: false', async () => {
    const escott = new Escott({ merchantId: 'M1', merchantPass: 'pass', tokenAuthCode: 'CODE', threeDSecure: { aesKey: 'k'.repeat(16), aesIv: 'v'.repeat(16) } })
    const app = express().use('/payment', escottRouter({ escott, store: new MemoryShopStore(), admin: false }))
    expect((await request(app).get('/payment/admin')).status).toBe(404)
  })
})

describe('admin operations', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack.close())

  async function paidOrder(amount = 5000) {
    const order = await stack.createOrder({ amount })
    await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token(), maskedCard: '400000******1000' })
    const o = (await stack.orders.get(order.id))!
    expect(o.status).toBe('authorized')
    return o
  }

  it('answers 401 without the admin login and performs nothing', async () => {
    const order = await paidOrder()
    expect((await request(stack.app).get('/payment/admin')).status).toBe(401)
    const res = await request(stack.app).post(`/payment/admin/orders/${order.id}/capture`)
    expect(res.status).toBe(401)
    expect((await stack.orders.get(order.id))!.status).toBe('authorized')
    expect((await stack.store.journal.list({ orderId: order.id })).map((j) => j.operation)).toEqual(['card.authorize'])
  })

  it('lists orders with buttons that follow the allowed operations', async () => {
    const order = await paidOrder()
    const res = await request(stack.app).get('/payment/admin').set(admin)
    expect(res.status).toBe(200)
    const row = res.text.slice(res.text.indexOf(`data-testid="order-${order.merchantFree1}"`))
    const rowHtml = row.slice(0, row.indexOf('</tr>'))
    for (const op of ['capture', 'cancel']) expect(rowHtml).toContain(`op-${op}-${order.merchantFree1}`)
    const detail = await request(stack.app).get(`/payment/admin/orders/${order.id}`).set(admin)
    for (const op of ['capture', 'cancel', 'changeAmount', 'reauthorize']) expect(detail.text).toContain(`op-${op}-${order.merchantFree1}`)
  })

  it('captures, then refuses a second capture (state machine) without calling the gateway', async () => {
    const order = await paidOrder()
    const res = await adminPost(stack.app, `/payment/admin/orders/${order.id}/capture`)
    expect(res.status).toBe(303)
    expect((await stack.orders.get(order.id))!.status).toBe('captured')
    const again = await adminPost(stack.app, `/payment/admin/orders/${order.id}/capture`)
    expect(again.status).toBe(409)
    expect(again.text).toContain('この状態ではその操作はできません')
    expect((await stack.store.journal.list({ orderId: order.id })).map((j) => j.operation)).toEqual(['card.authorize', 'card.capture'])
    const detail = await request(stack.app).get(`/payment/admin/orders/${order.id}`).set(admin)
    expect(detail.text).toContain(`op-cancel-${order.merchantFree1}`)
    expect(detail.text).not.toContain(`op-capture-${order.merchantFree1}`)
    expect(detail.text).not.toContain(order.payment.processPass!)
  })

  it('changes the amount, cancels, then re-authorizes', async () => {
    const order = await paidOrder(5000)
    expect((await adminPost(stack.app, `/payment/admin/orders/${order.id}/change-amount`, { amount: '4500' })).status).toBe(303)
    expect((await stack.orders.get(order.id))!.amount).toBe(4500)
    expect((await adminPost(stack.app, `/payment/admin/orders/${order.id}/cancel`)).status).toBe(303)
    expect((await stack.orders.get(order.id))!.status).toBe('canceled')
    expect((await adminPost(stack.app, `/payment/admin/orders/${order.id}/capture`)).status).toBe(409)
    expect((await adminPost(stack.app, `/payment/admin/orders/${order.id}/reauthorize`, { amount: '4500' })).status).toBe(303)
    expect((await stack.orders.get(order.id))!.status).toBe('authorized')
  })

  it('refuses a bad amount', async () => {
    const order = await paidOrder()
    const res = await adminPost(stack.app, `/payment/admin/orders/${order.id}/change-amount`, { amount: '12.5' })
    expect(res.status).toBe(400)
  })

  it('cancels an unpaid convenience-store payment', async () => {
    const order = await stack.createOrder({ amount: 2000 })
    await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678' })
    expect((await adminPost(stack.app, `/payment/admin/orders/${order.id}/cancel`)).status).toBe(303)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('canceled')
    expect((await adminPost(stack.app, `/payment/admin/orders/${order.id}/reauthorize`, { amount: '2000' })).status).toBe(409)
  })

  it('changes a convenience-store amount once (the payment number changes), then only cancel is offered', async () => {
    const order = await stack.createOrder({ amount: 2000 })
    await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678' })
    const res = await adminPost(stack.app, `/payment/admin/orders/${order.id}/change-amount`, { amount: '2500' })
    expect(res.status).toBe(303)
    const after = (await stack.orders.get(order.id))!
    expect(after).toMatchObject({ status: 'unpaid', amount: 2500, payment: { cvsChanges: 1 } })
    expect(after.payment.kessaiNumber).toBeTruthy()
    expect((await adminPost(stack.app, `/payment/admin/orders/${order.id}/change-amount`, { amount: '2600' })).status).toBe(409)
  })

  async function cvsOrder(amount = 2000) {
    const order = await stack.createOrder({ amount })
    await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678' })
    const o = (await stack.orders.get(order.id))!
    expect(o.status).toBe('unpaid')
    return o
  }
  /** `yyyy-mm-dd` of the Japanese calendar day `days` from today. */
  const tokyoDay = (days: number) => new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)

  it('changes a convenience-store deadline (2Chg PayLimit, 23:59 Japan time), once', async () => {
    const order = await cvsOrder()
    const detailBefore = await request(stack.app).get(`/payment/admin/orders/${order.id}`).set(admin)
    expect(detailBefore.text).toContain(`data-testid="pay-limit-${order.merchantFree1}"`)
    const day = tokyoDay(20)
    const res = await adminPost(stack.app, `/payment/admin/orders/${order.id}/change`)
      .type('form')
      .send({ amount: String(order.amount), payLimit: day })
    expect(res.status).toBe(303)
    const after = (await stack.orders.get(order.id))!
    expect(after.payment.payLimit).toBe(new Date(`${day}T23:59:00+09:00`).toISOString())
    expect(after).toMatchObject({ amount: order.amount, payment: { cvsChanges: 1 } })
    expect(after.payment.kessaiNumber).not.toBe(order.payment.kessaiNumber)
    const line = (await stack.store.journal.list({ orderId: order.id })).at(-1)!
    expect(line).toMatchObject({ operation: 'cvs.update', outcome: 'ok', result: { payLimit: after.payment.payLimit } })
    const cvs = stack.sb.snapshot().cvs.find((c: { processId: string }) => c.processId === order.payment.processId)
    expect(cvs?.payLimit).toBe(`${day.replace(/-/g, '')}2359`)
    const detail = await request(stack.app).get(`/payment/admin/orders/${order.id}`).set(admin)
    expect(detail.text).not.toContain(`op-changeAmount-${order.merchantFree1}`)
    expect(
      (
        await adminPost(stack.app, `/payment/admin/orders/${order.id}/change`)
          .type('form')
          .send({ payLimit: tokyoDay(30) })
      ).status,
    ).toBe(409)
  })

  it('changes amount and deadline of a convenience-store payment in one 2Chg', async () => {
    const order = await cvsOrder()
    const res = await adminPost(stack.app, `/payment/admin/orders/${order.id}/change`)
      .type('form')
      .send({ amount: '2800', payLimit: tokyoDay(3) })
    expect(res.status).toBe(303)
    expect((await stack.orders.get(order.id))!).toMatchObject({ amount: 2800, payment: { payLimit: new Date(`${tokyoDay(3)}T23:59:00+09:00`).toISOString() } })
  })

  it('refuses an unchanged, past, too distant or malformed deadline without calling the gateway', async () => {
    const order = await cvsOrder()
    const before = (await stack.store.journal.list({ orderId: order.id })).length
    const send = (fields: Record<string, string>) => adminPost(stack.app, `/payment/admin/orders/${order.id}/change`, fields)
    const unchanged = await send({ amount: String(order.amount), payLimit: new Date(Date.parse(order.payment.payLimit!) + 9 * 3_600_000).toISOString().slice(0, 10) })
    expect(unchanged.status).toBe(400)
    expect(unchanged.text).toContain('金額か期限を変更してください')
    for (const payLimit of [tokyoDay(-1), tokyoDay(61), '2025-02-30', 'tomorrow']) expect((await send({ payLimit })).status).toBe(400)
    expect((await stack.store.journal.list({ orderId: order.id })).length).toBe(before)
    expect((await stack.orders.get(order.id))!.payment.cvsChanges).toBe(0)
  })

  it('shows an unpaid convenience-store payment past its deadline as expired (期限切れ), to staff and shopper', async () => {
    const order = await cvsOrder()
    await stack.orders.update(order.id, { payment: { payLimit: new Date(Date.now() - 120_000).toISOString() } })
    const list = await request(stack.app).get('/payment/admin').set(admin)
    expect(list.text).toContain(`<span class="badge expired" data-testid="status-${order.merchantFree1}">期限切れ</span>`)
    expect((await request(stack.app).get('/payment/admin?lang=en').set(admin)).text).toContain(`data-testid="status-${order.merchantFree1}">Expired</span>`)
    const shopper = await request(stack.app).get(`/payment/orders/${order.id}`)
    expect(shopper.text).toContain('data-testid="cvs-expired"')
    expect(shopper.text).not.toContain('data-testid="payment-page"')
    // the stored status is still unpaid: the deadline can still be extended or the payment canceled
    expect((await stack.orders.get(order.id))!.status).toBe('unpaid')
    expect(
      (
        await adminPost(stack.app, `/payment/admin/orders/${order.id}/change`)
          .type('form')
          .send({ payLimit: tokyoDay(5) })
      ).status,
    ).toBe(303)
    expect((await request(stack.app).get('/payment/admin').set(admin)).text).toContain(`data-testid="status-${order.merchantFree1}">未入金</span>`)
  })

  it('lays the orders table out for narrow screens: dates and badges do not wrap, amount operations on the order page', async () => {
    const order = await paidOrder()
    const res = await request(stack.app).get('/payment/admin').set(admin)
    const row = res.text.slice(res.text.indexOf(`data-testid="order-${order.merchantFree1}"`))
    const rowHtml = row.slice(0, row.indexOf('</tr>'))
    expect(rowHtml).not.toMatch(/type="number"/)
    expect(rowHtml).toMatch(/<td class="nowrap" data-label="[^"]+">\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}<\/td>/)
    expect(res.text).toMatch(/\.badge\{[^}]*white-space:nowrap/)
    // below 640 px the rows become cards
    expect(res.text).toMatch(/@media \(max-width:640px\)\{[^@]*table\.orders tr\{/)
    const detail = await request(stack.app).get(`/payment/admin/orders/${order.id}`).set(admin)
    expect(detail.text.match(/type="number"/g)).toHaveLength(1)
    expect(detail.text).toContain(`formaction="/payment/admin/orders/${order.id}/reauthorize"`)
  })

  it('shows the merchant message and remedy when the gateway refuses', async () => {
    const order = await paidOrder()
    stack.sb.faults.next({ type: 'maintenance', operateId: '1Capture' })
    const res = await adminPost(stack.app, `/payment/admin/orders/${order.id}/capture`)
    expect(res.status).toBe(502)
    expect(res.text).toContain('data-testid="merchant-error"')
    expect((await stack.orders.get(order.id))!.status).toBe('authorized')
  })
})

describe('convenience-store deadlines (Asia/Tokyo)', () => {
  const cvs = (payLimit: string, status: Order['status'] = 'unpaid') => ({ method: 'cvs' as const, status, payment: { payLimit } })
  const limit = '2025-07-01T14:59:00.000Z' // 2025-07-01 23:59 in Japan

  it('is payable until the deadline minute ends, expired from the next day 00:00 Japan time', () => {
    expect(isCvsExpired(cvs(limit), new Date('2025-07-01T14:59:30Z'))).toBe(false)
    expect(isCvsExpired(cvs(limit), new Date('2025-07-01T15:00:00Z'))).toBe(true)
    expect(isCvsExpired(cvs(limit, 'paid'), new Date('2025-08-01T00:00:00Z'))).toBe(false)
    expect(isCvsExpired({ method: 'card', status: 'unpaid', payment: { payLimit: limit } }, new Date('2025-08-01T00:00:00Z'))).toBe(false)
  })

  it('reads a new deadline as 23:59 Japan time, tomorrow up to 60 days ahead (today would leave the shopper hours)', () => {
    const now = new Date('2025-06-29T15:30:00Z') // 2025-06-30 00:30 in Japan
    expect(parsePayLimitDate('2025-07-01', now)?.toISOString()).toBe(limit)
    expect(parsePayLimitDate('2025-06-30', now)).toBeUndefined()
    expect(parsePayLimitDate('2025-08-29', now)).toBeDefined()
    expect(parsePayLimitDate('2025-08-30', now)).toBeUndefined()
    expect(parsePayLimitDate('2025-07-32', now)).toBeUndefined()
  })

  it('allows exactly escott-core’s longest deadline (CVS_MAX_PAY_LIMIT_DAYS), no more', () => {
    const now = new Date('2025-07-01T03:00:00Z') // 12:00 in Japan
    const day = (n: number) => new Date(Date.UTC(2025, 6, 1 + n)).toISOString().slice(0, 10)
    expect(parsePayLimitDate(day(CVS_MAX_PAY_LIMIT_DAYS), now)).toBeDefined()
    expect(parsePayLimitDate(day(CVS_MAX_PAY_LIMIT_DAYS + 1), now)).toBeUndefined()
  })
})
