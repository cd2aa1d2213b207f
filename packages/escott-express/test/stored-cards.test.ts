import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { explainCode, storedCardDeletion } from 'escott-core'
import { memberAuthorizationDates } from 'escott-flows'
import type { Order } from '../src/index.js'
import {
  adminPost,
  browserThreeDSecure,
  CARD_3DS_FAIL,
  CARD_CHALLENGE,
  CARD_JCB,
  CARD_JCB_CHALLENGE,
  CARD_OK,
  eventually,
  maskOf,
  postMyPageCard,
  saveCardOnMyPage,
  startStack,
  type Stack,
} from './helpers.js'

describe('"my page" stored card through 3-D Secure', () => {
  let stack: Stack
  beforeAll(async () => {
    // PostUrl far behind, so the tests decide which return arrives first.
    stack = await startStack({ sandbox: { threeDSecure: { postUrlOrder: 'browser-first', postUrlDelayMs: 60_000 } } })
  })
  afterAll(() => stack.close())

  it('asks guests to log in', async () => {
    expect((await request(stack.app).get('/payment/cards')).status).toBe(401)
    expect((await request(stack.app).post('/payment/cards').type('form').send({ token: 'x' })).status).toBe(401)
  })

  it('asks for the cardholder name that 3-D Secure needs', async () => {
    const res = await postMyPageCard(stack, 'c-noname', CARD_OK, { cardholderName: '' })
    expect(res.status).toBe(400)
    expect(await stack.store.members.get('c-noname')).toBeUndefined()
  })

  it('adds the card with 4MemAdd through OTDS010; the browser return needs no session and the KaiinPass is never shown', async () => {
    const who = { 'x-customer': 'c-add' }
    const form = await request(stack.app).get('/payment/cards').set(who)
    expect(form.text).toContain('登録されているカードはありません')
    expect(form.text).toContain('data-testid="cardholder-name"')
    const res = await postMyPageCard(stack, 'c-add')
    expect(res.status).toBe(200)
    expect(res.text).toContain(`action="${stack.sb.url}/online/tds/OTDS010.do"`)
    // Credentials are kept before the trip, but no card is shown until 3-D Secure passes.
    const placeholder = (await stack.store.members.get('c-add'))!
    expect(placeholder.maskedCard).toBeNull()
    expect(res.text).not.toContain(placeholder.kaiinPass)
    expect((await request(stack.app).get('/payment/cards').set(who)).text).toContain('data-testid="no-card"')

    const back = await browserThreeDSecure(res.text)
    const ret = await request(stack.app).post('/payment/3ds/return').type('form').send({ EncryptValue: back.encryptValue }) // no x-customer
    expect(ret.status).toBe(303)
    expect(ret.headers.location).toBe('/payment/cards?done=saved')
    const member = (await stack.store.members.get('c-add'))!
    expect(member).toMatchObject({ kaiinId: placeholder.kaiinId, maskedCard: '************1000', brand: 'VISA' })
    const page = await request(stack.app).get(ret.headers.location!).set(who)
    expect(page.text).toContain('カードを登録しました')
    expect(page.text).toContain('************1000')
    expect(page.text).not.toContain(member.kaiinPass)
    const info = await stack.escott.members.retrieve({ kaiinId: member.kaiinId, kaiinPass: member.kaiinPass })
    expect(info.maskedCardNo).toMatch(/1000$/)
    const lines = await stack.store.journal.list({ operation: ['members.create'] })
    const line = lines.find((l) => (l.result as { customerId?: string }).customerId === 'c-add')!
    expect(line).toMatchObject({ orderId: null, outcome: 'ok' })
    expect(JSON.stringify(lines)).not.toContain(member.kaiinPass)
  })

  it('replaces the card with 4MemChg after a challenge, keeping the KaiinId; the brand comes from the gateway', async () => {
    const before = (await stack.store.members.get('c-add'))!
    const { location, page } = await saveCardOnMyPage(stack, 'c-add', CARD_JCB_CHALLENGE, 'approve')
    expect(page).toContain('EncryptValue')
    expect(location).toBe('/payment/cards?done=replaced')
    const after = (await stack.store.members.get('c-add'))!
    expect(after).toMatchObject({ kaiinId: before.kaiinId, kaiinPass: before.kaiinPass, brand: 'JCB', maskedCard: '************2000' })
    const ops = (await stack.store.journal.list({ operation: ['members.update'] })).filter((l) => (l.result as { customerId?: string }).customerId === 'c-add')
    expect(ops.map((l) => l.outcome)).toEqual(['ok'])
    expect((await request(stack.app).get('/payment/cards?done=replaced').set('x-customer', 'c-add')).text).toContain('登録カードを変更しました')
  })

  it('keeps the old card when the replacement fails 3-D Secure, and tells the shopper why', async () => {
    const before = (await stack.store.members.get('c-add'))!
    const { location } = await saveCardOnMyPage(stack, 'c-add', CARD_3DS_FAIL)
    expect(location).toBe('/payment/cards?failed=3ds')
    expect(await stack.store.members.get('c-add')).toEqual(before)
    const page = await request(stack.app).get(location).set('x-customer', 'c-add')
    // registration wording (not the payment's "use another payment method")
    expect(page.text).toContain('カードを登録できませんでした')
    expect(page.text).not.toContain(explainCode('U04').shopper.ja)
  })

  it('shows nothing after a failed first registration, and the next attempt reuses the same KaiinId', async () => {
    expect((await saveCardOnMyPage(stack, 'c-retry', CARD_CHALLENGE, 'fail')).location).toMatch(/^\/payment\/cards\?failed=/)
    const placeholder = (await stack.store.members.get('c-retry'))!
    expect(placeholder.maskedCard).toBeNull()
    expect((await request(stack.app).get('/payment/cards').set('x-customer', 'c-retry')).text).toContain('data-testid="no-card"')
    expect((await saveCardOnMyPage(stack, 'c-retry', CARD_OK)).location).toBe('/payment/cards?done=saved')
    expect((await stack.store.members.get('c-retry'))!).toMatchObject({ kaiinId: placeholder.kaiinId, maskedCard: '************1000' })
  })

  it('applies a result once when the PostUrl comes twice, concurrently with the browser return', async () => {
    const res = await postMyPageCard(stack, 'c-race')
    const back = await browserThreeDSecure(res.text)
    const body = { EncryptValue: back.encryptValue }
    const [a, b, browser] = await Promise.all([
      request(stack.app).post('/payment/3ds/post').type('form').send(body),
      request(stack.app).post('/payment/3ds/post').type('form').send(body),
      request(stack.app).post('/payment/3ds/return').type('form').send(body),
    ])
    expect([a.status, b.status]).toEqual([200, 200])
    expect(browser.headers.location).toBe('/payment/cards?done=saved')
    // late copies change nothing
    expect((await request(stack.app).post('/payment/3ds/post').type('form').send(body)).status).toBe(200)
    expect((await request(stack.app).post('/payment/3ds/return').type('form').send(body)).headers.location).toBe('/payment/cards?done=saved')
    const lines = (await stack.store.journal.list({ operation: ['members.create'] })).filter((l) => (l.result as { customerId?: string }).customerId === 'c-race')
    expect(lines.map((l) => l.outcome)).toEqual(['ok'])
    expect((await stack.store.members.get('c-race'))?.maskedCard).toBe('************1000')
  })

  it('replaces instead of adding when an earlier registration reached the gateway but its result never arrived', async () => {
    const first = await postMyPageCard(stack, 'c-lost')
    await browserThreeDSecure(first.text) // registered at the gateway; the browser never comes back, the PostUrl is late
    expect((await stack.store.members.get('c-lost'))!.maskedCard).toBeNull()
    expect((await saveCardOnMyPage(stack, 'c-lost', CARD_JCB)).location).toBe('/payment/cards?done=saved')
    const ops = (await stack.store.journal.list({ operation: ['members.create', 'members.update'] }))
      .filter((l) => (l.result as { customerId?: string }).customerId === 'c-lost')
      .map((l) => `${l.operation}:${l.outcome}`)
    expect(ops).toEqual(['members.create:pending', 'members.update:ok'])
    expect((await stack.store.members.get('c-lost'))!.brand).toBe('JCB')
  })

  it('refuses results it cannot attribute (unknown link key)', async () => {
    const foreign = stack.escott.threeDSecure.createRequest({
      token: await stack.token(),
      member: { kaiinId: 'MNOTOURS000000001', kaiinPass: 'x1234567' },
      registerMember: 'create',
      cardholderName: 'X Y',
      email: 'x@example.jp',
      redirectUrl: `${stack.url}/payment/3ds/return`,
    })
    const back = await browserThreeDSecure(
      `<form action="${foreign.action}"><input type="hidden" name="MerchantId" value="${foreign.fields.MerchantId}"><input type="hidden" name="EncryptValue" value="${foreign.fields.EncryptValue}"></form>`,
    )
    expect((await request(stack.app).post('/payment/3ds/return').type('form').send({ EncryptValue: back.encryptValue })).status).toBe(400)
    expect((await request(stack.app).post('/payment/3ds/post').type('form').send({ EncryptValue: back.encryptValue })).status).toBe(400)
  })

  it('deletes the card (4MemInval then 4MemDel) when the rule allows it', async () => {
    const member = (await stack.store.members.get('c-add'))!
    const del = await request(stack.app).post('/payment/cards/delete').set('x-customer', 'c-add')
    expect(del.headers.location).toContain('done=deleted')
    expect(await stack.store.members.get('c-add')).toBeUndefined()
    expect((await stack.escott.members.retrieve({ kaiinId: member.kaiinId, kaiinPass: member.kaiinPass })).status).toBe('deleted')
  })

  it('pays with the saved card at checkout', async () => {
    const who = { 'x-customer': 'c-pay' }
    await saveCardOnMyPage(stack, 'c-pay')
    const order = await stack.createOrder({ customerId: 'c-pay' })
    const checkout = await request(stack.app).get(`/payment/checkout/${order.id}`).set(who)
    expect(checkout.text).toContain('登録済みのカードで支払う')
    const res = await request(stack.app).post(`/payment/checkout/${order.id}/card`).set(who).type('form').send({ useSavedCard: '1', payType: '03' })
    expect(res.status).toBe(303)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('authorized')
    expect(after.payment).toMatchObject({ member: true, payType: '03' })
    // follow-up operations of a stored-card payment send the member (K80 otherwise)
    expect((await adminPost(stack.app, `/payment/admin/orders/${order.id}/capture`)).status).toBe(303)
  })

  it('saves the card while paying with a new one (checkout without 3-D Secure)', async () => {
    const who = { 'x-customer': 'c-save' }
    const order = await stack.createOrder({ customerId: 'c-save' })
    await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .set(who)
      .type('form')
      .send({ token: await stack.token(), maskedCard: maskOf(CARD_OK), saveCard: '1' })
    expect((await stack.orders.get(order.id))!.status).toBe('authorized')
    expect((await stack.store.members.get('c-save'))?.maskedCard).toMatch(/1000$/)
    const ops = (await stack.store.journal.list({ orderId: order.id })).map((j) => j.operation)
    expect(ops).toEqual(['members.create', 'card.authorize'])
  })

  it('refuses to delete a card used for an authorization in the last 90 days', async () => {
    const who = { 'x-customer': 'c-recent' }
    await saveCardOnMyPage(stack, 'c-recent')
    const order = await stack.createOrder({ customerId: 'c-recent' })
    await request(stack.app).post(`/payment/checkout/${order.id}/card`).set(who).type('form').send({ useSavedCard: '1' })
    const page = await request(stack.app).get('/payment/cards').set(who)
    expect(page.text).toContain('直近90日以内')
    const del = await request(stack.app).post('/payment/cards/delete').set(who)
    expect(del.status).toBe(409)
    expect(await stack.store.members.get('c-recent')).toBeDefined()
  })

  it('refuses to delete while a subscription is active', async () => {
    const s = await startStack({ router: { hasActiveSubscription: (id) => id === 'c-sub' } })
    try {
      await saveCardOnMyPage(s, 'c-sub')
      const del = await request(s.app).post('/payment/cards/delete').set('x-customer', 'c-sub')
      expect(del.status).toBe(409)
      expect(del.text).toContain('定期購入')
    } finally {
      await s.close()
    }
  })
})

