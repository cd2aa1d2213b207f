/** Random identifiers. All come from the operating system's CSPRNG. */
import { randomBytes } from 'node:crypto'

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const ALNUM_MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function randomString(length: number, alphabet: string): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < limit) out += alphabet[b % alphabet.length]
      if (out.length === length) break
    }
  }
  return out
}

/** Public order id: 22 unguessable characters (the order page URL is a capability). */
export function newOrderId(): string {
  return randomString(22, ALNUM_MIXED)
}

/** The `MerchantFree1` link key of an order: 16 unambiguous upper-case letters and digits. */
export function newMerchantFree1(): string {
  return randomString(16, ALNUM)
}

/** A new card-member id (`KaiinId`, ≤ 20 alphanumerics). Deleted ids can never be reused, so they are random. */
export function newKaiinId(): string {
  return 'M' + randomString(15, ALNUM)
}

/** A new card-member password (`KaiinPass`): generated here, stored, never shown to anyone. */
export function newKaiinPass(): string {
  return randomString(16, ALNUM_MIXED)
}

/** Journal entry id. */
export function newJournalId(): string {
  return randomString(20, ALNUM_MIXED)
}
