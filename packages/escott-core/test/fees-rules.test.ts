import { describe, expect, it } from 'vitest'
import { cvsFee, cvsQuote, estimateMerchantCost, isEscottValidationError } from '../src/index.js'

// Fee rules a checkout and a cost estimate rely on, and the errors that say which setting is wrong.

function field(run: () => unknown): string {
  try {
    run()
  } catch (error) {
    if (isEscottValidationError(error)) return error.field
    throw new Error(`expected an EscottValidationError, got ${String(error)}`)
  }
  throw new Error('expected a validation error')
}

describe('convenience-store fee settings', () => {
  it('an unlimited shop limit (Infinity) leaves only the gateway ceiling', () => {
    expect(cvsQuote(250_000, { type: 'fixed', fee: 300, limit: Number.POSITIVE_INFINITY })).toEqual({ available: true, fee: 300, amount: 250_300 })
    expect(cvsQuote(299_800, { type: 'fixed', fee: 300, limit: Number.POSITIVE_INFINITY })).toMatchObject({ available: false, reason: 'over_gateway_ceiling' })
  })

  it.each([
    ['no configuration object', null, 'config'],
    ['a configuration that is a string', 'tiered', 'config'],
    ['a limit with decimals', { type: 'fixed', fee: 300, limit: 1000.5 }, 'config.limit'],
    ['a negative fixed fee', { type: 'fixed', fee: -1 }, 'config.fee'],
    ['an unknown type', { type: 'percent', tiers: [{ upTo: 1000, fee: 0 }] }, 'config.type'],
    ['no tiers', { type: 'tiered', tiers: [] }, 'config.tiers'],
    ['a missing tier row', { type: 'tiered', tiers: [null] }, 'config.tiers[0].upTo'],
    ['a tier without its fee', { type: 'tiered', tiers: [{ upTo: 1000, fee: 0 }, { upTo: 2000 }] }, 'config.tiers[1].fee'],
    [
      'tiers out of order',
      {
        type: 'tiered',
        tiers: [
          { upTo: 2000, fee: 0 },
          { upTo: 1000, fee: 100 },
        ],
      },
      'config.tiers[1].upTo',
    ],
    ['a negative fee above the last tier', { type: 'tiered', tiers: [{ upTo: 1000, fee: 0 }], above: -5 }, 'config.above'],
  ])('%s is refused, naming %2$j… as %3$s', (_what, config, name) => {
    expect(field(() => cvsQuote(500, config as never))).toBe(name)
  })

  it('cvsFee names the total when convenience-store payment cannot be offered for it', () => {
    expect(field(() => cvsFee(5_000, { type: 'fixed', fee: 300, limit: 4_999 }))).toBe('total')
    expect(field(() => cvsFee(299_800, { type: 'fixed', fee: 300 }))).toBe('total')
  })
})

describe('the merchant cost estimate', () => {
  it('rounds the percentage fee down, half up or up as asked', () => {
    // 3.5 % of 999 yen is 34.965 yen
    const estimate = (rounding: 'floor' | 'round' | 'ceil') => estimateMerchantCost({ months: 0, transactions: 0, volume: 999 }, { percentageRate: 3.5, rounding }).percentage
    expect([estimate('floor'), estimate('round'), estimate('ceil')]).toEqual([34, 35, 35])
    // 10 % of 1 005 yen is 100.5 yen: half rounds up
    expect(estimateMerchantCost({ months: 0, transactions: 0, volume: 1_005 }, { percentageRate: 10, rounding: 'round' }).percentage).toBe(101)
    expect(estimateMerchantCost({ months: 0, transactions: 0, volume: 1_004 }, { percentageRate: 10, rounding: 'round' }).percentage).toBe(100)
  })

  it('accepts a rate of exactly 100 %, and takes the default for a rate left undefined', () => {
    expect(estimateMerchantCost({ months: 0, transactions: 0, volume: 1_000 }, { percentageRate: 100 }).percentage).toBe(1_000)
    expect(estimateMerchantCost({ months: 2, transactions: 0, volume: 0 }, { monthlyFee: undefined, perTransactionFee: 5 })).toMatchObject({ monthly: 0, total: 0 })
  })

  it.each([
    ['no input', null, {}, 'input'],
    ['months as text', { months: '3', transactions: 0, volume: 0 }, {}, 'input.months'],
    ['negative transactions', { months: 1, transactions: -1, volume: 0 }, {}, 'input.transactions'],
    ['a fractional initial fee', { months: 1, transactions: 0, volume: 0 }, { initialFee: 0.5 }, 'rates.initialFee'],
    ['a negative per-transaction fee', { months: 1, transactions: 0, volume: 0 }, { perTransactionFee: -5 }, 'rates.perTransactionFee'],
    ['a rate given as text', { months: 1, transactions: 0, volume: 0 }, { percentageRate: '3.5' }, 'rates.percentageRate'],
    ['a rate above 100 %', { months: 1, transactions: 0, volume: 0 }, { percentageRate: 100.5 }, 'rates.percentageRate'],
    ['a rate that is not finite', { months: 1, transactions: 0, volume: 0 }, { percentageRate: Number.POSITIVE_INFINITY }, 'rates.percentageRate'],
    ['a monthly cost beyond the safe integer range', { months: 1_000_000_000, transactions: 0, volume: 0 }, { monthlyFee: 9_000_000_000 }, 'input'],
    ['a total beyond the safe integer range', { months: 1, transactions: 1, volume: 0 }, { monthlyFee: Number.MAX_SAFE_INTEGER, perTransactionFee: 1 }, 'input'],
  ])('%s is refused, naming the field', (_what, input, rates, name) => {
    expect(field(() => estimateMerchantCost(input as never, rates as never))).toBe(name)
  })
})
