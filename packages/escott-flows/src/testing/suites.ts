/** The suites every store of the flows' ports must pass. */
import { expect } from 'vitest'
import { isEscottFlowError } from '../errors.js'
import { createTestSuite } from './suite.js'

const link = () => `T${Math.random().toString(36).slice(2, 12).toUpperCase()}`

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isEscottFlowError(err), `expected an EscottFlowError ${code}, got ${String(err)}`).toBe(true)
  expect((err as { code: string }).code).toBe(code)
}

export const journalSuite = createTestSuite('journal', ['journal'], {
  'writes an intent line as pending, without a completion time': async ({ journal }) => {
    const mf1 = link()
    const line = await journal.append({ orderId: 'o-1', merchantFree1: mf1, operation: 'card.authorize', amount: 1980 })
    expect(line).toMatchObject({ orderId: 'o-1', merchantFree1: mf1, operation: 'card.authorize', amount: 1980, outcome: 'pending', result: null })
    expect(line.id).toEqual(expect.any(String))
    expect(line.createdAt).toBeInstanceOf(Date)
    expect(line.completedAt).toBeNull()
    expect(line.resolution).toBeNull()
  },

  'completes a line, merging the result into what the intent held': async ({ journal }) => {
    const mf1 = link()
    const line = await journal.append({ orderId: null, merchantFree1: mf1, operation: 'members.create', result: { via: '3ds', procNo: '0001234' } })
    await journal.complete(line.id, 'ok', { kaiinId: 'MABC', note: '登録済み', nested: { a: [1, 2] }, gone: undefined })
    const [done] = await journal.list({ merchantFree1: mf1 })
    expect(done).toMatchObject({ outcome: 'ok', result: { via: '3ds', procNo: '0001234', kaiinId: 'MABC', note: '登録済み', nested: { a: [1, 2] } } })
    expect(done!.result).not.toHaveProperty('gone')
    expect(done!.completedAt).toBeInstanceOf(Date)
    await journal.complete(line.id, 'failed')
    expect((await journal.list({ merchantFree1: mf1 }))[0]!.result).toMatchObject({ kaiinId: 'MABC' })
  },

  'writes a line that is complete when written (a rejected notification)': async ({ journal }) => {
    const line = await journal.append({ orderId: null, merchantFree1: link(), operation: 'cvs.notification', outcome: 'failed', result: { reason: 'amount' } })
    expect(line.outcome).toBe('failed')
    expect(line.completedAt).toBeInstanceOf(Date)
  },

  'lists oldest first, filtered by order, link key, outcome, operation and resolution': async ({ journal }) => {
    const order = `o-${link()}`
    const mf1 = link()
    const a = await journal.append({ orderId: order, merchantFree1: mf1, operation: 'card.authorize', amount: 100 })
    await journal.complete(a.id, 'ok', { processId: 'P1' })
    const b = await journal.append({ orderId: order, merchantFree1: mf1, operation: 'card.capture', outcome: 'failed', result: { codes: ['K12'] } })
    const c = await journal.append({ orderId: order, merchantFree1: mf1, operation: 'card.cancel' })
    expect((await journal.list({ orderId: order })).map((l) => l.id)).toEqual([a.id, b.id, c.id])
    expect((await journal.list({ merchantFree1: mf1, outcome: ['pending', 'failed'] })).map((l) => l.id)).toEqual([b.id, c.id])
    expect((await journal.list({ orderId: order, operation: ['card.capture', 'card.cancel'] })).map((l) => l.id)).toEqual([b.id, c.id])
    await journal.resolve(b.id, 'canceled')
    expect((await journal.list({ orderId: order, unresolved: true })).map((l) => l.id)).toEqual([a.id, c.id])
    const resolved = (await journal.list({ orderId: order })).find((l) => l.id === b.id)!
    expect(resolved.resolution).toBe('canceled')
    expect(resolved.resolvedAt).toBeInstanceOf(Date)
    expect(await journal.list({ merchantFree1: link() })).toEqual([])
  },

  'refuses unknown lines with JOURNAL_ENTRY_NOT_FOUND': async ({ journal }) => {
    await rejectsWith(journal.complete('no-such-line', 'ok'), 'JOURNAL_ENTRY_NOT_FOUND')
    await rejectsWith(journal.resolve('no-such-line', 'completed'), 'JOURNAL_ENTRY_NOT_FOUND')
  },

  'refuses an amount that is not integer yen with STORE_INPUT_INVALID': async ({ journal }) => {
    await rejectsWith(journal.append({ orderId: null, merchantFree1: link(), operation: 'card.authorize', amount: 10.5 }), 'STORE_INPUT_INVALID')
    await rejectsWith(journal.append({ orderId: null, merchantFree1: '', operation: 'card.authorize' }), 'STORE_INPUT_INVALID')
  },

  'hands out copies: changing a returned line changes nothing stored': async ({ journal }) => {
    const mf1 = link()
    const line = await journal.append({ orderId: null, merchantFree1: mf1, operation: 'card.authorize', result: { a: 1 } })
    line.result!.a = 2
    line.outcome = 'ok'
    expect((await journal.list({ merchantFree1: mf1 }))[0]).toMatchObject({ outcome: 'pending', result: { a: 1 } })
  },
})

