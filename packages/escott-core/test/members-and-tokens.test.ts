import { describe, expect, it } from 'vitest'
import { EscottConfigurationError, EscottValidationError, newKaiinPass } from '../src/index.js'
import { tokyoDate } from '../src/wire-exports.js'
import { makeEscott, SECRETS, TOKEN } from './helpers/fake-fetch.js'

const cred = { kaiinId: 'C000000001', kaiinPass: 'Pw12345678ab' }

describe('members', () => {
  it('4MemAdd sends TenantId, KaiinId, KaiinPass and Token to OCRP005', async () => {
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK', CompanyCd: 'Y2', McSecCd: '0' }))
    const r = await escott.members.create({ ...cred, token: TOKEN, checkCard: true })
    expect(calls[0]!.url).toBe('https://www.test.e-scott.jp/online/crp/OCRP005.do')
    expect(calls[0]!.fields).toEqual({
      MerchantId: 'M000001',
      MerchantPass: SECRETS.merchantPass,
      TransactionDate: tokyoDate(),
      OperateId: '4MemAdd',
      TenantId: '0001',
      KaiinId: cred.kaiinId,
      KaiinPass: cred.kaiinPass,
      Token: TOKEN,
      EnableCheckUseKbn: '1',
    })
    expect(r).toMatchObject({ kaiinId: cred.kaiinId, companyCd: 'Y2' })
  })

  it('4MemChg replaces the card and/or the password', async () => {
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK' }))
    await escott.members.update({ ...cred, token: TOKEN, newKaiinPass: 'NewPass12345' })
    expect(calls[0]!.fields).toMatchObject({ OperateId: '4MemChg', Token: TOKEN, NewKaiinPass: 'NewPass12345' })
    const e = await escott.members.update({ ...cred }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(EscottValidationError)
  })

  it('retrieve uses the masked reference (4MemRefM) and maps KaiinStatus', async () => {
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK', CardNo: '400000******1000', CardExp: '2812', KaiinStatus: '3', KaiinEnableDate: '20261123' }))
    const m = await escott.members.retrieve(cred)
    expect(calls[0]!.fields.OperateId).toBe('4MemRefM')
    expect(m).toMatchObject({ maskedCardNo: '400000******1000', cardExp: '2812', status: 'invalidated', kaiinStatus: '3' })
  })

  it('never hands on an unmasked card number, even from 4MemRef', async () => {
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK', CardNo: '4000000000001000', CardExp: '2812', KaiinStatus: '0' }))
    const m = await escott.members.retrieve({ ...cred, unmasked: true })
    expect(calls[0]!.fields.OperateId).toBe('4MemRef')
    expect(m.maskedCardNo).toBe('400000******1000')
    expect(m.status).toBe('valid')
  })

  it.each([
    ['invalidate', '4MemInval'],
    ['restore', '4MemUnInval'],
    ['delete', '4MemDel'],
  ] as const)('%s sends %s with credentials only', async (method, operateId) => {
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK' }))
    await escott.members[method](cred)
    expect(calls[0]!.fields).toEqual({
      MerchantId: 'M000001',
      MerchantPass: SECRETS.merchantPass,
      TransactionDate: tokyoDate(),
      OperateId: operateId,
      TenantId: '0001',
      KaiinId: cred.kaiinId,
      KaiinPass: cred.kaiinPass,
    })
  })

  it('rejects malformed member ids before sending', async () => {
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK' }))
    const e = (await escott.members.create({ kaiinId: 'has space', kaiinPass: 'x', token: TOKEN }).catch((x: unknown) => x)) as EscottValidationError
    expect(e).toBeInstanceOf(EscottValidationError)
    expect(e.field).toBe('kaiinId')
    expect(calls).toHaveLength(0)
  })

  it('generates random 12-character KaiinPass values', () => {
    const a = newKaiinPass()
    expect(a).toMatch(/^[A-Za-z0-9]{12}$/)
    expect(new Set(Array.from({ length: 50 }, () => newKaiinPass())).size).toBe(50)
  })
})

describe('tokens', () => {
  it('1TokenSearch goes to OATN005 and is safe to retry', async () => {
    let n = 0
    const { escott, calls } = makeEscott(() => {
      n++
      if (n === 1) return new Response('', { status: 503 })
      return { ResponseCd: 'OK', CardNo: '400000******1000', CardExp: '2812' }
    })
    const info = await escott.tokens.retrieve(TOKEN)
    expect(calls[1]!.url).toBe('https://www.test.e-scott.jp/online/atn/OATN005.do')
    expect(calls[1]!.fields).toMatchObject({ OperateId: '1TokenSearch', Token: TOKEN })
    expect(info).toMatchObject({ maskedCardNo: '400000******1000', cardExp: '2812' })
  })

  it('builds the token script URL from the token auth code', () => {
    const { escott } = makeEscott(() => ({}))
    expect(escott.tokens.scriptUrl()).toBe(`https://www.test.e-scott.jp/euser/stn/CdGetJavaScript.do?k_TokenNinsyoCode=${SECRETS.tokenAuthCode}`)
    const prod = makeEscott(() => ({}), { environment: 'production' }).escott
    expect(prod.tokens.scriptUrl().startsWith('https://www.e-scott.jp/')).toBe(true)
    expect(() => makeEscott(() => ({}), { tokenAuthCode: undefined }).escott.tokens.scriptUrl()).toThrow(EscottConfigurationError)
  })
})
