import { createHash } from 'node:crypto'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './helpers.js'
import type { Order } from '../src/index.js'

/** Builds a notification as e-SCOTT would send it for an order registered at the sandbox. */
function notification(stack: Stack, order: Order, over: Record<string, string> = {}, processPass = order.payment.processPass!) {
  const recvNum = over.RecvNum ?? String(Math.floor(Math.random() * 1e9))
  const fields: Record<string, string> = {
    MerchantId: stack.sb.merchant.merchantId,
    TransactionId: '1234567890',
    TransactionDate: '20250401',
    OperateId: '2Res',
    MerchantFree1: order.merchantFree1,
    ProcessId: order.payment.processId!,
    ProcessPass: processPass,
    ResponseCd: 'OK',
    Condition: '000',
    Amount: String(order.amount),
    RecvNum: recvNum,
    CvsCd: 'SEV',
    NyukinDate: '20250401123000',
    ...over,
  }
  fields.HashCd =
    over.HashCd ??
    createHash('md5')
      .update(fields.ProcessPass! + recvNum + stack.sb.merchant.merchantPass)
      .digest('hex')
  return new URLSearchParams(fields).toString()
}

/**
 * Where the sandboxes of this file deliver their own notifications: nowhere (a closed port), so that each test sends
 * the notification itself.
 */
const NOWHERE = { notificationUrl: 'http://127.0.0.1:9/not-delivered' }

/** The shopper pays at the store: the gateway's record (2Ref) shows the payment; its own notification goes nowhere. */
async function payAtGateway(stack: Stack, order: Order): Promise<Order> {
  await stack.sb.payCvs(order.payment.kessaiNumber!)
  return order
}

async function unpaidOrder(stack: Stack): Promise<Order> {
  const order = await stack.createOrder({ amount: 3000 })
  const res = await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678' })
  expect(res.status).toBe(303)
  const o = (await stack.orders.get(order.id))!
  expect(o.status).toBe('unpaid')
  return o
}

