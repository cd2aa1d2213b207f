/** One call to get a ready store: external Postgres when a URL is given, escott-flows' embedded Postgres otherwise. */
import { openPostgres } from 'escott-flows/embedded-postgres'
import { PostgresShopStore } from './postgres.js'

/** Options of {@link openShopStore}. */
export interface OpenShopStoreOptions {
  /** External PostgreSQL; default `process.env.DATABASE_URL`. An empty string means "use the embedded one". */
  databaseUrl?: string | undefined
  /** Folder of the embedded cluster, used when there is no `databaseUrl`; default `./.pgdata`. */
  dataDir?: string
  /** Stop the embedded cluster on `store.close()` even when it was already running (adopted); default: only when this call started it. */
  stopEmbeddedOnClose?: boolean
  tablePrefix?: string
  onLog?: (message: string) => void
}

/**
 * Opens a {@link PostgresShopStore} and creates its tables. Uses `databaseUrl` (or `DATABASE_URL`) when set;
 * otherwise starts the embedded PostgreSQL cluster kept in `dataDir`, which `store.close()` stops again.
 *
 * @example
 * ```ts
 * const store = await openShopStore({ dataDir: '.pgdata' })
 * app.use('/payment', escottRouter({ escott, store, adminAuth }))
 * ```
 */
export async function openShopStore(options: OpenShopStoreOptions = {}): Promise<PostgresShopStore> {
  const db = await openPostgres({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir ?? '.pgdata',
    ...(options.onLog && { onLog: options.onLog }),
    ...(options.stopEmbeddedOnClose !== undefined && { stopOnClose: options.stopEmbeddedOnClose }),
  })
  const store = new PostgresShopStore({
    connectionString: db.connectionString,
    ...(options.tablePrefix !== undefined && { tablePrefix: options.tablePrefix }),
    onClose: () => db.close(),
  })
  try {
    await store.migrate()
  } catch (err) {
    await store.close()
    throw err
  }
  return store
}
