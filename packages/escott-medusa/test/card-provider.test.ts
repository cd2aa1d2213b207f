/**
 * Each method of the card provider, with a fake container (logger + in-memory store) against the sandbox gateway
 * over HTTP. What Medusa would pass is built by hand: session data, BigNumber amounts, idempotency keys.
 */
import { BigNumber, MedusaError } from '@medusajs/framework/utils'
import type { Sandbox } from 'escott-sandbox'
import { EscottCardProviderService } from '../src/services/escott-card'
import { MemoryEscottStore } from '../src/store/memory'
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
const holder = (id: string) => ({ id: 'acchld_1', external_id: id, data: { kaiinId: id } }) as never

function provider(extra = {}, store = new MemoryEscottStore()) {
  const container = fakeContainer(store)
  return { p: new EscottCardProviderService(container, providerOptions(sb, extra)), logger: container.logger, store }
}

async function initiate(p: EscottCardProviderService, data: Record<string, unknown>, amount: unknown = 1980, context: Record<string, unknown> = {}) {
  const id = sessionId()
  const out = await p.initiatePayment({ data: { ...data, session_id: id }, amount: amount as number, currency_code: 'jpy', context: { idempotency_key: id, ...context } })
  return { id, out, data: out.data as Record<string, any> }
}

async function passThreeDSecure(p: EscottCardProviderService, id: string, answer: 'approve' | 'fail' = 'approve') {
  const request = await p.startThreeDSecure(id, { cardholderName: 'TARO YAMADA', email: 'taro@example.jp', redirectUrl: 'http://localhost:9000/escott/3ds/return', postUrl: 'http://127.0.0.1:9/escott/3ds/post' })
  return { request, value: await completeThreeDSecure(request, answer) }
}

describe('initiatePayment', () => {
  it('keeps the token server-side: the session data holds only a reference and the MerchantFree1', async () => {
    const { p, store } = provider()
    const tok = await token(sb)
    const { id, out, data } = await initiate(p, { token: tok, payType: '01' })
    expect(out.id).toBe(id)
    expect(out.status).toBe('pending')
    expect(data.token).toBeUndefined()
    expect(JSON.stringify(data)).not.toContain(tok)
    expect(data.escott).toMatchObject({ method: 'card', hasCard: true, merchantFree1: expect.stringMatching(/^MD[0-9A-Z]+$/), threeDSecure: { required: true, status: 'not_started', startPath: `/store/escott/3ds/${id}` } })
    expect(data.escott.merchantFree1.length).toBeLessThanOrEqual(32)
    expect((await store.getSession(id))?.card?.token).toBe(tok)
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
    await expect(initiate(p, { paymentMethodId: 'KSOMEONEELSE' }, 1980, { account_holder: holder('KMINE') })).rejects.toThrow(/not one of this customer’s cards/)
  })
})

