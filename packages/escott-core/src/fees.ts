/**
 * Convenience-store (online payment collection) surcharges and a merchant cost estimator.
 *
 * The CVS fee is a surcharge the *shop* adds to the shopper's payment (the WooCommerce plugin's manual: 決済手数料は送料・消費税を
 * 含む合計金額に対して、オンライン収納代行の決済金額に加算されます); it is not a gateway price. Ambiguities and the choices
 * made: https://github.com/escott-js/escott/blob/main/docs/decisions-tables.md
 */

import { invalidInput as invalid } from './errors/escott-error.js'
import { assertYen, MAX_CVS_AMOUNT } from './money.js'

/** One row of a tiered fee table: totals up to and including `upTo` (after the previous row's `upTo`) pay `fee`. */
export interface CvsFeeTier {
  /** Inclusive upper bound of the order total, integer yen. Rows must be strictly ascending. */
  upTo: number
  /** Fee in integer yen, tax included. */
  fee: number
}

/**
 * How the convenience-store fee is computed. All amounts are integer yen, tax included.
 *
 * - `fixed` (Welcart 固定額): the same `fee` for every order.
 * - `tiered` (WooCommerce 決済手数料 table; Welcart 変動額): the first row of
 *   `tiers` whose `upTo` is ≥ the total wins; totals above the last `upTo` pay `above`. When `above` is omitted the
 *   last row is open-ended (its fee also applies above its `upTo`), like a WooCommerce row whose 合計金額(～まで) is empty.
 *
 * `limit` (Welcart 上限額) is the largest order total for which convenience-store payment is offered; default
 * {@link MAX_CVS_AMOUNT}. Independently of `limit`, the charged amount (total + fee) may never exceed
 * {@link MAX_CVS_AMOUNT}, because that is what the gateway receives as `Amount`.
 */
export type CvsFeeConfig = { type: 'fixed'; fee: number; limit?: number } | { type: 'tiered'; tiers: readonly CvsFeeTier[]; above?: number; limit?: number }

/**
 * The WooCommerce plugin manual's example table: 0–1,100 yen → 0, 1,101–5,500 → 330,
 * 5,501 and above → 550; limit 299,999 yen.
 */
export const DEFAULT_CVS_FEE: CvsFeeConfig = Object.freeze({
  type: 'tiered',
  tiers: Object.freeze([Object.freeze({ upTo: 1_100, fee: 0 }), Object.freeze({ upTo: 5_500, fee: 330 })]),
  above: 550,
  limit: MAX_CVS_AMOUNT,
}) as CvsFeeConfig

function checkConfig(config: CvsFeeConfig): void {
  if (!config || typeof config !== 'object') throw invalid('config', "must be a CvsFeeConfig object: { type: 'fixed', fee } or { type: 'tiered', tiers }")
  if (config.limit !== undefined && config.limit !== Number.POSITIVE_INFINITY) assertYen('config.limit', config.limit)
  if (config.type === 'fixed') {
    assertYen('config.fee', config.fee)
    return
  }
  if (config.type !== 'tiered') throw invalid('config.type', `must be 'fixed' or 'tiered', got ${String((config as { type?: unknown }).type)}`)
  if (!Array.isArray(config.tiers) || config.tiers.length === 0) throw invalid('config.tiers', 'must be a non-empty array of { upTo, fee } rows')
  let previous = -1
  config.tiers.forEach((tier, i) => {
    assertYen(`config.tiers[${i}].upTo`, tier?.upTo)
    assertYen(`config.tiers[${i}].fee`, tier.fee)
    if (tier.upTo <= previous) throw invalid(`config.tiers[${i}].upTo`, `must be greater than the previous row's upTo (${previous}): sort the rows ascending`)
    previous = tier.upTo
  })
  if (config.above !== undefined) assertYen('config.above', config.above)
}

/**
 * Whether an order total can be paid at a convenience store, and for what fee.
 * - `available: true`: `fee` is the surcharge and `amount` (total + fee) what `cvs.create` must be given.
 * - `over_shop_limit`: the total is above the shop's own `config.limit` (Welcart 上限額).
 * - `over_gateway_ceiling`: total + fee would exceed {@link MAX_CVS_AMOUNT}, the most one payment can carry.
 */
export type CvsQuote = { available: true; fee: number; amount: number } | { available: false; reason: 'over_shop_limit' | 'over_gateway_ceiling'; fee: number | undefined; limit: number }

