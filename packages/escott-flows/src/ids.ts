/** Random identifiers the flows create. All come from the operating system's CSPRNG. */
import { randomBytes } from 'node:crypto'

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const ALNUM_MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** `length` characters of `alphabet`, each equally likely (rejection sampling). */
export function randomString(length: number, alphabet: string): string {
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

/** A `MerchantFree1` link key: 16 unambiguous upper-case letters and digits. */
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

/** A journal line id. */
export function newJournalId(): string {
  return randomString(20, ALNUM_MIXED)
}
