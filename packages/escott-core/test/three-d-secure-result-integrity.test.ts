/**
 * issue 11 finding 1: AES-128-CBC has no integrity, so `threeDSecure.parseResult` must refuse every plaintext the
 * gateway would never write — a repeated key (a later one would override the first), a pair that is not `key=value`, a
 * control character, a malformed ProcessId/ProcessPass/ApproveNo — and a merged authorisation or registration without
 * a SecureResultCode is not a pass. The charge itself is confirmed with 1Search by escott-flows; these checks make
 * ciphertext manipulation fail before any lookup.
 */
import { createCipheriv } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { EscottThreeDSecureError } from '../src/index.js'
import { aesEncrypt, encodeForm, parseFormStrict, tokyoDate } from '../src/wire-exports.js'
import { makeEscott, SECRETS } from './helpers/fake-fetch.js'

const keys = { aesKey: SECRETS.aesKey, aesIv: SECRETS.aesIv }
const { escott } = makeEscott(() => ({}))
const header = () => `MerchantId=M000001&TransactionId=100000000042&TransactionDate=${tokyoDate()}`
/** A payload exactly as written, unparsed: repeated keys and odd shapes survive into the ciphertext. */
const raw = (text: string) => aesEncrypt(text, keys)
const merged = (fields: Record<string, string>) =>
  aesEncrypt(encodeForm({ MerchantId: 'M000001', TransactionId: '100000000042', TransactionDate: tokyoDate(), OperateId: '1Auth', MerchantFree1: 'ORDER1', ProcNo: '1234567', ...fields }), keys)

function rejection(encryptValue: string): string {
  try {
    escott.threeDSecure.parseResult(encryptValue)
  } catch (e) {
    expect(e).toBeInstanceOf(EscottThreeDSecureError)
    return (e as Error).message
  }
  throw new Error('the payload was accepted')
}

describe('threeDSecure.parseResult refuses what the gateway never writes', () => {
  it('refuses a repeated key: a ResponseCd=OK appended after the real G12 does not override it', () => {
    const text = `${header()}&OperateId=1Auth&MerchantFree1=ORDER1&ProcNo=1234567&ResponseCd=G12&SecureResultCode=0&ResponseCd=OK&ProcessId=abc&ProcessPass=def`
    expect(rejection(raw(text))).toMatch(/ResponseCd appears twice/)
    expect(rejection(raw(`${header()}&OperateId=1Auth&OperateId=3Secure&ResponseCd=OK&SecureResultCode=0`))).toMatch(/OperateId appears twice/)
  })

  it('refuses pairs without a value, field names that are not names, broken escapes and control characters', () => {
    expect(rejection(raw(`${header()}&OperateId=3Secure&ResponseCd=OK&SecureResultCode=0&junk`))).toMatch(/without a name or a value/)
    expect(rejection(raw(`${header()}&OperateId=3Secure&ResponseCd=OK&Secure Result=0`))).toMatch(/field name/)
    expect(rejection(raw(`${header()}&OperateId=3Secure&ResponseCd=OK&SecureResultCode=0&MerchantFree3=%E3%81`))).toMatch(/broken % escape/)
    expect(rejection(merged({ ResponseCd: 'OK', SecureResultCode: '0', MerchantFree1: 'ORD\u0000ER' }))).toMatch(/control character/)
    expect(rejection(raw(`${header()}&OperateId=3Secure&ResponseCd=OK%0A&SecureResultCode=0`))).toMatch(/control character/)
  })

  it('refuses bytes that are not UTF-8 text (what a flipped CBC block decrypts to)', () => {
    const bytes = Buffer.from(`${header()}&OperateId=3Secure&ResponseCd=OK&SecureResultCode=0&MerchantFree3=`, 'utf8')
    const garbled = Buffer.concat([bytes, Buffer.from([0xc3, 0x28, 0xa0, 0xa1])])
    // aesEncrypt takes text: encrypt the raw bytes the way a cipher would.
    const c = createCipheriv('aes-128-cbc', Buffer.from(keys.aesKey), Buffer.from(keys.aesIv))
    const ev = Buffer.concat([c.update(garbled), c.final()]).toString('base64')
    expect(rejection(ev)).toMatch(/not UTF-8/)
  })

  it.each([
    ['ProcessId', 'P-1'],
    ['ProcessId', 'x'.repeat(65)],
    ['ProcessPass', 'pass word'],
    ['ApproveNo', '12345678'],
    ['ApproveNo', '12-45'],
    ['ProcNo', '12345'],
    ['ProcNo', '12345678'],
    ['TransactionId', 'x'.repeat(33)],
    ['TransactionId', 'tx 1'],
    ['CompanyCd', 'C'.repeat(9)],
    ['CompanyCd', 'Y-2'],
    ['SecureResultCode', '00'],
    ['MerchantFree1', 'x'.repeat(33)],
    ['KaiinId', 'K'.repeat(21)],
  ])('refuses a malformed %s (%j)', (field, value) => {
    expect(rejection(merged({ ResponseCd: 'OK', SecureResultCode: '0', ProcessId: 'a1b2c3', ProcessPass: 'd4e5f6', ApproveNo: '1234567', [field]: value }))).toMatch(
      new RegExp(`${field} is malformed`),
    )
  })

  it('accepts the well-formed merged answer the sandbox and the gateway write (32-character ids, 7-digit ApproveNo)', () => {
    const r = escott.threeDSecure.parseResult(merged({ ResponseCd: 'OK', SecureResultCode: '0', ProcessId: 'a'.repeat(32), ProcessPass: 'b'.repeat(32), ApproveNo: '0123456', CompanyCd: 'Y2' }))
    expect(r).toMatchObject({ passed: true, processId: 'a'.repeat(32), approveNo: '0123456' })
  })
})

describe('a missing SecureResultCode is not a pass', () => {
  it.each(['1Auth', '1Gathering', '4MemAdd', '4MemChg'])('%s with ResponseCd OK but no SecureResultCode fails', (operation) => {
    const r = escott.threeDSecure.parseResult(merged({ OperateId: operation, ResponseCd: 'OK', ProcessId: 'a1', ProcessPass: 'b2', KaiinId: 'M1' }))
    expect(r.passed).toBe(false)
    expect(r.error).toBeInstanceOf(EscottThreeDSecureError)
  })

  it('3Secure without a SecureResultCode fails (as before)', () => {
    expect(escott.threeDSecure.parseResult(merged({ OperateId: '3Secure', ResponseCd: 'OK' })).passed).toBe(false)
  })
})

describe('parseFormStrict (escott-core/wire)', () => {
  it('decodes a form-encoded payload and reports the first defect', () => {
    expect(parseFormStrict('A=1&B=x+y%21&C=')).toEqual({ fields: { A: '1', B: 'x y!', C: '' } })
    expect(parseFormStrict('A=1&A=2')).toEqual({ error: 'A appears twice' })
    expect(parseFormStrict('A=1&')).toEqual({ fields: { A: '1' } })
    expect(parseFormStrict('=1')).toEqual({ error: 'a field without a name or a value' })
    expect(parseFormStrict('__proto__=1')).toEqual({ error: 'a field name that is not one' })
  })
})
