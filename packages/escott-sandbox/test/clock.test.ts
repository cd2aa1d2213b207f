import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Escott } from 'escott-core'
import { parseDuration, type Sandbox } from '../src/index.js'
import { client, codesOf, DEMO_CARD, start } from './helpers.js'

let sb: Sandbox
let escott: Escott

beforeAll(async () => {
  sb = await start()
  escott = client(sb)
})
afterEach(() => {
  sb.clock.reset()
})
afterAll(() => sb.close())

describe('sandbox clock', () => {
  it('parses durations', () => {
    expect(parseDuration('61d')).toBe(61 * 86_400_000)
    expect(parseDuration('1h30m')).toBe(5_400_000)
    expect(parseDuration('500ms')).toBe(500)
    expect(parseDuration(42)).toBe(42)
    expect(() => parseDuration('soon')).toThrow(/duration/)
  })

  it('an authorisation older than 60 days can no longer be captured, changed or re-authorised (K14), only canceled', async () => {
    const tx = await escott.card.authorize({ amount: 1000, token: await sb.createToken(DEMO_CARD) })
    const ref = { processId: tx.processId, processPass: tx.processPass }
    sb.clock.advance('59d')
    await escott.card.changeAmount({ ...ref, amount: 900 })
    sb.clock.advance('2d')
    expect(await codesOf(escott.card.capture(ref))).toEqual(['K14'])
    expect(await codesOf(escott.card.changeAmount({ ...ref, amount: 800 }))).toEqual(['K14'])
    await escott.card.cancel(ref)
    const console = await fetch(sb.url + '/').then((r) => r.text())
    expect(console).toContain('canceled')
  })

  it('transactions disappear after the retention period (KBZ)', async () => {
    const tx = await escott.card.authorize({ amount: 1000, token: await sb.createToken(DEMO_CARD), capture: true })
    sb.clock.advance('211d')
    expect(await codesOf(escott.card.retrieve({ processId: tx.processId, processPass: tx.processPass }))).toEqual(['KBZ'])
  })

  it('the admin route moves time for another process; a recurring member charge works after a month', async () => {
    const member = { kaiinId: 'clk1', kaiinPass: 'pass1' }
    await escott.members.create({ ...member, token: await sb.createToken(DEMO_CARD) })
    const res = await fetch(`${sb.url}/_sandbox/clock/advance`, { method: 'POST', body: JSON.stringify({ by: '31d' }) })
    const body = (await res.json()) as { offsetMs: number; now: string }
    expect(body.offsetMs).toBeGreaterThanOrEqual(31 * 86_400_000)
    expect(Math.abs(Date.parse(body.now) - (Date.now() + 31 * 86_400_000))).toBeLessThan(5000)
    // clients keep stamping real dates: TransactionDate is accepted against real or sandbox time
    expect((await escott.card.authorize({ amount: 980, member })).status).toBe('authorized')
    await fetch(`${sb.url}/_sandbox/clock/reset`, { method: 'POST' })
    expect(sb.clock.offsetMs).toBe(0)
  })
})
