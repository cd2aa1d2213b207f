/** Attempt counters kept in process memory (one process only: use the Postgres counters behind a load balancer). */
import type { AttemptCount, AttemptCounters, AttemptRule } from '../ports.js'
import { checkAttemptRule } from '../validate.js'

interface Counter {
  windowEnd: number
  count: number
  lockedUntil: number | null
}

/** {@link AttemptCounters} in memory. Spent counters are swept as new keys come, so memory follows live traffic only. */
export class MemoryAttemptCounters implements AttemptCounters {
  readonly #counters = new Map<string, Counter>()
  #sweepAt = 1024

  async hit(key: string, rule: AttemptRule, now: Date = new Date()): Promise<AttemptCount> {
    checkAttemptRule(rule)
    const t = now.getTime()
    let c = this.#counters.get(key)
    if (c && c.lockedUntil !== null && c.lockedUntil > t) return { count: c.count, lockedUntil: new Date(c.lockedUntil) }
    if (!c || c.windowEnd <= t || c.lockedUntil !== null) {
      c = { windowEnd: t + rule.windowMs, count: 0, lockedUntil: null }
      this.#counters.set(key, c)
      if (this.#counters.size > this.#sweepAt) this.#sweep(t)
    }
    c.count++
    if (c.count > rule.limit) c.lockedUntil = t + rule.lockMs
    return { count: c.count, lockedUntil: c.lockedUntil === null ? null : new Date(c.lockedUntil) }
  }

  async clear(key: string): Promise<void> {
    this.#counters.delete(key)
  }

  #sweep(t: number) {
    for (const [k, c] of this.#counters) if (c.windowEnd <= t && (c.lockedUntil === null || c.lockedUntil <= t)) this.#counters.delete(k)
    this.#sweepAt = Math.max(1024, this.#counters.size * 2)
  }
}
