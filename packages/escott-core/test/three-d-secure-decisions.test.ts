import { describe, expect, it } from 'vitest'
import { autoSubmitForm, isEscottCardDeclinedError, isEscottThreeDSecureError, isEscottValidationError, type EscottValidationError } from '../src/index.js'
import { aesDecrypt, aesEncrypt, encodeForm, tokyoDate } from '../src/wire-exports.js'
import { makeEscott, SECRETS, TOKEN } from './helpers/fake-fetch.js'

// What a 3-D Secure request carries and what a result decides: passed or not, why, and what is forwarded.

const keys = { aesKey: SECRETS.aesKey, aesIv: SECRETS.aesIv }
const base = { amount: 1980, cardholderName: 'TARO YAMADA', email: 'taro@example.jp', redirectUrl: 'https://shop.example.jp/3ds/return' }
const member = { kaiinId: 'C1', kaiinPass: 'pw123456' }
const { escott } = makeEscott(() => ({}))
const result = (fields: Record<string, string>) => aesEncrypt(encodeForm({ MerchantId: 'M000001', TransactionId: '99', TransactionDate: tokyoDate(), ...fields }), keys)
const inner = (encryptValue: string) => Object.fromEntries(new URLSearchParams(aesDecrypt(encryptValue, keys)))

function validationError(run: () => unknown): EscottValidationError {
  try {
    run()
  } catch (error) {
    if (isEscottValidationError(error)) return error
    throw new Error(`expected an EscottValidationError, got ${String(error)}`)
  }
  throw new Error('expected a validation error')
}

describe('building the 3-D Secure request', () => {
  it('sends 1Auth for the merged flow without capture, with PayType 01 unless another is given', () => {
    const request = escott.threeDSecure.createRequest({ ...base, token: TOKEN, flow: 'merged' })
    expect(request.operation).toBe('1Auth')
    expect(inner(request.fields.EncryptValue)).toMatchObject({ OperateId: '1Auth', PayType: '01', Amount: '1980' })
  })

  it('sends 3Secure without PayType when asked for authentication explicitly', () => {
    const request = escott.threeDSecure.createRequest({ ...base, token: TOKEN, flow: 'authenticate', payType: '03' })
    expect(request.operation).toBe('3Secure')
    expect(inner(request.fields.EncryptValue)).not.toHaveProperty('PayType')
  })

  it('replaces a stored card under 3-D Secure with 4MemChg, with the member and the new token', () => {
    const request = escott.threeDSecure.createRequest({ ...base, amount: undefined, token: TOKEN, member, registerMember: 'update' })
    expect(request.operation).toBe('4MemChg')
    expect(inner(request.fields.EncryptValue)).toMatchObject({ OperateId: '4MemChg', KaiinId: 'C1', KaiinPass: 'pw123456', Token: TOKEN })
  })

  it.each([
    ['a registration without the member', { amount: undefined, token: TOKEN, registerMember: 'create' }, 'member'],
    ['a registration without the new card', { amount: undefined, member, registerMember: 'create' }, 'token'],
    ['both a token and a stored card', { token: TOKEN, member }, 'token'],
    ['neither a token nor a stored card', {}, 'token'],
    ['an unknown flow', { token: TOKEN, flow: 'fast' }, 'flow'],
    ['an unknown registration', { amount: undefined, token: TOKEN, member, registerMember: 'delete' }, 'registerMember'],
  ])('refuses %s, naming the field, as an error of 3Secure', (_what, over, field) => {
    const error = validationError(() => escott.threeDSecure.createRequest({ ...base, ...over } as never))
    expect(error.field).toBe(field)
    expect(error.operation).toBe('3Secure')
  })

  it('accepts a RedirectUrl of exactly the allowed length and refuses one character more', () => {
    const url = (length: number) => 'https://shop.example.jp/r/' + 'x'.repeat(length - 'https://shop.example.jp/r/'.length)
    expect(escott.threeDSecure.createRequest({ ...base, token: TOKEN, redirectUrl: url(64) }).operation).toBe('3Secure')
    const error = validationError(() => escott.threeDSecure.createRequest({ ...base, token: TOKEN, redirectUrl: url(65) }))
    expect(error).toMatchObject({ field: 'redirectUrl', operation: '3Secure' })
    const longer = makeEscott(() => ({}), { threeDSecure: { ...keys, maxRedirectUrlLength: 100 } }).escott
    expect(longer.threeDSecure.createRequest({ ...base, token: TOKEN, redirectUrl: url(100) }).operation).toBe('3Secure')
  })
})

