/** The cart: SKU and quantity pairs in a signed cookie (no account needed). Quantities are capped by the stock. */
import { parseCookies, setCookie } from '../cookies.js'
import { findProduct } from './catalog.js'

/** The most of one product a cart holds (and the stock caps it further). */
export const MAX_QTY = 99

export function cartCookies(signer) {
  return {
    /** @returns {Map<string, number>} */
    read(req) {
      const raw = signer.unsign(parseCookies(req.headers.cookie).cart) ?? ''
      const cart = new Map()
      for (const part of raw.split(',')) {
        const [sku, qty] = part.split(':')
        const n = Number(qty)
        if (findProduct(sku) && Number.isInteger(n) && n > 0) cart.set(sku, Math.min(n, MAX_QTY))
      }
      return cart
    },
    write(req, res, cart) {
      setCookie(res, req, 'cart', signer.sign([...cart].map(([s, q]) => `${s}:${q}`).join(',')), 7 * 86400)
    },
  }
}

/** A quantity typed by the shopper (full-width digits accepted), or undefined when it is not a whole number ≥ 1. */
export function parseQty(value) {
  const s = String(value ?? '')
    .normalize('NFKC')
    .trim()
  if (!/^\d{1,6}$/.test(s)) return undefined
  const n = Number(s)
  return n >= 1 ? n : undefined
}
