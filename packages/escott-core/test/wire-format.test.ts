import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { encodeForm, parseResponse, splitCodes } from '../src/wire.js'

describe('response parser', () => {
  it('keeps everything after the first = (base64 padding)', () => {
    expect(parseResponse('EncryptValue=abc==&ResponseCd=OK')).toEqual({ EncryptValue: 'abc==', ResponseCd: 'OK' })
  })
  it('splits multi-code ResponseCd on |', () => {
    expect(splitCodes('K20|K21')).toEqual(['K20', 'K21'])
    expect(splitCodes('')).toEqual([])
  })
  it('round-trips any field map through encodeForm', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,15}$/), fc.string({ minLength: 1 })), (fields) => {
        expect(parseResponse(encodeForm(fields))).toEqual(fields)
      }),
    )
  })
})

describe('response value decoding', () => {
  it('keeps a raw + in API answers (base64 FreeArea) and decodes %XX escapes', () => {
    expect(parseResponse('FreeArea=ab+cd/ef==&MerchantFree3=%E5%B1%B1%E7%94%B0')).toEqual({ FreeArea: 'ab+cd/ef==', MerchantFree3: '山田' })
  })
  it('reads + as a space in form-encoded 3-D Secure payloads', () => {
    expect(parseResponse('BillingFullName=TARO+YAMADA', { plusAsSpace: true })).toEqual({ BillingFullName: 'TARO YAMADA' })
  })
  it('keeps a value with a stray % untouched', () => {
    expect(parseResponse('Comment=100%off')).toEqual({ Comment: '100%off' })
  })
})
