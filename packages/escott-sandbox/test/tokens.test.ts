import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Escott } from 'escott-core'
import type { Sandbox } from '../src/index.js'
import { ATN, CARD, client, codesOf, DEMO_CARD, scriptToken, start, wire } from './helpers.js'

let sb: Sandbox
let escott: Escott

beforeAll(async () => {
  sb = await start()
  escott = client(sb)
})
afterAll(() => sb.close())

describe('tokens', () => {
  it('1TokenSearch reports the masked card without consuming the token; one consuming use, then KI2', async () => {
    const token = await sb.createToken(DEMO_CARD)
    expect(token).toMatch(/^[0-9a-f]{32}$/)
    const info = await escott.tokens.retrieve(token)
    expect(info).toMatchObject({ maskedCardNo: '400000******1000', cardExp: '2812' })
    await escott.tokens.retrieve(token)
    await escott.card.authorize({ amount: 100, token })
    expect(await codesOf(escott.card.authorize({ amount: 100, token }))).toEqual(['KI2'])
    expect(await codesOf(escott.tokens.retrieve(token))).toEqual(['KI2'])
    expect(await codesOf(escott.members.create({ kaiinId: 'tok1', kaiinPass: 'pass1', token }))).toEqual(['KI2'])
  })

  it('tokens expire after the configured lifetime on the sandbox clock (KI3)', async () => {
    const token = await sb.createToken(DEMO_CARD)
    sb.clock.advance('11m')
    try {
      expect(await codesOf(escott.card.authorize({ amount: 100, token }))).toEqual(['KI3'])
    } finally {
      sb.clock.reset()
    }
    const short = await start({ tokenTtl: '30s' })
    try {
      const t = await short.createToken(DEMO_CARD)
      short.clock.advance('31s')
      expect(await codesOf(client(short).card.authorize({ amount: 100, token: t }))).toEqual(['KI3'])
    } finally {
      await short.close()
    }
  })

  it("1TokenSearch answers ResponseCd OK and the card's own check in TokenResponseCd: C13 for an expired card", async () => {
    // WooCommerce class-spfwc-payment-gateway.php:781, Welcart paymentESCOTT.main.class.php:1467 check both codes.
    expect(await codesOf(escott.tokens.retrieve(await sb.createToken(CARD('4000000000020083'))))).toEqual(['C13'])
    const r = await wire(sb)(ATN, { OperateId: '1TokenSearch', Token: await sb.createToken({ ...DEMO_CARD, expYY: '19', expMM: '01' }) })
    expect(r).toMatchObject({ ResponseCd: 'OK', TokenResponseCd: 'C13', CardNo: '400000******1000', CardExp: '1901' })
    expect(await wire(sb)(ATN, { OperateId: '1TokenSearch', Token: await sb.createToken(DEMO_CARD) })).toMatchObject({ ResponseCd: 'OK', TokenResponseCd: 'OK' })
  })

  it("unknown tokens give KHZ, malformed ones KHX, another merchant's token KHZ", async () => {
    const call = wire(sb)
    expect((await call(ATN, { OperateId: '1TokenSearch', Token: 'f'.repeat(32) })).ResponseCd).toBe('KHZ')
    expect((await call(ATN, { OperateId: '1TokenSearch', Token: 'not-a-token' })).ResponseCd).toBe('KHX')
    const other = sb.createMerchant()
    const foreign = await sb.createToken(DEMO_CARD, { merchantId: other.merchantId })
    expect((await call(ATN, { OperateId: '1TokenSearch', Token: foreign })).ResponseCd).toBe('KHZ')
  })

  it('serves the token script and issues tokens to it (KI1 for a wrong auth code, C16 for real-looking cards)', async () => {
    const script = await fetch(escott.tokens.scriptUrl())
    expect(script.headers.get('content-type')).toContain('javascript')
    const text = await script.text()
    expect(text).toContain('spsvCreateToken: function (cardNo, expYY, expMM, secCd, birthMM, birthDD, telNo, kanaSei, kanaMei)')
    const ok = await scriptToken(sb, DEMO_CARD)
    expect(ok.maskedCardNo).toBe('400000******1000')
    expect((await scriptToken(sb, DEMO_CARD, { authCode: 'WRONG' })).code).toBe('KI1')
    expect((await scriptToken(sb, CARD('4111111111111111'))).code).toBe('C16')
    expect((await scriptToken(sb, DEMO_CARD, { terminal: 'no spaces allowed' })).code).toBe('KI4')
  })
})
