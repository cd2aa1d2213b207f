/** Input checks shared by the order stores. */
import type { NewOrder, OrderItem, OrderPatch } from '../types.js'

/** Throws a `TypeError` unless `value` is an integer number of yen ≥ 0. */
export function requireYen(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${name} must be an integer number of yen ≥ 0, got ${String(value)}`)
  }
}

/** Throws a `TypeError` unless the patch's fee and amount, when given, are integer numbers of yen ≥ 0. */
export function checkPatch(patch: OrderPatch): void {
  if (patch.fee !== undefined) requireYen('fee', patch.fee)
  if (patch.amount !== undefined) requireYen('amount', patch.amount)
}

/** Validates order lines and returns a clean copy with the subtotal. */
export function checkNewOrder(input: NewOrder): { items: OrderItem[]; subtotal: number } {
  if (!input || !Array.isArray(input.items) || input.items.length === 0) {
    throw new TypeError('an order needs at least one item')
  }
  let subtotal = 0
  const items = input.items.map((item, i) => {
    if (!item || typeof item.sku !== 'string' || typeof item.name !== 'string') {
      throw new TypeError(`items[${i}] needs sku and name`)
    }
    requireYen(`items[${i}].unitPrice`, item.unitPrice)
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      throw new TypeError(`items[${i}].quantity must be an integer ≥ 1`)
    }
    subtotal += item.unitPrice * item.quantity
    return { sku: item.sku, name: item.name, unitPrice: item.unitPrice, quantity: item.quantity }
  })
  requireYen('subtotal', subtotal)
  if (subtotal === 0) throw new TypeError('an order total of 0 yen needs no payment')
  return { items, subtotal }
}