/**
 * The convenience-store fee for an order total, as a decision: never throws for a total that is simply too large.
 *
 * @param total the order total the fee is based on, integer yen ≥ 0. The WooCommerce plugin uses the total including shipping and
 *   tax; Welcart lets the shop choose the base amount through its cash-on-delivery fee setting — pass whatever base your shop uses.
 * @param config fee rules; default {@link DEFAULT_CVS_FEE}.
 * @throws EscottValidationError naming the argument when `total` or `config` is malformed.
 *
 * @example
 * ```ts
 * import { cvsQuote } from 'escott-core'
 * const quote = cvsQuote(order.total)
 * if (quote.available) await escott.cvs.create({ amount: quote.amount, ... })
 * else hideConvenienceStoreOption(quote.reason) // 'over_shop_limit' | 'over_gateway_ceiling'
 * ```
 */
export function cvsQuote(total: number, config: CvsFeeConfig = DEFAULT_CVS_FEE): CvsQuote {
  assertYen('total', total)
  checkConfig(config)
  const limit = config.limit ?? MAX_CVS_AMOUNT
  if (total > limit) return { available: false, reason: 'over_shop_limit', fee: undefined, limit }
  let fee: number
  if (config.type === 'fixed') {
    fee = config.fee
  } else {
    const tier = config.tiers.find((t) => total <= t.upTo)
    // checkConfig guarantees a non-empty list
    fee = tier ? tier.fee : (config.above ?? config.tiers[config.tiers.length - 1]!.fee)
  }
  if (total + fee > MAX_CVS_AMOUNT) return { available: false, reason: 'over_gateway_ceiling', fee, limit: MAX_CVS_AMOUNT }
  return { available: true, fee, amount: total + fee }
}

/**
 * The convenience-store fee for an order total, in integer yen (tax included): {@link cvsQuote} for callers that
 * have already decided the payment is possible.
 *
 * @throws EscottValidationError (field `total`) when convenience-store payment cannot be offered for this total
 *   (above `config.limit`, or total + fee above {@link MAX_CVS_AMOUNT}), or when `total` / `config` is malformed.
 */
export function cvsFee(total: number, config: CvsFeeConfig = DEFAULT_CVS_FEE): number {
  const quote = cvsQuote(total, config)
  if (quote.available) return quote.fee
  if (quote.reason === 'over_shop_limit') {
    throw invalid('total', `${total} yen exceeds the convenience-store limit of ${quote.limit} yen; CVS payment is not available: offer another payment method (check with cvsQuote first)`)
  }
  throw invalid(
    'total',
    `${total} yen plus fee ${quote.fee} yen exceeds the gateway ceiling of ${MAX_CVS_AMOUNT} yen per convenience-store payment; CVS payment is not available: offer another payment method (check with cvsQuote first)`,
  )
}

/** True when {@link cvsQuote} says the order may be paid at a convenience store. */
export function isCvsAvailable(total: number, config: CvsFeeConfig = DEFAULT_CVS_FEE): boolean {
  return cvsQuote(total, config).available
}

// ---------------------------------------------------------------------------------------------------------------
// Merchant cost estimator
// ---------------------------------------------------------------------------------------------------------------

/** How fractions of a yen are resolved. */
export type Rounding = 'floor' | 'ceil' | 'round'

/**
 * What the merchant pays the payment company. Every field is overridable; amounts are integer yen.
 * Defaults are all 0 (prices depend on the contract); {@link LISTED_STARTING_RATES} holds the “from” prices
 * printed in the WooCommerce plugin's manual.
 */
export interface MerchantRates {
  /** One-off set-up fee (初期費用). */
  initialFee: number
  /** Fixed monthly fee (月額固定費). */
  monthlyFee: number
  /** Fee per processed transaction (トランザクション処理料). */
  perTransactionFee: number
  /** Percentage of the sales volume (決済手数料), in percent: `3.5` means 3.5 %. Up to 10 decimal places are exact. */
  percentageRate: number
  /** Rounding of the percentage fee to whole yen; default `floor` (1円未満切り捨て). */
  rounding: Rounding
}

/** Default rates: all zero, `floor` rounding — fill in the figures of your contract. */
export const DEFAULT_MERCHANT_RATES: Readonly<MerchantRates> = Object.freeze({
  initialFee: 0,
  monthlyFee: 0,
  perTransactionFee: 0,
  percentageRate: 0,
  rounding: 'floor',
})

