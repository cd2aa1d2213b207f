import { Escott, isEscottConfigurationError } from 'escott-core'
import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { openDatabase } from '../src/db/database.js'
import { createBilling } from '../src/index.js'
import { databaseUrl, freshSchema, stopDatabase } from './helpers.js'

afterAll(stopDatabase)

// No gateway call happens while migrating: a client pointed nowhere is enough.
const escott = new Escott({ merchantId: 'M1', merchantPass: 'pass', baseUrl: 'http://127.0.0.1:9' })

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: await databaseUrl() })
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.end()
  }
}

it('migrates with escott-flows runMigrations into its own schema, once, however many instances (each its own pool) start at the same moment', async () => {
  const schema = freshSchema()
  const url = await databaseUrl()
  const billings = await Promise.all(Array.from({ length: 5 }, () => createBilling({ escott, databaseUrl: url, schema })))
  await Promise.all(billings.map((b) => b.close()))
  await withAdmin(async (admin) => {
    const steps = await admin.query(`SELECT component, version FROM ${schema}.schema_migrations`)
    expect(steps.rows).toEqual([{ component: 'escott-subscriptions', version: 1 }])
    const tables = await admin.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema])
    expect(tables.rows.map((r) => r.table_name)).toEqual(['charges', 'events', 'plans', 'schema_migrations', 'subscriptions'])
  })
  const again = await createBilling({ escott, databaseUrl: url, schema }) // and again at the next start: nothing to do
  await again.close()
})

it('adopts the migrations table of the earlier built-in migrator (a kept .billing folder), keeping the data', async () => {
  const schema = freshSchema()
  const url = await databaseUrl()
  const first = await createBilling({ escott, databaseUrl: url, schema })
  await first.plans.create({ id: 'kept', name: 'kept plan', amount: 1000, interval: 'month' })
  await first.close()
  await withAdmin((admin) =>
    // What the built-in migrator left: (version PRIMARY KEY, name, applied_at), no component.
    admin.query(`DROP TABLE ${schema}.schema_migrations;
      CREATE TABLE ${schema}.schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      INSERT INTO ${schema}.schema_migrations (version, name) VALUES (1, 'plans, subscriptions, charges, events outbox');`),
  )
  const billings = await Promise.all(Array.from({ length: 3 }, () => createBilling({ escott, databaseUrl: url, schema })))
  expect((await billings[0]!.plans.retrieve('kept')).amount).toBe(1000)
  await Promise.all(billings.map((b) => b.close()))
  await withAdmin(async (admin) => {
    expect((await admin.query(`SELECT component, version FROM ${schema}.schema_migrations`)).rows).toEqual([{ component: 'escott-subscriptions', version: 1 }])
  })
})

it('refuses a schema a newer escott-subscriptions already moved on, with a configuration error that says to upgrade', async () => {
  const schema = freshSchema()
  const url = await databaseUrl()
  await (await createBilling({ escott, databaseUrl: url, schema })).close()
  await withAdmin((admin) => admin.query(`INSERT INTO ${schema}.schema_migrations (component, version, name) VALUES ('escott-subscriptions', 99, 'from the future')`))
  const err = await createBilling({ escott, databaseUrl: url, schema }).catch((e: unknown) => e)
  expect(isEscottConfigurationError(err)).toBe(true)
  expect((err as Error).message).toMatch(/version 99.*upgrade the package/)
})

it('plans each execution of a statement for the tables as they are now: never a generic plan kept from when charges was nearly empty', async () => {
  const schema = freshSchema()
  const billing = await createBilling({ escott, databaseUrl: await databaseUrl(), schema })
  await billing.close()
  // One connection, so every execution below is of the same prepared statement on the same session.
  const db = openDatabase({ connectionString: await databaseUrl(), schema, max: 1 })
  try {
    for (let i = 0; i < 8; i++) await db.query(`SELECT status FROM ${schema}.charges WHERE id = $1`, [`chg_${i}`])
    const { rows } = await db.query<{ generic: string; custom: string }>(
      `SELECT sum(generic_plans)::text AS generic, sum(custom_plans)::text AS custom FROM pg_prepared_statements WHERE statement LIKE '%' || $1 || '.charges%'`,
      [schema],
    )
    // PostgreSQL's default switches to a generic plan after five custom ones (3 generic, 5 custom here).
    expect(rows[0]).toEqual({ generic: '0', custom: '8' })
  } finally {
    await db.close()
  }
})
