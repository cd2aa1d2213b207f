import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startEmbeddedPostgres } from 'escott-flows/embedded-postgres'
import { allSuites, runConformance, type StoresUnderTest } from 'escott-flows/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryShopStore, openShopStore, type ShopStore } from '../src/index.js'

const items = [{ sku: 'A', name: '抹茶', unitPrice: 1200, quantity: 2 }]

/** The shop store as escott-flows' conformance suite sees it: its four ports, orders created the shop's way. */
function underTest(store: ShopStore): StoresUnderTest {
  return {
    journal: store.journal,
    onceKeys: store.onceKeys,
    members: store.members,
    attempts: store.attempts,
    orders: {
      port: store.orders,
      create: ({ amount, customerId }) => store.orders.create({ items: [{ sku: 'T', name: 'テスト', unitPrice: amount, quantity: 1 }], customerId: customerId ?? null }),
    },
  }
}

/** What a shop's order store does beyond the flows' port. */
function shopOrders(name: string, get: () => ShopStore) {
  describe(`${name} shop orders`, () => {
    it('creates orders with integer yen totals and a unique MerchantFree1 link key', async () => {
      const { orders } = get()
      const a = await orders.create({ items, customerId: 'u1' })
      const b = await orders.create({ items })
      expect(a).toMatchObject({ subtotal: 2400, fee: 0, amount: 2400, status: 'pending', customerId: 'u1', method: null })
      expect(a.merchantFree1).toMatch(/^[A-Z0-9]{16}$/)
      expect(a.merchantFree1).not.toBe(b.merchantFree1)
      await expect(orders.create({ items: [{ sku: 'x', name: 'x', unitPrice: 10.5, quantity: 1 }] })).rejects.toThrow(/integer/)
      await expect(orders.create({ items: [] })).rejects.toThrow()
    })

    it('keeps the convenience-store fee and refuses one that is not integer yen', async () => {
      const { orders } = get()
      const o = await orders.create({ items })
      expect(await orders.update(o.id, { fee: 330, amount: 2730 })).toMatchObject({ fee: 330, amount: 2730, subtotal: 2400 })
      await expect(orders.update(o.id, { fee: 1.5 })).rejects.toThrow(/integer/)
    })

    it('lists newest first with filters', async () => {
      const { orders } = get()
      const o = await orders.create({ items, customerId: 'list-user' })
      await orders.update(o.id, { status: 'authorized', method: 'card' })
      expect((await orders.list({ customerId: 'list-user' })).map((x) => x.id)).toEqual([o.id])
      expect((await orders.list({ status: ['authorized'], method: 'card' })).some((x) => x.id === o.id)).toBe(true)
    })
  })
}

const memory = new MemoryShopStore()
runConformance({ name: 'express memory', open: () => underTest(memory), suites: allSuites })
shopOrders('memory', () => memory)

describe('embedded Postgres', () => {
  let dir: string
  let store: ShopStore
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'escott-pg-'))
    store = await openShopStore({ databaseUrl: '', dataDir: dir })
  })
  afterAll(async () => {
    await store?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  shopOrders('postgres', () => store)

  it('finds a cluster left running by a killed process and reuses it with its data', async () => {
    const o = await store.orders.create({ items })
    const again = await startEmbeddedPostgres({ dataDir: dir })
    expect(again.started).toBe(false)
    const second = await openShopStore({ databaseUrl: again.connectionString })
    try {
      expect((await second.orders.get(o.id))?.merchantFree1).toBe(o.merchantFree1)
    } finally {
      await second.close()
    }
  })
})

// The flows' conformance suite against the Postgres shop store (embedded, or the database DATABASE_URL names).
let pgDir: string | undefined
let pgStore: ShopStore | undefined
runConformance({
  name: 'express postgres',
  open: async () => {
    pgDir = mkdtempSync(join(tmpdir(), 'escott-pg-conf-'))
    pgStore = await openShopStore({ dataDir: pgDir, tablePrefix: `x${process.pid}_` })
    return underTest(pgStore)
  },
  close: async () => {
    await pgStore?.close()
    if (pgDir) rmSync(pgDir, { recursive: true, force: true })
  },
  suites: allSuites,
})
