import { describe, expect, it } from 'vitest'
import { EscottCardDeclinedError, EscottError, EscottTransactionStateError, EscottValidationError } from '../src/index.js'
import { tokyoDate } from '../src/wire-exports.js'
import { makeEscott, SECRETS, TOKEN } from './helpers/fake-fetch.js'

const approved = { ResponseCd: 'OK', ProcessId: 'P'.repeat(32), ProcessPass: 'Q'.repeat(32), CompanyCd: 'Y2', ApproveNo: '1234567', McSecCd: '0' }

describe('card.authorize', () => {
  it('sends 1Auth with the exact wire fields to OAUT002', async () => {
    const { escott, calls } = makeEscott(() => approved)
    const tx = await escott.card.authorize({ amount: 1980, token: TOKEN, merchantFree1: 'order-1' })
    expect(calls).toHaveLength(1)
    expect(calls[0]!.url).toBe('https://www.test.e-scott.jp/online/aut/OAUT002.do')
    expect(calls[0]!.contentType).toMatch(/application\/x-www-form-urlencoded/)
    expect(calls[0]!.fields).toEqual({
      MerchantId: 'M000001',
      MerchantPass: SECRETS.merchantPass,
      TransactionDate: tokyoDate(),
      OperateId: '1Auth',
      TenantId: '0001',
      MerchantFree1: 'order-1',
      Token: TOKEN,
      PayType: '01',
      Amount: '1980',
    })
    expect(tx).toMatchObject({
      status: 'authorized',
      processId: 'P'.repeat(32),
      processPass: 'Q'.repeat(32),
      approveNo: '1234567',
      companyCd: 'Y2',
      transactionId: '1234567',
      amount: 1980,
      merchantFree1: 'order-1',
      responseCodes: ['OK'],
      securityCodeResult: '0',
    })
    expect(tx.raw.ProcessId).toBe('P'.repeat(32))
  })

  it('sends 1Gathering when capture is true and reports captured', async () => {
    const { escott, calls } = makeEscott(() => approved)
    const tx = await escott.card.authorize({ amount: 500, token: TOKEN, capture: true, payType: '03' })
    expect(calls[0]!.fields.OperateId).toBe('1Gathering')
    expect(calls[0]!.fields.PayType).toBe('03')
    expect(tx.status).toBe('captured')
  })

  it('charges a stored card with KaiinId/KaiinPass instead of a token', async () => {
    const { escott, calls } = makeEscott(() => approved)
    await escott.card.authorize({ amount: 100, member: { kaiinId: 'C0001', kaiinPass: 'pw12345678' }, merchantFree1: 'sub-1' })
    expect(calls[0]!.fields.KaiinId).toBe('C0001')
    expect(calls[0]!.fields.KaiinPass).toBe('pw12345678')
    expect(calls[0]!.fields.Token).toBeUndefined()
  })

  it('generates a MerchantFree1 reference when none is given', async () => {
    const { escott, calls } = makeEscott(() => approved)
    const tx = await escott.card.authorize({ amount: 100, token: TOKEN })
    expect(calls[0]!.fields.MerchantFree1).toMatch(/^[A-HJ-NP-Z2-9]{16}$/)
    expect(tx.merchantFree1).toBe(calls[0]!.fields.MerchantFree1)
  })

  it('forwards the 3-D Secure fields after authentication', async () => {
    const { escott, calls } = makeEscott(() => approved)
    await escott.card.authorize({
      amount: 100,
      token: TOKEN,
      threeDSecure: { messageVersionNo3D: '2.2.0', transactionId3D: 'T3D', transactionStatus3D: 'Y', eci3D: '05', cavv3D: 'CAVV', cavvAlgorithm3D: '2', encodeXId3D: 'X' },
    })
    expect(calls[0]!.fields).toMatchObject({ MessageVersionNo3D: '2.2.0', TransactionId3D: 'T3D', TransactionStatus3D: 'Y', ECI3D: '05', CAVV3D: 'CAVV', CAVVAlgorithm3D: '2', EncodeXId3D: 'X' })
  })

  it.each([
    [{ amount: 0, token: TOKEN }, 'amount'],
    [{ amount: 10_000_000, token: TOKEN }, 'amount'],
    [{ amount: 12.5, token: TOKEN }, 'amount'],
    [{ amount: 100 }, 'token'],
    [{ amount: 100, token: TOKEN, member: { kaiinId: 'a', kaiinPass: 'b' } }, 'token'],
    [{ amount: 100, token: TOKEN, payType: '99' }, 'payType'],
    [{ amount: 100, token: TOKEN, merchantFree1: 'has space' }, 'merchantFree1'],
  ])('rejects bad input %j before sending, naming %s', async (input, field) => {
    const { escott, calls } = makeEscott(() => approved)
    const error = await escott.card.authorize(input as never).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottValidationError)
    expect((error as EscottValidationError).field).toBe(field)
    expect((error as EscottValidationError).message).toContain(field)
    expect(calls).toHaveLength(0)
  })

  it('reads the brand case-insensitively: visa with 3 instalments is sent', async () => {
    const { escott, calls } = makeEscott(() => approved)
    await escott.card.authorize({ amount: 100, token: TOKEN, payType: '03', brand: 'visa' })
    expect(calls[0]!.fields.PayType).toBe('03')
  })

  it('refuses an unknown brand with an EscottValidationError listing the brands, before sending', async () => {
    const { escott, calls } = makeEscott(() => approved)
    const error = await escott.card.authorize({ amount: 100, token: TOKEN, payType: '01', brand: 'NOT_A_BRAND' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottValidationError)
    expect((error as EscottValidationError).field).toBe('brand')
    expect((error as EscottValidationError).message).toMatch(/VISA, MASTER, JCB, AMEX, DINERS/)
    expect(calls).toHaveLength(0)
  })

  it('refuses a PayType the brand does not offer', async () => {
    const { escott, calls } = makeEscott(() => approved)
    const error = await escott.card.authorize({ amount: 100, token: TOKEN, payType: '02', brand: 'AMEX' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottValidationError)
    expect((error as EscottValidationError).field).toBe('payType')
    expect(calls).toHaveLength(0)
  })

  it('turns an issuer refusal into EscottCardDeclinedError with bilingual messages', async () => {
    const { escott } = makeEscott(() => ({ ResponseCd: 'G12' }))
    const error = (await escott.card.authorize({ amount: 100, token: TOKEN, merchantFree1: 'o-9' }).catch((e: unknown) => e)) as EscottError
    expect(error).toBeInstanceOf(EscottCardDeclinedError)
    expect(error).toBeInstanceOf(EscottError)
    expect(error.code).toBe('G12')
    expect(error.codes).toEqual(['G12'])
    expect(error.operation).toBe('1Auth')
    expect(error.merchantFree1).toBe('o-9')
    expect(error.retryable).toBe(false)
    expect(error.shopperMessage('ja')).toMatch(/カード/)
    expect(error.shopperMessage('en')).toMatch(/card/i)
    expect(error.merchantMessage('en').length).toBeGreaterThan(10)
  })

  it('says whether a decline is soft (over the limit) or hard (invalid card)', async () => {
    for (const [code, kind] of [
      ['G55', 'soft'],
      ['G56', 'hard'],
      ['G60', 'hard'],
      ['G54', 'soft'],
    ] as const) {
      const { escott } = makeEscott(() => ({ ResponseCd: code }))
      const error = await escott.card.authorize({ amount: 100, token: TOKEN }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(EscottCardDeclinedError)
      expect((error as EscottCardDeclinedError).declineKind, code).toBe(kind)
    }
  })

  it('keeps every code of a multi-code ResponseCd', async () => {
    const { escott } = makeEscott(() => ({ ResponseCd: 'K20|K21' }))
    const error = (await escott.card.authorize({ amount: 100, token: TOKEN }).catch((e: unknown) => e)) as EscottError
    expect(error.codes).toEqual(['K20', 'K21'])
    expect(error.entries.map((e) => e.code)).toEqual(['K20', 'K21'])
  })
})

describe('card follow-up operations', () => {
  const ref = { processId: 'P'.repeat(32), processPass: 'Q'.repeat(32) }
  const ok = { ResponseCd: 'OK', ProcessId: ref.processId, ProcessPass: ref.processPass, CompanyCd: 'Y2' }

  it('1Capture carries SalesDate (today in Japan by default)', async () => {
    const { escott, calls } = makeEscott(() => ok)
    await escott.card.capture(ref)
    expect(calls[0]!.fields).toEqual({
      MerchantId: 'M000001',
      MerchantPass: SECRETS.merchantPass,
      TransactionDate: tokyoDate(),
      OperateId: '1Capture',
      TenantId: '0001',
      ProcessId: ref.processId,
      ProcessPass: ref.processPass,
      SalesDate: tokyoDate(),
    })
    await escott.card.capture({ ...ref, salesDate: '20261101' })
    expect(calls[1]!.fields.SalesDate).toBe('20261101')
  })

  it('1Change sends the new Amount and no SalesDate', async () => {
    const { escott, calls } = makeEscott(() => ok)
    await escott.card.changeAmount({ ...ref, amount: 800 })
    expect(calls[0]!.fields.OperateId).toBe('1Change')
    expect(calls[0]!.fields.Amount).toBe('800')
    expect(calls[0]!.fields.SalesDate).toBeUndefined()
  })

  it('1Delete and 1ReAuth', async () => {
    const { escott, calls } = makeEscott(() => ok)
    await escott.card.cancel(ref)
    await escott.card.reauthorize({ ...ref, amount: 1200 })
    expect(calls.map((c) => c.fields.OperateId)).toEqual(['1Delete', '1ReAuth'])
    expect(calls[1]!.fields).toMatchObject({ Amount: '1200', SalesDate: tokyoDate() })
  })

  it('stored-card follow-ups carry KaiinId/KaiinPass', async () => {
    const { escott, calls } = makeEscott(() => ok)
    await escott.card.capture({ ...ref, member: { kaiinId: 'C1', kaiinPass: 'pw' } })
    expect(calls[0]!.fields).toMatchObject({ KaiinId: 'C1', KaiinPass: 'pw' })
  })

  it('1Search returns amount and sales date', async () => {
    const { escott, calls } = makeEscott(() => ({ ...ok, Amount: '1980', SalesDate: '20261123' }))
    const r = await escott.card.retrieve(ref)
    expect(calls[0]!.fields.OperateId).toBe('1Search')
    expect(r).toMatchObject({ amount: 1980, salesDate: '20261123', processId: ref.processId })
  })

  it('1Check sends the token without amount', async () => {
    const { escott, calls } = makeEscott(() => ({ ResponseCd: 'OK', McSecCd: '0' }))
    const r = await escott.card.check({ token: TOKEN })
    expect(calls[0]!.fields).toMatchObject({ OperateId: '1Check', Token: TOKEN, TenantId: '0001' })
    expect(calls[0]!.fields.Amount).toBeUndefined()
    expect(r.securityCodeResult).toBe('0')
  })

  it('maps a state error (capture after cancel) to EscottTransactionStateError', async () => {
    const { escott } = makeEscott(() => ({ ResponseCd: 'K14' }))
    const error = await escott.card.capture(ref).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EscottTransactionStateError)
  })
})
