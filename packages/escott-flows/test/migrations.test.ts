import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type OpenedPostgres } from '../src/embedded-postgres/index.js'
import { runMigrations, type Migration } from '../src/postgres/index.js'

describe('runMigrations', () => {
  let db: OpenedPostgres
  let dir: string
  const pools: pg.Pool[] = []
  const pool = () => {
    const p = new pg.Pool({ connectionString: db.connectionString, max: 2 })
    p.on('error', () => {}) // an idle client told the server is shutting down
    pools.push(p)
    return p
  }
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'escott-flows-migrate-'))
    db = await openPostgres({ dataDir: dir })
  })
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()))
    await db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const steps = (table: string): Migration[] => [
    { version: 1, name: `${table} table`, sql: (p) => `CREATE TABLE ${p}${table} (id text PRIMARY KEY)` },
    { version: 2, name: `${table} note`, sql: (p) => `ALTER TABLE ${p}${table} ADD COLUMN note text` },
  ]

  it('puts the tables and their schema_migrations in a schema of their own (created when missing), each step once, with several components starting at once', async () => {
    const runs = Array.from({ length: 8 }, (_, i) =>
      runMigrations(pool(), { component: i % 2 ? 'billing' : 'shop', schema: 'own_schema', tablePrefix: '', migrations: steps(i % 2 ? 'invoices' : 'orders') }),
    )
    const applied = await Promise.all(runs)
    expect(applied.flat().sort()).toEqual([1, 1, 2, 2]) // each component's two steps ran in exactly one of the calls
    const c = pool()
    const tables = await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'own_schema' ORDER BY 1`)
    expect(tables.rows.map((r) => r.table_name)).toEqual(['invoices', 'orders', 'schema_migrations'])
    const recorded = await c.query(`SELECT component, version FROM own_schema.schema_migrations ORDER BY 1, 2`)
    expect(recorded.rows).toEqual([
      { component: 'billing', version: 1 },
      { component: 'billing', version: 2 },
      { component: 'shop', version: 1 },
      { component: 'shop', version: 2 },
    ])
    await c.query(`INSERT INTO own_schema.orders (id, note) VALUES ('o1', 'step 2 ran')`)
  })

  it('keeps a table prefix in the search_path when no schema is given, and within the schema when both are', async () => {
    expect(await runMigrations(pool(), { component: 'shop', tablePrefix: 'pre_', migrations: steps('orders') })).toEqual([1, 2])
    expect(await runMigrations(pool(), { component: 'shop', schema: 'other_schema', tablePrefix: 'pre_', migrations: steps('orders') })).toEqual([1, 2])
    const names = await pool().query(`SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_name LIKE 'pre\\_%' ORDER BY 1`)
    expect(names.rows.map((r) => r.t)).toEqual(['other_schema.pre_orders', 'other_schema.pre_schema_migrations', 'public.pre_orders', 'public.pre_schema_migrations'])
  })

  it('refuses names that are not safe to paste into SQL, and versions that do not increase', async () => {
    await expect(runMigrations(pool(), { component: 'x', schema: 'bad;drop', tablePrefix: '', migrations: [] })).rejects.toThrow(/schema may contain/)
    await expect(runMigrations(pool(), { component: 'x', tablePrefix: '', migrations: [] })).rejects.toThrow(/tablePrefix may contain/)
    await expect(runMigrations(pool(), { component: 'x', schema: 's', tablePrefix: 'a.b', migrations: [] })).rejects.toThrow(/tablePrefix may contain/)
    await expect(runMigrations(pool(), { component: 'x', tablePrefix: 'x_', migrations: [...steps('t')].reverse() })).rejects.toThrow(/must increase/)
  })
})
