/**
 * Small helpers shared by every module: Japan-time formatting, identifiers, masking, HTML escaping.
 *
 * These deliberately duplicate what escott-core has (Tokyo dates, AES, escaping, Luhn): the sandbox is a second,
 * independent reading of the protocol and never imports escott-core, so a bug in the client's codec or clock
 * cannot be mirrored by the gateway that tests it.
 */
import { randomBytes, createCipheriv, createDecipheriv } from 'node:crypto'

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000
export const DAY_MS = 24 * 60 * 60 * 1000

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n))

function tokyo(ms: number): Date {
  return new Date(ms + TOKYO_OFFSET_MS)
}

// The Japanese date is asked for on every request: remember the current day's bounds.
let cachedDayStart = 0
let cachedDayEnd = -1
let cachedDay = ''

/** `yyyyMMdd` of an instant, in Japan time. */
export function tokyoDate(ms: number): string {
  if (ms >= cachedDayStart && ms < cachedDayEnd) return cachedDay
  const t = tokyo(ms)
  const day = `${t.getUTCFullYear()}${pad2(t.getUTCMonth() + 1)}${pad2(t.getUTCDate())}`
  const start = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()) - TOKYO_OFFSET_MS
  cachedDayStart = start
  cachedDayEnd = start + DAY_MS
  cachedDay = day
  return day
}

/** `yyyyMMddHHmmss` of an instant, in Japan time. */
export function tokyoDateTime(ms: number): string {
  const t = tokyo(ms)
  return `${tokyoDate(ms)}${pad2(t.getUTCHours())}${pad2(t.getUTCMinutes())}${pad2(t.getUTCSeconds())}`
}

/** `yyyy-MM-dd HH:mm:ss` of an instant, in Japan time (console and messages). */
export function tokyoText(ms: number): string {
  const s = tokyoDateTime(ms)
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}`
}

/** Day of week (0 = Sunday) in Japan. */
export function tokyoWeekday(ms: number): number {
  return tokyo(ms).getUTCDay()
}

/** Parses `yyyyMMdd`, `yyyyMMddHHmm` or `yyyyMMddHHmmss` (Japan time); undefined when malformed or not a real date. */
export function parseTokyo(value: string | undefined): number | undefined {
  if (!value || !/^\d{8}(\d{4}(\d{2})?)?$/.test(value)) return undefined
  const y = +value.slice(0, 4)
  const m = +value.slice(4, 6)
  const d = +value.slice(6, 8)
  const hh = value.length >= 12 ? +value.slice(8, 10) : 0
  const mi = value.length >= 12 ? +value.slice(10, 12) : 0
  const ss = value.length >= 14 ? +value.slice(12, 14) : 0
  if (m < 1 || m > 12 || d < 1 || d > 31 || hh > 23 || mi > 59 || ss > 59) return undefined
  const utc = Date.UTC(y, m - 1, d, hh, mi, ss)
  const check = new Date(utc)
  if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined
  return utc - TOKYO_OFFSET_MS
}

// Random identifiers come from a pooled buffer: one syscall per 4 KiB instead of one per id.
let pool = randomBytes(4096)
let poolPos = 0
function take(n: number): Buffer {
  if (poolPos + n > pool.length) {
    pool = randomBytes(4096)
    poolPos = 0
  }
  const out = pool.subarray(poolPos, poolPos + n)
  poolPos += n
  return out
}

/** `bytes * 2` lowercase hex characters. */
export function randomHex(bytes: number): string {
  return take(bytes).toString('hex')
}

/** `length` random decimal digits. */
export function randomDigits(length: number): string {
  const b = take(length)
  let s = ''
  for (let i = 0; i < length; i++) s += String(b[i]! % 10)
  return s
}

const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
/** `length` random letters and digits (no look-alikes). */
export function randomAlnum(length: number): string {
  const b = take(length)
  let s = ''
  for (let i = 0; i < length; i++) s += ALNUM[b[i]! % ALNUM.length]
  return s
}

/** `400000******1000`: first six and last four digits. */
export function maskCard(cardNo: string): string {
  if (cardNo.length < 10) return '*'.repeat(cardNo.length)
  return cardNo.slice(0, 6) + '*'.repeat(cardNo.length - 10) + cardNo.slice(-4)
}

/** Luhn (mod 10) check. */
export function luhn(cardNo: string): boolean {
  let sum = 0
  let alt = false
  for (let i = cardNo.length - 1; i >= 0; i--) {
    let d = cardNo.charCodeAt(i) - 48
    if (alt) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    alt = !alt
  }
  return sum % 10 === 0
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** AES-128-CBC + PKCS#7 with key and IV taken as the UTF-8 bytes of the merchant's 16-character strings; base64 text. */
export function aesEncrypt(plain: string, key: string, iv: string): string {
  const c = createCipheriv('aes-128-cbc', Buffer.from(key, 'utf8'), Buffer.from(iv, 'utf8'))
  return Buffer.concat([c.update(plain, 'utf8'), c.final()]).toString('base64')
}

/** Inverse of {@link aesEncrypt}; throws on a wrong key, IV, padding or base64. */
export function aesDecrypt(base64: string, key: string, iv: string): string {
  const d = createDecipheriv('aes-128-cbc', Buffer.from(key, 'utf8'), Buffer.from(iv, 'utf8'))
  const data = Buffer.from(base64.replace(/ /g, '+'), 'base64')
  if (data.length === 0 || data.length % 16 !== 0) throw new Error('EncryptValue is not a whole number of AES blocks')
  return Buffer.concat([d.update(data), d.final()]).toString('utf8')
}

/** An Error carrying a gateway (or sandbox) code, as `createToken` / `payCvs` reject with. */
export function codedError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code })
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