/**
 * The lower-bound prices printed in the WooCommerce plugin manual (初期費用 無料,
 * 月額固定費 3,000円～, トランザクション処理料 5円/件, 手数料 3.5%～). Real contracts differ by merchandise; use for
 * rough estimates only.
 */
export const LISTED_STARTING_RATES: Readonly<MerchantRates> = Object.freeze({
  initialFee: 0,
  monthlyFee: 3_000,
  perTransactionFee: 5,
  percentageRate: 3.5,
  rounding: 'floor',
})

/** The period and volume to estimate. */
export interface MerchantCostInput {
  /** Length of the period in whole months (integer ≥ 0). */
  months: number
  /** Number of billed gateway transactions in the period (integer ≥ 0). */
  transactions: number
  /** Sales volume in the period, integer yen ≥ 0; the percentage fee applies to it. */
  volume: number
  /** Whether the set-up fee falls into this period; default true. */
  includeInitialFee?: boolean
}

/** The estimate, every figure in integer yen. */
export interface MerchantCostEstimate {
  initial: number
  monthly: number
  perTransaction: number
  percentage: number
  total: number
}

function requireCount(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(name, `must be an integer ≥ 0, got ${typeof value === 'number' ? value : typeof value}`)
  }
}

/** `value * ratePercent / 100` rounded as asked, computed exactly on the decimal form of `ratePercent`. */
function percentOf(value: number, ratePercent: number, rounding: Rounding): number {
  const scale = 10n ** 10n
  // toFixed(10) gives the nearest 10-decimal representation, so 2.3 becomes exactly 2.3000000000.
  const scaledRate = BigInt(ratePercent.toFixed(10).replace('.', ''))
  const numerator = BigInt(value) * scaledRate
  const denominator = 100n * scale
  const q = numerator / denominator
  const r = numerator % denominator
  let result = q
  if (r !== 0n) {
    if (rounding === 'ceil') result = q + 1n
    else if (rounding === 'round' && r * 2n >= denominator) result = q + 1n
  }
  return Number(result)
}

/**
 * Estimates what the merchant pays over a period: `initialFee` (once, unless `includeInitialFee` is false),
 * `monthlyFee × months`, `perTransactionFee × transactions` and `percentageRate % × volume` (rounded once on the
 * period's volume, with `rates.rounding`). Every result is integer yen.
 *
 * @param rates overrides of {@link DEFAULT_MERCHANT_RATES} (all zero unless given).
 * @throws EscottValidationError naming the field when an input or rate is not a non-negative integer
 *   (the percentage must be a finite number from 0 to 100).
 */
export function estimateMerchantCost(input: MerchantCostInput, rates: Partial<MerchantRates> = {}): MerchantCostEstimate {
  if (!input || typeof input !== 'object') throw invalid('input', 'must be an object { months, transactions, volume }')
  const r: MerchantRates = { ...DEFAULT_MERCHANT_RATES, ...stripUndefined(rates) }
  requireCount('input.months', input.months)
  requireCount('input.transactions', input.transactions)
  assertYen('input.volume', input.volume)
  assertYen('rates.initialFee', r.initialFee)
  assertYen('rates.monthlyFee', r.monthlyFee)
  assertYen('rates.perTransactionFee', r.perTransactionFee)
  if (typeof r.percentageRate !== 'number' || !Number.isFinite(r.percentageRate) || r.percentageRate < 0 || r.percentageRate > 100) {
    throw invalid('rates.percentageRate', `must be a percentage between 0 and 100 (3.5 means 3.5 %), got ${String(r.percentageRate)}`)
  }
  if (r.rounding !== 'floor' && r.rounding !== 'ceil' && r.rounding !== 'round') {
    throw invalid('rates.rounding', `must be 'floor', 'ceil' or 'round', got ${String(r.rounding)}`)
  }
  const initial = input.includeInitialFee === false ? 0 : r.initialFee
  const monthly = r.monthlyFee * input.months
  const perTransaction = r.perTransactionFee * input.transactions
  const percentage = percentOf(input.volume, r.percentageRate, r.rounding)
  const total = initial + monthly + perTransaction + percentage
  for (const [name, v] of [
    ['monthly', monthly],
    ['perTransaction', perTransaction],
    ['total', total],
  ] as const) {
    if (!Number.isSafeInteger(v)) throw invalid(`input`, `the ${name} cost exceeds the safe integer range: use smaller figures`)
  }
  return { initial, monthly, perTransaction, percentage, total }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {}
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] !== undefined) out[key] = value[key]
  }
  return out
}