describe('reading the 3-D Secure result', () => {
  it.each([
    ['1', 'failed'],
    ['8', 'maintenance'],
    ['9', 'system_error'],
    ['7', 'unknown'],
  ])('SecureResultCode %s is %s and does not pass', (code, word) => {
    const r = escott.threeDSecure.parseResult(result({ OperateId: '3Secure', ResponseCd: 'OK', SecureResultCode: code }))
    expect(r).toMatchObject({ passed: false, secureResult: word, secureResultCode: code })
  })

  it('an authentication without SecureResultCode does not pass, and is explained as U99', () => {
    const r = escott.threeDSecure.parseResult(result({ OperateId: '3Secure', ResponseCd: 'OK', MerchantFree1: 'order-3' }))
    expect(r).toMatchObject({ passed: false, secureResult: 'unknown', secureResultCode: undefined })
    expect(r.error?.code).toBe('U99')
    expect(r.error).toMatchObject({ operation: '3Secure', merchantFree1: 'order-3' })
  })

  it.each([
    ['1', 'U04'],
    ['2', 'U01'],
    ['3', 'U02'],
    ['4', 'U15'],
    ['8', 'U14'],
    ['9', 'U95'],
  ])('a SecureResultCode %s the shop refuses, answered with ResponseCd OK, is explained as %s', (code, explained) => {
    const strict = makeEscott(() => ({}), { threeDSecure: { ...keys, acceptSecureResults: ['0'] } }).escott
    const r = strict.threeDSecure.parseResult(result({ OperateId: '3Secure', ResponseCd: 'OK', SecureResultCode: code }))
    expect(r.passed).toBe(false)
    expect(r.error?.code).toBe(explained)
  })

  it('passes an accepted SecureResultCode that comes with a U-code, unless requireResponseOk is set', () => {
    const payload = result({ OperateId: '3Secure', ResponseCd: 'U01', SecureResultCode: '2', MessageVersionNo3D: '2.2.0' })
    expect(escott.threeDSecure.parseResult(payload)).toMatchObject({ passed: true, error: undefined })
    const strict = makeEscott(() => ({}), { threeDSecure: { ...keys, requireResponseOk: true } }).escott
    const r = strict.threeDSecure.parseResult(payload)
    expect(r.passed).toBe(false)
    expect(r.error?.code).toBe('U01')
  })

  it('a merged authorisation the issuer declines does not pass and carries the decline, the order and the ProcessId', () => {
    const r = escott.threeDSecure.parseResult(result({ OperateId: '1Auth', ResponseCd: 'G12', SecureResultCode: '0', MerchantFree1: 'order-8', ProcessId: 'P8' }))
    expect(r.passed).toBe(false)
    expect(isEscottCardDeclinedError(r.error)).toBe(true)
    expect(r.error).toMatchObject({ code: 'G12', operation: '1Auth', merchantFree1: 'order-8', processId: 'P8' })
  })

  it('a merged answer with more than one code is not OK', () => {
    expect(escott.threeDSecure.parseResult(result({ OperateId: '1Gathering', ResponseCd: 'OK|G12', SecureResultCode: '0' })).passed).toBe(false)
  })

  it('a merged answer passes on OK with an accepted SecureResultCode, not without one (decision #48) and not with a refused one', () => {
    expect(escott.threeDSecure.parseResult(result({ OperateId: '1Gathering', ResponseCd: 'OK', SecureResultCode: '0', ProcessId: 'P9', ProcessPass: 'Q9' })).passed).toBe(true)
    expect(escott.threeDSecure.parseResult(result({ OperateId: '1Gathering', ResponseCd: 'OK', ProcessId: 'P9', ProcessPass: 'Q9' })).passed).toBe(false)
    expect(escott.threeDSecure.parseResult(result({ OperateId: '1Gathering', ResponseCd: 'OK', SecureResultCode: '1' })).passed).toBe(false)
  })

  it.each(['4MemAdd', '4MemChg'])('a %s registration returns the member it registered', (operation) => {
    const r = escott.threeDSecure.parseResult(result({ OperateId: operation, ResponseCd: 'OK', KaiinId: 'C1', SecureResultCode: '0', MessageVersionNo3D: '2.2.0' }))
    expect(r).toMatchObject({ passed: true, operation, kaiinId: 'C1' })
    expect(r.threeDSecure).toEqual({ secureResultCode: '0', messageVersionNo3D: '2.2.0' })
  })

  it('has no member, no 3-D fields and no authorisation where the gateway sent none', () => {
    const r = escott.threeDSecure.parseResult(result({ OperateId: '1Auth', ResponseCd: 'OK', SecureResultCode: '0', KaiinId: '', ECI3D: '' }))
    expect(r).toMatchObject({ passed: true, kaiinId: undefined, processId: undefined, approveNo: undefined })
    expect(r.threeDSecure).toEqual({ secureResultCode: '0' })
  })

  it('forwards no 3-D fields without SecureResultCode or MessageVersionNo3D, and never an empty one', () => {
    expect(escott.threeDSecure.parseResult(result({ OperateId: '3Secure', ResponseCd: 'OK', ECI3D: '05', CAVV3D: 'AAAB' })).threeDSecure).toBeUndefined()
    const r = escott.threeDSecure.parseResult(result({ OperateId: '3Secure', ResponseCd: 'OK', SecureResultCode: '0', ECI3D: '05', CAVV3D: '' }))
    expect(r.threeDSecure).toEqual({ secureResultCode: '0', eci3D: '05' })
  })

  it("reads '+' in the decrypted payload as a space, as form encoding writes it", () => {
    const payload = aesEncrypt('MerchantId=M000001&OperateId=3Secure&ResponseCd=OK&SecureResultCode=0&MerchantFree3=two+words', keys)
    expect(escott.threeDSecure.parseResult(payload).merchantFree3).toBe('two words')
  })

  it('refuses a payload whose first block was garbled, even when the fields after it are intact (CBC has no integrity)', () => {
    const tampered = aesEncrypt('\u0007\u00ff#garbage-block&MerchantId=M000001&OperateId=3Secure&ResponseCd=OK&SecureResultCode=0', keys)
    expect(() => escott.threeDSecure.parseResult(tampered)).toThrow(expect.objectContaining({ name: 'EscottThreeDSecureError', category: 'three_d_secure' }))
  })

  it.each([
    ['no value', undefined],
    ['a number', 42],
    ['an empty string', ''],
  ])('refuses %s as a 3-D Secure error, not a crash', (_what, value) => {
    let error: unknown
    try {
      escott.threeDSecure.parseResult(value as never)
    } catch (e) {
      error = e
    }
    expect(isEscottThreeDSecureError(error)).toBe(true)
  })
})