describe('authorizePayment with 3-D Secure', () => {
  it('answers requires_more until 3-D Secure passed, then authorises once (re-entry returns the same charge)', async () => {
    const { p } = provider()
    const { id, data } = await initiate(p, { token: await token(sb, CARDS.challenge) })
    const before = await p.authorizePayment({ data, context: { idempotency_key: id } })
    expect(before.status).toBe('requires_more')

    const { value } = await passThreeDSecure(p, id)
    const browser = await p.applyThreeDSecureResult(value, 'browser')
    const post = await p.applyThreeDSecureResult(value, 'post')
    expect(browser).toMatchObject({ kind: 'applied', passed: true })
    expect(post).toMatchObject({ kind: 'already_applied', passed: true })

    const first = await p.authorizePayment({ data, context: { idempotency_key: id } })
    const again = await p.authorizePayment({ data: first.data, context: { idempotency_key: id } })
    expect(first.status).toBe('authorized')
    expect(again.status).toBe('authorized')
    const e = first.data!.escott as any
    expect(e.charge.processId).toMatch(/^[0-9a-f]{32}$/)
    expect((again.data!.escott as any).charge.processId).toBe(e.charge.processId)
    expect(JSON.stringify(first.data)).not.toMatch(/processPass|kaiinPass/i)
    // The gateway's own ledger holds exactly one authorisation for this order reference.
    const txs = sb.snapshot().transactions.filter((t: any) => t.merchantFree1 === e.merchantFree1)
    expect(txs).toHaveLength(1)
    expect(txs[0]).toMatchObject({ status: 'authorized', amount: 1980 })
  })

  it('concurrent authorisations of one session send one 1Auth', async () => {
    const { p } = provider({ threeDSecureRequired: false, threeDSecure: undefined, publicUrl: undefined })
    const { id, data } = await initiate(p, { token: await token(sb) })
    const results = await Promise.all([1, 2, 3].map(() => p.authorizePayment({ data, context: { idempotency_key: id } })))
    expect(results.map((r) => r.status)).toEqual(['authorized', 'authorized', 'authorized'])
    const mf1 = (results[0]!.data!.escott as any).merchantFree1
    expect(sb.snapshot().transactions.filter((t: any) => t.merchantFree1 === mf1)).toHaveLength(1)
  })

  it('a failed challenge leaves the session payable: 3-D Secure can start again and pass', async () => {
    const { p } = provider()
    const { id, data } = await initiate(p, { token: await token(sb, CARDS.challenge) })
    const failed = await passThreeDSecure(p, id, 'fail')
    expect(await p.applyThreeDSecureResult(failed.value, 'browser')).toMatchObject({ kind: 'applied', passed: false })
    expect((await p.authorizePayment({ data, context: { idempotency_key: id } })).status).toBe('requires_more')
    const retry = await passThreeDSecure(p, id)
    expect(await p.applyThreeDSecureResult(retry.value, 'post')).toMatchObject({ kind: 'applied', passed: true })
    // The late answer of the first trip changes nothing.
    expect(await p.applyThreeDSecureResult(failed.value, 'post')).toMatchObject({ kind: 'already_applied' })
    expect((await p.authorizePayment({ data, context: { idempotency_key: id } })).status).toBe('authorized')
  })

  it('rejects tampered payloads and results for other sessions or trips', async () => {
    const { p } = provider()
    const { id } = await initiate(p, { token: await token(sb) })
    const { value } = await passThreeDSecure(p, id)
    const flipped = value.slice(0, 10) + (value[10] === 'A' ? 'B' : 'A') + value.slice(11)
    expect(await p.applyThreeDSecureResult(flipped, 'post')).toMatchObject({ kind: 'invalid' })
    expect(await p.applyThreeDSecureResult('', 'browser')).toEqual({ kind: 'invalid', reason: 'rejected' })
    // The same merchant's result for a trip this store never started.
    const { p: other } = provider()
    expect(await other.applyThreeDSecureResult(value, 'browser')).toEqual({ kind: 'invalid', reason: 'unknown_session' })
  })

  it('a declined card throws the shopper message, logs the merchant message and leaves the session payable', async () => {
    const { p, logger, store } = provider({ threeDSecureRequired: false })
    const { id, data } = await initiate(p, { token: await token(sb, CARDS.declined) })
    const err = await p.authorizePayment({ data, context: { idempotency_key: id } }).catch((e) => e)
    expect(err).toBeInstanceOf(MedusaError)
    expect(err.type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
    expect(err.message).toMatch(/カード/)
    expect(logger.lines.join('\n')).toMatch(/1Auth refused \[G12\]/)
    expect(await store.getSession(id)).toMatchObject({ state: 'ready', error: { codes: ['G12'] } })
  })

  it('an answer lost after the gateway committed parks the session: never charged twice', async () => {
    const { p, logger } = provider({ threeDSecureRequired: false })
    const { id, data } = await initiate(p, { token: await token(sb) })
    sb.faults.next({ type: 'reset-after-commit', operateId: '1Auth' })
    const err = await p.authorizePayment({ data, context: { idempotency_key: id } }).catch((e) => e)
    expect(err.message).toMatch(/二重決済を避けるため/)
    const again = await p.authorizePayment({ data, context: { idempotency_key: id } }).catch((e) => e)
    expect(again.message).toMatch(/二重決済を避けるため/)
    const mf1 = (data.escott as any).merchantFree1
    expect(sb.snapshot().transactions.filter((t: any) => t.merchantFree1 === mf1)).toHaveLength(1)
    expect(logger.lines.join('\n')).toMatch(/outcome unknown/)
  })
})

describe('capture, refund, cancel, delete', () => {
  async function authorized(extra = {}) {
    const ctx = provider({ threeDSecureRequired: false, ...extra })
    const { id, data } = await initiate(ctx.p, { token: await token(sb) }, 5000)
    const auth = await ctx.p.authorizePayment({ data, context: { idempotency_key: id } })
    return { ...ctx, id, data: auth.data!, mf1: (auth.data!.escott as any).merchantFree1 as string }
  }
  const ledger = (mf1: string) => sb.snapshot().transactions.find((t: any) => t.merchantFree1 === mf1) as any

  it('captures once; a second capture is a no-op', async () => {
    const { p, data, mf1 } = await authorized()
    const out = await p.capturePayment({ data, context: { idempotency_key: 'capt_1' } })
    expect((out.data!.escott as any).state).toBe('captured')
    await p.capturePayment({ data: out.data!, context: { idempotency_key: 'capt_2' } })
    expect(ledger(mf1)).toMatchObject({ status: 'captured', amount: 5000 })
  })

  it('refunds partially by amount change, repeatedly, and the rest by cancelling; a repeated refund id is ignored', async () => {
    const { p, data, mf1 } = await authorized()
    const captured = (await p.capturePayment({ data })).data!
    const r1 = await p.refundPayment({ data: captured, amount: { value: '1000', precision: 20 } as never, context: { idempotency_key: 'ref_1' } })
    expect(ledger(mf1)).toMatchObject({ status: 'captured', amount: 4000 })
    await p.refundPayment({ data: r1.data!, amount: 1000, context: { idempotency_key: 'ref_1' } })
    expect(ledger(mf1).amount).toBe(4000)
    const r2 = await p.refundPayment({ data: r1.data!, amount: new BigNumber(1500), context: { idempotency_key: 'ref_2' } })
    expect(ledger(mf1).amount).toBe(2500)
    await expect(p.refundPayment({ data: r2.data!, amount: 3000, context: { idempotency_key: 'ref_3' } })).rejects.toThrow(/more than the 2500 yen left/)
    const r3 = await p.refundPayment({ data: r2.data!, amount: 2500, context: { idempotency_key: 'ref_4' } })
    expect(ledger(mf1).status).toBe('canceled')
    expect((r3.data!.escott as any)).toMatchObject({ state: 'canceled', charge: { refunded: 5000, currentAmount: 0 } })
  })

  it('cancels an authorisation; cancelling again does nothing', async () => {
    const { p, data, mf1 } = await authorized()
    await p.cancelPayment({ data })
    await p.cancelPayment({ data })
    expect(ledger(mf1).status).toBe('canceled')
  })

  it('deletePayment voids what is reserved at the gateway', async () => {
    const { p, data, mf1, store, id } = await authorized()
    await p.deletePayment({ data })
    expect(ledger(mf1).status).toBe('canceled')
    expect((await store.getSession(id))?.state).toBe('canceled')
  })

  it('retrievePayment and getPaymentStatus read the gateway’s record', async () => {
    const { p, data } = await authorized()
    expect((await p.retrievePayment({ data })).data).toMatchObject({ gateway: { amount: 5000 } })
    expect((await p.getPaymentStatus({ data })).status).toBe('authorized')
    await p.capturePayment({ data })
    expect((await p.getPaymentStatus({ data })).status).toBe('captured')
  })

  it('authorises and captures at once with capture: true (1Gathering)', async () => {
    const { p, mf1, data } = await authorized({ capture: true })
    expect((data.escott as any).state).toBe('captured')
    expect(ledger(mf1)).toMatchObject({ status: 'captured' })
  })
})

describe('saved cards', () => {
  it('account holder = member; save with 3-D Secure registration, pay with it, list it, refuse deletion within 90 days', async () => {
    const { p, store } = provider()
    const customer = { id: 'cus_1', email: 'taro@example.jp' }
    const holderOut = await p.createAccountHolder({ context: { customer } } as never)
    expect(holderOut.id).toMatch(/^M[0-9A-Z]{15}$/)
    expect(JSON.stringify(holderOut.data)).not.toMatch(/pass/i)
    const acc = holder(holderOut.id)

    const { id, data } = await initiate(p, { token: await token(sb, CARDS.challenge), saveCard: true }, 3000, { account_holder: acc, customer })
    const { request, value } = await passThreeDSecure(p, id)
    expect(request.operation).toBe('4MemAdd')
    expect(await p.applyThreeDSecureResult(value, 'browser')).toMatchObject({ kind: 'applied', passed: true })
    const auth = await p.authorizePayment({ data, context: { idempotency_key: id } })
    expect(auth.status).toBe('authorized')

    const methods = await p.listPaymentMethods({ context: { account_holder: acc } } as never)
    expect(methods).toEqual([{ id: holderOut.id, data: expect.objectContaining({ maskedCard: expect.stringMatching(/2000$/), brand: 'VISA' }) }])

    // Next order with the saved card (3-D Secure with the member).
    const next = await initiate(p, { paymentMethodId: holderOut.id }, 1200, { account_holder: acc, customer })
    const trip = await passThreeDSecure(p, next.id)
    expect(trip.request.operation).toBe('3Secure')
    await p.applyThreeDSecureResult(trip.value, 'post')
    expect((await p.authorizePayment({ data: next.data, context: { idempotency_key: next.id } })).status).toBe('authorized')

    await expect(p.deletePaymentMethod({ data: { id: holderOut.id } })).rejects.toThrow(/90/)
    expect((await store.getMember(holderOut.id))?.kaiinPass).toMatch(/^[A-Za-z0-9]{12,20}$/)
  })

  it('savePaymentMethod registers from a token; another save replaces the card (4MemChg); a card never used for a payment can be deleted', async () => {
    const { p, store } = provider()
    const h = await p.createAccountHolder({ context: { customer: { id: 'cus_2', email: 'a@b.jp' } } } as never)
    const acc = holder(h.id)
    const saved = await p.savePaymentMethod({ data: { token: await token(sb) }, context: { account_holder: acc } } as never)
    expect(saved.id).toBe(h.id)
    const replaced = await p.savePaymentMethod({ data: { token: await token(sb, '5100000000061000') }, context: { account_holder: acc } } as never)
    expect(replaced.data).toMatchObject({ brand: 'MASTER' })
    expect(await p.listPaymentMethods({ context: { account_holder: acc } } as never)).toHaveLength(1)
    await p.deletePaymentMethod({ data: { id: h.id } })
    expect(await p.listPaymentMethods({ context: { account_holder: acc } } as never)).toEqual([])
    expect((await store.getMember(h.id))?.deletedAt).toBeDefined()
  })
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
