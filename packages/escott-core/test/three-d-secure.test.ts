import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { autoSubmitForm, escapeHtml, EscottConfigurationError, EscottThreeDSecureError, EscottValidationError } from '../src/index.js'
import { aesDecrypt, aesEncrypt, encodeForm, tokyoDate } from '../src/wire-exports.js'
import { makeEscott, SECRETS, TOKEN } from './helpers/fake-fetch.js'

const keys = { aesKey: SECRETS.aesKey, aesIv: SECRETS.aesIv }
const base = { amount: 1980, cardholderName: 'TARO YAMADA', email: 'taro@example.jp', redirectUrl: 'https://shop.example.jp/3ds/return' }
const gatewayResult = (fields: Record<string, string>, k = keys) => aesEncrypt(encodeForm({ MerchantId: 'M000001', TransactionId: '99', TransactionDate: tokyoDate(), ...fields }), k)

describe('AES-128-CBC EncryptValue', () => {
  it('round-trips any UTF-8 text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        expect(aesDecrypt(aesEncrypt(text, keys), keys)).toBe(text)
      }),
    )
  })
  it('matches a known vector (key and IV used as UTF-8 bytes, PKCS#7)', () => {
    // Independent reference computed with OpenSSL: printf 'OperateId=3Secure' | openssl enc -aes-128-cbc -K <hex key> -iv <hex iv> -base64
    const k = { aesKey: '0123456789abcdef', aesIv: 'fedcba9876543210' }
    expect(aesEncrypt('OperateId=3Secure', k)).toBe(OPENSSL_VECTOR)
  })
  it('refuses keys that are not 16 bytes', () => {
    expect(() => aesEncrypt('x', { aesKey: 'short', aesIv: SECRETS.aesIv })).toThrow(/16 bytes/)
  })
})

describe('threeDSecure.createRequest', () => {
  it('builds the OTDS010 form with MerchantId in clear and everything else encrypted (3Secure by default)', () => {
    const { escott } = makeEscott(() => ({}))
    const req = escott.threeDSecure.createRequest({ ...base, token: TOKEN, postUrl: 'https://shop.example.jp/3ds/post', merchantFree1: 'order-7' })
    expect(req.action).toBe('https://www.test.e-scott.jp/online/tds/OTDS010.do')
    expect(Object.keys(req.fields)).toEqual(['MerchantId', 'EncryptValue'])
    expect(req.fields.MerchantId).toBe('M000001')
    const inner = Object.fromEntries(new URLSearchParams(aesDecrypt(req.fields.EncryptValue, keys)))
    expect(inner).toEqual({
      MerchantPass: SECRETS.merchantPass,
      TransactionDate: tokyoDate(),
      OperateId: '3Secure',
      MerchantFree1: 'order-7',
      TenantId: '0001',
      Token: TOKEN,
      Amount: '1980',
      ProcNo: req.procNo,
      RedirectUrl: base.redirectUrl,
      PostUrl: 'https://shop.example.jp/3ds/post',
      BillingFullName: 'TARO YAMADA',
      BillingEmail: 'taro@example.jp',
    })
    expect(req.procNo).toMatch(/^\d{7}$/)
    expect(req.operation).toBe('3Secure')
  })

  it('sends 1Auth / 1Gathering with PayType in the merged flow, and 4MemAdd for a 3-D Secure card registration', () => {
    const { escott } = makeEscott(() => ({}))
    const merged = escott.threeDSecure.createRequest({ ...base, token: TOKEN, flow: 'merged', capture: true, payType: '03' })
    const m = Object.fromEntries(new URLSearchParams(aesDecrypt(merged.fields.EncryptValue, keys)))
    expect(m).toMatchObject({ OperateId: '1Gathering', PayType: '03' })
    const reg = escott.threeDSecure.createRequest({ ...base, amount: undefined, token: TOKEN, member: { kaiinId: 'C1', kaiinPass: 'pw1' }, registerMember: 'create' })
    const r = Object.fromEntries(new URLSearchParams(aesDecrypt(reg.fields.EncryptValue, keys)))
    expect(r).toMatchObject({ OperateId: '4MemAdd', KaiinId: 'C1', KaiinPass: 'pw1', Token: TOKEN })
  })

  it.each([
    [{ redirectUrl: 'https://shop.example.jp/' + 'x'.repeat(60) }, 'redirectUrl', /64/],
    [{ cardholderName: '' }, 'cardholderName', /name/],
    [{ email: 'not-an-email' }, 'email', /e-mail/],
    [{ procNo: '12345' }, 'procNo', /7/],
    [{ amount: undefined }, 'amount', /required/],
  ])('rejects %j naming the field', (override, field, hint) => {
    const { escott } = makeEscott(() => ({}))
    const error = (() => {
      try {
        escott.threeDSecure.createRequest({ ...base, token: TOKEN, ...override } as never)
      } catch (e) {
        return e
      }
    })() as EscottValidationError
    expect(error).toBeInstanceOf(EscottValidationError)
    expect(error.field).toBe(field)
    expect(error.message).toMatch(hint)
  })

  it('requires the merchant’s own AES key and IV (no fallback)', () => {
    const { escott } = makeEscott(() => ({}), { threeDSecure: undefined })
    expect(() => escott.threeDSecure.createRequest({ ...base, token: TOKEN })).toThrow(EscottConfigurationError)
  })

  it('renders an auto-submitting form with escaped values', () => {
    const html = autoSubmitForm({ action: 'https://x/OTDS010.do', fields: { MerchantId: 'M"1', EncryptValue: 'a+b/c==' } })
    expect(html).toContain('action="https://x/OTDS010.do"')
    expect(html).toContain('value="M&quot;1"')
    expect(html).toContain('.submit()')
  })

  it('escapes with the one exported escapeHtml, the helper adapters share', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;')
    const html = autoSubmitForm({ action: 'https://x/?a=1&b=2', fields: { MerchantId: "<M'1>", EncryptValue: 'e' } }, { nonce: 'n"1' })
    expect(html).toContain(`action="${escapeHtml('https://x/?a=1&b=2')}"`)
    expect(html).toContain(`value="${escapeHtml("<M'1>")}"`)
    expect(html).toContain('nonce="n&quot;1"')
  })

  it('draws ProcNo from node:crypto, not Math.random', () => {
    const { escott } = makeEscott(() => ({}))
    const spy = vi.spyOn(Math, 'random').mockReturnValue(0.5)
    try {
      const procNos = new Set(Array.from({ length: 20 }, () => escott.threeDSecure.createRequest({ ...base, token: TOKEN }).procNo))
      expect(procNos.size).toBeGreaterThan(1) // Math.random would have given 5000000 every time
      for (const p of procNos) expect(p).toMatch(/^\d{7}$/)
    } finally {
      spy.mockRestore()
    }
  })
})

