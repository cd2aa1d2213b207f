/** 送料: a fee by region from the settings' table, free from a goods total. */

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

/** The order line of a shipping fee (taxed at the standard rate). */
export function shippingLine(table, fee) {
  return { sku: SHIPPING_SKU, name: '送料', nameEn: 'Shipping', unitPrice: fee, quantity: 1, taxRate: table.taxRate }
}
