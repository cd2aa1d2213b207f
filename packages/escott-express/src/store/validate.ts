/** Input checks shared by the order stores. */
import { assertYen, EscottValidationError } from 'escott-core'
import type { NewOrder, OrderItem, OrderPatch } from '../types.js'

const invalid = (field: string, message: string) => new EscottValidationError(undefined, [{ field, message }])

/** Throws an `EscottValidationError` unless the patch's fee and amount, when given, are integer numbers of yen ≥ 0. */
export function checkPatch(patch: OrderPatch): void {
  if (patch.fee !== undefined) assertYen('fee', patch.fee)
  if (patch.amount !== undefined) assertYen('amount', patch.amount)
}

/** Validates order lines and returns a clean copy with the subtotal. */
export function checkNewOrder(input: NewOrder): { items: OrderItem[]; subtotal: number } {
  if (!input || !Array.isArray(input.items) || input.items.length === 0) {
    throw invalid('items', 'an order needs at least one item')
  }
  let subtotal = 0
  const items = input.items.map((item, i) => {
    if (!item || typeof item.sku !== 'string' || typeof item.name !== 'string') {
      throw invalid(`items[${i}]`, 'needs sku and name')
    }
    assertYen(`items[${i}].unitPrice`, item.unitPrice)
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      throw invalid(`items[${i}].quantity`, 'must be an integer ≥ 1')
    }
    subtotal += item.unitPrice * item.quantity
    return { sku: item.sku, name: item.name, unitPrice: item.unitPrice, quantity: item.quantity }
  })
  assertYen('subtotal', subtotal)
  if (subtotal === 0) throw invalid('items', 'an order total of 0 yen needs no payment')
  return { items, subtotal }
}
