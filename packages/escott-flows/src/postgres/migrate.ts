/**
 * A small versioned migrator: each component (escott-flows, an adapter) lists its migrations in order; the ones not
 * yet recorded in `<prefix>schema_migrations` run, each in its own transaction, under an advisory lock so several
 * processes may migrate at start-up at once.
 */
import type { PostgresPool } from './pool.js'

/**
 * One schema change. `sql` gets what goes before every table name: the table prefix, qualified by the schema when
 * the set names one (`escott_billing.` or `shop.escott_`); letters, digits, `_` and that one `.` only.
 */
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
  /** Put before every table name; may be empty when `schema` is given. */
  tablePrefix: string
  /**
   * A PostgreSQL schema of its own for the tables, created when missing (the `schema_migrations` table lives there
   * too). Omitted: the connection's `search_path`.
   */
  schema?: string | undefined
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Throws unless `prefix` is safe to paste into SQL as part of a table name. */
export function checkTablePrefix(prefix: string): string {
  if (!NAME.test(prefix)) throw new TypeError('tablePrefix may contain letters, digits and _ only')
  return prefix
}

/** The schema-qualified prefix of a set's tables. */
function qualifiedPrefix(set: MigrationSet): string {
  if (set.schema === undefined) return checkTablePrefix(set.tablePrefix)
  if (!NAME.test(set.schema)) throw new TypeError('schema may contain letters, digits and _ only, and not start with a digit')
  if (set.tablePrefix !== '') checkTablePrefix(set.tablePrefix)
  return `${set.schema}.${set.tablePrefix}`
}

/**
 * Applies the migrations of `set` that have not run yet, each in its own transaction; returns the versions applied
 * now. Any number of processes may call it at once, for any components (an advisory lock per schema, or per migrations table).
 * `pool` is a `pg.Pool` or any {@link PostgresPool} (e.g. connections borrowed from a framework's pool).
 *
 * @example
 * ```ts
 * import { runMigrations } from 'escott-flows/postgres'
 * await runMigrations(pool, {
 *   component: 'my-adapter',
 *   schema: 'my_adapter', // or tablePrefix: 'my_' in the search_path
 *   tablePrefix: '',
 *   migrations: [{ version: 1, name: 'orders', sql: (p) => `CREATE TABLE ${p}orders (id text PRIMARY KEY)` }],
 * })
 * ```
 */
export async function runMigrations(pool: PostgresPool, set: MigrationSet): Promise<number[]> {
  const prefix = qualifiedPrefix(set)
  const table = `${prefix}schema_migrations`
  const lockKey = set.schema !== undefined ? `escott-migrations:schema:${set.schema}` : `escott-migrations:${table}`
  const versions = set.migrations.map((m) => m.version)
  if (versions.some((v, i) => i > 0 && v <= versions[i - 1]!)) throw new TypeError(`${set.component}: migration versions must increase`)
  const client = await pool.connect()
  const applied: number[] = []
  try {
    // One lock per schema (or, without one, per migrations table), whatever the component: components sharing them
    // would otherwise race on creating them.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey])
    if (set.schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${set.schema}`)
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
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => {})
    client.release()
  }
  return applied
}
