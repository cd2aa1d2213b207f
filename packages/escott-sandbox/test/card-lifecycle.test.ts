import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Escott } from 'escott-core'
import type { Sandbox } from '../src/index.js'
import { AUT, CARD, client, codesOf, DEMO_CARD, start, wire } from './helpers.js'

let sb: Sandbox
let escott: Escott
const token = (card = DEMO_CARD) => sb.createToken(card)

beforeAll(async () => {
  sb = await start({ slowCardDelayMs: 300 })
  escott = client(sb)
})
afterAll(() => sb.close())

describe('card lifecycle over OAUT002 with escott-core', () => {
  it('authorises the demo card, captures, lowers the amount, cancels, re-authorises and reads it back', async () => {
    const tx = await escott.card.authorize({ amount: 1980, token: await token(), payType: '01', capture: false, merchantFree1: 'order1' })
    expect(tx.status).toBe('authorized')
    expect(tx.processId).toMatch(/^[0-9a-f]{32}$/)
    expect(tx.processPass).toMatch(/^[0-9a-f]{32}$/)
    expect(tx.approveNo).toMatch(/^\d{7}$/)
    expect(tx.companyCd).toHaveLength(2)
    const ref = { processId: tx.processId, processPass: tx.processPass }
    await escott.card.capture(ref)
    expect(await codesOf(escott.card.capture(ref))).toEqual(['K14'])
    await escott.card.changeAmount({ ...ref, amount: 1500 })
    // The same amount again is K23 (Welcart paymentESCOTT.main.class.php:3649: 利用額変更で元取引と金額が同一).
    expect(await codesOf(escott.card.changeAmount({ ...ref, amount: 1500 }))).toEqual(['K23'])
    await escott.card.changeAmount({ ...ref, amount: 1700 })
    const found = await escott.card.retrieve(ref)
    expect(found.amount).toBe(1700)
    expect(found.salesDate).toBeTruthy()
    await escott.card.cancel(ref)
    expect(await codesOf(escott.card.capture(ref))).toEqual(['K14'])
    expect(await codesOf(escott.card.cancel(ref))).toEqual(['K14'])
    await escott.card.reauthorize({ ...ref, amount: 2200 })
    expect((await escott.card.retrieve(ref)).amount).toBe(2200)
  })

  it('re-authorisation renews an authorised payment (as core allows) and is refused on a captured one', async () => {
    // WooCommerce class-spfwc-admin-order.php:431-436 and WelcartPay paymentWelcart.class.php:2345-2350 offer 1ReAuth on
    // an authorised, not captured payment; core's state machine allows it (state-machine.ts CARD_OPS.authorized).
    const tx = await escott.card.authorize({ amount: 500, token: await token() })
    const ref = { processId: tx.processId, processPass: tx.processPass }
    const renewed = await escott.card.reauthorize({ ...ref, amount: 600 })
    expect(renewed.processId).toBe(tx.processId)
    expect((await escott.card.retrieve(ref)).amount).toBe(600)
    await escott.card.capture(ref)
    expect(await codesOf(escott.card.reauthorize({ ...ref, amount: 600 }))).toEqual(['K14'])
  })

  it('1Gathering records the sale at once', async () => {
    const tx = await escott.card.authorize({ amount: 800, token: await token(), capture: true })
    expect(tx.status).toBe('captured')
    expect(await codesOf(escott.card.capture({ processId: tx.processId, processPass: tx.processPass }))).toEqual(['K14'])
  })

  it('1Check validates a card and consumes its token', async () => {
    const t = await token()
    const r = await escott.card.check({ token: t })
    expect(r.securityCodeResult).toBe('0')
    expect(await codesOf(escott.card.authorize({ amount: 100, token: t }))).toEqual(['KI2'])
  })

  it('unknown ProcessId gives KBZ, a wrong ProcessPass K12', async () => {
    const tx = await escott.card.authorize({ amount: 700, token: await token() })
    expect(await codesOf(escott.card.capture({ processId: 'a'.repeat(32), processPass: tx.processPass }))).toEqual(['KBZ'])
    expect(await codesOf(escott.card.capture({ processId: tx.processId, processPass: 'b'.repeat(32) }))).toEqual(['K12'])
  })

  it('test cards decline deterministically', async () => {
    const cases: Array<[string, string[]]> = [
      ['4000000000080012', ['G12']],
      ['4000000000060030', ['G30']],
      ['4000000000000044', ['G44']],
      ['4000000000060055', ['G55', 'G54']],
      ['4000000000050056', ['G56']],
      ['4000000000040065', ['G65']],
      ['4000000000020083', ['G83']],
      ['4000000000010092', ['G92']],
      ['3540000000090085', ['G85']],
    ]
    for (const [cardNo, codes] of cases) {
      expect(await codesOf(escott.card.authorize({ amount: 1000, token: await token(CARD(cardNo)) })), cardNo).toEqual(codes)
    }
  })

  it('a wrong security code gives G44; a past expiry G83', async () => {
    expect(await codesOf(escott.card.authorize({ amount: 1000, token: await token({ ...DEMO_CARD, secCd: '123' }) }))).toEqual(['G44'])
    expect(await codesOf(escott.card.authorize({ amount: 1000, token: await token({ ...DEMO_CARD, expYY: '20', expMM: '01' }) }))).toEqual(['G83'])
  })

  it('other brands approve', async () => {
    for (const cardNo of ['3540000000091000', '5100000000061000', '370000000001000']) {
      const tx = await escott.card.authorize({ amount: 1000, token: await token(CARD(cardNo)) })
      expect(tx.status).toBe('authorized')
    }
  })

  it('the slow card approves after the configured delay', async () => {
    const t0 = Date.now()
    const tx = await escott.card.authorize({ amount: 1000, token: await token(CARD('4000000000039000')) })
    expect(tx.status).toBe('authorized')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280)
  })

  it('never accepts a card number that is not a test card', async () => {
    await expect(sb.createToken(CARD('4111111111111111'))).rejects.toMatchObject({ code: 'C16' })
    const call = wire(sb)
    const r = await call(AUT, { OperateId: '1Auth', CardNo: '4111111111111111', CardExp: '2812', Amount: 100, PayType: '01' })
    expect(r.ResponseCd).toBe('C16')
    const ok = await call(AUT, { OperateId: '1Auth', CardNo: '4000000000001000', CardExp: '2812', SecCd: '777', Amount: 100, PayType: '01' })
    expect(ok.ResponseCd).toBe('OK')
  })
})

