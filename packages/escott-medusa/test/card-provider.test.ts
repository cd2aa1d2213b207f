/**
 * Each method of the card provider, with a fake container (a logger and escott-medusa's memory stores) against the
 * sandbox gateway over HTTP. What Medusa would pass is built by hand: session data, BigNumber amounts, idempotency keys.
 */
import { BigNumber, MedusaError } from '@medusajs/framework/utils'
import type { Sandbox } from 'escott-sandbox'
import { cancelRecovery, listRecoveryCases } from 'escott-flows'
import { memoryEscottStores } from '../src/core/runtime'
import { EscottCardProviderService } from '../src/services/escott-card'
import { CARDS, completeThreeDSecure, fakeContainer, providerOptions, startGateway, token } from './support/gateway'

let sb: Sandbox
beforeAll(async () => {
  sb = await startGateway()
})
afterAll(async () => {
  await sb.close()
})

let seq = 0
const sessionId = () => `payses_01TESTCARD${String(++seq).padStart(4, '0')}${Date.now().toString(36).toUpperCase()}`
const holder = (id: string) => ({ id: 'acchld_1', external_id: id, data: {} }) as never

function provider(extra = {}, stores = memoryEscottStores()) {
  const container = fakeContainer(stores)
  return { p: new EscottCardProviderService(container, providerOptions(sb, extra)), logger: container.logger, stores }
}

async function initiate(p: EscottCardProviderService, data: Record<string, unknown>, amount: unknown = 1980, context: Record<string, unknown> = {}) {
  const id = sessionId()
  const out = await p.initiatePayment({ data: { ...data, session_id: id }, amount: amount as number, currency_code: 'jpy', context: { idempotency_key: id, ...context } })
  return { id, out, data: out.data as Record<string, any> }
}

async function passThreeDSecure(p: EscottCardProviderService, id: string, answer: 'approve' | 'fail' = 'approve') {
  const request = await p.startThreeDSecure(id, {
    cardholderName: 'TARO YAMADA',
    email: 'taro@example.jp',
    redirectUrl: 'http://localhost:9000/escott/3ds/return',
    postUrl: 'http://127.0.0.1:9/escott/3ds/post',
  })
  return { request, value: await completeThreeDSecure(request, answer) }
}

const ledger = (mf1: string) => sb.snapshot().transactions.filter((t: any) => t.merchantFree1 === mf1) as any[]

describe('initiatePayment', () => {
  it('keeps the token server-side: the session data holds only a reference and the MerchantFree1', async () => {
    const { p, stores } = provider()
    const tok = await token(sb)
    const { id, out, data } = await initiate(p, { token: tok, payType: '01' })
    expect(out.id).toBe(id)
    expect(out.status).toBe('pending')
    expect(data.token).toBeUndefined()
    expect(JSON.stringify(data)).not.toContain(tok)
    expect(data.escott).toMatchObject({
      method: 'card',
      hasCard: true,
      merchantFree1: expect.stringMatching(/^MD[0-9A-Z]+$/),
      threeDSecure: { required: true, status: 'not_started', startPath: `/store/escott/3ds/${id}` },
    })
    expect(data.escott.merchantFree1.length).toBeLessThanOrEqual(32)
    expect((await stores.sessions.get(id))?.extras.card?.token).toBe(tok)
  })

  it('refuses other currencies, fractional yen and out-of-range amounts with the field named', async () => {
    const { p } = provider()
    await expect(p.initiatePayment({ data: { session_id: sessionId() }, amount: 10, currency_code: 'usd', context: {} })).rejects.toThrow(/Japanese yen only, this payment is in USD/)
    await expect(initiate(p, {}, 10.5)).rejects.toThrow(/not a whole number of yen/)
    await expect(initiate(p, {}, 10_000_000)).rejects.toThrow(/outside 1 … 9,999,999 yen/)
    await expect(initiate(p, { payType: '99' })).rejects.toThrow(/data.payType must be/)
    await expect(initiate(p, { token: 'x', paymentMethodId: 'K1' })).rejects.toThrow(/not both/)
  })

  it('accepts BigNumber and raw { value, precision } amounts', async () => {
    const { p } = provider()
    expect((await initiate(p, {}, new BigNumber(2500))).data.escott.amount).toBe(2500)
    expect((await initiate(p, {}, { value: '3200', precision: 20 })).data.escott.amount).toBe(3200)
  })

  it('refuses saveCard for a guest and a saved card that is not the customer’s', async () => {
    const { p } = provider()
    await expect(initiate(p, { token: 'abc', saveCard: true })).rejects.toThrow(/needs a logged-in customer/)
    await expect(initiate(p, { paymentMethodId: 'EHSOMEONEELSE' }, 1980, { account_holder: holder('EHMINE') })).rejects.toThrow(/not one of this customer’s cards/)
    // Even the customer's own holder id is refused while no card is saved under it.
    await expect(initiate(p, { paymentMethodId: 'EHMINE' }, 1980, { account_holder: holder('EHMINE') })).rejects.toThrow(/not one of this customer’s cards/)
  })
})

