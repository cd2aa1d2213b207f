/** Wire format of e-SCOTT Smart: form-urlencoded UTF-8 requests, `key=value&key=value` responses. */

/** A flat field map as sent to or received from the gateway. */
export type WireFields = Record<string, string>

/** Encodes request fields as an `application/x-www-form-urlencoded` UTF-8 body, skipping undefined/empty values. */
export function encodeForm(fields: Record<string, string | number | undefined | null>): string {
  let out = ''
  for (const key in fields) {
    const value = fields[key]
    if (value === undefined || value === null || value === '') continue
    if (out) out += '&'
    out += encodeURIComponent(key) + '=' + encodeURIComponent(String(value))
  }
  return out
}

/**
 * Parses a gateway response body. Pairs split on `&`, then on the first `=` only, because values such as
 * base64 padding may themselves contain `=`. `%XX` escapes are decoded; `+` is kept as is, because API answers
 * carry raw base64 (FreeArea) where `+` is data. Decrypted 3-D Secure payloads are form-encoded: pass
 * `{ plusAsSpace: true }` for those (see https://github.com/escott-js/escott/blob/main/docs/protocol-decisions.md).
 */
export function parseResponse(body: string, options: { plusAsSpace?: boolean } = {}): WireFields {
  const out: WireFields = {}
  const plusAsSpace = options.plusAsSpace === true
  const text = body.trim() // also drops a byte-order mark: U+FEFF is white space to String.prototype.trim
  // A hand-written scan: this runs on every answer, and split/map would allocate two arrays per call.
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('&', start)
    if (end === -1) end = text.length
    const eq = text.indexOf('=', start)
    const hasValue = eq !== -1 && eq < end
    const key = text.slice(start, hasValue ? eq : end).trim()
    if (key) out[key] = hasValue ? decodeValue(text.slice(eq + 1, end), plusAsSpace) : ''
    start = end + 1
  }
  return out
}

/** Control characters (C0, DEL, C1): never part of a genuine field value. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/

/**
 * Parses a decrypted 3-D Secure payload strictly (form decoding, `+` = space), returning the fields or the reason it
 * is not a message the gateway wrote: a key that is not a field name, a key sent twice (the last would silently win
 * in a lenient parser — a way to override a field by appending CBC blocks), a pair without `=`, a broken `%` escape,
 * or a control character in a value.
 */
export function parseFormStrict(text: string): { fields: WireFields } | { error: string } {
  const fields: WireFields = Object.create(null) as WireFields
  const body = text.replace(/[\r\n]+$/, '')
  const pairs = body.split('&')
  if (pairs.length > 1 && pairs[pairs.length - 1] === '') pairs.pop() // a trailing '&'
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0) return { error: 'a field without a name or a value' }
    const key = pair.slice(0, eq)
    if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(key)) return { error: 'a field name that is not one' }
    if (Object.hasOwn(fields, key)) return { error: `${key} appears twice` }
    let value: string
    try {
      value = decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '))
    } catch {
      return { error: `${key} has a broken % escape` }
    }
    if (CONTROL_CHARACTERS.test(value)) return { error: `${key} contains a control character` }
    fields[key] = value
  }
  return { fields: { ...fields } }
}

function decodeValue(raw: string, plusAsSpace: boolean): string {
  const text = plusAsSpace && raw.includes('+') ? raw.replace(/\+/g, ' ') : raw
  if (!text.includes('%')) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return text // a literal '%' that is not an escape: keep the value untouched
  }
}

/** Splits a `ResponseCd` such as `K20|K21` into its codes; an empty value yields an empty list. */
export function splitCodes(responseCd: string | undefined): string[] {
  if (!responseCd) return []
  return responseCd
    .split('|')
    .map((c) => c.trim())
    .filter(Boolean)
}
