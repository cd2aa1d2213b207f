/** Identifiers: short, URL-safe, and within MerchantFree1's 32 printable ASCII characters when combined. */
import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz' // Crockford base32, lower case: no i, l, o, u

function random(n: number): string {
  const bytes = randomBytes(n)
  let out = ''
  for (let i = 0; i < n; i++) out += ALPHABET[bytes[i]! & 31]
  return out
}

export const newSubscriptionId = () => `sub_${random(12)}`
export const newChargeId = () => `ch_${random(14)}`
export const newEventId = () => `evt_${random(16)}`

/**
 * The charge key sent as MerchantFree1: subscription id + period start, e.g. `sub_0123456789ab-20250131` (25
 * characters). The same key for every attempt of a period, so the gateway's console shows one key per period.
 */
export function chargeKey(subscriptionId: string, periodStart: string): string {
  const key = `${subscriptionId}-${periodStart.replaceAll('-', '')}`
  if (key.length > 32 || !/^[\x21-\x7e]+$/.test(key)) throw new RangeError(`charge key ${key} is not ≤ 32 printable ASCII characters`)
  return key
}

/** Plan ids are chosen by the merchant: keep them to safe characters. */
export const PLAN_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
