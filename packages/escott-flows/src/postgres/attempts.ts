/** Attempt counters on PostgreSQL: one upsert per hit, so concurrent hits from any number of processes count exactly. */
import type { PostgresQueryable } from './pool.js'
import type { AttemptCount, AttemptCounters, AttemptRule } from '../ports.js'
import { checkAttemptRule } from '../validate.js'

/** {@link AttemptCounters} on one table (`<prefix>attempts`). Times come from the caller's clock (`now`), not the database's. */
export class PostgresAttemptCounters implements AttemptCounters {
  readonly #pool: PostgresQueryable
  readonly #table: string
  #hits = 0

  constructor(pool: PostgresQueryable, table: string) {
    this.#pool = pool
    this.#table = table
  }

  async hit(key: string, rule: AttemptRule, now: Date = new Date()): Promise<AttemptCount> {
    checkAttemptRule(rule)
    const t = this.#table
    // $2 now, $3 window ms, $4 limit, $5 lock ms. A locked key is returned unchanged; a spent window (or an expired
    // lock) starts over at 1; otherwise the count goes up, and the hit over the limit sets the lock.
    const fresh = `a.window_end <= $2 OR a.locked_until IS NOT NULL`
    const { rows } = await this.#pool.query(
      `INSERT INTO ${t} AS a (key, window_end, count, locked_until)
       VALUES ($1, $2::timestamptz + $3 * interval '1 millisecond', 1, CASE WHEN 1 > $4 THEN $2::timestamptz + $5 * interval '1 millisecond' END)
       ON CONFLICT (key) DO UPDATE SET
         window_end = CASE WHEN a.locked_until > $2 THEN a.window_end WHEN ${fresh} THEN EXCLUDED.window_end ELSE a.window_end END,
         count = CASE WHEN a.locked_until > $2 THEN a.count WHEN ${fresh} THEN 1 ELSE a.count + 1 END,
         locked_until = CASE
           WHEN a.locked_until > $2 THEN a.locked_until
           WHEN (CASE WHEN ${fresh} THEN 1 ELSE a.count + 1 END) > $4 THEN $2::timestamptz + $5 * interval '1 millisecond'
         END
       RETURNING count, locked_until`,
      [key, now, rule.windowMs, rule.limit, rule.lockMs],
    )
    if (++this.#hits % 1000 === 0) await this.#sweep(now).catch(() => {})
    const row = rows[0] as { count: number; locked_until: Date | null }
    return { count: row.count, lockedUntil: row.locked_until }
  }

  async clear(key: string): Promise<void> {
    await this.#pool.query(`DELETE FROM ${this.#table} WHERE key = $1`, [key])
  }

  /** Spent counters take space only: drop the ones whose window and lock ended a day ago. */
  async #sweep(now: Date): Promise<void> {
    await this.#pool.query(`DELETE FROM ${this.#table} WHERE window_end < $1::timestamptz - interval '1 day' AND (locked_until IS NULL OR locked_until < $1::timestamptz - interval '1 day')`, [now])
  }
}