export const onceKeysSuite = createTestSuite('once-keys', ['onceKeys'], {
  'claims a key once': async ({ onceKeys }) => {
    const key = `k:${link()}`
    expect(await onceKeys.has(key)).toBe(false)
    expect(await onceKeys.claim(key, 'order-1')).toBe(true)
    expect(await onceKeys.claim(key, 'order-2')).toBe(false)
    expect(await onceKeys.has(key)).toBe(true)
    expect(await onceKeys.claim(`${key}:other`)).toBe(true)
  },

  'gives exactly one of twenty concurrent claims of a key': async ({ onceKeys }) => {
    const key = `race:${link()}`
    const results = await Promise.all(Array.from({ length: 20 }, () => onceKeys.claim(key, null)))
    expect(results.filter(Boolean)).toHaveLength(1)
  },

  'tells who claimed a key (the ref, null without one, undefined when unclaimed)': async ({ onceKeys }) => {
    const key = `owner:${link()}`
    expect(await onceKeys.owner(key)).toBeUndefined()
    await onceKeys.claim(key, 'order-7')
    expect(await onceKeys.claim(key, 'order-8')).toBe(false)
    expect(await onceKeys.owner(key)).toBe('order-7')
    const bare = `owner:${link()}`
    await onceKeys.claim(bare)
    expect(await onceKeys.owner(bare)).toBeNull()
  },

  'names one owner of twenty concurrent claims by different refs': async ({ onceKeys }) => {
    const key = `owner-race:${link()}`
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => onceKeys.claim(key, `order-${i}`).then((won) => (won ? `order-${i}` : undefined))))
    const winners = results.filter(Boolean)
    expect(winners).toHaveLength(1)
    expect(await onceKeys.owner(key)).toBe(winners[0])
  },
})

const minute = 60_000

export const attemptCountersSuite = createTestSuite('attempt counters', ['attempts'], {
  'counts hits in a window and locks the key on the hit over the limit': async ({ attempts }) => {
    const key = `order:${link()}`
    const rule = { limit: 3, windowMs: 10 * minute, lockMs: 30 * minute }
    const t0 = new Date('2026-01-01T00:00:00Z')
    const at = (ms: number) => new Date(t0.getTime() + ms)
    expect(await attempts.hit(key, rule, t0)).toEqual({ count: 1, lockedUntil: null })
    expect((await attempts.hit(key, rule, at(1000))).count).toBe(2)
    expect((await attempts.hit(key, rule, at(2000))).count).toBe(3)
    const over = await attempts.hit(key, rule, at(3000))
    expect(over.count).toBe(4)
    expect(over.lockedUntil?.getTime()).toBe(at(3000).getTime() + 30 * minute)
    // Locked: refused and not counted, even after the window would have ended.
    const still = await attempts.hit(key, rule, at(20 * minute))
    expect(still.lockedUntil?.getTime()).toBe(over.lockedUntil!.getTime())
    expect(still.count).toBe(4)
    // After the lock: a fresh window.
    expect(await attempts.hit(key, rule, at(40 * minute))).toEqual({ count: 1, lockedUntil: null })
  },

  'starts a new window once the old one has passed': async ({ attempts }) => {
    const key = `client:${link()}`
    const rule = { limit: 2, windowMs: minute, lockMs: minute }
    const t0 = new Date('2026-01-01T00:00:00Z')
    await attempts.hit(key, rule, t0)
    expect((await attempts.hit(key, rule, new Date(t0.getTime() + 59_000))).count).toBe(2)
    expect(await attempts.hit(key, rule, new Date(t0.getTime() + 61_000))).toEqual({ count: 1, lockedUntil: null })
  },

  'counts twenty concurrent hits exactly once each': async ({ attempts }) => {
    const key = `race:${link()}`
    const rule = { limit: 15, windowMs: 10 * minute, lockMs: minute }
    const now = new Date()
    const results = await Promise.all(Array.from({ length: 20 }, () => attempts.hit(key, rule, now)))
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => (i < 16 ? i + 1 : 16)))
    expect(results.filter((r) => r.lockedUntil === null)).toHaveLength(15)
  },

  'forgets a cleared key, and keeps keys apart': async ({ attempts }) => {
    const a = `a:${link()}`
    const b = `b:${link()}`
    const rule = { limit: 1, windowMs: minute, lockMs: minute }
    await attempts.hit(a, rule)
    expect((await attempts.hit(a, rule)).lockedUntil).not.toBeNull()
    expect((await attempts.hit(b, rule)).lockedUntil).toBeNull()
    await attempts.clear(a)
    expect(await attempts.hit(a, rule)).toEqual({ count: 1, lockedUntil: null })
  },

  'refuses a rule that is not positive integers with STORE_INPUT_INVALID': async ({ attempts }) => {
    await rejectsWith(attempts.hit(`k:${link()}`, { limit: 0, windowMs: minute, lockMs: minute }), 'STORE_INPUT_INVALID')
    await rejectsWith(attempts.hit(`k:${link()}`, { limit: 3, windowMs: 1.5, lockMs: minute }), 'STORE_INPUT_INVALID')
  },
})

