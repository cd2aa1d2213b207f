/**
 * Issue 11 finding 2 over HTTP: HashCd = md5(ProcessPass + RecvNum + MerchantPass) covers neither MerchantFree1,
 * Amount nor ProcessId. One genuine notification — the body the sandbox gateway really sent for an 864-yen payment —
 * re-addressed to four other orders (5,830円 and more) marks none of them paid, also after a restart of the shop
 * (a fresh process on the same PostgreSQL database); sent against a card order it changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import { startEmbeddedPostgres, type EmbeddedPostgres } from 'escott-flows/embedded-postgres'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escottRouter, openShopStore, type Order, type ShopStore } from '../src/index.js'
import { eventually, startStack, testAdminAuth, type Stack } from './helpers.js'

describe('one genuine notification re-addressed to other orders', () => {
  let stack: Stack
  let dir: string
  let pg: EmbeddedPostgres | undefined
  let databaseUrl: string
  const tablePrefix = `n${process.pid}_`
  let restarted: ShopStore | undefined

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'escott-retarget-pg-'))
    databaseUrl = process.env.DATABASE_URL || (pg = await startEmbeddedPostgres({ dataDir: dir })).connectionString
    stack = await startStack({ store: await openShopStore({ databaseUrl, tablePrefix }) })
  }, 120_000)
  afterAll(async () => {
    await restarted?.close()
    await stack?.close()
    await pg?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  async function cvsOrder(amount: number): Promise<Order> {
    const order = await stack.createOrder({ amount })
    const res = await request(stack.app).post(`/payment/checkout/${order.id}/cvs`).type('form').send({ nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678' })
    expect(res.status).toBe(303)
    return (await stack.orders.get(order.id))!
  }
  const post = (app: express.Express, body: string) => request(app).post('/payment/cvs/notification').type('form').send(body)
  const readdress = (body: string, fields: Record<string, string>) => {
    const f = new URLSearchParams(body)
    for (const [k, v] of Object.entries(fields)) f.set(k, v)
    return f.toString()
  }

  it('marks none of four other orders paid — rewritten MerchantFree1, Amount and ProcessId — and none after a restart', async () => {
    const small = await cvsOrder(864)
    const paid = await stack.sb.payCvs(small.payment.kessaiNumber!)
    await eventually(async () => stack.sb.notifications().find((n) => n.processId === small.payment.processId)?.acknowledged)
    expect((await stack.orders.get(small.id))!.status).toBe('paid')
    const genuine = paid.notification!.body // exactly what the gateway sent, HashCd and all
    expect(new URLSearchParams(genuine).get('HashCd')).toMatch(/^[0-9a-f]{32}$/)

    const others = [await cvsOrder(5830), await cvsOrder(6200), await cvsOrder(9980), await cvsOrder(12000)]
    for (const o of others) {
      for (const body of [
        readdress(genuine, { MerchantFree1: o.merchantFree1 }),
        readdress(genuine, { MerchantFree1: o.merchantFree1, Amount: String(o.amount) }),
        readdress(genuine, { MerchantFree1: o.merchantFree1, Amount: String(o.amount), ProcessId: o.payment.processId! }),
      ]) {
        const res = await post(stack.app, body)
        expect([200, 403]).toContain(res.status)
        expect((await stack.orders.get(o.id))!.status).toBe('unpaid')
      }
    }

    // A restart: a new process of the shop (fresh memory) on the same database.
    restarted = await openShopStore({ databaseUrl, tablePrefix })
    const app = express().use('/payment', escottRouter({ escott: stack.escott, store: restarted, adminAuth: testAdminAuth, threeDSecure: false, publicUrl: stack.url }))
    for (const o of others) {
      await post(app, readdress(genuine, { MerchantFree1: o.merchantFree1, Amount: String(o.amount) }))
      await post(app, readdress(genuine, { MerchantFree1: o.merchantFree1, Amount: String(o.amount), ProcessId: o.payment.processId!, RecvNum: '999999' }))
      expect((await restarted.orders.get(o.id))!.status).toBe('unpaid')
    }
    // nothing at the gateway changed either: only the 864-yen slip is paid
    const paidSlips = stack.sb
      .snapshot()
      .cvs.filter((c) => c.status === 'paid')
      .map((c) => c.processId)
    expect(paidSlips).toEqual([small.payment.processId])
    expect((await restarted.orders.get(small.id))!.status).toBe('paid')
  })

  it('changes nothing when sent against a card order (it stays 与信済, not 要確認)', async () => {
    const small = await cvsOrder(864)
    const paid = await stack.sb.payCvs(small.payment.kessaiNumber!)
    const card = await stack.createOrder({ amount: 5500 })
    await request(stack.app)
      .post(`/payment/checkout/${card.id}/card`)
      .type('form')
      .send({ token: await stack.token() })
    const before = (await stack.orders.get(card.id))!
    expect(before.status).toBe('authorized')
    // re-addressed as is (864円 against a 5,500円 card order), and with the card order's amount and ProcessId
    await post(stack.app, readdress(paid.notification!.body, { MerchantFree1: before.merchantFree1 }))
    await post(stack.app, readdress(paid.notification!.body, { MerchantFree1: before.merchantFree1, Amount: '5500', ProcessId: before.payment.processId! }))
    const after = (await stack.orders.get(card.id))!
    expect(after.status).toBe('authorized')
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime())
  })
})
