/**
 * Consumption tax by rate, the way a qualified invoice (適格請求書) states it: for each rate, the tax-included total of
 * the lines at that rate and the tax it contains, rounded once per rate (not per line). Prices are tax-included, so
 * the tax in a total T at rate r is floor(T × r / (100 + r)).
 *
 * The convenience-store fee is a service at the standard rate. When the amount charged differs from the lines
 * (利用額変更, 再オーソリ at another amount), the difference is shared between the rates in proportion to their totals,
 * which is how a discount over goods of both rates is split.
 */

/** The standard rate, used for fees and for lines without a rate. */
export const STANDARD_RATE = 10
/** The reduced rate (軽減税率): food and drink other than alcohol and eating out. */
export const REDUCED_RATE = 8

/** Whether a line or product is at the reduced rate (marked ※ on every page, mail and receipt). */
export const isReduced = (item) => item.taxRate === REDUCED_RATE

/** The mark after a reduced-rate line's name, explained under every list of lines (i18n `reducedMark`). */
export const reducedMark = (item, lang) => (isReduced(item) ? (lang === 'en' ? ' *' : ' ※') : '')

/**
 * @param {{ items: { unitPrice: number, quantity: number, taxRate?: number }[], fee?: number }} order
 * @param {number} [amount] what is charged (default: lines + fee)
 * @returns {{ rate: number, total: number, tax: number }[]} by rate, highest first; totals add up to `amount`
 */
export function taxByRate(order, amount) {
  const groups = new Map()
  const add = (rate, yen) => groups.set(rate, (groups.get(rate) ?? 0) + yen)
  for (const item of order.items) add(item.taxRate ?? STANDARD_RATE, item.unitPrice * item.quantity)
  if (order.fee) add(STANDARD_RATE, order.fee)
  const listed = [...groups.values()].reduce((a, b) => a + b, 0)
  const target = amount ?? listed
  const rates = [...groups.keys()].sort((a, b) => b - a)
  if (target !== listed && listed > 0) {
    // Share the difference by each rate's part of the total; the last rate takes the rounding remainder.
    let left = target - listed
    rates.forEach((rate, i) => {
      const share = i === rates.length - 1 ? left : Math.round(((target - listed) * groups.get(rate)) / listed)
      groups.set(rate, groups.get(rate) + share)
      left -= share
    })
  }
  return rates.filter((rate) => groups.get(rate) !== 0).map((rate) => ({ rate, total: groups.get(rate), tax: Math.floor((groups.get(rate) * rate) / (100 + rate)) }))
}