export const membersSuite = createTestSuite('members', ['members'], {
  'keeps, replaces and deletes a customer’s stored card': async ({ members }) => {
    const customerId = `c-${link()}`
    const placeholder = await members.save({ customerId, kaiinId: `M${link()}`, kaiinPass: 'secret123456', maskedCard: null, brand: null })
    expect(placeholder).toMatchObject({ customerId, maskedCard: null, brand: null })
    const saved = await members.save({ ...placeholder, maskedCard: '************1000', brand: 'VISA' })
    expect(saved).toMatchObject({ kaiinId: placeholder.kaiinId, kaiinPass: 'secret123456', maskedCard: '************1000', brand: 'VISA' })
    expect(saved.createdAt.getTime()).toBe(placeholder.createdAt.getTime())
    expect(await members.get(customerId)).toMatchObject({ maskedCard: '************1000' })
    await members.delete(customerId)
    expect(await members.get(customerId)).toBeUndefined()
    await members.delete(customerId) // deleting twice is harmless
  },

  'refuses a member without credentials with STORE_INPUT_INVALID': async ({ members }) => {
    await rejectsWith(members.save({ customerId: `c-${link()}`, kaiinId: 'M1', kaiinPass: '', maskedCard: null, brand: null }), 'STORE_INPUT_INVALID')
  },
})

export const orderPortSuite = createTestSuite('orders', ['orders'], {
  'finds an order by id and by its link key': async ({ orders }) => {
    const o = await orders.create({ amount: 2400, customerId: 'u1' })
    expect(o).toMatchObject({ amount: 2400, customerId: 'u1', status: 'pending', method: null, lastError: null })
    expect(o.merchantFree1).toMatch(/^[A-Za-z0-9]{1,20}$/)
    expect((await orders.port.get(o.id))?.merchantFree1).toBe(o.merchantFree1)
    expect((await orders.port.getByMerchantFree1(o.merchantFree1))?.id).toBe(o.id)
    expect(await orders.port.get('no-such-order')).toBeUndefined()
    expect(await orders.port.getByMerchantFree1('NOSUCHLINKKEY')).toBeUndefined()
  },

  'lets exactly one of ten concurrent requests claim an order (compare-and-set on the status)': async ({ orders }) => {
    const o = await orders.create({ amount: 1000 })
    const results = await Promise.all(Array.from({ length: 10 }, () => orders.port.update(o.id, { status: 'processing' }, ['pending'])))
    expect(results.filter(Boolean)).toHaveLength(1)
    expect((await orders.port.get(o.id))?.status).toBe('processing')
    expect(await orders.port.update(o.id, { status: 'authorized' }, ['pending'])).toBeUndefined()
    expect((await orders.port.get(o.id))?.status).toBe('processing')
    expect(await orders.port.update('no-such-order', { status: 'paid' })).toBeUndefined()
  },

  'merges payment details and clears the keys a patch sets to undefined': async ({ orders }) => {
    const o = await orders.create({ amount: 1000 })
    const done = await orders.port.update(o.id, { status: 'authorized', method: 'card', payment: { processId: 'P1', payType: '01', threeDSecure: true } })
    expect(done).toMatchObject({ status: 'authorized', method: 'card', payment: { processId: 'P1', payType: '01', threeDSecure: true } })
    const cleared = await orders.port.update(o.id, { payment: { threeDSecure: undefined, approveNo: '1234567' } })
    expect(cleared?.payment).toEqual({ processId: 'P1', payType: '01', approveNo: '1234567' })
  },

  'changes the amount (an amount change or re-authorisation)': async ({ orders }) => {
    const o = await orders.create({ amount: 1000 })
    expect((await orders.port.update(o.id, { amount: 800 }))?.amount).toBe(800)
    expect((await orders.port.get(o.id))?.amount).toBe(800)
  },

  'records and clears the last error': async ({ orders }) => {
    const o = await orders.create({ amount: 1000 })
    const error = { codes: ['G12'], operation: '1Auth', shopper: { ja: 'カードが使えません', en: 'Card declined' }, merchant: { ja: '拒否', en: 'Declined' }, at: new Date().toISOString() }
    expect((await orders.port.update(o.id, { lastError: error }))?.lastError).toEqual(error)
    expect((await orders.port.update(o.id, { lastError: null }))?.lastError).toBeNull()
  },
})

/** Every suite of this package. */
export const allSuites = [journalSuite, onceKeysSuite, membersSuite, orderPortSuite, attemptCountersSuite] as const
