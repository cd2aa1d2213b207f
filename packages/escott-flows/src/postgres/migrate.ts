/**
 * A small versioned migrator: each component (escott-flows, an adapter) lists its migrations in order; the ones not
 * yet recorded in `<prefix>schema_migrations` run, each in its own transaction, under an advisory lock so several
 * processes may migrate at start-up at once.
 */
import type { PostgresPool } from './pool.js'

/** One schema change. `sql` gets the table prefix (letters, digits and `_` only). */
export interface Migration {
  version: number
  name: string
  sql: (prefix: string) => string
}

/** Options of {@link runMigrations}. */
export interface MigrationSet {
  /** Who owns the migrations, e.g. `escott-flows`; versions are counted per component. */
  component: string
  migrations: readonly Migration[]
  tablePrefix: string
}

/** Throws unless `prefix` is safe to paste into SQL as part of a table name. */
export function checkTablePrefix(prefix: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) throw new TypeError('tablePrefix may contain letters, digits and _ only')
  return prefix
}

/**
 * Applies the migrations of `set` that have not run yet; returns the versions applied now. `pool` is a `pg.Pool` or any
 * {@link PostgresPool} (e.g. connections borrowed from a framework's pool).
 */
export async function runMigrations(pool: PostgresPool, set: MigrationSet): Promise<number[]> {
  const prefix = checkTablePrefix(set.tablePrefix)
  const table = `${prefix}schema_migrations`
  const versions = set.migrations.map((m) => m.version)
  if (versions.some((v, i) => i > 0 && v <= versions[i - 1]!)) throw new TypeError(`${set.component}: migration versions must increase`)
  const client = await pool.connect()
  const applied: number[] = []
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`${table}:${set.component}`])
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
      component text NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      PRIMARY KEY (component, version)
    )`)
    const { rows } = await client.query(`SELECT version FROM ${table} WHERE component = $1`, [set.component])
    const done = new Set(rows.map((r: { version: number }) => r.version))
    for (const m of set.migrations) {
      if (done.has(m.version)) continue
      await client.query('BEGIN')
      try {
        await client.query(m.sql(prefix))
        await client.query(`INSERT INTO ${table} (component, version, name) VALUES ($1, $2, $3)`, [set.component, m.version, m.name])
        await client.query('COMMIT')
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      }
      applied.push(m.version)
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`${table}:${set.component}`]).catch(() => {})
    client.release()
  }
  return applied
}
