/**
 * escott-flows' conformance suite (vitest) on the stores the providers run on: the sessions (the flows' orders) in
 * memory and on PostgreSQL, and the flows' journal, once-keys and members — all on connections borrowed from a
 * Medusa-made knex pool, in a schema of its own (Medusa's `databaseSchema`), as in a Medusa app.
 */
import { ModulesSdkUtils } from '@medusajs/framework/utils'
import { newMerchantFree1 } from 'escott-core'
import { openPostgres, type OpenedPostgres } from 'escott-flows/embedded-postgres'
import { allSuites, orderPortSuite, runConformance } from 'escott-flows/testing'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { memoryEscottStores, postgresEscottStores, type EscottStores } from '../src/core/runtime.js'
import type { KnexLike } from '../src/core/knex-pool.js'
import type { SessionStore } from '../src/sessions/types.js'

const SCHEMA = 'escott_conformance'
let db: OpenedPostgres | undefined
let dir: string | undefined
let knex: (KnexLike & { destroy(): Promise<void>; raw(sql: string): Promise<unknown> }) | undefined

async function medusaKnex() {
  if (!knex) {
    if (!process.env.DATABASE_URL) dir = mkdtempSync(join(tmpdir(), 'escott-medusa-conformance-'))
    db = await openPostgres({ ...(dir && { dataDir: dir }) })
    knex = ModulesSdkUtils.createPgConnection({ clientUrl: db.connectionString, schema: SCHEMA }) as unknown as typeof knex
    await knex!.raw(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`)
  }
  return knex!
}

afterAll(async () => {
  await knex?.raw(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)
  await knex?.destroy()
  await db?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The orders suite needs a way to create payable orders: a card session as initiatePayment creates it. */
const ordersOf = (sessions: SessionStore) => ({
  port: sessions,
  create: async ({ amount, customerId = null }: { amount: number; customerId?: string | null }) => {
    const mf1 = newMerchantFree1()
    return sessions.create({ id: `payses_${mf1}`, merchantFree1: mf1, customerId, amount, method: null, extras: { medusaAmount: amount } })
  },
})

const suiteStores = (s: EscottStores) => ({ journal: s.journal, onceKeys: s.onceKeys, members: s.members, attempts: s.attempts, orders: ordersOf(s.sessions) })

runConformance({ name: 'escott-medusa memory', open: () => suiteStores(memoryEscottStores()), suites: allSuites })

let onKnex: EscottStores | undefined
runConformance({
  name: "escott-medusa postgres (Medusa's knex connections)",
  open: async () => {
    onKnex = postgresEscottStores(await medusaKnex())
    await Promise.all([onKnex.migrate!(), onKnex.migrate!()]) // two providers migrating at boot
    return suiteStores(onKnex)
  },
  suites: allSuites,
})

describe('the sessions beyond the flows’ port', () => {
  for (const [name, open] of [
    ['memory', async () => memoryEscottStores()],
    ['postgres', async () => onKnex ?? postgresEscottStores(await medusaKnex())],
  ] as const) {
    it(`${name}: creating twice keeps the first, extras merge and clear, customers' and unpaid convenience-store sessions are found`, async () => {
      const stores = await open()
      await stores.migrate?.()
      const s = stores.sessions
      const mf1 = newMerchantFree1()
      const first = await s.create({
        id: `payses_${mf1}`,
        merchantFree1: mf1,
        customerId: `EH${mf1}`,
        amount: 1200,
        method: 'cvs',
        extras: { medusaAmount: 870, cvs: { payer: { nameKanji: '山田', nameKana: 'ヤマダ', telNo: '0312345678' }, fee: 330 } },
      })
      expect(await s.create({ id: first.id, merchantFree1: mf1, customerId: null, amount: 1, method: 'card', extras: { medusaAmount: 1 } })).toMatchObject({
        amount: 1200,
        method: 'cvs',
        customerId: `EH${mf1}`,
      })
      expect(await s.setExtras(first.id, { returnUrl: 'https://shop.example.jp/checkout' })).toMatchObject({ extras: { medusaAmount: 870, returnUrl: 'https://shop.example.jp/checkout' } })
      expect((await s.setExtras(first.id, { returnUrl: undefined }))?.extras).not.toHaveProperty('returnUrl')
      expect((await s.listByCustomer(`EH${mf1}`)).map((x) => x.id)).toEqual([first.id])
      expect((await s.listUnpaidCvs()).some((x) => x.id === first.id)).toBe(false)
      await s.update(first.id, { status: 'unpaid', payment: { processId: 'P1', payLimit: new Date().toISOString() } })
      expect((await s.listUnpaidCvs()).map((x) => x.id)).toContain(first.id)
    })
  }
})

describe('Medusa’s database recreated under a running app (a restored backup; Medusa’s own test runner restores a template before every test)', () => {
  it('creates the tables again and carries on', async () => {
    const k = await medusaKnex()
    const stores = postgresEscottStores(k)
    await stores.migrate!()
    await k.raw(`DROP SCHEMA ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`)
    const mf1 = newMerchantFree1()
    const created = await stores.sessions.create({ id: `payses_${mf1}`, merchantFree1: mf1, customerId: null, amount: 500, method: 'card', extras: { medusaAmount: 500 } })
    expect(created).toMatchObject({ id: `payses_${mf1}`, status: 'pending' })
    const line = await stores.journal.append({ orderId: created.id, merchantFree1: mf1, operation: 'card.authorize', amount: 500 })
    expect((await stores.journal.list({ orderId: created.id })).map((l) => l.id)).toEqual([line.id])
  })
})

// The orders suite once more, alone, so a failure names the sessions table directly.
runConformance({ name: 'escott-medusa sessions', open: async () => ({ orders: ordersOf(postgresEscottStores(await medusaKnex()).sessions) }), suites: [orderPortSuite] })