describe('authorizePayment with 3-D Secure (authentication only, charged at cart completion)', () => {
  it('answers requires_more until 3-D Secure passed, then authorises once (re-entry returns the same charge)', async () => {
    const { p } = provider()
    const { id, data } = await initiate(p, { token: await token(sb, CARDS.challenge) })
    const before = await p.authorizePayment({ data, context: { idempotency_key: id } })
    expect(before.status).toBe('requires_more')

    const { request, value } = await passThreeDSecure(p, id)
    expect(request.operation).toBe('3Secure')
    // Nothing is held on the card before completion: the cart may still change.
    expect(ledger(data.escott.merchantFree1)).toHaveLength(0)
    const browser = await p.applyThreeDSecureResult(value, 'browser')
    const post = await p.applyThreeDSecureResult(value, 'post')
    expect(browser).toMatchObject({ kind: 'session', outcome: 'passed', session: { id } })
    expect(post).toMatchObject({ kind: 'session', outcome: 'passed' })

    const first = await p.authorizePayment({ data, context: { idempotency_key: id } })
    const again = await p.authorizePayment({ data: first.data, context: { idempotency_key: id } })
    expect(first.status).toBe('authorized')
    expect(again.status).toBe('authorized')
    const e = first.data!.escott as any
    expect(e.charge).toMatchObject({ processId: expect.stringMatching(/^[0-9a-f]{32}$/), threeDSecure: true })
    expect((again.data!.escott as any).charge.processId).toBe(e.charge.processId)
    expect(JSON.stringify(first.data)).not.toMatch(/processPass|kaiinPass/i)
    // The gateway's own ledger holds exactly one authorisation for this order reference.
    expect(ledger(e.merchantFree1)).toEqual([expect.objectContaining({ status: 'authorized', amount: 1980 })])
  })

  it('concurrent authorisations of one session send one 1Auth', async () => {
    const { p } = provider({ threeDSecureRequired: false, threeDSecure: undefined, publicUrl: undefined })
    const { id, data } = await initiate(p, { token: await token(sb) })
    const results = await Promise.all([1, 2, 3].map(() => p.authorizePayment({ data, context: { idempotency_key: id } })))
    expect(results.map((r) => r.status)).toEqual(['authorized', 'authorized', 'authorized'])
    expect(ledger((results[0]!.data!.escott as any).merchantFree1)).toHaveLength(1)
  })

  it('a failed challenge leaves the session payable: 3-D Secure can start again and pass; the abandoned trip changes nothing', async () => {
    const { p } = provider()
    const { id, data } = await initiate(p, { token: await token(sb, CARDS.challenge) })
    const failed = await passThreeDSecure(p, id, 'fail')
    expect(await p.applyThreeDSecureResult(failed.value, 'browser')).toMatchObject({ kind: 'session', outcome: 'failed' })
    expect((await p.authorizePayment({ data, context: { idempotency_key: id } })).status).toBe('requires_more')
    const retry = await passThreeDSecure(p, id)
    expect(await p.applyThreeDSecureResult(retry.value, 'post')).toMatchObject({ kind: 'session', outcome: 'passed' })
    // The late answer of the first trip changes nothing.
    expect(await p.applyThreeDSecureResult(failed.value, 'post')).toMatchObject({ kind: 'session', outcome: 'passed' })
    expect((await p.authorizePayment({ data, context: { idempotency_key: id } })).status).toBe('authorized')
  })

  it('an authentication pays one amount once: a changed amount or a declined charge needs a new one', async () => {
    const { p } = provider()
    const { id, data } = await initiate(p, { token: await token(sb) }, 2000)
    await p.applyThreeDSecureResult((await passThreeDSecure(p, id)).value, 'browser')
    await p.updatePayment({ data, amount: 2100, currency_code: 'jpy', context: { idempotency_key: id } })
    expect((await p.authorizePayment({ data, context: { idempotency_key: id } })).status).toBe('requires_more')
    expect(ledger(data.escott.merchantFree1)).toHaveLength(0)
    await p.applyThreeDSecureResult((await passThreeDSecure(p, id)).value, 'browser')
    const out = await p.authorizePayment({ data, context: { idempotency_key: id } })
    expect(out.status).toBe('authorized')
    expect(ledger(data.escott.merchantFree1)).toEqual([expect.objectContaining({ amount: 2100 })])

    const declined = await initiate(p, { token: await token(sb, CARDS.declined) })
    await p.applyThreeDSecureResult((await passThreeDSecure(p, declined.id)).value, 'browser')
    await expect(p.authorizePayment({ data: declined.data, context: { idempotency_key: declined.id } })).rejects.toThrow(MedusaError)
    expect((await p.authorizePayment({ data: declined.data, context: { idempotency_key: declined.id } })).status).toBe('requires_more')
  })

  it('rejects tampered payloads and results for other sessions', async () => {
    const { p } = provider()
    const { id } = await initiate(p, { token: await token(sb) })
    const { value } = await passThreeDSecure(p, id)
    const flipped = value.slice(0, 10) + (value[10] === 'A' ? 'B' : 'A') + value.slice(11)
    expect(await p.applyThreeDSecureResult(flipped, 'post')).toMatchObject({ kind: 'invalid' })
    expect(await p.applyThreeDSecureResult('', 'browser')).toEqual({ kind: 'invalid', reason: 'rejected' })
    // The same merchant's result for a trip these stores never started.
    const { p: other } = provider()
    expect(await other.applyThreeDSecureResult(value, 'browser')).toEqual({ kind: 'invalid', reason: 'unknown_session' })
  })

  it('a declined card throws the shopper message, logs the merchant message and leaves the session payable', async () => {
    const { p, logger, stores } = provider({ threeDSecureRequired: false })
    const { id, data } = await initiate(p, { token: await token(sb, CARDS.declined) })
    const err = await p.authorizePayment({ data, context: { idempotency_key: id } }).catch((e) => e)
    expect(err).toBeInstanceOf(MedusaError)
    expect(err.type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
    expect(err.message).toMatch(/カード/)
    expect(logger.lines.join('\n')).toMatch(/payment refused .*G12/)
    expect(await stores.sessions.get(id)).toMatchObject({ status: 'pending', lastError: { codes: ['G12'] } })
  })

  it('an answer lost after the gateway committed parks the session, never charges twice, and recovery settles it', async () => {
    const { p, logger, stores } = provider({ threeDSecureRequired: false })
    const { id, data } = await initiate(p, { token: await token(sb) })
    sb.faults.next({ type: 'reset-after-commit', operateId: '1Auth' })
    const err = await p.authorizePayment({ data, context: { idempotency_key: id } }).catch((e) => e)
    expect(err.message).toMatch(/二重決済を避けるため/)
    const again = await p.authorizePayment({ data, context: { idempotency_key: id } }).catch((e) => e)
    expect(again.message).toMatch(/二重決済を避けるため/)
    const mf1 = data.escott.merchantFree1
    const [charge] = ledger(mf1)
    expect(ledger(mf1)).toHaveLength(1)
    expect(logger.lines.join('\n')).toMatch(/outcome unknown/)
    // The operator finds the transaction in the e-SCOTT console under the MerchantFree1 and voids it.
    const deps = await p.recoveryDeps()
    const [open] = (await listRecoveryCases(deps, { includeInFlight: true })).filter((c) => c.orderId === id)
    expect(open).toMatchObject({ kind: 'outcome_unknown', merchantFree1: mf1 })
    await cancelRecovery(deps, open!.id, { processId: charge.processId, processPass: charge.processPass })
    expect(ledger(mf1)[0]).toMatchObject({ status: 'canceled' })
    expect((await stores.sessions.get(id))?.status).toBe('canceled')
    expect((await p.authorizePayment({ data, context: { idempotency_key: id } })).status).toBe('canceled')
  })
})

describe('capture, refund, cancel, delete', () => {
  async function authorized(extra = {}) {
    const ctx = provider({ threeDSecureRequired: false, ...extra })
    const { id, data } = await initiate(ctx.p, { token: await token(sb) }, 5000)
    const auth = await ctx.p.authorizePayment({ data, context: { idempotency_key: id } })
    return { ...ctx, id, data: auth.data!, mf1: (auth.data!.escott as any).merchantFree1 as string }
  }

  it('captures once; a second capture is a no-op', async () => {
    const { p, data, mf1 } = await authorized()
    const out = await p.capturePayment({ data, context: { idempotency_key: 'capt_1' } })
    expect((out.data!.escott as any).status).toBe('captured')
    await p.capturePayment({ data: out.data!, context: { idempotency_key: 'capt_2' } })
    expect(ledger(mf1)).toEqual([expect.objectContaining({ status: 'captured', amount: 5000 })])
  })

  it('refunds partially by amount change, repeatedly, and the rest by cancelling; a repeated refund id is ignored', async () => {
    const { p, data, mf1 } = await authorized()
    const captured = (await p.capturePayment({ data })).data!
    const r1 = await p.refundPayment({ data: captured, amount: { value: '1000', precision: 20 } as never, context: { idempotency_key: 'ref_1' } })
    expect(ledger(mf1)[0]).toMatchObject({ status: 'captured', amount: 4000 })
    await p.refundPayment({ data: r1.data!, amount: 1000, context: { idempotency_key: 'ref_1' } })
    expect(ledger(mf1)[0].amount).toBe(4000)
    const r2 = await p.refundPayment({ data: r1.data!, amount: new BigNumber(1500), context: { idempotency_key: 'ref_2' } })
    expect(ledger(mf1)[0].amount).toBe(2500)
    // ref_1 again after ref_2: still applied once.
    await p.refundPayment({ data: r2.data!, amount: 1000, context: { idempotency_key: 'ref_1' } })
    expect(ledger(mf1)[0].amount).toBe(2500)
    await expect(p.refundPayment({ data: r2.data!, amount: 3000, context: { idempotency_key: 'ref_3' } })).rejects.toThrow(/more than the 2500 yen left/)
    const r3 = await p.refundPayment({ data: r2.data!, amount: 2500, context: { idempotency_key: 'ref_4' } })
    expect(ledger(mf1)[0].status).toBe('canceled')
    expect(r3.data!.escott as any).toMatchObject({ status: 'canceled', charge: { refunded: 5000 } })
  })

  it('cancels an authorisation; cancelling again does nothing', async () => {
    const { p, data, mf1 } = await authorized()
    await p.cancelPayment({ data })
    await p.cancelPayment({ data })
    expect(ledger(mf1)).toEqual([expect.objectContaining({ status: 'canceled' })])
  })

  it('deletePayment voids what is reserved at the gateway, and closes a session never charged', async () => {
    const { p, data, mf1, stores, id } = await authorized()
    await p.deletePayment({ data })
    expect(ledger(mf1)[0].status).toBe('canceled')
    expect((await stores.sessions.get(id))?.status).toBe('canceled')
    const unpaid = await initiate(p, { token: await token(sb) })
    await p.deletePayment({ data: unpaid.data })
    expect(await stores.sessions.get(unpaid.id)).toMatchObject({ status: 'canceled', extras: { card: { payType: '01' } } })
    expect((await stores.sessions.get(unpaid.id))?.extras.card?.token).toBeUndefined()
  })

  it('retrievePayment and getPaymentStatus read the gateway’s record', async () => {
    const { p, data } = await authorized()
    expect((await p.retrievePayment({ data })).data).toMatchObject({ gateway: { amount: 5000 } })
    expect((await p.getPaymentStatus({ data })).status).toBe('authorized')
    await p.capturePayment({ data })
    expect((await p.getPaymentStatus({ data })).status).toBe('captured')
  })

  it('authorises and captures at once with capture: true (1Gathering)', async () => {
    const { mf1, data } = await authorized({ capture: true })
    expect((data.escott as any).status).toBe('captured')
    expect(ledger(mf1)[0]).toMatchObject({ status: 'captured' })
  })
})

describe('saved cards', () => {
  it('account holder = one member; saved through 3-D Secure at checkout, paid with, listed, deletion refused within 90 days', async () => {
    const { p, stores } = provider()
    const customer = { id: 'cus_1', email: 'taro@example.jp' }
    const holderOut = await p.createAccountHolder({ context: { customer } } as never)
    expect(holderOut.id).toMatch(/^EH[0-9A-F]{20}$/)
    expect(JSON.stringify(holderOut.data)).not.toMatch(/pass/i)
    const acc = holder(holderOut.id)

    const { id, data } = await initiate(p, { token: await token(sb, CARDS.challenge), saveCard: true }, 3000, { account_holder: acc, customer })
    const { request, value } = await passThreeDSecure(p, id)
    expect(request.operation).toBe('4MemAdd')
    expect(await p.applyThreeDSecureResult(value, 'browser')).toMatchObject({ kind: 'session', outcome: 'passed' })
    const auth = await p.authorizePayment({ data, context: { idempotency_key: id } })
    expect(auth.status).toBe('authorized')
    const member = (await stores.members.get(holderOut.id))!
    expect(ledger((auth.data!.escott as any).merchantFree1)).toEqual([expect.objectContaining({ status: 'authorized', amount: 3000, kaiinId: member.kaiinId })])

    const methods = await p.listPaymentMethods({ context: { account_holder: acc } } as never)
    expect(methods).toEqual([{ id: holderOut.id, data: expect.objectContaining({ maskedCard: expect.stringMatching(/2000$/), brand: 'VISA' }) }])

    // Next order with the saved card (3-D Secure with the member).
    const next = await initiate(p, { paymentMethodId: holderOut.id }, 1200, { account_holder: acc, customer })
    const trip = await passThreeDSecure(p, next.id)
    expect(trip.request.operation).toBe('3Secure')
    await p.applyThreeDSecureResult(trip.value, 'post')
    expect((await p.authorizePayment({ data: next.data, context: { idempotency_key: next.id } })).status).toBe('authorized')

    await expect(p.deletePaymentMethod({ data: { id: holderOut.id } })).rejects.toThrow(/90/)
    expect(member.kaiinPass).toMatch(/^[A-Za-z0-9]{12,20}$/)
    expect(JSON.stringify(methods)).not.toContain(member.kaiinPass)
  })

  it('the browser return and the PostUrl arriving together both report the registration’s outcome (passed), not "pending"', async () => {
    const { p } = provider()
    const h = await p.createAccountHolder({ context: { customer: { id: 'cus_6', email: 'i@j.jp' } } } as never)
    const { id } = await initiate(p, { token: await token(sb, CARDS.challenge), saveCard: true }, 2000, { account_holder: holder(h.id) })
    const { value } = await passThreeDSecure(p, id)
    const both = await Promise.all([p.applyThreeDSecureResult(value, 'browser'), p.applyThreeDSecureResult(value, 'post')])
    expect(both.map((r) => r.kind === 'session' && r.outcome)).toEqual(['passed', 'passed'])
  })

  it('savePaymentMethod registers from a token; another save replaces the card (4MemChg); a card never used for a payment can be deleted', async () => {
    const { p, stores } = provider()
    const h = await p.createAccountHolder({ context: { customer: { id: 'cus_2', email: 'a@b.jp' } } } as never)
    const acc = holder(h.id)
    const saved = await p.savePaymentMethod({ data: { token: await token(sb) }, context: { account_holder: acc } } as never)
    expect(saved).toMatchObject({ id: h.id, data: { maskedCard: expect.stringMatching(/1000$/) } })
    const kaiinId = (await stores.members.get(h.id))!.kaiinId
    const replaced = await p.savePaymentMethod({ data: { token: await token(sb, '5100000000061000') }, context: { account_holder: acc } } as never)
    expect(replaced.data).toMatchObject({ brand: 'MASTER' })
    expect((await stores.members.get(h.id))!.kaiinId).toBe(kaiinId)
    expect(await p.listPaymentMethods({ context: { account_holder: acc } } as never)).toHaveLength(1)
    await p.deletePaymentMethod({ data: { id: h.id } })
    expect(await p.listPaymentMethods({ context: { account_holder: acc } } as never)).toEqual([])
    expect(await stores.members.get(h.id)).toBeUndefined()
    expect(sb.snapshot().members.find((m: any) => m.kaiinId === kaiinId)).toMatchObject({ deleted: true })
  })

  it('saves the card without 3-D Secure when the shop does not require it: registered first, then paid with the member', async () => {
    const { p, stores } = provider({ threeDSecureRequired: false })
    const h = await p.createAccountHolder({ context: { customer: { id: 'cus_3', email: 'c@d.jp' } } } as never)
    const { id, data } = await initiate(p, { token: await token(sb), saveCard: true }, 1500, { account_holder: holder(h.id) })
    const auth = await p.authorizePayment({ data, context: { idempotency_key: id } })
    expect(auth.status).toBe('authorized')
    const member = (await stores.members.get(h.id))!
    expect(member.maskedCard).toMatch(/1000$/)
    expect(ledger((auth.data!.escott as any).merchantFree1)[0]).toMatchObject({ kaiinId: member.kaiinId })
  })

  it('deleteAccountHolder deletes the holder’s card at the gateway (4MemDel); a holder without a card is fine', async () => {
    const { p, stores } = provider()
    const h = await p.createAccountHolder({ context: { customer: { id: 'cus_4', email: 'e@f.jp' } } } as never)
    await p.savePaymentMethod({ data: { token: await token(sb) }, context: { account_holder: holder(h.id) } } as never)
    const kaiinId = (await stores.members.get(h.id))!.kaiinId
    await p.deleteAccountHolder({ context: { account_holder: holder(h.id) } } as never)
    expect(await stores.members.get(h.id)).toBeUndefined()
    expect(sb.snapshot().members.find((m: any) => m.kaiinId === kaiinId)).toMatchObject({ deleted: true })
    const empty = await p.createAccountHolder({ context: { customer: { id: 'cus_5', email: 'g@h.jp' } } } as never)
    await expect(p.deleteAccountHolder({ context: { account_holder: holder(empty.id) } } as never)).resolves.toEqual({})
  })
})

it('with language: en the storefront gets the catalog’s English shopper message (Japanese by default)', async () => {
  const { p } = provider({ threeDSecureRequired: false, language: 'en' })
  const { id, data } = await initiate(p, { token: await token(sb, CARDS.declined) })
  const err = await p.authorizePayment({ data, context: { idempotency_key: id } }).catch((e) => e)
  expect(err).toBeInstanceOf(MedusaError)
  expect(err.message).toMatch(/card/i)
  expect(err.message).not.toMatch(/[\u3040-\u30ff]/)
})

it('counts payment attempts per payment collection and client (escott-flows’ throttling): over the limit, locked with the shopper message; limits: false turns it off', async () => {
  const { p } = provider({ limits: { perOrder: { limit: 2, windowMs: 60_000, lockMs: 60_000 } } })
  expect(await p.checkPaymentAttempt('pay_col_1', '203.0.113.7')).toEqual({ kind: 'allowed' })
  expect(await p.checkPaymentAttempt('pay_col_1', '203.0.113.7')).toEqual({ kind: 'allowed' })
  const locked = await p.checkPaymentAttempt('pay_col_1', '203.0.113.8')
  expect(locked).toMatchObject({
    kind: 'locked',
    scope: 'order',
    retryAfterSeconds: 60,
    shopper: { ja: expect.stringContaining('試行回数'), en: expect.stringContaining('Too many payment attempts') },
  })
  // Another checkout is not affected.
  expect(await p.checkPaymentAttempt('pay_col_2', '203.0.113.8')).toEqual({ kind: 'allowed' })
  const { p: off } = provider({ limits: false })
  for (let i = 0; i < 12; i++) expect(await off.checkPaymentAttempt('pay_col_3', '203.0.113.9')).toEqual({ kind: 'allowed' })
})

it('no secret reaches the logs', async () => {
  const { p, logger } = provider({ threeDSecureRequired: false })
  const tok = await token(sb, CARDS.declined)
  const { id, data } = await initiate(p, { token: tok })
  await p.authorizePayment({ data, context: { idempotency_key: id } }).catch(() => {})
  const text = logger.lines.join('\n')
  expect(text.length).toBeGreaterThan(0)
  for (const secret of [sb.merchant.merchantPass, tok, sb.merchant.threeDSecure.aesKey]) expect(text).not.toContain(secret)
})
