/**
 * The billing calendar, in Asia/Tokyo whatever the host's time zone.
 *
 * Dates are civil dates (`YYYY-MM-DD`, a day in Japan) computed with UTC arithmetic on the date's own fields, so
 * the host's `TZ` never enters. Instants are built from a Tokyo date and a Tokyo time of day with the fixed +09:00
 * offset (Japan has no daylight saving time).
 *
 * Month rule (Stripe Billing, Lago, Kill Bill agree): the subscription keeps its original anchor day (1–31) and
 * every monthly period starts on `min(anchorDay, days in that month)`. The next start is always derived from the
 * anchor day, never from the previous (clamped) start, so Jan 31 → Feb 28/29 → Mar 31 and never drifts to the 28th.
 */

/** A day in Japan, `YYYY-MM-DD`. */
export type TokyoDate = string

/** How often a plan bills. */
export type Interval = 'month' | 'week' | 'day'

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/

interface Parts {
  y: number
  m: number
  d: number
}

function parts(date: TokyoDate): Parts {
  const match = DATE_RE.exec(date)
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`)
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

function format(y: number, m: number, d: number): TokyoDate {
  // Normalise overflowing fields (month 13, day 0 …) through a UTC date: no host time zone involved.
  const t = new Date(Date.UTC(y, m - 1, d))
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
}

/** True for a real `YYYY-MM-DD` calendar date. */
export function isTokyoDate(value: unknown): value is TokyoDate {
  if (typeof value !== 'string' || !DATE_RE.test(value)) return false
  const p = parts(value)
  return format(p.y, p.m, p.d) === value
}

/** True for `HH:MM` (24 h). */
export function isTimeOfDay(value: unknown): value is string {
  return typeof value === 'string' && TIME_RE.test(value)
}

/** The day in Japan at the instant `at`. */
export function tokyoDateOf(at: Date): TokyoDate {
  const t = new Date(at.getTime() + TOKYO_OFFSET_MS)
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())
}

/** The instant of `time` (`HH:MM`, Japan) on `date`. */
export function tokyoInstant(date: TokyoDate, time = '00:00'): Date {
  const p = parts(date)
  const match = TIME_RE.exec(time)
  if (!match) throw new RangeError(`not an HH:MM time: ${time}`)
  return new Date(Date.UTC(p.y, p.m - 1, p.d, Number(match[1]), Number(match[2])) - TOKYO_OFFSET_MS)
}

/** Days in month `m` (1–12) of year `y`: 28, 29, 30 or 31. */
export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/** Day of month (1–31) of a date. */
export function dayOfMonth(date: TokyoDate): number {
  return parts(date).d
}

/** `date` plus `days` calendar days (negative allowed). */
export function addDays(date: TokyoDate, days: number): TokyoDate {
  const p = parts(date)
  return format(p.y, p.m, p.d + days)
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: TokyoDate, b: TokyoDate): number {
  const pa = parts(a)
  const pb = parts(b)
  return Math.round((Date.UTC(pb.y, pb.m - 1, pb.d) - Date.UTC(pa.y, pa.m - 1, pa.d)) / DAY_MS)
}

/** The date `months` months after `date`'s month, on `min(anchorDay, days in that month)`. */
export function addMonthsAnchored(date: TokyoDate, months: number, anchorDay: number): TokyoDate {
  if (!Number.isInteger(anchorDay) || anchorDay < 1 || anchorDay > 31) throw new RangeError(`anchorDay must be 1–31, got ${anchorDay}`)
  const p = parts(date)
  const index = p.y * 12 + (p.m - 1) + months
  const y = Math.floor(index / 12)
  const m = (index % 12) + 1
  return format(y, m, Math.min(anchorDay, daysInMonth(y, m)))
}

/** The rhythm of a plan: what {@link nextPeriodStart} needs. */
export interface Cadence {
  interval: Interval
  intervalCount: number
}

/**
 * The start of the period after the one starting on `start`. Monthly periods land on the anchor day (clamped to
 * the month's length); weekly and daily ones add 7 × n or n days.
 */
export function nextPeriodStart(start: TokyoDate, cadence: Cadence, anchorDay: number): TokyoDate {
  switch (cadence.interval) {
    case 'month':
      return addMonthsAnchored(start, cadence.intervalCount, anchorDay)
    case 'week':
      return addDays(start, 7 * cadence.intervalCount)
    case 'day':
      return addDays(start, cadence.intervalCount)
  }
}

/** The first period boundary on or after `day`, walking from `start` on the subscription's rhythm. */
export function firstBoundaryOnOrAfter(start: TokyoDate, day: TokyoDate, cadence: Cadence, anchorDay: number): TokyoDate {
  let boundary = start
  // Bounded walk: a daily plan paused for years still ends; each step moves at least one day.
  for (let i = 0; boundary < day && i < 100_000; i++) boundary = nextPeriodStart(boundary, cadence, anchorDay)
  return boundary
}

/** The next `count` period starts after `start` (for "next billing dates" pages). */
export function upcomingPeriodStarts(start: TokyoDate, cadence: Cadence, anchorDay: number, count: number): TokyoDate[] {
  const out: TokyoDate[] = []
  let d = start
  for (let i = 0; i < count; i++) {
    d = nextPeriodStart(d, cadence, anchorDay)
    out.push(d)
  }
  return out
}

/** The first day of the month after `YYMM` (card expiry month): the card stops working at this instant. */
export function cardExpiryDate(cardExp: string): TokyoDate | undefined {
  const match = /^(\d{2})(\d{2})$/.exec(cardExp)
  if (!match) return undefined
  const y = 2000 + Number(match[1])
  const m = Number(match[2])
  if (m < 1 || m > 12) return undefined
  return format(y, m + 1, 1)
}
