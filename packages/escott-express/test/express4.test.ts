import express4 from 'express4'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminPost, browserThreeDSecure, startStack, type Stack } from './helpers.js'

// The router mounted in an Express 4 application (the peer range is ^4.21 || ^5).
describe('on Express 4', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ express: () => express4() as never, router: { threeDSecure: true } })
  })
  afterAll(() => stack.close())

  it('runs a 3-D Secure card payment, an admin capture and refuses a forged notification', async () => {
    const order = await stack.createOrder()
    const start = await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token(), maskedCard: '400000******1000', cardholderName: 'TARO YAMADA', email: 'taro@example.jp' })
    expect(start.status).toBe(200)
    const back = await browserThreeDSecure(start.text)
    const ret = await request(stack.app).post('/payment/3ds/return').type('form').send({ EncryptValue: back.encryptValue })
    expect(ret.status).toBe(303)
    expect((await stack.orders.get(order.id))!.status).toBe('authorized')
    expect((await request(stack.app).get(`/payment/orders/${order.id}`)).text).toContain('ご注文ありがとうございました')
    expect((await request(stack.app).post(`/payment/admin/orders/${order.id}/capture`)).status).toBe(401)
    expect((await adminPost(stack.app, `/payment/admin/orders/${order.id}/capture`)).status).toBe(303)
    expect((await stack.orders.get(order.id))!.status).toBe('captured')
    const forged = await request(stack.app).post('/payment/cvs/notification').type('form').send(`MerchantId=${stack.sb.merchant.merchantId}&ProcessId=x&ProcessPass=y&RecvNum=1&Amount=1&HashCd=00`)
    expect(forged.status).toBe(403)
    expect((await request(stack.app).get('/payment/installments?bin=400000')).body.brand).toBe('VISA')
  })
})
