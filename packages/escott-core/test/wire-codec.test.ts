import { describe, expect, it } from 'vitest'
import { encodeForm, parseResponse, splitCodes } from '../src/wire-exports.js'

// The form codec every request and answer goes through.

describe('encoding a request', () => {
  it('leaves out fields that are undefined, null or empty, and keeps 0', () => {
    expect(encodeForm({ MerchantId: 'M1', KaiinId: undefined, KaiinPass: null, MerchantFree2: '', Amount: 0, PayType: '01' })).toBe('MerchantId=M1&Amount=0&PayType=01')
  })

  it('percent-encodes keys and values as UTF-8', () => {
    expect(encodeForm({ NameKanji: '山田　太郎', 'Odd Key': 'a&b=c+d' })).toBe('NameKanji=%E5%B1%B1%E7%94%B0%E3%80%80%E5%A4%AA%E9%83%8E&Odd%20Key=a%26b%3Dc%2Bd')
  })
})

describe('parsing an answer', () => {
  it('strips a byte-order mark and the line break a server may end the body with', () => {
    expect(parseResponse('\uFEFFResponseCd=OK&ProcessId=P1')).toEqual({ ResponseCd: 'OK', ProcessId: 'P1' })
    expect(parseResponse('ResponseCd=OK&ProcessId=P1\r\n')).toEqual({ ResponseCd: 'OK', ProcessId: 'P1' })
    expect(parseResponse('\n ResponseCd=OK')).toEqual({ ResponseCd: 'OK' })
  })

  it('keeps a field without "=" with an empty value, without swallowing the next field', () => {
    expect(parseResponse('Flag&ResponseCd=OK')).toEqual({ Flag: '', ResponseCd: 'OK' })
    expect(parseResponse('ResponseCd=OK&Flag')).toEqual({ ResponseCd: 'OK', Flag: '' })
  })

  it('drops pairs without a key, and trims spaces around keys', () => {
    expect(parseResponse('=orphan&&ResponseCd=OK& Amount =300')).toEqual({ ResponseCd: 'OK', Amount: '300' })
  })

  it('splits on the first "=" only, so base64 padding stays in the value', () => {
    expect(parseResponse('FreeArea=YWJj+ZA==&ResponseCd=OK')).toEqual({ FreeArea: 'YWJj+ZA==', ResponseCd: 'OK' })
  })

  it('decodes %XX escapes, keeps a stray "%", and turns "+" into a space only for form-encoded payloads', () => {
    expect(parseResponse('A=%E5%B1%B1&B=100%&C=a+b')).toEqual({ A: '山', B: '100%', C: 'a+b' })
    expect(parseResponse('C=a+b&D=%2B', { plusAsSpace: true })).toEqual({ C: 'a b', D: '+' })
  })
})

describe('splitting ResponseCd', () => {
  it('gives each code once, trimmed, and nothing for an empty value', () => {
    expect(splitCodes('K20|K21')).toEqual(['K20', 'K21'])
    expect(splitCodes(' G55 | G54 ')).toEqual(['G55', 'G54'])
    expect(splitCodes('K20||')).toEqual(['K20'])
    expect(splitCodes('')).toEqual([])
    expect(splitCodes(undefined)).toEqual([])
  })
})
