import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_CVS_FEE, LISTED_STARTING_RATES, cvsFee, cvsQuote, estimateMerchantCost, isCvsAvailable, type CvsFeeConfig } from '../src/fees.js'
import { EscottValidationError, MAX_CVS_AMOUNT, isEscottError } from '../src/index.js'

const CVS_MAX_AMOUNT = MAX_CVS_AMOUNT

/** Totals for which the default table offers CVS: total + 550 must stay within the gateway ceiling. */
const defaultTotals = fc.integer({ min: 0, max: CVS_MAX_AMOUNT - 550 })

describe('default convenience-store fee (Woo manual table, seed 002 lines 519–522)', () => {
  it.each([
    [0, 0],
    [1, 0],
    [1100, 0],
    [1101, 330],
    [5500, 330],
    [5501, 550],
    [100_000, 550],
  ])('total %i yen → fee %i yen', (total, fee) => {
    expect(cvsFee(total)).toBe(fee)
    expect(cvsFee(total, DEFAULT_CVS_FEE)).toBe(fee)
  })

  it('is always one of the table values', () => {
    fc.assert(
      fc.property(defaultTotals, (total) => {
        expect([0, 330, 550]).toContain(cvsFee(total))
      }),
    )
  })

  it('never decreases when the total grows', () => {
    fc.assert(
      fc.property(defaultTotals, defaultTotals, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        expect(cvsFee(lo)).toBeLessThanOrEqual(cvsFee(hi))
      }),
    )
  })

  it('is an integer number of yen', () => {
    fc.assert(
      fc.property(defaultTotals, (total) => {
        expect(Number.isInteger(cvsFee(total))).toBe(true)
      }),
    )
  })
})

describe('convenience-store limits', () => {
  it('refuses a total above the limit with an EscottValidationError that says CVS is not available', () => {
    expect(() => cvsFee(300_000)).toThrow(EscottValidationError)
    expect(() => cvsFee(300_000)).toThrow(/not available/)
    expect(isCvsAvailable(300_000)).toBe(false)
  })

  it('refuses a total whose amount including the fee exceeds the 299,999 yen gateway ceiling', () => {
    expect(cvsFee(CVS_MAX_AMOUNT - 550)).toBe(550)
    expect(() => cvsFee(CVS_MAX_AMOUNT - 549)).toThrow(/gateway ceiling/)
    expect(cvsFee(CVS_MAX_AMOUNT, { type: 'fixed', fee: 0 })).toBe(0)
  })

  it('honours a lower shop limit (Welcart 上限額) exactly at the boundary', () => {
    const config: CvsFeeConfig = { type: 'fixed', fee: 200, limit: 50_000 }
    expect(cvsFee(50_000, config)).toBe(200)
    expect(() => cvsFee(50_001, config)).toThrow(/limit of 50000/)
    expect(isCvsAvailable(50_001, config)).toBe(false)
    expect(isCvsAvailable(50_000, config)).toBe(true)
  })
})

describe('fixed and custom tiered fees', () => {
  it('a fixed fee is returned for every total within the limits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 100_000 }), (fee, total) => {
        expect(cvsFee(total, { type: 'fixed', fee })).toBe(fee)
      }),
    )
  })

  it('a tiered fee is one of the configured values and monotone for ascending fees', () => {
    const config = fc
      .uniqueArray(fc.integer({ min: 0, max: 200_000 }), { minLength: 1, maxLength: 5 })
      .chain((bounds) => fc.tuple(fc.constant([...bounds].sort((a, b) => a - b)), fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: bounds.length + 1, maxLength: bounds.length + 1 })))
      .map(([bounds, fees]) => {
        const sorted = [...fees].sort((a, b) => a - b)
        return {
          type: 'tiered',
          tiers: bounds.map((upTo, i) => ({ upTo, fee: sorted[i]! })),
          above: sorted[bounds.length]!,
        } satisfies CvsFeeConfig
      })
    fc.assert(
      fc.property(config, fc.integer({ min: 0, max: 250_000 }), fc.integer({ min: 0, max: 250_000 }), (c, a, b) => {
        const values = [...c.tiers.map((t) => t.fee), c.above]
        expect(values).toContain(cvsFee(a, c))
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        expect(cvsFee(lo, c)).toBeLessThanOrEqual(cvsFee(hi, c))
      }),
    )
  })

  it('without `above` the last tier is open-ended', () => {
    const config: CvsFeeConfig = {
      type: 'tiered',
      tiers: [
        { upTo: 10_000, fee: 100 },
        { upTo: 20_000, fee: 200 },
      ],
    }
    expect(cvsFee(20_001, config)).toBe(200)
    expect(cvsFee(10_000, config)).toBe(100)
  })
})