describe('the AES cipher of EncryptValue', () => {
  const good = aesEncrypt('OperateId=3Secure&ResponseCd=OK', keys)

  it("decrypts a value whose '+' became spaces in form decoding, and one with surrounding whitespace", () => {
    const withPlus = (() => {
      for (let i = 0; ; i++) {
        const c = aesEncrypt(`OperateId=3Secure&ResponseCd=OK&N=${i}`, keys)
        if (c.includes('+')) return c
      }
    })()
    expect(aesDecrypt(withPlus.replace(/\+/g, ' '), keys)).toMatch(/^OperateId=3Secure&ResponseCd=OK&N=\d+$/)
    expect(aesDecrypt(`\n ${good}\r\n`, keys)).toBe('OperateId=3Secure&ResponseCd=OK')
  })

  it.each([
    ['a character outside base64 that Buffer would skip', (c: string) => `${c.slice(0, 8)}!${c.slice(8)}`],
    ['junk before the value', (c: string) => `!!${c}`],
    ['junk after the value', (c: string) => `${c}!!`],
    // four characters keep the length a multiple of 4, so only the anchors of the base64 pattern refuse these
    ['a block of junk before the value', (c: string) => `!!!!${c}`],
    ['a block of junk after the value', (c: string) => `${c}!!!!`],
    ['base64 without its padding', (c: string) => c.replace(/=+$/, '')],
  ])('refuses %s, naming encryptValue', (_what, alter) => {
    expect(good).toMatch(/=$/) // the vector has padding to remove
    const error = validationError(() => aesDecrypt(alter(good), keys))
    expect(error.field).toBe('encryptValue')
  })

  it('refuses a value encrypted with another key, keeping the cipher error as the cause', () => {
    const error = validationError(() => aesDecrypt(good, { aesKey: 'AAAAAAAAAAAAAAAA', aesIv: 'BBBBBBBBBBBBBBBB' }))
    expect(error.field).toBe('encryptValue')
    expect(error.cause).toBeInstanceOf(Error)
  })

  it.each([
    ['aesKey', { aesKey: 'k3yk3yk3yk3yk3y', aesIv: SECRETS.aesIv }],
    ['aesIv', { aesKey: SECRETS.aesKey, aesIv: 'iv0iv0iv0iv0iv0' }],
    ['aesIv', { aesKey: SECRETS.aesKey, aesIv: 'iv0iv0iv0iv0iv0iv' }],
  ])('refuses a %s that is not 16 bytes before using it', (field, key) => {
    expect(validationError(() => aesEncrypt('x', key)).field).toBe(field)
    expect(validationError(() => aesDecrypt(good, key)).field).toBe(field)
  })
})

describe('the form that sends the shopper to 3-D Secure', () => {
  const request = { action: 'https://gw/OTDS010.do', fields: { MerchantId: 'M1', EncryptValue: 'abc' } }

  it('is in Japanese by default and in English when asked', () => {
    expect(autoSubmitForm(request)).toContain('<html lang="ja">')
    expect(autoSubmitForm(request)).toContain('本人認証へ進む')
    expect(autoSubmitForm(request, { lang: 'en' })).toContain('<html lang="en">')
  })

  it('posts exactly the request fields, and carries a script nonce only when given one', () => {
    const html = autoSubmitForm(request)
    expect(html).toContain('<input type="hidden" name="MerchantId" value="M1"><input type="hidden" name="EncryptValue" value="abc"><noscript>')
    expect(html).toContain('<script>document.getElementById')
    expect(autoSubmitForm(request, { nonce: 'r4nd' })).toContain('<script nonce="r4nd">')
  })
})
