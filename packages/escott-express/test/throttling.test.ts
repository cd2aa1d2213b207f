/**
 * Issue 11 finding 6 (card testing): payment attempts are limited per order and per client, with a lock-out and a
 * shopper message in Japanese and English, counted where the orders live (Postgres: shared by every process).
 * Over real HTTP against the sandbox.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import express from 'express'
import request from 'supertest'
import { startEmbeddedPostgres, type EmbeddedPostgres } from 'escott-flows/embedded-postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { escottRouter, openShopStore, orderCreationLimit, type ShopStore } from '../src/index.js'
import { CARD_DECLINE_G12, startStack, testAdminAuth, type Stack } from './helpers.js'

const consumed = (stack: Stack, token: string) => stack.sb.snapshot().tokens.find((t) => t.token === token)?.consumedAt !== undefined

async function declinedAttempt(stack: Stack, app: express.Express, orderId: string, lang = 'ja') {
  const token = await stack.token(CARD_DECLINE_G12)
  const res = await request(app).post(`/payment/checkout/${orderId}/card`).set('Accept-Language', lang).type('form').send({ token, payType: '01' })
  return { res, token }
}

/** A declined card: sent to the gateway, refused there, and the shopper is sent back to the checkout page (PRG). */
function expectDeclined(stack: Stack, attempt: { res: request.Response; token: string }) {
  expect(attempt.res.status).toBe(303)
  expect(attempt.res.headers.location).toMatch(/\/payment\/checkout\//)
  expect(consumed(stack, attempt.token)).toBe(true)
}

describe('payment attempts on one order', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ router: { limits: { perOrder: { limit: 3 } } } })
  })
  afterAll(() => stack.close())

  it('locks the order after the limit of declined cards: 429 with Retry-After and the shopper message, the gateway is not asked', async () => {
    const order = await stack.createOrder()
    for (let i = 0; i < 3; i++) expectDeclined(stack, await declinedAttempt(stack, stack.app, order.id))
    const locked = await declinedAttempt(stack, stack.app, order.id)
    expect(locked.res.status).toBe(429)
    expect(Number(locked.res.headers['retry-after'])).toBeGreaterThan(60)
    expect(locked.res.text).toContain('お支払いの試行回数が上限に達したため')
    expect(consumed(stack, locked.token)).toBe(false) // never sent to the gateway
    const en = await declinedAttempt(stack, stack.app, order.id, 'en')
    expect(en.res.status).toBe(429)
    expect(en.res.text).toContain('Too many payment attempts')
    expect((await stack.orders.get(order.id))!.status).toBe('pending')
    expect(stack.log.lines.some((l) => l.includes('payment attempts throttled') && l.includes('"scope":"order"'))).toBe(true)
    // another order of the same shopper is not locked by this one
    const other = await stack.createOrder()
    expectDeclined(stack, await declinedAttempt(stack, stack.app, other.id))
  })
})

describe('payment attempts from one client', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ router: { limits: { perClient: { limit: 4 } } } })
  })
  afterAll(() => stack.close())

  it('locks a client that tries cards on many orders', async () => {
    for (let i = 0; i < 4; i++) expectDeclined(stack, await declinedAttempt(stack, stack.app, (await stack.createOrder()).id))
    const fresh = await stack.createOrder()
    const locked = await declinedAttempt(stack, stack.app, fresh.id)
    expect(locked.res.status).toBe(429)
    expect(consumed(stack, locked.token)).toBe(false)
  })
})

describe('throttling turned off', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ router: { limits: false } })
  })
  afterAll(() => stack.close())

  it('lets every attempt through to the gateway with limits: false', async () => {
    const order = await stack.createOrder()
    for (let i = 0; i < 12; i++) expectDeclined(stack, await declinedAttempt(stack, stack.app, order.id))
  })
})

describe('counters in Postgres, shared by two processes of the shop', () => {
  let stack: Stack
  let dir: string
  let pg: EmbeddedPostgres | undefined
  let first: ShopStore
  let second: ShopStore
  let secondApp: express.Express
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'escott-throttle-pg-'))
    const databaseUrl = process.env.DATABASE_URL || (pg = await startEmbeddedPostgres({ dataDir: dir })).connectionString
    const tablePrefix = `t${process.pid}_`
    first = await openShopStore({ databaseUrl, tablePrefix })
    // Its own connection pool to the same database: another process of the shop behind the load balancer.
    second = await openShopStore({ databaseUrl, tablePrefix })
    stack = await startStack({ store: first, router: { limits: { perOrder: { limit: 2 } } } })
    secondApp = express().use(
      '/payment',
      escottRouter({ escott: stack.escott, store: second, adminAuth: testAdminAuth, threeDSecure: false, publicUrl: stack.url, limits: { perOrder: { limit: 2 } } }),
    )
  }, 120_000)
  afterAll(async () => {
    await second?.close()
    await stack?.close()
    await pg?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('counts attempts made through either process against the same limit', async () => {
    const order = await stack.createOrder()
    expectDeclined(stack, await declinedAttempt(stack, stack.app, order.id))
    expectDeclined(stack, await declinedAttempt(stack, secondApp, order.id))
    expect((await declinedAttempt(stack, stack.app, order.id)).res.status).toBe(429)
    expect((await declinedAttempt(stack, secondApp, order.id)).res.status).toBe(429)
  })
})

describe('order creation per client', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  })
  afterAll(() => stack.close())

  it('refuses the order over the limit with 429 and the shopper message, counted in the store', async () => {
    const app = express()
    app.post('/orders', orderCreationLimit({ store: stack.store, limit: { limit: 3 } }), async (_req, res) => {
      const order = await stack.createOrder()
      res.status(201).send(order.id)
    })
    for (let i = 0; i < 3; i++) expect((await request(app).post('/orders')).status).toBe(201)
    const before = (await stack.orders.list()).length
    const refused = await request(app).post('/orders').set('Accept-Language', 'ja')
    expect(refused.status).toBe(429)
    expect(refused.headers['retry-after']).toMatch(/^\d+$/)
    expect(refused.text).toContain('短時間に多くのご注文をいただいたため')
    expect((await stack.orders.list()).length).toBe(before)
  })
})