describe('argument checks name the argument', () => {
  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects total %s with an EscottValidationError', (total) => {
    expect(() => cvsFee(total)).toThrow(EscottValidationError)
    expect(() => cvsFee(total)).toThrow(/total/)
  })

  it('rejects a non-number total with an EscottValidationError', () => {
    expect(() => cvsFee('1000' as unknown as number)).toThrow(EscottValidationError)
    expect(() => cvsFee('1000' as unknown as number)).toThrow(/total/)
  })

  it('rejects malformed configurations', () => {
    expect(() => cvsFee(100, { type: 'fixed', fee: -5 })).toThrow(/config\.fee/)
    expect(() => cvsFee(100, { type: 'tiered', tiers: [] })).toThrow(/config\.tiers/)
    expect(() =>
      cvsFee(100, {
        type: 'tiered',
        tiers: [
          { upTo: 5000, fee: 1 },
          { upTo: 5000, fee: 2 },
        ],
      }),
    ).toThrow(/config\.tiers\[1\]\.upTo/)
    expect(() => cvsFee(100, { type: 'other' } as unknown as CvsFeeConfig)).toThrow(EscottValidationError)
  })

  it('throws only EscottValidationErrors that name the field', () => {
    const bad: (() => unknown)[] = [
      () => cvsFee(-1),
      () => cvsQuote(1.5),
      () => isCvsAvailable(Number.NaN),
      () => cvsFee(100, { type: 'fixed', fee: -5 }),
      () => estimateMerchantCost({ months: -1, transactions: 0, volume: 0 }),
      () => estimateMerchantCost({ months: 1, transactions: 0, volume: 0 }, { percentageRate: 101 }),
      () => estimateMerchantCost(null as unknown as { months: number; transactions: number; volume: number }),
    ]
    for (const attempt of bad) {
      let error: unknown
      try {
        attempt()
      } catch (e) {
        error = e
      }
      expect(isEscottError(error)).toBe(true)
      expect(error).toBeInstanceOf(EscottValidationError)
      expect((error as EscottValidationError).field).not.toBe('')
    }
  })
})

describe('cvsQuote', () => {
  it('returns the fee and the amount to register when CVS payment is possible', () => {
    expect(cvsQuote(5_000)).toEqual({ available: true, fee: 330, amount: 5_330 })
    expect(cvsQuote(0)).toEqual({ available: true, fee: 0, amount: 0 })
  })

  it('answers over_shop_limit instead of throwing when the total is above the shop limit', () => {
    const config: CvsFeeConfig = { type: 'fixed', fee: 200, limit: 50_000 }
    expect(cvsQuote(50_001, config)).toEqual({ available: false, reason: 'over_shop_limit', fee: undefined, limit: 50_000 })
    expect(cvsQuote(300_000)).toMatchObject({ available: false, reason: 'over_shop_limit', limit: MAX_CVS_AMOUNT })
  })

  it('answers over_gateway_ceiling when total plus fee would exceed the 299,999 yen ceiling', () => {
    expect(cvsQuote(MAX_CVS_AMOUNT - 549)).toEqual({ available: false, reason: 'over_gateway_ceiling', fee: 550, limit: MAX_CVS_AMOUNT })
    expect(cvsQuote(MAX_CVS_AMOUNT - 550)).toEqual({ available: true, fee: 550, amount: MAX_CVS_AMOUNT })
  })

  it('agrees with cvsFee and isCvsAvailable for every total', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400_000 }), (total) => {
        const quote = cvsQuote(total)
        expect(isCvsAvailable(total)).toBe(quote.available)
        if (quote.available) {
          expect(cvsFee(total)).toBe(quote.fee)
          expect(quote.amount).toBe(total + quote.fee)
          expect(quote.amount).toBeLessThanOrEqual(MAX_CVS_AMOUNT)
        } else {
          expect(() => cvsFee(total)).toThrow(EscottValidationError)
        }
      }),
    )
  })
})