describe('merchant credentials and field checks on the wire', () => {
  it('answers K02/K03/K04/K05 and always echoes the common fields', async () => {
    const call = wire(sb)
    const bad = await call(AUT, { OperateId: '1Auth', MerchantId: 'nobody', Amount: 1 })
    expect(bad).toMatchObject({ ResponseCd: 'K02', OperateId: '1Auth' })
    expect(bad.TransactionId).toMatch(/^\d+$/)
    expect(bad.TransactionDate).toMatch(/^\d{8}$/)
    expect((await call(AUT, { OperateId: '1Auth', MerchantPass: 'wrong', Amount: 1 })).ResponseCd).toBe('K03')
    expect((await call(AUT, { OperateId: '1Auth', TenantId: '0002', Token: 'x' })).ResponseCd).toContain('K04')
    expect((await call(AUT, { OperateId: '1Auth', TransactionDate: '20000101', Token: 'x' })).ResponseCd).toContain('K05')
    const echo = await call(AUT, { OperateId: '1Nope', MerchantFree1: 'A-1', MerchantFree2: 'null', MerchantFree3: '注文' })
    expect(echo).toMatchObject({ ResponseCd: 'K06', MerchantFree1: 'A-1', MerchantFree2: 'null', MerchantFree3: '注文' })
  })

  it('joins several field errors with |', async () => {
    const r = await wire(sb)(AUT, { OperateId: '1Auth', PayType: '99', Amount: 'abc', Token: 'zz' })
    expect(r.ResponseCd!.split('|')).toEqual(['K22', 'K23', 'KHX'])
  })

  it('reads fields from the query string of a POST too (OperateId in the URL)', async () => {
    const m = sb.merchant
    const res = await fetch(`${sb.url}${AUT}?OperateId=1Auth&MerchantId=${m.merchantId}`, {
      method: 'POST',
      body: new URLSearchParams({
        MerchantPass: m.merchantPass,
        TenantId: m.tenantId,
        TransactionDate: new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10).replace(/-/g, ''),
        Token: await token(),
        Amount: '100',
      }),
    })
    expect(await res.text()).toContain('ResponseCd=OK')
  })

  it('locks the merchant out (KG8) after repeated wrong passwords', async () => {
    const m = sb.createMerchant()
    const call = wire(sb, m)
    for (let i = 0; i < 9; i++) expect((await call(AUT, { OperateId: '1Search', MerchantPass: 'nope' })).ResponseCd).toBe('K03')
    expect((await call(AUT, { OperateId: '1Search', MerchantPass: 'nope' })).ResponseCd).toBe('KG8')
    expect((await call(AUT, { OperateId: '1Search' })).ResponseCd).toBe('KG8')
    sb.clock.advance('31m')
    expect((await call(AUT, { OperateId: '1Search' })).ResponseCd).not.toBe('KG8')
    sb.clock.reset()
  })
})
