import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryOrderStore, openOrderStore, startEmbeddedPostgres, type OrderStore } from '../src/index.js'

const items = [{ sku: 'A', name: '抹茶', unitPrice: 1200, quantity: 2 }]

function contract(name: string, get: () => OrderStore) {
  describe(`${name} order store`, () => {
    it('creates orders with integer yen totals and a unique MerchantFree1 link key', async () => {
      const store = get()
      const a = await store.create({ items, customerId: 'u1' })
      const b = await store.create({ items })
      expect(a).toMatchObject({ subtotal: 2400, fee: 0, amount: 2400, status: 'pending', customerId: 'u1', method: null })
      expect(a.merchantFree1).toMatch(/^[A-Z0-9]{16}$/)
      expect(a.merchantFree1).not.toBe(b.merchantFree1)
      expect((await store.getByMerchantFree1(a.merchantFree1))?.id).toBe(a.id)
      await expect(store.create({ items: [{ sku: 'x', name: 'x', unitPrice: 10.5, quantity: 1 }] })).rejects.toThrow(/integer/)
      await expect(store.create({ items: [] })).rejects.toThrow()
    })

    it('updates with compare-and-set on the status, so only one request can claim an order', async () => {
      const store = get()
      const o = await store.create({ items })
      const results = await Promise.all(Array.from({ length: 5 }, () => store.update(o.id, { status: 'processing' }, ['pending'])))
      expect(results.filter(Boolean)).toHaveLength(1)
      const done = await store.update(o.id, { status: 'authorized', payment: { processId: 'P1', payType: '01', pendingSaveCard: true } })
      expect(done?.payment).toMatchObject({ processId: 'P1', pendingSaveCard: true })
      const cleared = await store.update(o.id, { payment: { pendingSaveCard: undefined, approveNo: '1234567' } })
      expect(cleared?.payment).toEqual({ processId: 'P1', payType: '01', approveNo: '1234567' })
      expect(await store.update('missing', { status: 'paid' })).toBeUndefined()
    })

    it('lists newest first with filters', async () => {
      const store = get()
      const o = await store.create({ items, customerId: 'list-user' })
      await store.update(o.id, { status: 'authorized', method: 'card' })
      const mine = await store.list({ customerId: 'list-user' })
      expect(mine.map((x) => x.id)).toEqual([o.id])
      expect((await store.list({ status: ['authorized'], method: 'card' })).some((x) => x.id === o.id)).toBe(true)
    })

    it('journals intents and results in order, and tracks resolution', async () => {
      const store = get()
      const e = await store.appendJournal({ orderId: 'o1', merchantFree1: 'LINK1', operation: 'card.authorize', amount: 100 })
      expect(e.outcome).toBe('pending')
      await store.completeJournal(e.id, 'ok', { processId: 'P' })
      const f = await store.appendJournal({ orderId: 'o1', merchantFree1: 'LINK1', operation: 'card.capture', outcome: 'failed', result: { codes: ['K12'] } })
      const lines = await store.journal({ orderId: 'o1' })
      expect(lines.map((l) => [l.operation, l.outcome])).toEqual([
        ['card.authorize', 'ok'],
        ['card.capture', 'failed'],
      ])
      expect(lines[0]!.result).toEqual({ processId: 'P' })
      await store.resolveJournal(f.id, 'canceled')
      expect((await store.journal({ orderId: 'o1', unresolved: true })).map((l) => l.id)).toEqual([e.id])
      // a card registration has no order: its lines are found by link key
      const reg = await store.appendJournal({ orderId: null, merchantFree1: 'REG1', operation: 'members.create', result: { via: '3ds', procNo: '1234567' } })
      expect((await store.journal({ merchantFree1: 'REG1', operation: ['members.create'] })).map((l) => l.id)).toEqual([reg.id])
      expect(await store.journal({ merchantFree1: 'REG1', operation: ['members.update'] })).toEqual([])
    })

    it('remembers notifications once', async () => {
      const store = get()
      expect(await store.recordNotification('P:1', null)).toBe(true)
      expect(await store.recordNotification('P:1', null)).toBe(false)
      expect(await store.hasNotification('P:1')).toBe(true)
    })

    it('keeps stored-card members', async () => {
      const store = get()
      await store.saveMember({ customerId: 'm1', kaiinId: 'MABC', kaiinPass: 'secret123456', maskedCard: null, brand: 'VISA' })
      await store.saveMember({ customerId: 'm1', kaiinId: 'MABC', kaiinPass: 'secret123456', maskedCard: '****1000', brand: 'VISA' })
      expect(await store.getMember('m1')).toMatchObject({ kaiinId: 'MABC', maskedCard: '****1000' })
      await store.deleteMember('m1')
      expect(await store.getMember('m1')).toBeUndefined()
    })
  })
}

const memory = new MemoryOrderStore()
contract('memory', () => memory)

describe('embedded Postgres', () => {
  let dir: string
  let store: OrderStore
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'escott-pg-'))
    store = await openOrderStore({ databaseUrl: '', dataDir: dir })
  })
  afterAll(async () => {
    await store?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  contract('postgres', () => store)

  it('finds a cluster left running by a killed process and reuses it with its data', async () => {
    const o = await store.create({ items })
    const again = await startEmbeddedPostgres({ dataDir: dir })
    expect(again.started).toBe(false)
    const second = await openOrderStore({ databaseUrl: again.connectionString })
    try {
      expect((await second.get(o.id))?.merchantFree1).toBe(o.merchantFree1)
    } finally {
      await second.close()
    }
  })
})
