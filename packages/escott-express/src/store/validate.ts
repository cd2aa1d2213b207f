/** Input checks shared by the order stores. */
import { assertYen, EscottValidationError } from 'escott-core'
import type { NewOrder, OrderContact, OrderItem, OrderPatch } from '../types.js'

const invalid = (field: string, message: string) => new EscottValidationError(undefined, [{ field, message }])

/** Throws an `EscottValidationError` unless the patch's fee and amount, when given, are integer numbers of yen ≥ 0. */
export function checkPatch(patch: OrderPatch): void {
  if (patch.fee !== undefined) assertYen('fee', patch.fee)
  if (patch.amount !== undefined) assertYen('amount', patch.amount)
}

/** Validates order lines and returns a clean copy with the subtotal. */
export function checkNewOrder(input: NewOrder): { items: OrderItem[]; subtotal: number; contact: OrderContact } {
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
    if (item.nameEn !== undefined && typeof item.nameEn !== 'string') throw invalid(`items[${i}].nameEn`, 'must be a string')
    if (item.taxRate !== undefined && (!Number.isInteger(item.taxRate) || item.taxRate < 0 || item.taxRate > 100)) {
      throw invalid(`items[${i}].taxRate`, 'must be a whole percentage such as 8 or 10')
    }
    subtotal += item.unitPrice * item.quantity
    return {
      sku: item.sku,
      name: item.name,
      ...(item.nameEn !== undefined && { nameEn: item.nameEn }),
      unitPrice: item.unitPrice,
      quantity: item.quantity,
      ...(item.taxRate !== undefined && { taxRate: item.taxRate }),
    }
  })
  assertYen('subtotal', subtotal)
  if (subtotal === 0) throw invalid('items', 'an order total of 0 yen needs no payment')
  if (input.lang !== undefined && input.lang !== null && input.lang !== 'ja' && input.lang !== 'en') throw invalid('lang', "must be 'ja', 'en' or null")
  return { items, subtotal, contact: checkContact(input.contact) }
}

const CONTACT_KEYS = ['name', 'kana', 'phone', 'postalCode', 'address'] as const

/** A clean copy of the contact: known keys only, trimmed strings of at most 200 characters. */
export function checkContact(contact: OrderContact | undefined): OrderContact {
  if (contact === undefined || contact === null) return {}
  if (typeof contact !== 'object') throw invalid('contact', 'must be an object')
  const out: OrderContact = {}
  for (const key of CONTACT_KEYS) {
    const value = contact[key]
    if (value === undefined || value === null || value === '') continue
    if (typeof value !== 'string' || value.length > 200) throw invalid(`contact.${key}`, 'must be a string of at most 200 characters')
    out[key] = value.trim()
  }
  return out
}

/** Lower-case text with spaces and hyphens removed: what the admin search compares. */
export function searchable(value: string | null | undefined): string {
  return (value ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-ー‐－]/g, '')
}

/** The text the admin search looks in: order number, e-mail, name, kana and phone, normalised by {@link searchable}. */
export function searchText(merchantFree1: string, email: string | null | undefined, contact: OrderContact): string {
  return [merchantFree1, email, contact.name, contact.kana, contact.phone].map(searchable).filter(Boolean).join(' ')
}