describe('payment notification endpoint', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ sandbox: NOWHERE })
  })
  afterAll(() => stack.close())

  it('records the payment before answering the acknowledgement 0', async () => {
    const order = await payAtGateway(stack, await unpaidOrder(stack))
    const res = await request(stack.app).post('/payment/cvs/notification').type('form').send(notification(stack, order))
    expect(res.status).toBe(200)
    expect(res.text).toBe('0')
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('paid')
    expect(after.payment.cvsCd).toBe('SEV')
  })

  it('ignores a replayed notification and still acknowledges it', async () => {
    const order = await payAtGateway(stack, await unpaidOrder(stack))
    const body = notification(stack, order, { RecvNum: '555000111' })
    expect((await request(stack.app).post('/payment/cvs/notification').type('form').send(body)).text).toBe('0')
    const paid = (await stack.orders.get(order.id))!
    const again = await request(stack.app).post('/payment/cvs/notification').type('form').send(body)
    expect(again.status).toBe(200)
    expect(again.text).toBe('0')
    const after = (await stack.orders.get(order.id))!
    expect(after.updatedAt.getTime()).toBe(paid.updatedAt.getTime())
    const lines = (await stack.store.journal.list({ orderId: order.id })).filter((j) => j.operation === 'cvs.notification')
    expect(lines).toHaveLength(1)
    expect(stack.log.lines.some((l) => l.includes('replay ignored'))).toBe(true)
  })

  it('refuses a forged HashCd with 1 and leaves the order unpaid', async () => {
    const order = await unpaidOrder(stack)
    const res = await request(stack.app)
      .post('/payment/cvs/notification')
      .type('form')
      .send(notification(stack, order, { HashCd: 'ffffffffffffffffffffffffffffffff' }))
    expect(res.status).toBe(403)
    expect(res.text).toBe('1')
    expect((await stack.orders.get(order.id))!.status).toBe('unpaid')
  })

  it('refuses a notification whose HashCd was made with another merchant password', async () => {
    const order = await unpaidOrder(stack)
    const fields = new URLSearchParams(notification(stack, order))
    fields.set(
      'HashCd',
      createHash('md5')
        .update(order.payment.processPass! + fields.get('RecvNum') + 'not-the-password')
        .digest('hex'),
    )
    const res = await request(stack.app).post('/payment/cvs/notification').type('form').send(fields.toString())
    expect(res.status).toBe(403)
    expect((await stack.orders.get(order.id))!.status).toBe('unpaid')
  })

  it('refuses another MerchantId', async () => {
    const order = await unpaidOrder(stack)
    const res = await request(stack.app)
      .post('/payment/cvs/notification')
      .type('form')
      .send(notification(stack, order, { MerchantId: '99999999' }))
    expect(res.status).toBe(403)
    expect(res.text).toBe('1')
    expect((await stack.orders.get(order.id))!.status).toBe('unpaid')
  })

  it('refuses a malformed notification with 400', async () => {
    const res = await request(stack.app).post('/payment/cvs/notification').type('form').send('hello=world')
    expect(res.status).toBe(400)
    expect(res.text).toBe('1')
  })

  it('flags an amount mismatch for recovery instead of marking the order paid', async () => {
    const order = await unpaidOrder(stack)
    const res = await request(stack.app)
      .post('/payment/cvs/notification')
      .type('form')
      .send(notification(stack, order, { Amount: '1' }))
    expect(res.text).toBe('0')
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('needs_reconciliation')
    expect(after.lastError?.merchant.ja).toContain('一致しません')
    const { listRecoveryCases } = await import('escott-flows')
    const cases = await listRecoveryCases(stack.store)
    expect(cases.some((c) => c.orderId === order.id && c.kind === 'notification_mismatch')).toBe(true)
  })

  it('journals an authentic notification for an unknown order and acknowledges it', async () => {
    const order = await unpaidOrder(stack)
    const res = await request(stack.app)
      .post('/payment/cvs/notification')
      .type('form')
      .send(notification(stack, order, { MerchantFree1: 'NOSUCHORDER00001' }))
    expect(res.text).toBe('0')
    expect((await stack.orders.get(order.id))!.status).toBe('unpaid')
    const lines = await stack.store.journal.list({ operation: ['cvs.notification'] })
    expect(lines.some((l) => l.merchantFree1 === 'NOSUCHORDER00001' && l.result?.reason === 'unknown_order')).toBe(true)
  })

  it('logs no ProcessPass, HashCd or MerchantPass', async () => {
    const joined = stack.log.lines.join('\n')
    expect(joined).not.toContain(stack.sb.merchant.merchantPass)
    const orders = await stack.orders.list()
    for (const o of orders) if (o.payment.processPass) expect(joined).not.toContain(o.payment.processPass)
  })
})

describe('payment notification source address', () => {
  let direct: Stack
  let proxied: Stack
  beforeAll(async () => {
    direct = await startStack({ sandbox: NOWHERE, router: { notification: { allowedIps: ['35.72.54.3'] } } })
    proxied = await startStack({ sandbox: NOWHERE, trustProxy: 'loopback', router: { notification: { allowedIps: ['35.72.54.3'] } } })
  })
  afterAll(async () => {
    await direct.close()
    await proxied.close()
  })

  it('refuses a notification from an address that is not on the allow-list', async () => {
    const order = await unpaidOrder(direct)
    const res = await request(direct.app).post('/payment/cvs/notification').type('form').send(notification(direct, order))
    expect(res.status).toBe(403)
    expect(res.text).toBe('1')
    expect((await direct.orders.get(order.id))!.status).toBe('unpaid')
    expect(direct.log.lines.some((l) => l.includes('source_ip'))).toBe(true)
  })

  it('does not believe X-Forwarded-For unless the app trusts the proxy', async () => {
    const order = await unpaidOrder(direct)
    const res = await request(direct.app).post('/payment/cvs/notification').set('X-Forwarded-For', '35.72.54.3').type('form').send(notification(direct, order))
    expect(res.status).toBe(403)
  })

  it('uses the client address reported by a trusted proxy', async () => {
    const order = await payAtGateway(proxied, await unpaidOrder(proxied))
    const ok = await request(proxied.app).post('/payment/cvs/notification').set('X-Forwarded-For', '35.72.54.3').type('form').send(notification(proxied, order))
    expect(ok.text).toBe('0')
    expect((await proxied.orders.get(order.id))!.status).toBe('paid')
    const order2 = await unpaidOrder(proxied)
    const bad = await request(proxied.app).post('/payment/cvs/notification').set('X-Forwarded-For', '203.0.113.9').type('form').send(notification(proxied, order2))
    expect(bad.status).toBe(403)
  })
})
