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

/**
 * Forgets the least recently used entries until at most `limit` remain. `keep(v)` true stops at that entry (it and
 * everything newer stay: used for tokens still usable). Returns how many were forgotten.
 */
export function trim<K, V>(map: Map<K, V>, limit: number, forget?: (v: V) => void, keep?: (v: V) => boolean): number {
  let n = 0
  while (map.size > limit) {
    const first = map.entries().next()
    if (first.done) break
    const [k, v] = first.value
    if (keep?.(v)) break
    map.delete(k)
    forget?.(v)
    n++
  }
  return n
}

/**
 * Like {@link trim}, but passes over the entries `keep(v)` protects and forgets older unprotected ones instead (for
 * token-lock counters: the few locks in force stay wherever they are in the map).
 */
export function trimAround<K, V>(map: Map<K, V>, limit: number, keep: (v: V) => boolean): number {
  let n = 0
  if (map.size <= limit) return n
  for (const [k, v] of map) {
    if (map.size <= limit) break
    if (keep(v)) continue
    map.delete(k)
    n++
  }
  return n
}
