import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Escott } from 'escott-core'
import type { Sandbox } from '../src/index.js'
import { AUT, client, DEMO_CARD, start, wire } from './helpers.js'

let sb: Sandbox
let escott: Escott

beforeAll(async () => {
  sb = await start()
  escott = client(sb, sb.merchant, { timeoutMs: 2000 })
})
afterEach(() => {
  sb.faults.clear()
})
afterAll(() => sb.close())

const txCount = () => sb.snapshot().transactions.length
const rawAuth = async () =>
  fetch(sb.url + AUT, {
    method: 'POST',
    body: new URLSearchParams({ MerchantId: sb.merchant.merchantId, MerchantPass: sb.merchant.merchantPass, TenantId: '0001', TransactionDate: '20000101', OperateId: '1Auth' }),
  })

describe('faults', () => {
  it('latency: per request and standing', async () => {
    sb.faults.next({ type: 'latency', ms: 300, operateId: '1Auth' })
    let t0 = Date.now()
    await escott.card.authorize({ amount: 100, token: await sb.createToken(DEMO_CARD) })
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
    sb.faults.set({ latencyMs: 200 })
    t0 = Date.now()
    await escott.tokens.retrieve(await sb.createToken(DEMO_CARD))
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190)
  })

  it('HTTP 5xx: nothing is processed', async () => {
    sb.faults.next({ type: 'http-error', status: 502 })
    const before = txCount()
    const res = await rawAuth()
    expect(res.status).toBe(502)
    expect(txCount()).toBe(before)
  })

  it('connection reset before processing: the client knows nothing happened', async () => {
    sb.faults.next({ type: 'reset-before-processing', operateId: '1Auth' })
    const before = txCount()
    const token = await sb.createToken(DEMO_CARD)
    const err = await escott.card.authorize({ amount: 100, token }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect(txCount()).toBe(before)
    // the token was not consumed either: the retry goes through
    expect((await escott.card.authorize({ amount: 100, token })).status).toBe('authorized')
  })

  it('connection reset after commit: outcome unknown to the client, but the transaction exists', async () => {
    sb.faults.next({ type: 'reset-after-commit', operateId: '1Auth' })
    const before = txCount()
    const err = await escott.card.authorize({ amount: 4321, token: await sb.createToken(DEMO_CARD), merchantFree1: 'unknown-1' }).catch((e: unknown) => e)
    expect((err as Error).name).toMatch(/OutcomeUnknown|Connection/)
    expect(txCount()).toBe(before + 1)
    expect(sb.snapshot().transactions.at(-1)).toMatchObject({ amount: 4321, merchantFree1: 'unknown-1', status: 'authorized' })
  })

  it('malformed body', async () => {
    sb.faults.next({ type: 'malformed-body' })
    const res = await rawAuth()
    expect(res.status).toBe(200)
    expect(await res.text()).not.toContain('=')
  })

  it('maintenance window: HTTP 503 page, K97 mode, and Wednesday mode on the sandbox clock', async () => {
    sb.faults.maintenance(true)
    expect((await rawAuth()).status).toBe(503)
    sb.faults.maintenance(true, 'k97')
    expect((await wire(sb)(AUT, { OperateId: '1Search' })).ResponseCd).toBe('K97')
    sb.faults.maintenance('wednesday')
    try {
      sb.clock.set('2030-01-02T03:00:00Z') // Wednesday 12:00 in Japan
      expect((await rawAuth()).status).toBe(503)
      sb.clock.set('2030-01-03T03:00:00Z') // Thursday
      expect((await rawAuth()).status).toBe(200)
    } finally {
      sb.clock.reset()
    }
  })

  it('scripted faults apply in order, only to matching requests, and via the admin route', async () => {
    const res = await fetch(`${sb.url}/_sandbox/faults/next`, {
      method: 'POST',
      body: JSON.stringify({
        faults: [
          { type: 'http-error', status: 500, operateId: '1Search' },
          { type: 'http-error', status: 503, operateId: '1Search' },
        ],
      }),
    })
    expect(res.status).toBe(200)
    expect((await rawAuth()).status).toBe(200) // 1Auth does not match
    const search = () => fetch(sb.url + AUT, { method: 'POST', body: new URLSearchParams({ OperateId: '1Search' }) }).then((r) => r.status)
    expect([await search(), await search(), await search()]).toEqual([500, 503, 200])
    expect(sb.faults.pending()).toEqual([])
  })
})
