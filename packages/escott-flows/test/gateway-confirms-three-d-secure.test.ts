/**
 * issue 11 finding 1, in depth: even a 3-D Secure result the parser cannot tell from a genuine one — here written
 * with the merchant's key, as an attacker with a decryption oracle could — records no charge unless the gateway's own
 * record (1Search with its ProcessId/ProcessPass) shows the transaction with the trip's amount and state, and no other
 * order holds its ProcessId. (The attack with the key unknown, by flipping and splicing real ciphertext blocks, is in
 * escott-express's test/forged-three-d-secure.test.ts.) Real sandbox over HTTP, memory stores.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { aesDecrypt, aesEncrypt, encodeForm, tokyoDate } from 'escott-core/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyThreeDSecureResult, beginCardRegistration, beginThreeDSecure, listRecoveryCases, reconcileRecovery, waitForSettled, type FlowOrder } from '../src/index.js'
import { browserThreeDSecure, CARD_DECLINE_G12, CARD_OK, gatewayTransactions, startGateway, type Gateway } from './helpers.js'

/** A card whose authentication fails (SecureResultCode 1). */
const CARD_3DS_FAIL = '4000000000053001'

describe('a 3-D Secure charge is recorded only once the gateway confirms it', () => {
  let gw: Gateway
  let sink: Server
  let base: string
  beforeAll(async () => {
    // The gateway's own PostUrl copy comes a minute later, so each test decides what arrives first.
    gw = await startGateway({ sandbox: { threeDSecure: { postUrlOrder: 'browser-first', postUrlDelayMs: 60_000 } } })
    sink = createServer((_req, res) => res.end('OK'))
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((r) => sink.close(r))
    await gw.close()
  })

  const keys = () => gw.sb.merchant.threeDSecure
  /** The plaintext of a genuine result (what an attacker with an oracle would start from). */
  const open = (encryptValue: string) => Object.fromEntries(new URLSearchParams(aesDecrypt(encryptValue, keys())))
  /** A result the parser accepts: written with the merchant's key. */
  const forge = (fields: Record<string, string>) => aesEncrypt(encodeForm(fields), keys())

  async function trip(amount: number, cardNo = CARD_OK, extra: Partial<Parameters<typeof beginThreeDSecure>[1]> = {}) {
    const o = await gw.orders.create({ amount, customerId: extra.saveCard?.customerId ?? null })
    const order = (await gw.orders.update(o.id, { status: 'awaiting_3ds', method: 'card' }, ['pending']))!
    const begun = await beginThreeDSecure(gw, {
      order,
      source: { token: await gw.token(cardNo) },
      details: { payType: '01', brand: 'VISA', maskedCard: '************' + cardNo.slice(-4) },
      cardholderName: 'HANAKO YAMADA',
      email: 'hanako@example.jp',
      redirectUrl: `${base}/r`,
      postUrl: `${base}/p`,
      ...extra,
    })
    if (begun.kind !== 'redirect') throw new Error(begun.kind)
    return { order, encryptValue: await browserThreeDSecure(begun.request) }
  }

  async function expectNothingCharged(order: FlowOrder) {
    const after = await waitForSettled(gw.orders, order.id, 3000)
    expect(after?.status).toBe('pending')
    expect(after?.payment.processId).toBeUndefined()
    expect(after?.lastError?.shopper.ja).toContain('確認できませんでした')
    return after!
  }

  it('refuses a declined result rewritten to OK with an invented ProcessId: 1Search knows no such transaction', async () => {
    const { order, encryptValue } = await trip(5830, CARD_DECLINE_G12)
    const declined = open(encryptValue)
    expect(declined.ResponseCd).toBe('G12')
    const forged = forge({ ...declined, ResponseCd: 'OK', ProcessId: 'f'.repeat(32), ProcessPass: 'e'.repeat(32), ApproveNo: '1234567' })
    expect((await applyThreeDSecureResult(gw, forged, { source: 'browser' })).kind).toBe('done')
    await expectNothingCharged(order)
    expect(gatewayTransactions(gw.sb, order.merchantFree1)).toEqual([])
    const [line] = await gw.journal.list({ orderId: order.id })
    expect(line).toMatchObject({ outcome: 'failed', result: { reason: 'no_transaction' } })
    expect(JSON.stringify(line!.result)).not.toContain('e'.repeat(32)) // the named ProcessPass is not kept
  })

  it('refuses another trip’s genuine ProcessId for another amount (spliced from a cheaper payment)', async () => {
    const cheap = await trip(864)
    const cheapCharge = open(cheap.encryptValue) // never delivered: the attacker keeps it for the splice
    const { order, encryptValue } = await trip(5830, CARD_DECLINE_G12)
    const forged = forge({ ...open(encryptValue), ResponseCd: 'OK', ProcessId: cheapCharge.ProcessId!, ProcessPass: cheapCharge.ProcessPass!, ApproveNo: cheapCharge.ApproveNo! })
    await applyThreeDSecureResult(gw, forged, { source: 'post' })
    await expectNothingCharged(order)
    expect((await gw.journal.list({ orderId: order.id }))[0]?.result).toMatchObject({ reason: 'amount' })
  })

  it('refuses a ProcessId another order already holds, even for the same amount', async () => {
    const a = await trip(2200)
    expect((await applyThreeDSecureResult(gw, a.encryptValue, { source: 'browser' })).kind).toBe('done')
    expect((await waitForSettled(gw.orders, a.order.id, 3000))?.status).toBe('authorized')
    const genuine = open(a.encryptValue)
    const { order, encryptValue } = await trip(2200, CARD_DECLINE_G12)
    const forged = forge({ ...open(encryptValue), ResponseCd: 'OK', ProcessId: genuine.ProcessId!, ProcessPass: genuine.ProcessPass!, ApproveNo: genuine.ApproveNo! })
    await applyThreeDSecureResult(gw, forged, { source: 'browser' })
    await expectNothingCharged(order)
    expect((await gw.journal.list({ orderId: order.id }))[0]?.result).toMatchObject({ reason: 'taken' })
    expect((await gw.orders.get(a.order.id))?.payment.processId).toBe(genuine.ProcessId)
  })

  it('refuses an authorisation passed off as a capture (1Gathering): the state does not match', async () => {
    const { order, encryptValue } = await trip(3300, CARD_OK, { capture: true })
    const genuine = open(encryptValue)
    expect(genuine.OperateId).toBe('1Gathering')
    // The same transaction, captured at the gateway, is what it claims: the genuine one is applied.
    expect((await applyThreeDSecureResult(gw, encryptValue, { source: 'browser' })).kind).toBe('done')
    expect((await waitForSettled(gw.orders, order.id, 3000))?.status).toBe('captured')
    // An authorisation-only transaction of the same amount, claimed as a capture, is refused.
    const other = await trip(3300)
    const auth = open(other.encryptValue)
    const captureTrip = await trip(3300, CARD_DECLINE_G12, { capture: true })
    const forged = forge({ ...open(captureTrip.encryptValue), ResponseCd: 'OK', ProcessId: auth.ProcessId!, ProcessPass: auth.ProcessPass! })
    await applyThreeDSecureResult(gw, forged, { source: 'browser' })
    await expectNothingCharged(captureTrip.order)
    expect((await gw.journal.list({ orderId: captureTrip.order.id }))[0]?.result).toMatchObject({ reason: 'state' })
  })

  it('refuses a result of another operation than its trip (a 1Auth answer for an authentication-only trip)', async () => {
    const o = await gw.orders.create({ amount: 1500 })
    const order = (await gw.orders.update(o.id, { status: 'awaiting_3ds', method: 'card' }, ['pending']))!
    const begun = await beginThreeDSecure(gw, {
      order,
      source: { token: await gw.token() },
      authenticateOnly: true,
      details: { payType: '01' },
      cardholderName: 'HANAKO YAMADA',
      email: 'hanako@example.jp',
      redirectUrl: `${base}/r`,
      postUrl: `${base}/p`,
    })
    if (begun.kind !== 'redirect') throw new Error(begun.kind)
    const authenticated = open(await browserThreeDSecure(begun.request))
    const forged = forge({ ...authenticated, OperateId: '1Auth', ProcessId: 'a'.repeat(32), ProcessPass: 'b'.repeat(32) })
    expect(await applyThreeDSecureResult(gw, forged, { source: 'browser' })).toEqual({ kind: 'invalid', reason: 'rejected' })
    expect((await gw.orders.get(order.id))?.status).toBe('awaiting_3ds')
  })

  it('refuses a "registered" result the gateway’s 4MemRef does not confirm (my page)', async () => {
    const request = await beginCardRegistration(gw, {
      customerId: 'cust-forged',
      token: await gw.token(CARD_3DS_FAIL),
      maskedCard: '400000******3001',
      cardholderName: 'TARO YAMADA',
      email: 'taro@example.jp',
      redirectUrl: `${base}/r`,
      postUrl: `${base}/p`,
    })
    const failed = open(await browserThreeDSecure(request!))
    expect(failed.ResponseCd).toBe('U04') // authentication failed: nothing was registered
    const placeholder = await gw.members.get('cust-forged')
    const forged = forge({ ...failed, ResponseCd: 'OK', SecureResultCode: '0', KaiinId: placeholder!.kaiinId })
    const outcome = await applyThreeDSecureResult(gw, forged, { source: 'browser' })
    expect(outcome.kind === 'card' && outcome.outcome.kind).toBe('failed')
    expect((await gw.members.get('cust-forged'))?.maskedCard).toBeNull()
  })

  it('refuses a "registered" result before a payment, and charges nothing', async () => {
    const { order, encryptValue } = await trip(2750, CARD_3DS_FAIL, { saveCard: { customerId: 'cust-forged-2' } })
    const failed = open(encryptValue)
    expect(failed.OperateId).toBe('4MemAdd')
    const placeholder = await gw.members.get('cust-forged-2')
    const forged = forge({ ...failed, ResponseCd: 'OK', SecureResultCode: '0', KaiinId: placeholder!.kaiinId })
    await applyThreeDSecureResult(gw, forged, { source: 'browser' })
    await expectNothingCharged(order)
    expect(gatewayTransactions(gw.sb, order.merchantFree1)).toEqual([])
    expect((await gw.members.get('cust-forged-2'))?.maskedCard).toBeNull()
  })

  it('does not guess when 1Search cannot be asked: the order waits for reconcile, which then confirms it', async () => {
    const { order, encryptValue } = await trip(4100)
    gw.sb.faults.next({ type: 'http-error', status: 503, operateId: '1Search', times: 10 })
    await applyThreeDSecureResult(gw, encryptValue, { source: 'browser' })
    const parked = await waitForSettled(gw.orders, order.id, 3000)
    expect(parked?.status).toBe('needs_reconciliation')
    gw.sb.faults.clear()
    const [c] = (await listRecoveryCases(gw, { includeInFlight: true })).filter((x) => x.orderId === order.id)
    expect(c?.kind).toBe('outcome_unknown')
    const outcome = await reconcileRecovery({ ...gw }, c!.id)
    expect(outcome.kind).toBe('completed')
    expect(await gw.orders.get(order.id)).toMatchObject({ status: 'authorized', payment: { processId: open(encryptValue).ProcessId } })
  })

  it('still applies a genuine result exactly once (browser and PostUrl)', async () => {
    const { order, encryptValue } = await trip(1980)
    const outcomes = await Promise.all([1, 2, 3, 4].map((i) => applyThreeDSecureResult(gw, encryptValue, { source: i % 2 ? 'post' : 'browser' })))
    expect(outcomes.filter((o) => o.kind === 'done')).toHaveLength(1)
    expect((await waitForSettled(gw.orders, order.id, 3000))?.status).toBe('authorized')
    expect(gatewayTransactions(gw.sb, order.merchantFree1)).toHaveLength(1)
  })

  it('writes the test’s forgeries the way the gateway writes results (so the refusals above are the gateway check’s)', () => {
    const sample = forge({
      MerchantId: gw.sb.merchant.merchantId,
      TransactionId: '100000000001',
      TransactionDate: tokyoDate(),
      OperateId: '1Auth',
      MerchantFree1: 'X1',
      ProcNo: '1234567',
      ResponseCd: 'OK',
      SecureResultCode: '0',
      ProcessId: 'a'.repeat(32),
      ProcessPass: 'b'.repeat(32),
    })
    expect(gw.escott.threeDSecure.parseResult(sample)).toMatchObject({ passed: true, processId: 'a'.repeat(32) })
  })
})
