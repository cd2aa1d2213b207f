/** The journal, once-keys and member stores on one PostgreSQL pool. */
import pg from 'pg'
import { runMigrations } from './migrate.js'
import { PostgresJournal } from './journal.js'
import { PostgresMembers } from './members.js'
import { PostgresOnceKeys } from './once-keys.js'
import { PostgresAttemptCounters } from './attempts.js'
import { checkTablePrefix } from './migrate.js'
import type { PostgresPool } from './pool.js'
import { FLOW_MIGRATIONS, flowTables } from './schema.js'

/** Options of {@link PostgresFlowStores}. */
export interface PostgresFlowStoresOptions<P extends PostgresPool = pg.Pool> {
  /**
   * An existing pool (not ended on `close()` unless `ownsPool`): a `pg.Pool`, or connections borrowed from a
   * framework's pool as a {@link PostgresPool}.
   */
  pool?: P
  /** Or a connection string, e.g. `postgres://user:pass@host:5432/db`. */
  connectionString?: string
  /** Prefix of the tables; default `escott_`. Letters, digits and `_` only. */
  tablePrefix?: string
  /** End the pool on `close()`; default true when this object created the pool. */
  ownsPool?: boolean
  /** Called after `close()` (e.g. to stop an embedded cluster). */
  onClose?: () => Promise<void>
}

/**
 * The flows' stores on PostgreSQL. Call {@link PostgresFlowStores.migrate} once before use (idempotent, safe from
 * several processes at once).
 *
 * @example
 * ```ts
 * import { PostgresFlowStores } from 'escott-flows/postgres'
 * const stores = new PostgresFlowStores({ connectionString: process.env.DATABASE_URL })
 * await stores.migrate()
 * await journaled(stores.journal, intent, () => escott.card.authorize(params), recordOf)
 * ```
 */
export class PostgresFlowStores<P extends PostgresPool = pg.Pool> {
  readonly pool: P
  readonly tablePrefix: string
  readonly journal: PostgresJournal
  readonly onceKeys: PostgresOnceKeys
  readonly members: PostgresMembers
  /** Attempt counters for throttling, shared by every process on this database. */
  readonly attempts: PostgresAttemptCounters
  readonly #ownsPool: boolean
  readonly #onClose: (() => Promise<void>) | undefined
  #closed = false

  constructor(options: PostgresFlowStoresOptions<P>) {
    this.tablePrefix = checkTablePrefix(options.tablePrefix ?? 'escott_')
    if (options.pool) this.pool = options.pool
    else if (options.connectionString) {
      const pool = new pg.Pool({ connectionString: options.connectionString, max: 10 })
      // An idle client losing its connection must not crash the process.
      pool.on('error', () => {})
      this.pool = pool as unknown as P
    } else throw new TypeError('PostgresFlowStores needs a pool or a connectionString')
    this.#ownsPool = options.ownsPool ?? !options.pool
    this.#onClose = options.onClose
    const t = flowTables(this.tablePrefix)
    this.journal = new PostgresJournal(this.pool, t.journal)
    this.onceKeys = new PostgresOnceKeys(this.pool, t.onceKeys)
    this.members = new PostgresMembers(this.pool, t.members)
    this.attempts = new PostgresAttemptCounters(this.pool, t.attempts)
  }

  /** Creates or upgrades the tables. */
  async migrate(): Promise<void> {
    await runMigrations(this.pool, { component: 'escott-flows', migrations: FLOW_MIGRATIONS, tablePrefix: this.tablePrefix })
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    if (this.#ownsPool) await (this.pool as unknown as { end?: () => Promise<void> }).end?.()
    await this.#onClose?.()
  }
}
