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
 * base64 padding may themselves contain `=`. Values are percent-decoded when they are valid escapes
 * (the gateway sends plain text, but 3-D Secure payloads are url-encoded).
 */
export function parseResponse(body: string): WireFields {
  const out: WireFields = {}
  const text = body.replace(/^\uFEFF/, '').trim()
  if (!text) return out
  for (const pair of text.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const key = (eq === -1 ? pair : pair.slice(0, eq)).trim()
    if (!key) continue
    const raw = eq === -1 ? '' : pair.slice(eq + 1)
    out[key] = decodeValue(raw)
  }
  return out
}

function decodeValue(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '))
  } catch {
    return raw
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
