/** One call to get a ready order store: external Postgres when a URL is given, embedded Postgres otherwise. */
import { startEmbeddedPostgres } from './embedded-postgres.js'
import { PostgresOrderStore } from './postgres.js'

/** Options of {@link openOrderStore}. */
export interface OpenOrderStoreOptions {
  /** External PostgreSQL; default `process.env.DATABASE_URL`. */
  databaseUrl?: string | undefined
  /** Folder of the embedded cluster, used when there is no `databaseUrl`; default `./.pgdata`. */
  dataDir?: string
  /** Stop the embedded cluster on `store.close()` even when it was already running (adopted); default: only when this call started it. */
  stopEmbeddedOnClose?: boolean
  tablePrefix?: string
  onLog?: (message: string) => void
}

/**
 * Opens a {@link PostgresOrderStore} and creates its tables. Uses `databaseUrl` (or `DATABASE_URL`) when set;
 * otherwise starts the embedded PostgreSQL cluster kept in `dataDir`, which `store.close()` stops again.
 */
export async function openOrderStore(options: OpenOrderStoreOptions = {}): Promise<PostgresOrderStore> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL
  if (databaseUrl) {
    const store = new PostgresOrderStore({ connectionString: databaseUrl, tablePrefix: options.tablePrefix })
    await store.migrate()
    return store
  }
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir ?? '.pgdata', onLog: options.onLog })
  const stop = embedded.started || options.stopEmbeddedOnClose
  const store = new PostgresOrderStore({
    connectionString: embedded.connectionString,
    tablePrefix: options.tablePrefix,
    onClose: stop ? () => embedded.stop() : undefined,
  })
  try {
    await store.migrate()
  } catch (err) {
    await store.close()
    throw err
  }
  return store
}
