/** Minimal cookies: parsing, HMAC-SHA256 signing (the cart cannot be forged), and setting them. */
import { createHmac, timingSafeEqual } from 'node:crypto'

export function parseCookies(header) {
  const out = {}
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i < 0) continue
    const k = part.slice(0, i).trim()
    if (k) out[k] = decodeURIComponent(part.slice(i + 1).trim())
  }
  return out
}

export function signer(secret) {
  const mac = (v) => createHmac('sha256', secret).update(v).digest('base64url')
  return {
    sign: (value) => `${value}.${mac(value)}`,
    unsign(signed) {
      if (typeof signed !== 'string') return undefined
      const i = signed.lastIndexOf('.')
      if (i < 0) return undefined
      const value = signed.slice(0, i)
      const a = Buffer.from(signed.slice(i + 1))
      const b = Buffer.from(mac(value))
      return a.length === b.length && timingSafeEqual(a, b) ? value : undefined
    },
  }
}

/**
 * Sets a cookie: HttpOnly, SameSite=Lax by default (the 3-D Secure return never needs it; `Strict` for the admin
 * session, so no other site can make a staff member's browser post a form with it), Secure when served over HTTPS.
 */
export function setCookie(res, req, name, value, maxAgeSeconds, sameSite = 'Lax') {
  const secure = req.secure ? '; Secure' : ''
  const age = maxAgeSeconds === undefined ? '' : `; Max-Age=${maxAgeSeconds}`
  res.append('Set-Cookie', `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=${sameSite}${secure}${age}`)
}
