/** Insert-once keys on PostgreSQL: a primary key and `ON CONFLICT DO NOTHING` make the claim atomic. */
import type { PostgresQueryable } from './pool.js'
import type { OnceKeys } from '../ports.js'

/** {@link OnceKeys} on one table (`<prefix>once_keys`). */
export class PostgresOnceKeys implements OnceKeys {
  readonly #pool: PostgresQueryable
  readonly #table: string

  constructor(pool: PostgresQueryable, table: string) {
    this.#pool = pool
    this.#table = table
  }

  async claim(key: string, ref: string | null = null): Promise<boolean> {
    const { rowCount } = await this.#pool.query(`INSERT INTO ${this.#table} (key, ref) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [key, ref])
    return rowCount === 1
  }

  async has(key: string): Promise<boolean> {
    const { rows } = await this.#pool.query(`SELECT 1 FROM ${this.#table} WHERE key = $1`, [key])
    return rows.length > 0
  }

  async owner(key: string): Promise<string | null | undefined> {
    const { rows } = await this.#pool.query(`SELECT ref FROM ${this.#table} WHERE key = $1`, [key])
    return rows.length ? (rows[0] as { ref: string | null }).ref : undefined
  }
}
