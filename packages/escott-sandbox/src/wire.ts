/**
 * The gateway's wire format: form-urlencoded requests in, `key=value&key=value` text out. Written independently of
 * escott-core's codec on purpose (see util.ts): an oracle that shares the client's codec cannot catch its bugs.
 */

export type Fields = Record<string, string>

function decode(s: string): string {
  if (s.indexOf('%') === -1 && s.indexOf('+') === -1) return s
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

/** Parses `a=1&b=2` into `into` (later keys win). Tolerates unencoded values and stray `=` in values. */
export function parseForm(text: string, into: Fields = {}): Fields {
  if (!text) return into
  let start = 0
  const len = text.length
  while (start < len) {
    let end = text.indexOf('&', start)
    if (end === -1) end = len
    if (end > start) {
      const eq = text.indexOf('=', start)
      if (eq === -1 || eq > end) into[decode(text.slice(start, end))] = ''
      else into[decode(text.slice(start, eq))] = decode(text.slice(eq + 1, end))
    }
    start = end + 1
  }
  return into
}

/**
 * An API answer as the gateway sends it: `key=value` pairs joined by `&`, values not percent-encoded. The gateway's
 * own modules read answers without decoding and split a multi-code ResponseCd on a raw `|` (E2 SLN_C_Base.php:444-476,
 * E42 Util.php:208-215, CS func.php:1507-1512), which a percent-encoder would have turned into `%7C`. Only `&` and
 * `%` are escaped, so that an answer stays one `key=value` list even for an odd echoed MerchantFree.
 */
export function encodeAnswer(fields: Record<string, string | undefined>): string {
  let out = ''
  for (const key in fields) {
    const v = fields[key]
    if (v === undefined) continue
    if (out) out += '&'
    out += key + '=' + (v.includes('&') || v.includes('%') ? v.replace(/%/g, '%25').replace(/&/g, '%26') : v)
  }
  return out
}

/** Encodes a form body (notifications, 3-D Secure payloads): values percent-encoded with `encodeURIComponent`, undefined values skipped. */
export function encodeFields(fields: Record<string, string | undefined>): string {
  let out = ''
  for (const key in fields) {
    const v = fields[key]
    if (v === undefined) continue
    if (out) out += '&'
    out += key + '=' + encodeURIComponent(v)
  }
  return out
}
