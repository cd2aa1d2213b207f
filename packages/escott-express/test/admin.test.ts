import express from 'express'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escottRouter, MemoryOrderStore } from '../src/index.js'
import { startStack, type Stack } from './helpers.js'

const admin = { 'x-admin': 'yes' }

describe('admin routes need the app’s authentication', () => {
  it('refuses to mount the admin routes without an auth middleware', () => {
    const orders = new MemoryOrderStore()
    const escott = {} as never
    expect(() => escottRouter({ escott, orders })).toThrow(/adminAuth/)
    expect(() => escottRouter({ escott, orders, adminAuth: [] })).toThrow(/adminAuth/)
    expect(() => escottRouter({ escott, orders, adminAuth: 'yes' as never })).toThrow(/adminAuth/)
  })

  it('leaves the admin routes out with admin: false', async () => {
    const app = express().use('/payment', escottRouter({ escott: {} as never, orders: new MemoryOrderStore(), admin: false }))
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
    await request(stack.app).post(`/payment/checkout/${order.id}/card`).type('form').send({ token: await stack.token(), maskedCard: '400000******1000' })
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
    expect((await stack.orders.journal({ orderId: order.id })).map((j) => j.operation)).toEqual(['card.authorize'])
  })

  it('lists orders with buttons that follow the allowed operations', async () => {
    const order = await paidOrder()
    const res = await request(stack.app).get('/payment/admin').set(admin)
    expect(res.status).toBe(200)
    const row = res.text.slice(res.text.indexOf(`data-testid="order-${order.merchantFree1}"`))
    const rowHtml = row.slice(0, row.indexOf('</tr>'))
    for (const op of ['capture', 'cancel', 'changeAmount', 'reauthorize']) expect(rowHtml).toContain(`op-${op}-${order.merchantFree1}`)
  })

  it('captures, then refuses a second capture (state machine) without calling the gateway', async () => {
    const order = await paidOrder()
    const res = await request(stack.app).post(`/payment/admin/orders/${order.id}/capture`).set(admin)
    expect(res.status).toBe(303)
    expect((await stack.orders.get(order.id))!.status).toBe('captured')
    const again = await request(stack.app).post(`/payment/admin/orders/${order.id}/capture`).set(admin)
    expect(again.status).toBe(409)
    expect(again.text).toContain('この状態ではその操作はできません')
    expect((await stack.orders.journal({ orderId: order.id })).map((j) => j.operation)).toEqual(['card.authorize', 'card.capture'])
    const detail = await request(stack.app).get(`/payment/admin/orders/${order.id}`).set(admin)
    expect(detail.text).toContain(`op-cancel-${order.merchantFree1}`)
    expect(detail.text).not.toContain(`op-capture-${order.merchantFree1}`)
    expect(detail.text).not.toContain(order.payment.processPass!)
  })

  it('changes the amount, cancels, then re-authorizes', async () => {
    const order = await paidOrder(5000)
    expect((await request(stack.app).post(`/payment/admin/orders/${order.id}/change-amount`).set(admin).type('form').send({ amount: '4500' })).status).toBe(303)
    expect((await stack.orders.get(order.id))!.amount).toBe(4500)
    expect((await request(stack.app).post(`/payment/admin/orders/${order.id}/cancel`).set(admin)).status).toBe(303)
    expect((await stack.orders.get(order.id))!.status).toBe('canceled')
    expect((await request(stack.app).post(`/payment/admin/orders/${order.id}/capture`).set(admin)).status).toBe(409)
    expect((await request(stack.app).post(`/payment/admin/orders/${order.id}/reauthorize`).set(admin).type('form').send({ amount: '4500' })).status).toBe(303)
    expect((await stack.orders.get(order.id))!.status).toBe('authorized')
  })

  it('refuses a bad amount', async () => {
    const order = await paidOrder()
    const res = await request(stack.app).post(`/payment/admin/orders/${order.id}/change-amount`).set(admin).type('form').send({ amount: '12.5' })
    expect(res.status).toBe(400)
  })

  it('cancels an unpaid convenience-store payment', async () => {
    const order = await stack.createOrder({ amount: 2000 })
    await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678' })
    expect((await request(stack.app).post(`/payment/admin/orders/${order.id}/cancel`).set(admin)).status).toBe(303)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('canceled')
    expect((await request(stack.app).post(`/payment/admin/orders/${order.id}/reauthorize`).set(admin).type('form').send({ amount: '2000' })).status).toBe(409)
  })

  it('changes a convenience-store amount once (the payment number changes), then only cancel is offered', async () => {
    const order = await stack.createOrder({ amount: 2000 })
    await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678' })
    const res = await request(stack.app).post(`/payment/admin/orders/${order.id}/change-amount`).set(admin).type('form').send({ amount: '2500' })
    expect(res.status).toBe(303)
    const after = (await stack.orders.get(order.id))!
    expect(after).toMatchObject({ status: 'unpaid', amount: 2500, payment: { cvsChanges: 1 } })
    expect(after.payment.kessaiNumber).toBeTruthy()
    expect((await request(stack.app).post(`/payment/admin/orders/${order.id}/change-amount`).set(admin).type('form').send({ amount: '2600' })).status).toBe(409)
  })

  it('shows the merchant message and remedy when the gateway refuses', async () => {
    const order = await paidOrder()
    stack.sb.faults.next({ type: 'maintenance', operateId: '1Capture' })
    const res = await request(stack.app).post(`/payment/admin/orders/${order.id}/capture`).set(admin)
    expect(res.status).toBe(502)
    expect(res.text).toContain('data-testid="merchant-error"')
    expect((await stack.orders.get(order.id))!.status).toBe('authorized')
  })
})
