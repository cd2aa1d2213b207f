import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually, startStack, type Stack } from './helpers.js'

describe('convenience-store checkout', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack.close())

  it('shows the fee from the fee tiers on the checkout page', async () => {
    const order = await stack.createOrder({ amount: 3000 })
    const res = await request(stack.app).get(`/payment/checkout/${order.id}?method=cvs`)
    expect(res.text).toContain('コンビニ決済手数料')
    expect(res.text).toContain('330円')
    expect(res.text).toContain('3,330円')
  })

  it('registers the payment and shows the payment number, deadline and payment-place link', async () => {
    const order = await stack.createOrder({ amount: 3000 })
    const res = await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '山田太郎', nameKana: 'やまだたろう', telNo: '03-1234-5678' })
    expect(res.status).toBe(303)
    const after = (await stack.orders.get(order.id))!
    expect(after).toMatchObject({ status: 'unpaid', method: 'cvs', fee: 330, amount: 3330 })
    const page = await request(stack.app).get(`/payment/orders/${order.id}`)
    expect(page.text).toContain(after.payment.kessaiNumber!)
    expect(page.text).toContain('お支払い先を選ぶ')
    expect(page.text).toContain(after.payment.paymentPageUrl!.replace(/&/g, '&amp;'))
    expect(page.text).toContain('お支払い期限')
  })

  it('turns the order paid when the shopper pays at the store (notification from the gateway)', async () => {
    const order = await stack.createOrder({ amount: 1000 })
    await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '山田花子', nameKana: 'ヤマダハナコ', telNo: '0312345678' })
    const unpaid = (await stack.orders.get(order.id))!
    expect(unpaid.fee).toBe(0)
    const paid = await stack.sb.payCvs(unpaid.payment.kessaiNumber!, { cvsCd: 'LSN' })
    expect(paid.notification).toBeDefined()
    const after = await eventually(async () => {
      const o = (await stack.orders.get(order.id))!
      return o.status === 'paid' ? o : undefined
    })
    expect(after.payment.cvsCd).toBe('LSN')
    await eventually(async () => stack.sb.notifications().find((n) => n.processId === unpaid.payment.processId)?.acknowledged)
    const page = await request(stack.app).get(`/payment/orders/${order.id}`)
    expect(page.text).toContain('ご入金を確認しました')
  })

  it('asks again for missing payer details without calling the gateway', async () => {
    const order = await stack.createOrder()
    const res = await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '', nameKana: '', telNo: '' })
    expect(res.status).toBe(303)
    const page = await request(stack.app).get(res.headers.location!)
    // the field and the fix, and no card advice on the convenience-store form
    const box = /data-testid="error">([^<]*)</.exec(page.text)?.[1]
    expect(box).toBe('お名前（全角）を20文字以内で入力してください。')
    expect(box).not.toContain('カード')
    // the convenience-store tab is the one shown again
    expect(page.text).toMatch(/id="cvs-section" >/)
    expect(await stack.store.journal.list({ orderId: order.id })).toHaveLength(0)
  })

  it('refuses convenience-store payment above the gateway ceiling', async () => {
    const order = await stack.createOrder({ amount: 300_000 })
    const page = await request(stack.app).get(`/payment/checkout/${order.id}?method=cvs`)
    expect(page.text).toContain('コンビニ決済をご利用いただけません')
    const res = await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678' })
    expect(res.status).toBe(303)
    expect((await stack.orders.get(order.id))!.status).toBe('pending')
    expect(await stack.store.journal.list({ orderId: order.id })).toHaveLength(0)
  })
})