describe('"my page" registration finished by the PostUrl alone', () => {
  it('registers the card even when the browser never comes back', async () => {
    const stack = await startStack({ sandbox: { threeDSecure: { postUrlOrder: 'post-first', postUrlDelayMs: 0 } } })
    try {
      const res = await postMyPageCard(stack, 'c-post')
      await browserThreeDSecure(res.text)
      await eventually(async () => (await stack.store.members.get('c-post'))?.maskedCard === '************1000')
      expect(stack.sb.postUrlDeliveries().at(-1)?.status).toBe(200)
    } finally {
      await stack.close()
    }
  })
})

describe('"my page" without 3-D Secure keys (fallback)', () => {
  it('registers and replaces with the direct member messages', async () => {
    const stack = await startStack({ threeDSecureKeys: false })
    try {
      const add = await postMyPageCard(stack, 'c-plain')
      expect(add.status).toBe(303)
      expect(add.headers.location).toContain('done=saved')
      const member = (await stack.store.members.get('c-plain'))!
      expect(member.kaiinPass).toMatch(/^[A-Za-z0-9]{12,20}$/)
      const replace = await postMyPageCard(stack, 'c-plain', CARD_JCB)
      expect(replace.headers.location).toContain('done=replaced')
      expect((await stack.store.members.get('c-plain'))!).toMatchObject({ kaiinId: member.kaiinId, brand: 'JCB' })
      expect(stack.log.lines.some((l) => l.includes('without 3-D Secure'))).toBe(true)
    } finally {
      await stack.close()
    }
  })
})

