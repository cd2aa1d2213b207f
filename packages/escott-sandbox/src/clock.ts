/** Sandbox time: the real clock plus an offset that tests move forward. */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/**
 * Parses a duration such as `'61d'`, `'2h30m'`, `'10s'`, `'500ms'` or a number of milliseconds.
 * @throws Error when the text is not a duration.
 */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a duration: ${value}`)
    return value
  }
  const text = value.trim()
  if (/^-?\d+$/.test(text)) return Number(text)
  const re = /(-?\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy
  let total = 0
  let matched = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    total += Number(m[1]) * UNITS[m[2]!]!
    matched = re.lastIndex
  }
  if (!text || matched !== text.length) throw new Error(`Not a duration: '${value}' (use e.g. '61d', '2h', '30m', '10s')`)
  return total
}

/** The sandbox clock. Every expiry (tokens, authorisations, CVS pay limits, challenge sessions) reads it. */
export class SandboxClock {
  #offset = 0
  #listeners: Array<() => void> = []

  /** @internal */
  constructor(offsetMs = 0, onChange?: () => void) {
    this.#offset = offsetMs
    if (onChange) this.#listeners.push(onChange)
  }

  /** @internal Called after every change of sandbox time (persistence, notification retries that fall due). */
  onChange(listener: () => void) {
    this.#listeners.push(listener)
  }

  #changed() {
    for (const l of this.#listeners) l()
  }

  /** Current sandbox time in epoch milliseconds. */
  nowMs(): number {
    return Date.now() + this.#offset
  }

  /** Current sandbox time. */
  now(): Date {
    return new Date(this.nowMs())
  }

  /** How far the sandbox clock is ahead of the real one, in milliseconds. */
  get offsetMs(): number {
    return this.#offset
  }

  /** Moves sandbox time forward (or back, with a negative value): `clock.advance('61d')`. Returns the new time. */
  advance(duration: string | number): Date {
    this.#offset += parseDuration(duration)
    this.#changed()
    return this.now()
  }

  /** Sets sandbox time to an instant (Date, epoch ms or ISO text). */
  set(instant: Date | string | number): Date {
    const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant)
    if (!Number.isFinite(ms)) throw new Error(`Not an instant: ${String(instant)}`)
    this.#offset = ms - Date.now()
    this.#changed()
    return this.now()
  }

  /** Back to real time. */
  reset(): Date {
    this.#offset = 0
    this.#changed()
    return this.now()
  }
}
