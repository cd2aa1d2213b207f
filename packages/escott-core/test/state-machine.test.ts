import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { EscottTransactionStateError, EscottValidationError, isEscottError, isEscottTransactionStateError } from '../src/index.js'
import { OPERATIONS, allowedOperations, daysSinceAuthorization, transition, type CardState, type CvsState, type Operation } from '../src/state-machine.js'

/** An instant given as Japan wall-clock time. */
const jst = (iso: string) => new Date(`${iso}+09:00`)

describe('card operations per state (seed 002 lines 590–625)', () => {
  it('authorized allows reauthorize, capture, cancel and changeAmount', () => {
    expect(allowedOperations('authorized')).toEqual(['reauthorize', 'capture', 'cancel', 'changeAmount'])
  })
  it('captured (1Gathering or 1Capture) allows cancel and changeAmount', () => {
    expect(allowedOperations('captured')).toEqual(['cancel', 'changeAmount'])
  })
  it('canceled allows reauthorize only', () => {
    expect(allowedOperations('canceled')).toEqual(['reauthorize'])
    expect(allowedOperations('canceled', { method: 'card' })).toEqual(['reauthorize'])
  })
})

describe('convenience-store operations per state (seed 002 lines 693–722)', () => {
  it('unpaid allows cancel and changeAmount', () => {
    expect(allowedOperations('unpaid')).toEqual(['cancel', 'changeAmount'])
  })
  it('unpaid allows only one change', () => {
    expect(allowedOperations('unpaid', { cvsChanges: 1 })).toEqual(['cancel'])
    expect(() => transition('unpaid', 'changeAmount', { cvsChanges: 1 })).toThrow(/only once/)
  })
  it('paid and canceled allow nothing', () => {
    expect(allowedOperations('paid')).toEqual([])
    expect(allowedOperations('canceled', { method: 'cvs' })).toEqual([])
  })
  it('rejects a method that contradicts the state', () => {
    expect(() => allowedOperations('paid', { method: 'card' })).toThrow(EscottValidationError)
    expect(() => allowedOperations('captured', { method: 'cvs' })).toThrow(EscottValidationError)
    expect(() => allowedOperations('pending' as CardState)).toThrow(/unknown payment state/)
  })
})

describe('the 60-day window, counted in Japan calendar days', () => {
  const authorizedAt = jst('2024-01-01T10:00:00')

  it('day 60 still allows every operation, day 61 none', () => {
    expect(allowedOperations('authorized', { authorizedAt, now: jst('2024-03-01T23:59:59') })).toHaveLength(4)
    expect(allowedOperations('authorized', { authorizedAt, now: jst('2024-03-02T00:00:00') })).toEqual([])
    expect(allowedOperations('unpaid', { authorizedAt, now: jst('2024-03-02T00:00:00') })).toEqual([])
    expect(allowedOperations('canceled', { authorizedAt, now: jst('2024-03-01T12:00:00') })).toEqual(['reauthorize'])
  })

  it('uses the Japanese date, not the UTC date', () => {
    const lateAt = new Date('2024-01-01T15:30:00Z') // 2024-01-02 00:30 in Japan
    const now = new Date('2024-03-02T14:59:00Z') // 2024-03-02 23:59 in Japan: day 60
    expect(daysSinceAuthorization(lateAt, now)).toBe(60)
    expect(allowedOperations('captured', { authorizedAt: lateAt, now })).toEqual(['cancel', 'changeAmount'])
    expect(allowedOperations('captured', { authorizedAt: lateAt, now: new Date('2024-03-02T15:00:00Z') })).toEqual([])
  })

  it('accepts the gateway yyyyMMdd form and ISO strings', () => {
    expect(daysSinceAuthorization('20240101', jst('2024-03-01T08:00:00'))).toBe(60)
    expect(daysSinceAuthorization('202401011230', jst('2024-01-01T23:00:00'))).toBe(0)
    expect(daysSinceAuthorization('2024-01-01T00:00:00+09:00', jst('2024-01-31T00:00:00'))).toBe(30)
    expect(() => allowedOperations('authorized', { authorizedAt: 'yesterday' })).toThrow(EscottValidationError)
  })

  it('explains an operation refused after the window', () => {
    expect(() => transition('authorized', 'capture', { authorizedAt, now: jst('2024-03-02T00:00:00') })).toThrow(/60-day window/)
  })

  it('allows exactly the operations of the state for days 0–60 and none afterwards', () => {
    const states: CardState[] = ['authorized', 'captured', 'canceled']
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 86_399 }), (state, day, second) => {
        const now = new Date(jst('2024-01-01T00:00:00').getTime() + day * 86_400_000 + second * 1000)
        const ops = allowedOperations(state, { authorizedAt, now })
        expect(ops).toEqual(day <= 60 ? allowedOperations(state) : [])
      }),
    )
  })
})