describe("stored-card deletion: the orders that count (the rule itself is escott-core's)", () => {
  const now = new Date('2025-06-30T00:00:00Z')
  const order = (o: { authorizedAt?: string; status?: Order['status']; member?: boolean; method?: 'card' | 'cvs'; updatedAt?: string }) =>
    ({
      method: o.method ?? 'card',
      status: o.status ?? 'captured',
      payment: { authorizedAt: o.authorizedAt, member: o.member ?? true },
      updatedAt: new Date(o.updatedAt ?? o.authorizedAt ?? now),
    }) as unknown as Order
  const verdict = (orders: Order[], sub = false) => storedCardDeletion({ authorizations: memberAuthorizationDates(orders), hasActiveSubscription: sub, now })

  it('allows deletion 90 days after the last stored-card authorization', () => {
    expect(verdict([order({ authorizedAt: '2025-03-31T23:00:00Z' })])).toEqual({ allowed: true })
  })
  it('blocks within 90 days, whatever the state', () => {
    expect(verdict([order({ authorizedAt: '2025-04-15T00:00:00Z', status: 'canceled' })])).toMatchObject({ allowed: false, reason: 'recent_authorization' })
  })
  it('ignores payments with another card and convenience-store payments', () => {
    expect(verdict([order({ authorizedAt: '2025-06-01T00:00:00Z', member: false }), order({ authorizedAt: '2025-06-01T00:00:00Z', method: 'cvs' })])).toEqual({ allowed: true })
  })
  it('counts a payment still in flight or unreconciled', () => {
    expect(verdict([order({ status: 'needs_reconciliation', member: false, updatedAt: '2025-06-29T00:00:00Z' })])).toMatchObject({ allowed: false })
  })
  it('blocks with an active subscription', () => {
    expect(verdict([], true)).toEqual({ allowed: false, reason: 'active_subscription' })
  })
})
