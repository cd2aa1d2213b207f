/**
 * issue 11 finding 6: per-order and per-client payment attempt limits with a lock-out, and a limit on order creation,
 * counted in the attempt-counter port (here memory; the Postgres counters pass the same conformance suite, and
 * escott-express's test runs two routers on one database).
 */
import { describe, expect, it } from 'vitest'
import { attemptLimits, checkOrderCreation, checkPaymentAttempt, clientKey, DEFAULT_ATTEMPT_LIMITS, isEscottFlowError, MemoryAttemptCounters } from '../src/index.js'

const t0 = new Date('2026-03-01T10:00:00+09:00')
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000)

describe('payment attempt limits', () => {
  it('locks an order after its limit, with a bilingual message, and lets it pay again after the lock', async () => {
    const counters = new MemoryAttemptCounters()
    const limits = attemptLimits({ perOrder: { limit: 3, lockMs: 15 * 60_000 } })
    for (let i = 0; i < 3; i++) expect((await checkPaymentAttempt(counters, { orderId: 'o1', client: `198.51.100.${i}` }, limits, at(i))).kind).toBe('allowed')
    const locked = await checkPaymentAttempt(counters, { orderId: 'o1', client: '198.51.100.9' }, limits, at(3))
    expect(locked).toMatchObject({ kind: 'locked', scope: 'order', retryAfterSeconds: 15 * 60 })
    if (locked.kind !== 'locked') throw new Error()
    expect(locked.shopper.ja).toContain('15分')
    expect(locked.shopper.en).toContain('15 minutes')
    expect((await checkPaymentAttempt(counters, { orderId: 'o2', client: '198.51.100.9' }, limits, at(4))).kind).toBe('allowed') // other orders are not locked
    expect((await checkPaymentAttempt(counters, { orderId: 'o1', client: '198.51.100.9' }, limits, at(19))).kind).toBe('allowed')
  })

  it('locks a client that tries many orders, an IPv6 client by its /64', async () => {
    const counters = new MemoryAttemptCounters()
    const limits = attemptLimits({ perClient: { limit: 5 } })
    for (let i = 0; i < 5; i++) expect((await checkPaymentAttempt(counters, { orderId: `o${i}`, client: `2001:db8:1:2::${i + 1}` }, limits, t0)).kind).toBe('allowed')
    expect(await checkPaymentAttempt(counters, { orderId: 'o9', client: '2001:db8:1:2:ffff::7' }, limits, t0)).toMatchObject({ kind: 'locked', scope: 'client' })
    expect((await checkPaymentAttempt(counters, { orderId: 'o9', client: '2001:db8:1:3::1' }, limits, t0)).kind).toBe('allowed')
  })

  it('1,326 declined attempts on one order in a minute: all but the first ten refused', async () => {
    const counters = new MemoryAttemptCounters()
    const verdicts = await Promise.all(
      Array.from({ length: 1326 }, (_, i) => checkPaymentAttempt(counters, { orderId: 'card-testing', client: `203.0.113.${i % 250}` }, DEFAULT_ATTEMPT_LIMITS, at(i / 1326))),
    )
    expect(verdicts.filter((v) => v.kind === 'allowed')).toHaveLength(DEFAULT_ATTEMPT_LIMITS.perOrder.limit)
  })
})

describe('order creation limit', () => {
  it('refuses the orders over the limit from one client, in both languages', async () => {
    const counters = new MemoryAttemptCounters()
    const limits = attemptLimits({ orderCreation: { limit: 20, windowMs: 30_000 } })
    const verdicts = await Promise.all(Array.from({ length: 100 }, () => checkOrderCreation(counters, { client: '192.0.2.7' }, limits, t0)))
    expect(verdicts.filter((v) => v.kind === 'allowed')).toHaveLength(20)
    const refused = verdicts.find((v) => v.kind === 'locked')
    expect(refused).toMatchObject({ scope: 'order_creation', shopper: { ja: expect.stringContaining('ご注文'), en: expect.stringContaining('Too many orders') } })
    expect((await checkOrderCreation(counters, { client: '192.0.2.8' }, limits, t0)).kind).toBe('allowed')
  })
})

describe('limits and keys', () => {
  it('refuses limits that are not positive integers, naming them', () => {
    const err = (() => {
      try {
        attemptLimits({ perOrder: { limit: 0 } })
      } catch (e) {
        return e
      }
    })()
    expect(isEscottFlowError(err, 'STORE_INPUT_INVALID')).toBe(true)
    expect(String((err as Error).message)).toContain('limits.perOrder.limit')
  })

  it('counts IPv4-mapped addresses as IPv4 and IPv6 by /64', () => {
    expect(clientKey('::ffff:198.51.100.4')).toBe('198.51.100.4')
    expect(clientKey('2001:db8::1')).toBe(clientKey('2001:0db8:0000:0000:ffff::9'))
    expect(clientKey('2001:db8::1')).toBe('2001:0db8:0000:0000::/64')
    expect(clientKey('[::1]')).toBe('0000:0000:0000:0000::/64')
  })
})
