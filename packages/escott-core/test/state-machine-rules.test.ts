import { describe, expect, it } from 'vitest'
import { allowedOperations, daysSinceAuthorization, isEscottTransactionStateError, isEscottValidationError, PAYMENT_STATES, transition } from '../src/index.js'

// The rules of the payment state machine that an adapter's admin screen and its API rely on.

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}

describe('the payment states', () => {
  it('are listed card first, then convenience store', () => {
    expect(PAYMENT_STATES).toEqual(['authorized', 'captured', 'canceled', 'unpaid', 'paid'])
  })
})

describe('malformed arguments name the argument to fix', () => {
  it.each([
    ['a card state with method cvs', () => allowedOperations('captured', { method: 'cvs' }), 'options.method'],
    ['a convenience-store state with method card', () => allowedOperations('paid', { method: 'card' }), 'options.method'],
    ['an unknown state', () => allowedOperations('refunded' as never), 'state'],
    ['an unknown operation', () => transition('authorized', 'refund' as never), 'operation'],
    ['a negative change count', () => allowedOperations('unpaid', { cvsChanges: -1 }), 'options.cvsChanges'],
    ['an authorisation date that is not a date', () => allowedOperations('authorized', { authorizedAt: 'yesterday' }), 'authorizedAt'],
    ['an authorisation date given as a number', () => allowedOperations('authorized', { authorizedAt: 20261124 as never }), 'authorizedAt'],
    ['an invalid Date as now', () => daysSinceAuthorization(new Date('2026-11-24T00:00:00Z'), new Date(Number.NaN)), 'now'],
  ])('%s', (_what, run, field) => {
    const error = thrown(run)
    expect(isEscottValidationError(error)).toBe(true)
    expect((error as { field: string }).field).toBe(field)
  })

  it.each(['2026', '20261', '202611241'])('refuses the digit string %s: digits must be the gateway date yyyyMMdd[HHmm[ss]]', (value) => {
    const error = thrown(() => daysSinceAuthorization(value, new Date('2026-11-30T00:00:00Z')))
    expect((error as { field: string }).field).toBe('authorizedAt')
  })
})

describe('the explanation of a refused operation', () => {
  const authorizedAt = new Date('2020-01-01T03:00:00Z') // long before the real clock: only `now` may be used

  it('blames the 60-day window only when it has passed', () => {
    const inside = thrown(() => transition('captured', 'capture', { authorizedAt, now: new Date('2020-01-10T03:00:00Z') }))
    expect(isEscottTransactionStateError(inside)).toBe(true)
    expect((inside as Error).message).not.toMatch(/window/)
    expect((inside as Error).message).toMatch(/allowed: cancel, changeAmount/)
    const lastDay = thrown(() => transition('captured', 'capture', { authorizedAt, now: new Date('2020-03-01T03:00:00Z') })) // day 60
    expect((lastDay as Error).message).not.toMatch(/window/)
    const after = thrown(() => transition('captured', 'cancel', { authorizedAt, now: new Date('2020-03-02T03:00:00Z') })) // day 61
    expect((after as Error).message).toMatch(/60-day window/)
    expect(after).toMatchObject({ state: 'captured', attempted: 'cancel', allowed: [] })
  })
})

describe('re-authorisation', () => {
  it('renews an authorisation in place, whatever the original processing was', () => {
    expect(transition('authorized', 'reauthorize')).toBe('authorized')
    expect(transition('authorized', 'reauthorize', { originalOperateId: '1Gathering' })).toBe('authorized')
  })

  it('restores a canceled payment to how it was first processed', () => {
    expect(transition('canceled', 'reauthorize')).toBe('authorized')
    expect(transition('canceled', 'reauthorize', { originalOperateId: '1Auth' })).toBe('authorized')
    expect(transition('canceled', 'reauthorize', { originalOperateId: '1Gathering' })).toBe('captured')
  })
})