describe('threeDSecure.parseResult', () => {
  const { escott } = makeEscott(() => ({}))
  // What a 3Secure result carries, as the official plugins read it (WooCommerce payment-response-handler.php:172-198).
  const threeD = {
    EncodeXId3D: 'xid',
    MessageVersionNo3D: '2.2.0',
    TransactionStatus3D: 'Y',
    CAVVAlgorithm3D: '2',
    ECI3D: '05',
    CAVV3D: 'AAABB==',
    DSTransactionId: 'ds-1',
    ThreeDSServerTransactionId: 'srv-1',
  }

  it('returns passed with the 3-D fields to forward to 1Auth', () => {
    const r = escott.threeDSecure.parseResult(gatewayResult({ OperateId: '3Secure', ResponseCd: 'OK', SecureResultCode: '0', ProcNo: '0000001', MerchantFree1: 'order-7', ...threeD }))
    expect(r).toMatchObject({ passed: true, secureResult: 'authenticated', operation: '3Secure', merchantFree1: 'order-7', procNo: '0000001', error: undefined })
    expect(r.threeDSecure).toEqual({
      encodeXId3D: 'xid',
      messageVersionNo3D: '2.2.0',
      transactionStatus3D: 'Y',
      cavvAlgorithm3D: '2',
      eci3D: '05',
      cavv3D: 'AAABB==',
      secureResultCode: '0',
      dsTransactionId: 'ds-1',
      threeDSServerTransactionId: 'srv-1',
    })
  })

  it.each([
    ['0', true, 'authenticated'],
    ['2', true, 'not_enrolled'],
    ['3', true, 'issuer_not_participating'],
    ['4', true, 'attempted'],
  ])('SecureResultCode %s with ResponseCd OK -> passed=%s (%s)', (code, passed, word) => {
    const r = escott.threeDSecure.parseResult(gatewayResult({ OperateId: '3Secure', ResponseCd: 'OK', SecureResultCode: code, ...threeD }))
    expect(r.passed).toBe(passed)
    expect(r.secureResult).toBe(word)
  })

  it.each([
    ['1', 'U04'],
    ['8', 'U14'],
    ['9', 'U95'],
  ])('SecureResultCode %s fails with an explained %s error', (code, errorCode) => {
    const r = escott.threeDSecure.parseResult(gatewayResult({ OperateId: '3Secure', ResponseCd: errorCode, SecureResultCode: code }))
    expect(r.passed).toBe(false)
    expect(r.error).toBeInstanceOf(EscottThreeDSecureError)
    expect(r.error?.code).toBe(errorCode)
  })

  it('can be told to refuse attempts (SecureResultCode 4)', () => {
    const strict = makeEscott(() => ({}), { threeDSecure: { ...keys, acceptSecureResults: ['0'] } }).escott
    const r = strict.threeDSecure.parseResult(gatewayResult({ OperateId: '3Secure', ResponseCd: 'OK', SecureResultCode: '4', ...threeD }))
    expect(r.passed).toBe(false)
    expect(r.error?.code).toBe('U15')
  })

  it('returns the authorisation of the merged flow', () => {
    const r = escott.threeDSecure.parseResult(gatewayResult({ OperateId: '1Auth', ResponseCd: 'OK', SecureResultCode: '0', ProcessId: 'P1', ProcessPass: 'Q1', ApproveNo: '7654321', CompanyCd: 'Y2' }))
    expect(r).toMatchObject({ passed: true, processId: 'P1', processPass: 'Q1', approveNo: '7654321', companyCd: 'Y2' })
  })

  it('rejects a payload encrypted with another merchant’s key', () => {
    const foreign = gatewayResult({ OperateId: '3Secure', ResponseCd: 'OK', SecureResultCode: '0' }, { aesKey: 'AAAAAAAAAAAAAAAA', aesIv: 'BBBBBBBBBBBBBBBB' })
    expect(() => escott.threeDSecure.parseResult(foreign)).toThrow(EscottThreeDSecureError)
  })

  it('rejects a payload for another MerchantId', () => {
    const other = aesEncrypt(encodeForm({ MerchantId: 'OTHER', OperateId: '3Secure', ResponseCd: 'OK', SecureResultCode: '0' }), keys)
    expect(() => escott.threeDSecure.parseResult(other)).toThrow(/MerchantId/)
  })

  it('never returns the original result for tampered ciphertext, and rejects truncation', () => {
    const good = gatewayResult({ OperateId: '3Secure', ResponseCd: 'OK', SecureResultCode: '0', ...threeD })
    const original = JSON.stringify(escott.threeDSecure.parseResult(good).raw)
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Buffer.from(good, 'base64').length - 1 }), fc.integer({ min: 1, max: 255 }), (index, xor) => {
        const bytes = Buffer.from(good, 'base64')
        bytes[index] = bytes[index]! ^ xor
        try {
          const r = escott.threeDSecure.parseResult(bytes.toString('base64'))
          // CBC has no MAC, so some flips decrypt; what decrypts is re-validated and can never equal the original.
          expect(JSON.stringify(r.raw)).not.toBe(original)
        } catch (e) {
          expect(e).toBeInstanceOf(EscottThreeDSecureError)
        }
      }),
      { numRuns: 200 },
    )
    expect(() => escott.threeDSecure.parseResult(good.slice(0, 20))).toThrow(EscottThreeDSecureError)
    expect(() => escott.threeDSecure.parseResult('')).toThrow(EscottThreeDSecureError)
    expect(() => escott.threeDSecure.parseResult('not base64 at all!')).toThrow(EscottThreeDSecureError)
  })

  it('rejects a decrypted payload without ResponseCd or with a foreign OperateId', () => {
    expect(() => escott.threeDSecure.parseResult(gatewayResult({ OperateId: '3Secure', SecureResultCode: '0' }))).toThrow(/ResponseCd/)
    expect(() => escott.threeDSecure.parseResult(gatewayResult({ OperateId: '2Add', ResponseCd: 'OK' }))).toThrow(/OperateId/)
  })
})

const OPENSSL_VECTOR = 'afF5zPpg6pGSEoaXiGOupoJQmQn7MaLhyNIk62dopQc='
