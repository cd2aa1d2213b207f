/**
 * Issue 11 finding 7: what reaches the shop from outside is checked at the edge. A control character (NUL …) in an id,
 * a query, a form field or a payment notification answers 400 — with PostgreSQL behind the store, where a NUL used to
 * be a 500; the card brand is the gateway's (1TokenSearch), not the form's `maskedCard`. Real sandbox over HTTP.
 * (TRUST_PROXY: test/trust-proxy.test.ts.)
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openShopStore, type ShopStore } from '../src/index.js'
import { CARD_AMEX, CARD_OK, startStack, type Stack } from './helpers.js'

describe('control characters at the edge (PostgreSQL store)', () => {
  let stack: Stack
  let dir: string
  let store: ShopStore
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'escott-edge-pg-'))
    store = await openShopStore({ dataDir: dir, tablePrefix: `e${process.pid}_` })
    stack = await startStack({ store })
  }, 120_000)
  afterAll(async () => {
    await stack?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers 400, not 500, for a NUL or another control character in an order id', async () => {
    for (const id of ['%00', 'abc%00def', '%1F', '%7F', '%C2%85']) {
      const page = await request(stack.app).get(`/payment/checkout/${id}`)
      expect(page.status, id).toBe(400)
      expect((await request(stack.app).get(`/payment/orders/${id}`)).status, id).toBe(400)
      expect((await request(stack.app).post(`/payment/checkout/${id}/card`).type('form').send({ token: 'x' })).status, id).toBe(400)
    }
    expect(stack.log.lines.some((l) => l.includes('"level":"error"'))).toBe(false)
  })

  it('answers 400 for a control character in a query or a form field, and changes nothing', async () => {
    const order = await stack.createOrder()
    expect((await request(stack.app).get('/payment/installments?bin=4000%0000')).status).toBe(400)
    const res = await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '山田\u0000太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678' })
    expect(res.status).toBe(400)
    expect((await stack.orders.get(order.id))!.status).toBe('pending')
  })

  it('answers 400 for a control character in a payment notification field (a format error, nothing looked up)', async () => {
    const fields = new URLSearchParams({
      MerchantId: stack.sb.merchant.merchantId,
      OperateId: '2Res',
      MerchantFree1: 'ABC\u0000DEF',
      ProcessId: 'a'.repeat(32),
      ProcessPass: 'b'.repeat(32),
      ResponseCd: 'OK',
      Condition: '000',
      Amount: '864',
      RecvNum: '123456',
      CvsCd: 'SEV',
    })
    fields.set(
      'HashCd',
      createHash('md5')
        .update('b'.repeat(32) + '123456' + stack.sb.merchant.merchantPass)
        .digest('hex'),
    )
    const res = await request(stack.app).post('/payment/cvs/notification').type('form').send(fields.toString())
    expect(res.status).toBe(400)
    expect(res.text).toBe('1')
  })
})

describe('the card brand is the gateway’s, not the form’s', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack.close())

  it('records the token’s brand and last four digits, whatever maskedCard the form sends', async () => {
    const order = await stack.createOrder()
    const res = await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token(CARD_OK), maskedCard: '354000******9999', payType: '01' })
    expect(res.status).toBe(303)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('authorized')
    expect(after.payment).toMatchObject({ brand: 'VISA', maskedCard: '************1000' })
  })

  it('refuses an installment count the real brand does not offer, even when the form claims another brand', async () => {
    const order = await stack.createOrder()
    const res = await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token(CARD_AMEX), maskedCard: '400000******1000', payType: '02' })
    // refused back to the checkout page (Post/Redirect/Get), the message naming the installments field
    expect(res.status).toBe(303)
    expect((await stack.orders.get(order.id))!.lastError?.field).toBe('payType')
    expect((await stack.store.journal.list({ orderId: order.id })).filter((j) => j.operation.startsWith('card.'))).toHaveLength(0)
  })
})
