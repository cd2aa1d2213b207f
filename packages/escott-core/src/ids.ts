/**
 * Random identifiers the protocol needs, all from the operating system's CSPRNG (`node:crypto`), one generator each.
 */
import { randomInt } from 'node:crypto'
import { invalidInput } from './errors/escott-error.js'

/** Upper-case letters and digits without the look-alikes 0/O, 1/I. */
const UNAMBIGUOUS = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
const PASS_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'

function randomString(length: number, alphabet: string): string {
  let out = ''
  // randomInt draws without modulo bias.
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)]
  return out
}

/**
 * A `MerchantFree1` reference: 16 unambiguous upper-case letters and digits. The SDK uses it when a call is given
 * none, so that every charge can be found again at the gateway.
 */
export function newMerchantFree1(): string {
  return randomString(16, UNAMBIGUOUS)
}

/**
 * A card-member id (`KaiinId`): `M` + 15 unambiguous characters (the gateway allows 20 alphanumerics). A deleted
 * KaiinId can never be registered again, so ids are random rather than derived from a customer number.
 */
export function newKaiinId(): string {
  return 'M' + randomString(15, UNAMBIGUOUS)
}

/**
 * A card-member password (`KaiinPass`): 12 half-width alphanumerics by default, the length the gateway's own modules
 * use; 8–20 allowed. Store it server-side and never show it.
 *
 * @example
 * ```ts
 * import { newKaiinId, newKaiinPass } from 'escott-core'
 * await escott.members.create({ kaiinId: newKaiinId(), kaiinPass: newKaiinPass(), token })
 * ```
 */
export function newKaiinPass(length = 12): string {
  if (!Number.isSafeInteger(length) || length < 8 || length > 20) {
    throw invalidInput('length', `must be an integer from 8 to 20 (KaiinPass is at most 20 characters), got ${length}`)
  }
  return randomString(length, PASS_ALPHABET)
}

/** A 7-digit 3-D Secure processing number (ProcNo). */
export function newProcNo(): string {
  return String(randomInt(10_000_000)).padStart(7, '0')
}
