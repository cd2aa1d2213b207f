/** Calendar helpers pinned to Asia/Tokyo, whatever the host's time zone. */

/** Asia/Tokyo is UTC+9 all year: Japan has no daylight saving time. */
export const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000

function tokyoParts(date: Date) {
  const t = new Date(date.getTime() + TOKYO_OFFSET_MS)
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    hh: t.getUTCHours(),
    mm: t.getUTCMinutes(),
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** `yyyyMMdd` of the given instant in Japan. */
export function tokyoDate(date: Date = new Date()): string {
  const p = tokyoParts(date)
  return `${p.y}${pad(p.m)}${pad(p.d)}`
}

/** `yyyyMMddHHmm` of the given instant in Japan. */
export function tokyoDateTime(date: Date = new Date()): string {
  const p = tokyoParts(date)
  return `${p.y}${pad(p.m)}${pad(p.d)}${pad(p.hh)}${pad(p.mm)}`
}

/** The instant that is 23:59 JST, `days` calendar days after the Japanese date of `from`. */
export function tokyoEndOfDayAfter(days: number, from: Date = new Date()): Date {
  const p = tokyoParts(from)
  return new Date(Date.UTC(p.y, p.m - 1, p.d + days, 23, 59) - TOKYO_OFFSET_MS)
}

/** Parses `yyyyMMdd` or `yyyyMMddHHmm[ss]` (Japan time) into an instant; undefined when malformed. */
export function parseTokyo(value: string | undefined): Date | undefined {
  if (!value || !/^\d{8}(\d{4}(\d{2})?)?$/.test(value)) return undefined
  const y = Number(value.slice(0, 4))
  const m = Number(value.slice(4, 6))
  const d = Number(value.slice(6, 8))
  const hh = value.length >= 12 ? Number(value.slice(8, 10)) : 0
  const mm = value.length >= 12 ? Number(value.slice(10, 12)) : 0
  const ss = value.length >= 14 ? Number(value.slice(12, 14)) : 0
  const t = Date.UTC(y, m - 1, d, hh, mm, ss) - TOKYO_OFFSET_MS
  return Number.isNaN(t) ? undefined : new Date(t)
}
