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
