import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sandbox } from '../src/index.js'
import { tokyoDate } from '../src/util.js'
import { AUT, client, codesOf, DEMO_CARD, start, wire } from './helpers.js'

let sb: Sandbox

beforeAll(async () => {
  sb = await start()
})
afterAll(() => sb.close())

describe('merchant settings that produce the FAQ errors', () => {
  it('authentication assist with kana required: K25/K26 without kana names, OK with them (request or token)', async () => {
    const m = sb.createMerchant({ authAssist: { kana: true } })
    const e = client(sb, m)
    const tok = () => sb.createToken(DEMO_CARD, { merchantId: m.merchantId })
    expect(await codesOf(e.card.authorize({ amount: 100, token: await tok() }))).toEqual(['K25', 'K26'])
    expect(await codesOf(e.card.authorize({ amount: 100, token: await tok(), authAssist: { kanaSei: 'ヤマダ' } }))).toEqual(['K26'])
    expect((await e.card.authorize({ amount: 100, token: await tok(), authAssist: { kanaSei: 'ヤマダ', kanaMei: 'タロウ' } })).status).toBe('authorized')
    const withKana = await sb.createToken({ ...DEMO_CARD, kanaSei: 'ヤマダ', kanaMei: 'タロウ' }, { merchantId: m.merchantId })
    expect((await e.card.authorize({ amount: 100, token: withKana })).status).toBe('authorized')
  })

  it('service start date in the future: K99 until the sandbox clock reaches it', async () => {
    const start = tokyoDate(Date.now() + 3 * 86_400_000)
    const m = sb.createMerchant({ serviceStartDate: start })
    const e = client(sb, m)
    expect(await codesOf(e.tokens.retrieve(await sb.createToken(DEMO_CARD, { merchantId: m.merchantId })))).toEqual(['K99'])
    sb.clock.advance('3d')
    try {
      expect((await e.card.authorize({ amount: 100, token: await sb.createToken(DEMO_CARD, { merchantId: m.merchantId }) })).status).toBe('authorized')
    } finally {
      sb.clock.reset()
    }
  })

  it('IP restriction: K99 from an address that is not allowed', async () => {
    const blocked = sb.createMerchant({ allowedIps: ['203.0.113.7'] })
    expect((await wire(sb, blocked)(AUT, { OperateId: '1Search' })).ResponseCd).toBe('K99')
    const allowed = sb.createMerchant({ allowedIps: ['127.0.0.1', '::1'] })
    expect((await client(sb, allowed).card.authorize({ amount: 100, token: await sb.createToken(DEMO_CARD, { merchantId: allowed.merchantId }) })).status).toBe('authorized')
  })

  it('merchants can be created over HTTP with the same credential shape', async () => {
    const res = await fetch(`${sb.url}/_sandbox/merchants`, { method: 'POST', body: JSON.stringify({ threeDSecure: 'required' }) })
    expect(res.status).toBe(201)
    const m = (await res.json()) as typeof sb.merchant
    expect(Object.keys(m)).toEqual(['merchantId', 'merchantPass', 'tenantId', 'tokenAuthCode', 'threeDSecure'])
    expect(m.threeDSecure.aesKey).toHaveLength(16)
    const e = client(sb, m)
    expect(await codesOf(e.card.authorize({ amount: 100, token: await sb.createToken(DEMO_CARD, { merchantId: m.merchantId }) }))).toEqual(['K06'])
    const list = (await fetch(`${sb.url}/_sandbox/merchants`).then((r) => r.json())) as Array<{ merchantId: string; settings: { threeDSecure: string } }>
    expect(list.find((x) => x.merchantId === m.merchantId)?.settings.threeDSecure).toBe('required')
  })

  it('the default merchant spreads into new Escott() and needs no 3-D Secure', async () => {
    expect(sb.merchant).toMatchObject({ merchantId: '90000001', tenantId: '0001' })
    expect((await client(sb).card.authorize({ amount: 100, token: await sb.createToken(DEMO_CARD) })).status).toBe('authorized')
    const fixed = await start({ merchant: { merchantId: 'MYSHOP01', merchantPass: 'secret123' } })
    try {
      expect(fixed.merchant).toMatchObject({ merchantId: 'MYSHOP01', merchantPass: 'secret123' })
      expect((await client(fixed).card.authorize({ amount: 1, token: await fixed.createToken(DEMO_CARD) })).status).toBe('authorized')
    } finally {
      await fixed.close()
    }
  })
})
