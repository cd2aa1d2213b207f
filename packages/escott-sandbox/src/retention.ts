/**
 * How much the sandbox remembers. A long-running sandbox (a load test, a demo left on for weeks) must not grow without
 * bound, so each record family keeps at most a configured number of entries and forgets the least recently used
 * first. A forgotten record answers exactly as the gateway answers an id it does not know (KBZ for a ProcessId, K71
 * for a KaiinId, KHZ for a token) — the answer it gives anyway once a transaction passes its retention period — and
 * it never comes back. Maps iterate in insertion order, so "least recently used" is simply "first in the map" when
 * every use re-inserts the entry.
 */

/** Retention limits, counted per record family (see the README, "Memory bound"). */
export interface RetentionLimits {
  /**
   * Card transactions kept, and separately CVS payments, tokens, 3-D Secure authentications, finished notifications and
   * token-lock counters (default 10,000 each). `Infinity` keeps everything (the old behaviour).
   */
  transactions: number
  /** Card members (stored cards) kept (default 10,000). `Infinity` keeps everything. */
  members: number
}

export const DEFAULT_RETENTION: RetentionLimits = { transactions: 10_000, members: 10_000 }

/** How many records of each family were forgotten since start. */
export interface ForgottenCounts {
  transactions: number
  cvsPayments: number
  members: number
  tokens: number
  authentications: number
  notifications: number
  tokenLocks: number
}

export const noneForgotten = (): ForgottenCounts => ({ transactions: 0, cvsPayments: 0, members: 0, tokens: 0, authentications: 0, notifications: 0, tokenLocks: 0 })

/** Throws on a limit that is not a positive integer or `Infinity`. */
export function checkLimits(limits: Partial<RetentionLimits>): void {
  for (const [name, v] of Object.entries(limits)) {
    if (v === undefined) continue
    if (!(v === Infinity || (Number.isInteger(v) && v >= 1))) throw new Error(`retention.${name} must be a positive integer or Infinity, got ${String(v)}`)
  }
}

/** Marks an entry as just used: it moves to the newest end and is forgotten last. */
export function markUsed<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key)
  map.set(key, value)
}

interface Cursor {
  it: Iterator<[unknown, unknown]>
  /** An entry read from `it` but kept (`trim`'s `keep`), so it is still the oldest. */
  held: [unknown, unknown] | undefined
}

/**
 * One live iterator per map, kept between calls. A deleted Map entry leaves a hole at the front of V8's table until
 * the next rehash, so asking a fresh iterator for the oldest entry after every deletion skips thousands of holes
 * (~20 µs a time at 10,000 entries); a kept iterator stays past them and follows the table through rehashes.
 */
const cursors = new WeakMap<Map<unknown, unknown>, Cursor>()

function cursorOf<K, V>(map: Map<K, V>): Cursor {
  let c = cursors.get(map as Map<unknown, unknown>)
  if (!c) {
    c = { it: map.entries(), held: undefined }
    cursors.set(map as Map<unknown, unknown>, c)
  }
  return c
}

/** The oldest entry (and the cursor is past it). */
function nextOldest<K, V>(map: Map<K, V>, c: Cursor): [K, V] | undefined {
  if (c.held) {
    const [k, v] = c.held
    c.held = undefined
    if (map.get(k as K) === v) return [k as K, v as V]
  }
  let r = c.it.next()
  if (r.done) {
    // An exhausted iterator stays exhausted, even after new entries: start a new one.
    c.it = map.entries()
    r = c.it.next()
    if (r.done) return undefined
  }
  return r.value as [K, V]
}

/**
 * Forgets the least recently used entries until at most `limit` remain. `keep(v)` true stops at that entry (it and
 * everything newer stay: used for tokens still usable; only for maps whose entries are never re-inserted by
 * {@link markUsed}). Returns how many were forgotten.
 */
export function trim<K, V>(map: Map<K, V>, limit: number, forget?: (v: V) => void, keep?: (v: V) => boolean): number {
  let n = 0
  if (map.size <= limit) return n
  const c = cursorOf(map)
  while (map.size > limit) {
    const e = nextOldest(map, c)
    if (!e) break
    if (keep?.(e[1])) {
      c.held = e
      break
    }
    map.delete(e[0])
    forget?.(e[1])
    n++
  }
  return n
}

/**
 * Like {@link trim}, but passes over the entries `keep` protects (they move to the newest end) and forgets older
 * unprotected ones instead: for token-lock counters, where the few locks in force stay.
 */
export function trimAround<K, V>(map: Map<K, V>, limit: number, keep: (v: V) => boolean): number {
  let n = 0
  if (map.size <= limit) return n
  const c = cursorOf(map)
  for (let passes = map.size; map.size > limit && passes > 0; passes--) {
    const e = nextOldest(map, c)
    if (!e) break
    if (keep(e[1])) markUsed(map, e[0], e[1])
    else {
      map.delete(e[0])
      n++
    }
  }
  return n
}
