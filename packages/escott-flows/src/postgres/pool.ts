/**
 * What the Postgres stores need of a connection pool: node-postgres' `Pool` has it, and so can a pool an adapter
 * borrows from its framework (Medusa lends its knex pool's raw pg connections), so the flows' tables can live in the
 * framework's own database on the framework's own connections.
 */

/** A query answer, as node-postgres returns it. */
export interface PostgresResult {
  rows: any[]
  rowCount: number | null
}

/** Something that runs one parameterised statement (`$1`, `$2`, … placeholders). */
export interface PostgresQueryable {
  query(text: string, values?: unknown[]): Promise<PostgresResult>
}

/** A connection lent by a {@link PostgresPool}: statements on it run in order on one session (transactions, locks). */
export interface PostgresConnection extends PostgresQueryable {
  release(err?: Error | boolean): void
}

/**
 * A pool: single statements on any connection, and `connect()` for a session of its own (the migrator takes an
 * advisory lock and runs each migration in a transaction). A `pg.Pool` is one.
 */
export interface PostgresPool extends PostgresQueryable {
  connect(): Promise<PostgresConnection>
}
