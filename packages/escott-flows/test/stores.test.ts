import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryOrders, memoryStores } from '../src/index.js'
import { openPostgres, type OpenedPostgres } from '../src/embedded-postgres/index.js'
import { PostgresFlowStores } from '../src/postgres/index.js'
import { allSuites, attemptCountersSuite, journalSuite, membersSuite, onceKeysSuite, runConformance } from '../src/testing/index.js'

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
let stores: PostgresFlowStores | undefined
runConformance({
  name: 'postgres',
  open: async () => {
    dir = mkdtempSync(join(tmpdir(), 'escott-flows-pg-'))
    db = await openPostgres({ dataDir: dir })
    stores = new PostgresFlowStores({ connectionString: db.connectionString, tablePrefix: `t${process.pid}_` })
    await stores.migrate()
    await stores.migrate() // idempotent
    return stores
  },
  close: async () => {
    await stores?.close()
    await db?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  },
  suites: [journalSuite, onceKeysSuite, membersSuite, attemptCountersSuite],
})
