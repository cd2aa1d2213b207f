/** 送料: a fee by region from the settings' table, free from a goods total. */
import { formatYen } from 'escott-express'

/** The shipping line's SKU in an order (so receipts and the admin can tell it from goods). */
export const SHIPPING_SKU = 'SHIPPING'

/**
 * @param {import('./settings.js').ShopSettings['shipping']} table
 * @param {string} prefecture
 * @param {number} goodsTotal  tax-included yen of the goods
 * @returns {number} tax-included yen
 */
export function shippingFee(table, prefecture, goodsTotal) {
  if (goodsTotal >= table.freeShippingFrom) return 0
  const region = table.regions.find((r) => r.prefectures.includes(prefecture)) ?? table.regions.find((r) => r.prefectures.length === 0)
  return region?.fee ?? 0
}

/** The table in words, for the cart, the delivery step, the product list and the legal page (one source: the settings). */
export function shippingText(table, lang) {
  const fees = table.regions.map((r) => (lang === 'en' ? `${formatYen(lang, r.fee)} (${r.label.en})` : `${r.label.ja} ${formatYen(lang, r.fee)}`))
  return lang === 'en'
    ? `${fees.join(', ')}, tax included; free from ${formatYen(lang, table.freeShippingFrom)} of goods.`
    : `${fees.join('、')}（税込）。商品合計${formatYen(lang, table.freeShippingFrom)}以上で送料無料。`
}

/** The free-shipping line of the product list. */
export function freeShippingText(table, lang) {
  return lang === 'en' ? `Free shipping from ${formatYen(lang, table.freeShippingFrom)} of goods` : `商品合計${formatYen(lang, table.freeShippingFrom)}（税込）以上のお買い上げで送料無料`
}

/** The order line of a shipping fee (taxed at the standard rate). */
export function shippingLine(table, fee) {
  return { sku: SHIPPING_SKU, name: '送料', nameEn: 'Shipping', unitPrice: fee, quantity: 1, taxRate: table.taxRate }
}