describe('transition', () => {
  it.each<[CardState, Operation, CardState]>([
    ['authorized', 'capture', 'captured'],
    ['authorized', 'cancel', 'canceled'],
    ['authorized', 'changeAmount', 'authorized'],
    ['authorized', 'reauthorize', 'authorized'],
    ['captured', 'cancel', 'canceled'],
    ['captured', 'changeAmount', 'captured'],
    ['canceled', 'reauthorize', 'authorized'],
  ])('card %s --%s--> %s', (from, op, to) => {
    expect(transition(from, op)).toBe(to)
  })

  it('re-authorising a canceled 1Gathering payment restores the captured state', () => {
    expect(transition('canceled', 'reauthorize', { originalOperateId: '1Gathering' })).toBe('captured')
    expect(transition('canceled', 'reauthorize', { originalOperateId: '1Auth' })).toBe('authorized')
  })

  it.each<[CvsState, Operation, CvsState]>([
    ['unpaid', 'cancel', 'canceled'],
    ['unpaid', 'changeAmount', 'unpaid'],
  ])('convenience store %s --%s--> %s', (from, op, to) => {
    expect(transition(from, op)).toBe(to)
  })

  it('throws a message naming state, operation and what is allowed', () => {
    expect(() => transition('captured', 'capture')).toThrow("operation 'capture' is not allowed on a card payment in state 'captured' (allowed: cancel, changeAmount)")
    expect(() => transition('paid', 'cancel')).toThrow(/convenience-store payment in state 'paid' \(allowed: none\)/)
    expect(() => transition('canceled', 'reauthorize', { method: 'cvs' })).toThrow(/allowed: none/)
    expect(() => transition('authorized', 'refund' as Operation)).toThrow(/unknown operation/)
  })

  it('throws an EscottTransactionStateError carrying the state, the refused operation and what is allowed', () => {
    const error = (() => {
      try {
        transition('captured', 'reauthorize')
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(EscottTransactionStateError)
    expect(isEscottTransactionStateError(error)).toBe(true)
    expect(error).toMatchObject({ state: 'captured', attempted: 'reauthorize', allowed: ['cancel', 'changeAmount'], category: 'transaction_state', retryable: false, codes: [] })
    expect((error as EscottTransactionStateError).merchantMessage('ja')).toContain('cancel, changeAmount')
    const late = (() => {
      try {
        transition('authorized', 'capture', { authorizedAt: '20240101', now: jst('2024-03-02T00:00:00') })
      } catch (e) {
        return e
      }
    })()
    expect(late).toMatchObject({ name: 'EscottTransactionStateError', state: 'authorized', attempted: 'capture', allowed: [] })
  })

  it('throws only EscottErrors, also for malformed input', () => {
    const attempts = [
      () => transition('authorized', 'refund' as Operation),
      () => allowedOperations('pending' as CardState),
      () => allowedOperations('authorized', { authorizedAt: new Date(Number.NaN) }),
      () => allowedOperations('unpaid', { cvsChanges: -1 }),
    ]
    for (const attempt of attempts) {
      const error = (() => {
        try {
          attempt()
        } catch (e) {
          return e
        }
      })()
      expect(isEscottError(error)).toBe(true)
      expect(error).toBeInstanceOf(EscottValidationError)
    }
  })

  it('succeeds exactly for the allowed operations', () => {
    const states: (CardState | CvsState)[] = ['authorized', 'captured', 'canceled', 'unpaid', 'paid']
    fc.assert(
      fc.property(fc.constantFrom(...states), fc.constantFrom(...OPERATIONS), fc.constantFrom('card' as const, 'cvs' as const), (state, op, m) => {
        const method = state === 'canceled' ? m : undefined
        const allowed = allowedOperations(state, { method })
        if (allowed.includes(op)) {
          const next = transition(state, op, { method })
          expect(['authorized', 'captured', 'canceled', 'unpaid', 'paid']).toContain(next)
        } else {
          expect(() => transition(state, op, { method })).toThrow(/not allowed/)
        }
      }),
    )
  })
})
