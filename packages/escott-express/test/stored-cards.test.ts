import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { storedCardDeletion, type Order } from '../src/index.js'
import { CARD_JCB, startStack, type Stack } from './helpers.js'

describe('"my page" stored card', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack.close())

  it('asks guests to log in', async () => {
    expect((await request(stack.app).get('/payment/cards')).status).toBe(401)
    expect((await request(stack.app).post('/payment/cards').type('form').send({ token: 'x' })).status).toBe(401)
  })

  it('adds, replaces and deletes the card; the KaiinPass is generated here and never shown', async () => {
    const who = { 'x-customer': 'c-add' }
    expect((await request(stack.app).get('/payment/cards').set(who)).text).toContain('登録されているカードはありません')
    const add = await request(stack.app).post('/payment/cards').set(who).type('form').send({ token: await stack.token(), maskedCard: '400000******1000' })
    expect(add.status).toBe(303)
    const member = (await stack.orders.getMember('c-add'))!
    expect(member.kaiinPass).toMatch(/^[A-Za-z0-9]{12,20}$/)
    const page = await request(stack.app).get('/payment/cards?done=saved').set(who)
    expect(page.text).toContain('カードを登録しました')
    expect(page.text).toContain('1000')
    expect(page.text).not.toContain(member.kaiinPass)
    const info = await stack.escott.members.retrieve({ kaiinId: member.kaiinId, kaiinPass: member.kaiinPass })
    expect(info.maskedCardNo).toMatch(/1000$/)

    const replace = await request(stack.app).post('/payment/cards').set(who).type('form').send({ token: await stack.token(CARD_JCB), maskedCard: '354000******1000' })
    expect(replace.headers.location).toContain('done=replaced')
    const replaced = (await stack.orders.getMember('c-add'))!
    expect(replaced.kaiinId).toBe(member.kaiinId)
    expect(replaced.brand).toBe('JCB')

    const del = await request(stack.app).post('/payment/cards/delete').set(who)
    expect(del.headers.location).toContain('done=deleted')
    expect(await stack.orders.getMember('c-add')).toBeUndefined()
    expect((await stack.escott.members.retrieve({ kaiinId: member.kaiinId, kaiinPass: member.kaiinPass })).status).toBe('deleted')
  })

  it('pays with the saved card at checkout', async () => {
    const who = { 'x-customer': 'c-pay' }
    await request(stack.app).post('/payment/cards').set(who).type('form').send({ token: await stack.token(), maskedCard: '400000******1000' })
    const order = await stack.createOrder({ customerId: 'c-pay' })
    const checkout = await request(stack.app).get(`/payment/checkout/${order.id}`).set(who)
    expect(checkout.text).toContain('登録済みのカードで支払う')
    const res = await request(stack.app).post(`/payment/checkout/${order.id}/card`).set(who).type('form').send({ useSavedCard: '1', payType: '03' })
    expect(res.status).toBe(303)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('authorized')
    expect(after.payment).toMatchObject({ member: true, payType: '03' })
    // follow-up operations of a stored-card payment send the member (K80 otherwise)
    expect((await request(stack.app).post(`/payment/admin/orders/${order.id}/capture`).set('x-admin', 'yes')).status).toBe(303)
  })

  it('saves the card while paying with a new one', async () => {
    const who = { 'x-customer': 'c-save' }
    const order = await stack.createOrder({ customerId: 'c-save' })
    await request(stack.app).post(`/payment/checkout/${order.id}/card`).set(who).type('form').send({ token: await stack.token(), maskedCard: '400000******1000', saveCard: '1' })
    expect((await stack.orders.get(order.id))!.status).toBe('authorized')
    expect((await stack.orders.getMember('c-save'))?.maskedCard).toMatch(/1000$/)
    const ops = (await stack.orders.journal({ orderId: order.id })).map((j) => j.operation)
    expect(ops).toEqual(['members.create', 'card.authorize'])
  })

  it('refuses to delete a card used for an authorization in the last 90 days', async () => {
    const who = { 'x-customer': 'c-recent' }
    await request(stack.app).post('/payment/cards').set(who).type('form').send({ token: await stack.token(), maskedCard: '400000******1000' })
    const order = await stack.createOrder({ customerId: 'c-recent' })
    await request(stack.app).post(`/payment/checkout/${order.id}/card`).set(who).type('form').send({ useSavedCard: '1' })
    const page = await request(stack.app).get('/payment/cards').set(who)
    expect(page.text).toContain('直近90日以内')
    const del = await request(stack.app).post('/payment/cards/delete').set(who)
    expect(del.status).toBe(409)
    expect(await stack.orders.getMember('c-recent')).toBeDefined()
  })

  it('refuses to delete while a subscription is active', async () => {
    const s = await startStack({ router: { hasActiveSubscription: (id) => id === 'c-sub' } })
    try {
      const who = { 'x-customer': 'c-sub' }
      await request(s.app).post('/payment/cards').set(who).type('form').send({ token: await s.token(), maskedCard: '400000******1000' })
      const del = await request(s.app).post('/payment/cards/delete').set(who)
      expect(del.status).toBe(409)
      expect(del.text).toContain('定期購入')
    } finally {
      await s.close()
    }
  })
})

describe('stored-card deletion rule', () => {
  const order = (authorizedAt: string, status: Order['status'] = 'captured') =>
    ({ method: 'card', status, payment: { authorizedAt }, updatedAt: new Date(authorizedAt) }) as unknown as Order
  const now = new Date('2025-06-30T00:00:00Z')

  it('allows deletion 90 days after the last authorization', () => {
    expect(storedCardDeletion([order('2025-03-31T23:00:00Z')], false, now)).toEqual({ allowed: true })
  })
  it('blocks within 90 days, whatever the state', () => {
    expect(storedCardDeletion([order('2025-04-15T00:00:00Z', 'canceled')], false, now)).toMatchObject({ allowed: false, reason: 'recent_authorization' })
  })
  it('blocks with an active subscription', () => {
    expect(storedCardDeletion([], true, now)).toEqual({ allowed: false, reason: 'active_subscription' })
  })
})
