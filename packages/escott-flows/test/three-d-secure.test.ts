import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  applyThreeDSecureResult,
  authenticatedThreeDSecure,
  beginCardRegistration,
  chargeCard,
  findRegistrationTrip,
  registrationMetadata,
  beginThreeDSecure,
  listRecoveryCases,
  MemoryOrders,
  threeDSecureState,
  waitForSettled,
  type FlowOrder,
  type ThreeDSecureOutcome,
} from '../src/index.js'
import { browserThreeDSecure, CARD_CHALLENGE, CARD_OK, gatewayTransactions, startGateway, withMethod, type Gateway } from './helpers.js'

async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('3-D Secure result application', () => {
  let gw: Gateway
  let server: Server
  let base: string
  const postResults: ThreeDSecureOutcome[] = []
  beforeAll(async () => {
    gw = await startGateway()
    // The PostUrl: the gateway's server-to-server copy of the result, applied by the same flow.
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', async () => {
        const outcome = await applyThreeDSecureResult(gw, new URLSearchParams(body).get('EncryptValue') ?? '', { source: 'post' })
        postResults.push(outcome)
        res.end(outcome.kind === 'invalid' ? 'NG' : 'OK')
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((r) => server.close(r))
    await gw.close()
  })

  async function awaiting(amount = 2200, customerId: string | null = null): Promise<FlowOrder> {
    const o = await gw.orders.create({ amount, customerId })
    return (await gw.orders.update(o.id, { status: 'awaiting_3ds', method: 'card' }, ['pending']))!
  }

  async function start(order: FlowOrder, cardNo = CARD_OK, extra: Partial<Parameters<typeof beginThreeDSecure>[1]> = {}) {
    const begun = await beginThreeDSecure(gw, {
      order,
      source: { token: await gw.token(cardNo) },
      details: { payType: '01', brand: 'VISA', maskedCard: '************1000' },
      cardholderName: 'HANAKO YAMADA',
      email: 'hanako@example.jp',
      redirectUrl: `${base}/3ds/return`,
      postUrl: `${base}/3ds/post`,
      ...extra,
    })
    if (begun.kind !== 'redirect') throw new Error(`no redirect: ${JSON.stringify(begun)}`)
    return begun.request
  }

  it('charges exactly once however often, in whatever order, the browser return and the PostUrl arrive', async () => {
    const order = await awaiting()
    const encryptValue = await browserThreeDSecure(await start(order))
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => applyThreeDSecureResult(gw, encryptValue, { source: i % 2 ? 'post' : 'browser' })))
    expect(outcomes.filter((o) => o.kind === 'done')).toHaveLength(1)
    expect(outcomes.every((o) => o.kind === 'done' || o.kind === 'busy')).toBe(true)
    const settled = await waitForSettled(gw.orders, order.id, 3000)
    expect(settled).toMatchObject({ status: 'authorized', payment: { threeDSecure: true, brand: 'VISA' } })
    const again = await applyThreeDSecureResult(gw, encryptValue, { source: 'browser' })
    expect(again.kind).toBe('busy')
    const charges = gatewayTransactions(gw.sb, order.merchantFree1)
    expect(charges).toHaveLength(1)
    expect(settled!.payment.processId).toBe(charges[0]!.processId)
    // The gateway's own PostUrl call arrived too (through the HTTP server above) and changed nothing more.
    await eventually(() => postResults.length > 0)
    expect(gatewayTransactions(gw.sb, order.merchantFree1)).toHaveLength(1)
    const trip = (await gw.journal.list({ orderId: order.id }))[0]!
    expect(trip.result).toMatchObject({ via: '3ds', status: 'authorized', payment: settled!.payment })
  })

  it('puts the order back to pending when the challenge fails', async () => {
    const order = await awaiting()
    const encryptValue = await browserThreeDSecure(await start(order, CARD_CHALLENGE), 'fail')
    expect((await applyThreeDSecureResult(gw, encryptValue, { source: 'browser' })).kind).toBe('done')
    const after = await waitForSettled(gw.orders, order.id, 3000)
    expect(after?.status).toBe('pending')
    expect(after?.lastError?.codes.length).toBeGreaterThan(0)
    expect(gatewayTransactions(gw.sb, order.merchantFree1).filter((t) => t.status === 'authorized' || t.status === 'captured')).toHaveLength(0)
  })

  it('two live trips on one order: the first confirmed charge is the order’s, the other is voided at once (issue 11 finding 4)', async () => {
    const order = await awaiting()
    const first = await start(order)
    const second = await start(order) // a second tab, or the shopper came back and started again
    const [late, latest] = [await browserThreeDSecure(first), await browserThreeDSecure(second)]
    // Both trips authorised at the gateway; whichever result comes first is recorded.
    expect(gatewayTransactions(gw.sb, order.merchantFree1).filter((t) => t.status === 'authorized')).toHaveLength(2)
    // (The gateway's own PostUrl copies race these browser returns: the assertions hold whichever comes first.)
    expect(['done', 'busy']).toContain((await applyThreeDSecureResult(gw, late, { source: 'browser' })).kind)
    expect(['done', 'busy']).toContain((await applyThreeDSecureResult(gw, latest, { source: 'browser' })).kind)
    await eventually(() => gatewayTransactions(gw.sb, order.merchantFree1).some((t) => t.status === 'canceled'))
    const recorded = await waitForSettled(gw.orders, order.id, 3000)
    expect(recorded?.status).toBe('authorized')
    const live = gatewayTransactions(gw.sb, order.merchantFree1).filter((t) => t.status === 'authorized')
    expect(live.map((t) => t.processId)).toEqual([recorded!.payment.processId])
    expect(gatewayTransactions(gw.sb, order.merchantFree1).filter((t) => t.status === 'canceled')).toHaveLength(1)
    expect((await gw.orders.get(order.id))!.payment.processId).toBe(recorded!.payment.processId)
    // Nothing left for a person: the second hold was voided and its line closed.
    expect((await listRecoveryCases(gw, { now: new Date(Date.now() + 3_600_000) })).filter((c) => c.orderId === order.id)).toEqual([])
    expect((await gw.journal.list({ orderId: order.id })).map((l) => l.operation)).toEqual(['card.authorize', 'card.authorize', 'card.cancel'])
  })

  it('refuses a result it cannot read, and one whose link key no order or registration has', async () => {
    expect(await applyThreeDSecureResult(gw, 'not-a-ciphertext', { source: 'post' })).toEqual({ kind: 'invalid', reason: 'rejected' })
    const order = await awaiting()
    const encryptValue = await browserThreeDSecure(await start(order))
    const elsewhere = { ...gw, orders: new MemoryOrders() } // a store that never saw this order
    expect(await applyThreeDSecureResult(elsewhere, encryptValue, { source: 'post' })).toEqual({ kind: 'invalid', reason: 'unknown_order' })
  })

  it('registers the card first and then pays with the stored card when the shopper asked to save it', async () => {
    const order = await awaiting(3100, 'cust-save')
    const request = await start(order, CARD_OK, { saveCard: { customerId: 'cust-save' } })
    const placeholder = await gw.members.get('cust-save')
    expect(placeholder?.maskedCard).toBeNull()
    const encryptValue = await browserThreeDSecure(request)
    await applyThreeDSecureResult(gw, encryptValue, { source: 'browser' })
    const paid = await waitForSettled(gw.orders, order.id, 3000)
    expect(paid).toMatchObject({ status: 'authorized', payment: { member: true, threeDSecure: true } })
    expect((await gw.members.get('cust-save'))?.maskedCard).toBe('************1000')
    const [charge] = gatewayTransactions(gw.sb, order.merchantFree1).filter((t) => t.processId === paid!.payment.processId)
    expect(charge?.kaiinId).toBe(placeholder!.kaiinId)
  })

  it('authenticates only, leaving the order payable, and the later charge carries the verified 3-D Secure data', async () => {
    const order = await awaiting(2600)
    const token = await gw.token()
    const begun = await beginThreeDSecure(gw, {
      order,
      source: { token },
      authenticateOnly: true,
      details: { payType: '01', brand: 'VISA' },
      cardholderName: 'HANAKO YAMADA',
      email: 'hanako@example.jp',
      redirectUrl: `${base}/3ds/return`,
      postUrl: `${base}/3ds/post`,
    })
    if (begun.kind !== 'redirect') throw new Error(begun.kind)
    expect(begun.request.operation).toBe('3Secure')
    const encryptValue = await browserThreeDSecure(begun.request)
    const outcomes = await Promise.all([1, 2].map(() => applyThreeDSecureResult(gw, encryptValue, { source: 'browser' })))
    expect(outcomes.filter((o) => o.kind === 'done')).toHaveLength(1)
    const authenticated = await waitForSettled(gw.orders, order.id, 3000)
    expect(authenticated).toMatchObject({ status: 'pending', payment: { threeDSecure: true } })
    expect(gatewayTransactions(gw.sb, order.merchantFree1).filter((t) => t.status === 'authorized')).toHaveLength(0)
    const threeDSecure = await authenticatedThreeDSecure(gw.journal, order.id)
    expect(threeDSecure).toBeDefined()
    const claimed = (await gw.orders.update(order.id, { status: 'processing' }, ['pending']))!
    const charged = await chargeCard(gw, { order: claimed, source: { token }, details: { payType: '01', threeDSecure: true }, threeDSecure: threeDSecure! })
    expect(charged.kind).toBe('charged')
    expect(gatewayTransactions(gw.sb, order.merchantFree1).filter((t) => t.status === 'authorized')).toHaveLength(1)
    // An authentication trip moves no money: recovery never lists it.
    expect((await listRecoveryCases(gw, { now: new Date(Date.now() + 3_600_000) })).some((c) => c.orderId === order.id)).toBe(false)
  })

  async function authenticateOnly(order: FlowOrder, extra: Partial<Parameters<typeof beginThreeDSecure>[1]> = {}, deps: Gateway = gw) {
    const token = await gw.token()
    const begun = await beginThreeDSecure(deps, {
      order,
      source: { token },
      authenticateOnly: true,
      details: { payType: '01' },
      cardholderName: 'HANAKO YAMADA',
      email: 'hanako@example.jp',
      redirectUrl: `${base}/3ds/return`,
      postUrl: `${base}/3ds/post`,
      ...extra,
    })
    if (begun.kind !== 'redirect') throw new Error(begun.kind)
    return { token, request: begun.request }
  }

  it("registers the card for a later charge: confirmed by the gateway's member record, then paid with the stored card", async () => {
    const order = await awaiting(4100, 'cust-later')
    const { request } = await authenticateOnly(order, { saveCard: { customerId: 'cust-later' } })
    expect(request.operation).toBe('4MemAdd')
    const encryptValue = await browserThreeDSecure(request)
    const outcomes = await Promise.all([1, 2].map((i) => applyThreeDSecureResult(gw, encryptValue, { source: i === 1 ? 'browser' : 'post' })))
    expect(outcomes.filter((o) => o.kind === 'done')).toHaveLength(1)
    const after = await waitForSettled(gw.orders, order.id, 3000)
    expect(after).toMatchObject({ status: 'pending', payment: { threeDSecure: true, member: true } })
    expect(gatewayTransactions(gw.sb, order.merchantFree1)).toHaveLength(0)
    const member = (await gw.members.get('cust-later'))!
    expect(member.maskedCard).toMatch(/1000$/)
    const state = await threeDSecureState(gw.journal, after!)
    expect(state).toMatchObject({ kind: 'authenticated', member: true })
    const claimed = (await gw.orders.update(order.id, { status: 'processing' }, ['pending']))!
    const charged = await chargeCard(gw, {
      order: claimed,
      source: { member: { kaiinId: member.kaiinId, kaiinPass: member.kaiinPass } },
      details: { payType: '01', member: true, threeDSecure: true },
      ...(state.kind === 'authenticated' && state.threeDSecure && { threeDSecure: state.threeDSecure }),
    })
    expect(charged.kind).toBe('charged')
    expect(gatewayTransactions(gw.sb, order.merchantFree1)).toEqual([expect.objectContaining({ status: 'authorized', amount: 4100, kaiinId: member.kaiinId })])
  })

  it("does not save a card the gateway's member record does not confirm, whatever the decrypted result says", async () => {
    const order = await awaiting(1500, 'cust-unconfirmed')
    // The gateway's 4MemRef says the member is not valid (a forged or replayed "passed" result would look like this).
    const members = withMethod(gw.escott.members, 'retrieve', async (ref: Parameters<typeof gw.escott.members.retrieve>[0]) => ({
      ...(await gw.escott.members.retrieve(ref)),
      status: 'invalidated' as const,
    }))
    const deps = { ...gw, escott: withMethod(gw.escott, 'members', members) }
    const { request } = await authenticateOnly(order, { saveCard: { customerId: 'cust-unconfirmed' } })
    expect((await applyThreeDSecureResult(deps, await browserThreeDSecure(request), { source: 'browser' })).kind).toBe('done')
    const after = await gw.orders.get(order.id)
    expect(after).toMatchObject({ status: 'pending', lastError: { codes: [] } })
    expect(after!.payment.member).toBeUndefined()
    expect((await gw.members.get('cust-unconfirmed'))?.maskedCard).toBeNull()
    expect((await threeDSecureState(gw.journal, after!)).kind).toBe('failed')
  })

  it('an authentication carries one authorisation of the amount it authenticated', async () => {
    const order = await awaiting(2700)
    const { token, request } = await authenticateOnly(order)
    await applyThreeDSecureResult(gw, await browserThreeDSecure(request), { source: 'browser' })
    const pending = (await waitForSettled(gw.orders, order.id, 3000))!
    expect((await threeDSecureState(gw.journal, pending)).kind).toBe('authenticated')
    // Another amount (the cart changed) needs a new authentication.
    expect(await threeDSecureState(gw.journal, { ...pending, amount: 2800 })).toEqual({ kind: 'spent' })
    const claimed = (await gw.orders.update(order.id, { status: 'processing' }, ['pending']))!
    const threeDSecure = await authenticatedThreeDSecure(gw.journal, claimed)
    await chargeCard(gw, { order: claimed, source: { token }, details: { payType: '01' }, threeDSecure: threeDSecure! })
    // Used: the gateway would refuse the same authentication twice, so the shopper authenticates again.
    expect(await threeDSecureState(gw.journal, claimed)).toEqual({ kind: 'spent' })
    expect(await authenticatedThreeDSecure(gw.journal, order.id)).toBeUndefined()
  })

  it('says where an order stands: no trip, an open trip, a failed one', async () => {
    const order = await awaiting(1200)
    expect(await threeDSecureState(gw.journal, order)).toEqual({ kind: 'none' })
    const { request } = await authenticateOnly(order)
    expect(await threeDSecureState(gw.journal, order)).toEqual({ kind: 'open' })
    const failedOrder = await awaiting(1300)
    const challenge = await beginThreeDSecure(gw, {
      order: failedOrder,
      source: { token: await gw.token(CARD_CHALLENGE) },
      authenticateOnly: true,
      details: { payType: '01' },
      cardholderName: 'HANAKO YAMADA',
      email: 'hanako@example.jp',
      redirectUrl: `${base}/3ds/return`,
      postUrl: `${base}/3ds/post`,
    })
    if (challenge.kind !== 'redirect') throw new Error(challenge.kind)
    await applyThreeDSecureResult(gw, await browserThreeDSecure(challenge.request, 'fail'), { source: 'browser' })
    const state = await threeDSecureState(gw.journal, failedOrder)
    expect(state.kind).toBe('failed')
    expect(state.kind === 'failed' && state.codes.length).toBeGreaterThan(0)
    expect(request.operation).toBe('3Secure')
  })

  it("keeps the caller's metadata on a registration trip (journal line) for whoever receives the result, and refuses bad metadata", async () => {
    const request = await beginCardRegistration(gw, {
      customerId: 'cust-signup',
      token: await gw.token(),
      maskedCard: '400000******1000',
      cardholderName: 'TARO YAMADA',
      email: 'hanako@example.jp',
      redirectUrl: `${base}/3ds/return`,
      postUrl: `${base}/3ds/post`,
      metadata: { planId: 'tea-monthly' },
    })
    const encryptValue = await browserThreeDSecure(request!)
    const result = gw.escott.threeDSecure.parseResult(encryptValue)
    // A fresh lookup, as after a restart: the journal line holds it, not the process that began the trip.
    const trip = await findRegistrationTrip(gw.journal, result.merchantFree1!, result.procNo)
    expect(registrationMetadata(trip!)).toEqual({ planId: 'tea-monthly' })
    const outcome = await applyThreeDSecureResult(gw, encryptValue, { source: 'browser' })
    expect(outcome.kind === 'card' && outcome.outcome.kind).toBe('saved')
    const done = await findRegistrationTrip(gw.journal, result.merchantFree1!, result.procNo)
    expect(done!.outcome).toBe('ok')
    expect(registrationMetadata(done!)).toEqual({ planId: 'tea-monthly' }) // still there once completed
    const base3ds = { customerId: 'cust-bad', token: await gw.token(), maskedCard: undefined, cardholderName: 'TARO YAMADA', email: 'x@example.jp', redirectUrl: `${base}/r`, postUrl: `${base}/p` }
    await expect(beginCardRegistration(gw, { ...base3ds, metadata: { planId: 'x'.repeat(201) } })).rejects.toMatchObject({ name: 'EscottValidationError', field: 'beginCardRegistration: metadata' })
    await expect(beginCardRegistration(gw, { ...base3ds, metadata: { n: 1 as unknown as string } })).rejects.toMatchObject({ name: 'EscottValidationError' })
  })

  it('applies a "my page" registration result once, from either return, without any order', async () => {
    const request = await beginCardRegistration(gw, {
      customerId: 'cust-mypage',
      token: await gw.token(),
      maskedCard: '400000******1000',
      cardholderName: 'TARO YAMADA',
      email: 'taro@example.jp',
      redirectUrl: `${base}/3ds/return`,
      postUrl: `${base}/3ds/post`,
    })
    expect(request).toBeDefined()
    const encryptValue = await browserThreeDSecure(request!)
    const outcomes = await Promise.all([1, 2, 3].map(() => applyThreeDSecureResult(gw, encryptValue, { source: 'browser' })))
    const kinds = outcomes.map((o) => (o.kind === 'card' ? o.outcome.kind : o.kind))
    expect(kinds.filter((k) => k === 'saved')).toHaveLength(1)
    expect(kinds.every((k) => k === 'saved' || k === 'busy')).toBe(true)
    expect(await gw.members.get('cust-mypage')).toMatchObject({ maskedCard: '************1000', brand: 'VISA' })
  })
})