describe('estimateMerchantCost', () => {
  it('is all zero with the default rates', () => {
    expect(estimateMerchantCost({ months: 12, transactions: 1000, volume: 5_000_000 })).toEqual({
      initial: 0,
      monthly: 0,
      perTransaction: 0,
      percentage: 0,
      total: 0,
    })
  })

  it('adds initial, monthly, per-transaction and percentage fees (seed 002 listed prices)', () => {
    expect(estimateMerchantCost({ months: 12, transactions: 1000, volume: 5_000_000 }, LISTED_STARTING_RATES)).toEqual({
      initial: 0,
      monthly: 36_000,
      perTransaction: 5_000,
      percentage: 175_000,
      total: 216_000,
    })
  })

  it('rounds the percentage fee as configured, without floating-point drift', () => {
    const input = { months: 0, transactions: 0, volume: 999 }
    expect(estimateMerchantCost(input, { percentageRate: 3.24 }).percentage).toBe(32) // 32.3676
    expect(estimateMerchantCost(input, { percentageRate: 3.24, rounding: 'ceil' }).percentage).toBe(33)
    expect(estimateMerchantCost(input, { percentageRate: 3.24, rounding: 'round' }).percentage).toBe(32)
    expect(estimateMerchantCost({ ...input, volume: 1000 }, { percentageRate: 2.3, rounding: 'ceil' }).percentage).toBe(23)
    expect(estimateMerchantCost({ ...input, volume: 100 }, { percentageRate: 0.5, rounding: 'round' }).percentage).toBe(1)
  })

  it('leaves the initial fee out when asked', () => {
    expect(estimateMerchantCost({ months: 1, transactions: 0, volume: 0, includeInitialFee: false }, { initialFee: 10_000 }).initial).toBe(0)
    expect(estimateMerchantCost({ months: 1, transactions: 0, volume: 0 }, { initialFee: 10_000 }).initial).toBe(10_000)
  })

  it('always yields integers whose parts add up to the total, and floor ≤ round ≤ ceil', () => {
    fc.assert(
      fc.property(
        fc.record({
          months: fc.integer({ min: 0, max: 120 }),
          transactions: fc.integer({ min: 0, max: 1_000_000 }),
          volume: fc.integer({ min: 0, max: 1_000_000_000 }),
        }),
        fc.record({
          initialFee: fc.integer({ min: 0, max: 500_000 }),
          monthlyFee: fc.integer({ min: 0, max: 100_000 }),
          perTransactionFee: fc.integer({ min: 0, max: 100 }),
          percentageRate: fc.integer({ min: 0, max: 1000 }).map((n) => n / 100),
        }),
        (input, rates) => {
          const floor = estimateMerchantCost(input, { ...rates, rounding: 'floor' })
          const round = estimateMerchantCost(input, { ...rates, rounding: 'round' })
          const ceil = estimateMerchantCost(input, { ...rates, rounding: 'ceil' })
          for (const e of [floor, round, ceil]) {
            for (const v of Object.values(e)) expect(Number.isSafeInteger(v)).toBe(true)
            expect(e.initial + e.monthly + e.perTransaction + e.percentage).toBe(e.total)
          }
          expect(floor.percentage).toBeLessThanOrEqual(round.percentage)
          expect(round.percentage).toBeLessThanOrEqual(ceil.percentage)
          expect(ceil.percentage - floor.percentage).toBeLessThanOrEqual(1)
        },
      ),
    )
  })

  it('names the offending field', () => {
    expect(() => estimateMerchantCost({ months: -1, transactions: 0, volume: 0 })).toThrow(/input\.months/)
    expect(() => estimateMerchantCost({ months: 1, transactions: 0.5, volume: 0 })).toThrow(/input\.transactions/)
    expect(() => estimateMerchantCost({ months: 1, transactions: 0, volume: -3 })).toThrow(/input\.volume/)
    expect(() => estimateMerchantCost({ months: 1, transactions: 0, volume: 0 }, { monthlyFee: 1.5 })).toThrow(/rates\.monthlyFee/)
    expect(() => estimateMerchantCost({ months: 1, transactions: 0, volume: 0 }, { percentageRate: -1 })).toThrow(/rates\.percentageRate/)
    expect(() => estimateMerchantCost({ months: 1, transactions: 0, volume: 0 }, { rounding: 'up' as unknown as 'floor' })).toThrow(/rates\.rounding/)
  })
})
