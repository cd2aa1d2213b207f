/** A small wrapper over a node-postgres pool: queries, transactions, and the schema name every statement uses. */
import { createHash } from 'node:crypto'
import pg from 'pg'

/** Runs one statement; rows come back typed as the caller says. */
export type Query = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<{ rows: R[]; rowCount: number }>

export interface Database {
  /** Quoted-safe schema name (validated at construction). */
  readonly schema: string
  readonly pool: pg.Pool
  query: Query
  /** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK on error). */
  tx<T>(fn: (q: Query) => Promise<T>): Promise<T>
  close(): Promise<void>
}

const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,40}$/

/** True when `name` can be used as a schema name without quoting. */
export function isSchemaName(name: string): boolean {
  return SCHEMA_RE.test(name)
}

// DATE columns stay 'YYYY-MM-DD' strings: turning them into JS Dates would put the host's time zone back in.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 1082) return (v: string) => v
    return pg.types.getTypeParser(oid, format as 'text')
  },
}

/**
 * Every statement runs as a named (prepared) statement: PostgreSQL parses and plans it once per connection instead
 * of on every call. The billing's statements are few and fixed (the schema name is the only variable part), and
 * planning was a third of the database time of a charge (bench:subscriptions with BENCH_PROFILE=1). The name is a
 * hash of the text, so two texts never share one.
 */
const names = new Map<string, string>()
function statement(text: string, values: unknown[] | undefined): pg.QueryConfig {
  let name = names.get(text)
  if (name === undefined) {
    name = `eb_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`
    if (names.size < 1000) names.set(text, name)
  }
  return { name, text, values: values ?? [] }
}

export function openDatabase(options: { connectionString: string; schema: string; max?: number; onClose?: () => Promise<void> }): Database {
  if (!isSchemaName(options.schema)) throw new RangeError(`schema must match ${SCHEMA_RE}, got ${options.schema}`)
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10, types })
  // An idle client losing its connection (database restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  // Each execution of a prepared statement is planned for the tables as they are now. The generic plan PostgreSQL
  // otherwise keeps after five executions was made while charges was nearly empty (a new schema, a fresh
  // connection): a sequential scan of every charge per statement, run once per few charges — quadratic in the
  // number of subscriptions (bench:subscriptions, 4,000: 2.9 million charge rows read; 107,000 with this).
  // A session SET, not a startup option, which poolers such as PgBouncer refuse. Queries on a client run in order,
  // so it is in force before the pool hands the client out for its first statement.
  pool.on('connect', (client) => {
    client.query('SET plan_cache_mode = force_custom_plan').catch(() => {})
  })
  const query: Query = async (sql, params) => {
    const r = await pool.query(statement(sql, params))
    return { rows: r.rows, rowCount: r.rowCount ?? 0 }
  }
  let closed = false
  return {
    schema: options.schema,
    pool,
    query,
    async tx(fn) {
      const client = await pool.connect()
      const q: Query = async (sql, params) => {
        const r = await client.query(statement(sql, params))
        return { rows: r.rows, rowCount: r.rowCount ?? 0 }
      }
      try {
        await client.query('BEGIN')
        const result = await fn(q)
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
    async close() {
      if (closed) return
      closed = true
      await pool.end()
      await options.onClose?.()
    },
  }
}
