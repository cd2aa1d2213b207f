import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { newMerchantFree1 } from 'escott-core'
import { MemoryOrders, memoryStores, type FlowOrder, type FlowOrderPatch, type OrderPort, type PaymentStatus } from '../src/index.js'
import { openPostgres, type OpenedPostgres } from '../src/embedded-postgres/index.js'
import { PostgresFlowStores, runMigrations, FLOW_MIGRATIONS, orderPatchSets, type PostgresPool, type Row } from '../src/postgres/index.js'
import { allSuites, attemptCountersSuite, journalSuite, membersSuite, onceKeysSuite, orderPortSuite, runConformance } from '../src/testing/index.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

runConformance({
  name: 'memory',
  open: () => {
    const orders = new MemoryOrders()
    return { ...memoryStores(), orders: { port: orders, create: (o) => orders.create(o) } }
  },
  suites: allSuites,
})

// Embedded PostgreSQL in a temporary folder, or the database DATABASE_URL names.
let db: OpenedPostgres | undefined
let dir: string | undefined
let pool: pg.Pool | undefined
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'escott-flows-pg-'))
  db = await openPostgres({ dataDir: dir })
  pool = new pg.Pool({ connectionString: db.connectionString, max: 8 })
  pool.on('error', () => {}) // an idle client told the cluster is stopping
})
afterAll(async () => {
  await pool?.end()
  await db?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

let stores: PostgresFlowStores | undefined
runConformance({
  name: 'postgres',
  open: async () => {
    stores = new PostgresFlowStores({ connectionString: db!.connectionString, tablePrefix: `t${process.pid}_` })
    await stores.migrate()
    await stores.migrate() // idempotent
    return stores
  },
  close: () => stores?.close(),
  suites: [journalSuite, onceKeysSuite, membersSuite],
})

/**
 * Connections lent one at a time by something that is not a pg.Pool, the way a framework lends its own pool's
 * connections (Medusa's knex): every statement borrows a client and gives it back.
 */
function lender(source: pg.Pool): PostgresPool & { lent: number } {
  const lent = { lent: 0 }
  return Object.assign(lent, {
    async query(text: string, values?: unknown[]) {
      const client = await source.connect()
      lent.lent++
      try {
        return await client.query(text, values)
      } finally {
        client.release()
      }
    },
    async connect() {
      const client = await source.connect()
      lent.lent++
      return { query: (text: string, values?: unknown[]) => client.query(text, values), release: () => client.release() }
    },
  })
}

let borrowed: ReturnType<typeof lender> | undefined
runConformance({
  name: 'postgres on borrowed connections',
  open: async () => {
    borrowed = lender(pool!)
    const onBorrowed = new PostgresFlowStores({ pool: borrowed, tablePrefix: `b${process.pid}_` })
    await onBorrowed.migrate()
    return onBorrowed
  },
  suites: [journalSuite, onceKeysSuite, membersSuite, attemptCountersSuite],
})

/** The smallest order table an adapter would write, its `update` built from `orderPatchSets`. */
class SqlOrders implements OrderPort {
  constructor(readonly table: string) {}
  static toOrder(r: Row): FlowOrder {
    return {
      id: r.id,
      merchantFree1: r.merchant_free1,
      customerId: r.customer_id,
      amount: r.amount,
      method: r.method,
      status: r.status,
      payment: r.payment,
      lastError: r.last_error,
      updatedAt: r.updated_at,
    }
  }
  async create(input: { amount: number; customerId?: string | null }): Promise<FlowOrder> {
    const id = `o-${newMerchantFree1()}`
    const { rows } = await pool!.query(`INSERT INTO ${this.table} (id, merchant_free1, customer_id, amount) VALUES ($1, $2, $3, $4) RETURNING *`, [
      id,
      newMerchantFree1(),
      input.customerId ?? null,
      input.amount,
    ])
    return SqlOrders.toOrder(rows[0])
  }
  async get(id: string) {
    const { rows } = await pool!.query(`SELECT * FROM ${this.table} WHERE id = $1`, [id])
    return rows[0] ? SqlOrders.toOrder(rows[0]) : undefined
  }
  async getByMerchantFree1(merchantFree1: string) {
    const { rows } = await pool!.query(`SELECT * FROM ${this.table} WHERE merchant_free1 = $1`, [merchantFree1])
    return rows[0] ? SqlOrders.toOrder(rows[0]) : undefined
  }
  async update(id: string, patch: FlowOrderPatch, expectStatus?: readonly PaymentStatus[]) {
    const values: unknown[] = [id]
    const sets = [...orderPatchSets(patch, values), 'updated_at = clock_timestamp()']
    let where = 'id = $1'
    if (expectStatus) {
      values.push([...expectStatus])
      where += ` AND status = ANY($${values.length}::text[])`
    }
    const { rows } = await pool!.query(`UPDATE ${this.table} SET ${sets.join(', ')} WHERE ${where} RETURNING *`, values)
    return rows[0] ? SqlOrders.toOrder(rows[0]) : undefined
  }
}

runConformance({
  name: 'an adapter order table updated through orderPatchSets',
  open: async () => {
    const orders = new SqlOrders(`o${process.pid}_orders`)
    await pool!.query(`CREATE TABLE ${orders.table} (id text PRIMARY KEY, merchant_free1 text UNIQUE NOT NULL, customer_id text, amount integer NOT NULL,
      method text, status text NOT NULL DEFAULT 'pending', payment jsonb NOT NULL DEFAULT '{}', last_error jsonb, updated_at timestamptz NOT NULL DEFAULT clock_timestamp())`)
    return { orders: { port: orders, create: (o) => orders.create(o) } }
  },
  suites: [orderPortSuite],
})

describe('migrations on borrowed connections', () => {
  it('run once when several processes start at the same moment, and leave the lent connections returned', async () => {
    const prefix = `m${process.pid}_`
    const lenders = [1, 2, 3, 4].map(() => lender(pool!))
    const applied = await Promise.all(lenders.map((l) => runMigrations(l, { component: 'escott-flows', migrations: FLOW_MIGRATIONS, tablePrefix: prefix })))
    expect(applied.flat().sort()).toEqual(FLOW_MIGRATIONS.map((m) => m.version))
    expect(lenders.every((l) => l.lent > 0)).toBe(true)
    expect(borrowed!.lent).toBeGreaterThan(0)
    expect(pool!.idleCount).toBe(pool!.totalCount) // nothing kept checked out
  })
})
