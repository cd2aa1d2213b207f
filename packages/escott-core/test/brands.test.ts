import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { PAY_TYPES, detectBrand, installmentOptions, isPayTypeAllowed, luhnValid, payTypeInfo, type CardBrand } from '../src/brands.js'
import { CARD_BRANDS, EscottValidationError, parseCardBrand } from '../src/index.js'

/** Appends the Luhn check digit to a digit string (independent oracle: sum of doubled digits from the right). */
function withCheckDigit(body: string): string {
  let sum = 0
  ;[...body].reverse().forEach((ch, i) => {
    const n = Number(ch) * (i % 2 === 0 ? 2 : 1)
    sum += Math.floor(n / 10) + (n % 10)
  })
  return body + ((10 - (sum % 10)) % 10)
}

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`))

describe('detectBrand', () => {
  it.each<[string, CardBrand]>([
    ['4111111111111111', 'VISA'],
    ['411111', 'VISA'],
    ['5105105105105100', 'MASTER'],
    ['510000', 'MASTER'],
    ['559999', 'MASTER'],
    ['222100', 'MASTER'],
    ['272099', 'MASTER'],
    ['3530111333300000', 'JCB'],
    ['352800', 'JCB'],
    ['358999', 'JCB'],
    ['378282246310005', 'AMEX'],
    ['340000', 'AMEX'],
    ['30569309025904', 'DINERS'],
    ['300000', 'DINERS'],
    ['305999', 'DINERS'],
    ['360000', 'DINERS'],
    ['380000', 'DINERS'],
    ['390000', 'DINERS'],
    ['6011111111111117', 'DISCOVER'],
    ['650000', 'DISCOVER'],
    ['644000', 'DISCOVER'],
    ['649999', 'DISCOVER'],
  ])('recognises %s as %s', (input, brand) => {
    expect(detectBrand(input)).toBe(brand)
  })

  it.each(['352799', '359000', '222099', '272100', '306000', '350000', '560000', '643999', '601200', '100000', '', '4111x1111'])(
    'answers UNKNOWN just outside the ranges or for malformed input: %s',
    (input) => {
      expect(detectBrand(input)).toBe('UNKNOWN')
    },
  )

  it('ignores spaces and hyphens', () => {
    expect(detectBrand('4111 1111 1111 1111')).toBe('VISA')
    expect(detectBrand('3530-1113-3330-0000')).toBe('JCB')
  })

  it('gives the same brand for a full number and its 6-digit BIN', () => {
    fc.assert(
      fc.property(digits(6, 6), digits(6, 13), (bin, rest) => {
        expect(detectBrand(bin + rest)).toBe(detectBrand(bin))
      }),
    )
  })

  it('is not changed by inserted spaces or hyphens', () => {
    fc.assert(
      fc.property(digits(6, 19), fc.constantFrom(' ', '-'), fc.nat(), (number, sep, at) => {
        const i = at % (number.length + 1)
        expect(detectBrand(number.slice(0, i) + sep + number.slice(i))).toBe(detectBrand(number))
      }),
    )
  })
})

describe('luhnValid', () => {
  it('accepts well-known test numbers and rejects a changed digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true)
    expect(luhnValid('4111 1111 1111 1111')).toBe(true)
    expect(luhnValid('378282246310005')).toBe(true)
    expect(luhnValid('4111111111111112')).toBe(false)
  })

  it('rejects non-digits and lengths outside 12–19', () => {
    expect(luhnValid('4111a11111111111')).toBe(false)
    expect(luhnValid('')).toBe(false)
    expect(luhnValid(withCheckDigit('1234567890'))).toBe(false) // 11 digits
    expect(luhnValid(withCheckDigit('12345678901'))).toBe(true) // 12 digits
    expect(luhnValid(withCheckDigit('123456789012345678'))).toBe(true) // 19 digits
    expect(luhnValid(withCheckDigit('1234567890123456789'))).toBe(false) // 20 digits
  })

  it('accepts the check digit computed for any body', () => {
    fc.assert(
      fc.property(digits(11, 18), (body) => {
        expect(luhnValid(withCheckDigit(body))).toBe(true)
      }),
    )
  })

  it('accepts exactly one check digit for every body', () => {
    fc.assert(
      fc.property(digits(11, 18), (body) => {
        const valid = Array.from({ length: 10 }, (_, c) => luhnValid(body + c)).filter(Boolean)
        expect(valid).toHaveLength(1)
      }),
    )
  })

  it('detects every single-digit error', () => {
    fc.assert(
      fc.property(digits(11, 18), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, at, delta) => {
        const number = withCheckDigit(body)
        const i = at % number.length
        const changed = number.slice(0, i) + ((Number(number[i]) + delta) % 10) + number.slice(i + 1)
        expect(luhnValid(changed)).toBe(false)
      }),
    )
  })
})

describe('PAY_TYPES', () => {
  it('lists lump sum, the installment counts of the protocol notes, bonus and revolving, each labelled in ja and en', () => {
    expect(PAY_TYPES.map((p) => p.code)).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '15', '16', '18', '20', '24', '30', '36', '48', '54', '60', '72', '80', '88'])
    for (const p of PAY_TYPES) {
      expect(p.ja).not.toBe('')
      expect(p.en).not.toBe('')
    }
    expect(payTypeInfo('01')).toMatchObject({ kind: 'lump', count: 1, ja: '一括払い' })
    expect(payTypeInfo('03')).toMatchObject({ kind: 'installment', count: 3, ja: '3回払い', en: '3 installments' })
    expect(payTypeInfo('80')).toMatchObject({ kind: 'bonus', ja: 'ボーナス一括払い' })
    expect(payTypeInfo('88')).toMatchObject({ kind: 'revolving', ja: 'リボ払い' })
    expect(payTypeInfo('13')).toBeUndefined()
  })
})

describe('installment options per brand (seed 002 lines 396–398, seed 004 lines 342–349)', () => {
  const codes = (brand: CardBrand, mode?: Parameters<typeof installmentOptions>[1]) => installmentOptions(brand, mode).map((p) => p.code)

  it('VISA, MASTER and JCB: 1–24 as listed, revolving and bonus', () => {
    for (const brand of ['VISA', 'MASTER', 'JCB'] as const) {
      expect(codes(brand)).toEqual(['01', '02', '03', '05', '06', '10', '12', '15', '18', '20', '24', '88', '80'])
    }
  })

  it('AMEX: no 2 installments and no revolving', () => {
    expect(codes('AMEX')).toEqual(['01', '03', '05', '06', '10', '12', '15', '18', '20', '24', '80'])
    expect(isPayTypeAllowed('AMEX', '02')).toBe(false)
    expect(isPayTypeAllowed('AMEX', '88')).toBe(false)
  })

  it('Diners: lump sum, revolving and bonus only', () => {
    expect(codes('DINERS')).toEqual(['01', '88', '80'])
    expect(isPayTypeAllowed('DINERS', '03')).toBe(false)
  })

  it('brands the manuals do not cover get lump sum only', () => {
    expect(codes('DISCOVER')).toEqual(['01'])
    expect(codes('UNKNOWN')).toEqual(['01'])
  })

  it('narrows to the shop setting: lump sum only, installments without bonus', () => {
    expect(codes('VISA', 'lump')).toEqual(['01'])
    expect(codes('VISA', 'installments')).not.toContain('80')
    expect(codes('VISA', 'installments')).toContain('88')
    expect(codes('DINERS', 'installments')).toEqual(['01', '88'])
    expect(isPayTypeAllowed('JCB', '80', 'installments')).toBe(false)
  })

  it('never offers codes the gateway does not know, and always offers lump sum first', () => {
    const brands: CardBrand[] = ['VISA', 'MASTER', 'JCB', 'AMEX', 'DINERS', 'DISCOVER', 'UNKNOWN']
    fc.assert(
      fc.property(fc.constantFrom(...brands), fc.constantFrom('lump', 'installments', 'installmentsAndBonus' as const), (brand, mode) => {
        const options = installmentOptions(brand, mode)
        expect(options[0]?.code).toBe('01')
        for (const o of options) {
          expect(payTypeInfo(o.code)).toBe(o)
          expect(isPayTypeAllowed(brand, o.code, mode)).toBe(true)
        }
      }),
    )
  })

  it('requires the exact two-digit code', () => {
    expect(isPayTypeAllowed('VISA', '3')).toBe(false)
    expect(isPayTypeAllowed('VISA', '03')).toBe(true)
  })
})

describe('brand names', () => {
  it('reads brand names case-insensitively and with the usual aliases', () => {
    for (const [input, brand] of [
      ['visa', 'VISA'],
      ['Visa', 'VISA'],
      ['ｖｉｓａ', 'VISA'],
      ['Mastercard', 'MASTER'],
      ['master card', 'MASTER'],
      ['MasterCard', 'MASTER'],
      ['master', 'MASTER'],
      ['Amex', 'AMEX'],
      ['American Express', 'AMEX'],
      ['american_express', 'AMEX'],
      ['Diners', 'DINERS'],
      ['Diners Club', 'DINERS'],
      ['jcb', 'JCB'],
      ['Discover', 'DISCOVER'],
      ['unknown', 'UNKNOWN'],
    ] as const) {
      expect(parseCardBrand(input), input).toBe(brand)
    }
    for (const input of ['UnionPay', '', 'VISAA', 42, null, undefined]) expect(parseCardBrand(input), String(input)).toBeUndefined()
    expect([...CARD_BRANDS]).toEqual(['VISA', 'MASTER', 'JCB', 'AMEX', 'DINERS', 'DISCOVER', 'UNKNOWN'])
  })

  it("gives installmentOptions('visa') the VISA choices, not lump sum only", () => {
    expect(installmentOptions('visa').map((p) => p.code)).toEqual(installmentOptions('VISA').map((p) => p.code))
    expect(installmentOptions('visa')).toHaveLength(13)
    expect(isPayTypeAllowed('Mastercard', '03')).toBe(true)
  })

  it('refuses an unknown brand with an EscottValidationError that lists the allowed values', () => {
    let error: unknown
    try {
      installmentOptions('NOT_A_BRAND')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(EscottValidationError)
    expect((error as EscottValidationError).field).toBe('brand')
    for (const brand of CARD_BRANDS) expect((error as EscottValidationError).message).toContain(brand)
  })
})
