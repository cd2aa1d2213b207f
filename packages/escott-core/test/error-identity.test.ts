import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import * as core from '../src/index.js'
import {
  ESCOTT_ERROR_NAMES,
  EscottError,
  EscottOutcomeUnknownError,
  EscottUnrecordedOutcomeError,
  isEscottCardDeclinedError,
  isEscottError,
  isEscottOutcomeUnknownError,
  isEscottUnrecordedOutcomeError,
} from '../src/index.js'
import { TOKEN } from './helpers/fake-fetch.js'

type ErrorClass = new (...args: never[]) => EscottError

/** Every exported error class, by its export name. */
function errorClasses(mod: Record<string, unknown>): [string, ErrorClass][] {
  return Object.entries(mod).filter(
    (entry): entry is [string, ErrorClass] =>
      typeof entry[1] === 'function' &&
      /^Escott\w*Error$/.test(entry[0]) &&
      (entry[1] === mod.EscottError || (entry[1] as { prototype: unknown }).prototype instanceof (mod.EscottError as ErrorClass)),
  )
}

/** One instance of each class, built through its own constructor. */
function sample(mod: Record<string, unknown>, name: string): EscottError {
  const Ctor = mod[name] as new (...args: unknown[]) => EscottError
  switch (name) {
    case 'EscottValidationError':
      return new Ctor('1Auth', [{ field: 'amount', message: 'must be at least 1 yen' }])
    case 'EscottConfigurationError':
      return new Ctor('merchantId is required')
    case 'EscottNotificationError':
      return new Ctor('hash', 'forged')
    case 'EscottUnrecordedOutcomeError':
      return new Ctor({ operation: '1Auth', merchantFree1: 'order-1' })
    default:
      return new Ctor({ message: 'x' })
  }
}

const guardFor = (name: string) => (core as Record<string, unknown>)[`is${name}`] as (e: unknown) => boolean

describe('error identity', () => {
  const classes = errorClasses(core)

  it('gives every error class a literal name equal to its class name, listed in ESCOTT_ERROR_NAMES', () => {
    expect(classes.map(([n]) => n).sort()).toEqual([...ESCOTT_ERROR_NAMES].sort())
    for (const [name] of classes) expect(sample(core, name).name).toBe(name)
  })

  it('exports one is<ClassName> guard per class that recognises that class only', () => {
    for (const [name] of classes) {
      const guard = guardFor(name)
      expect(typeof guard, `is${name}`).toBe('function')
      for (const [other] of classes) {
        const expected = name === 'EscottError' || other === name
        expect(guard(sample(core, other)), `is${name}(${other})`).toBe(expected)
      }
    }
  })

  it('recognises errors of another copy by name, where instanceof fails', () => {
    const foreign = Object.assign(new Error('lost answer'), { name: 'EscottOutcomeUnknownError' })
    expect(foreign).not.toBeInstanceOf(EscottOutcomeUnknownError)
    expect(isEscottOutcomeUnknownError(foreign)).toBe(true)
    expect(isEscottError(foreign)).toBe(true)
    // an error class a newer copy added, recognised through the isEscottError marker
    expect(isEscottError(Object.assign(new Error('x'), { name: 'EscottSomethingNewError', isEscottError: true }))).toBe(true)
  })

  it('does not take errors that are not escott-core errors for escott-core errors (callers treat those as outcome unknown)', () => {
    for (const e of [new TypeError('boom'), new Error('EscottError'), { name: 'Escott' }, { name: 'EscottLikeButNot' }, null, undefined, 'EscottError', 42]) {
      expect(isEscottError(e)).toBe(false)
      expect(isEscottOutcomeUnknownError(e)).toBe(false)
    }
  })
})

describe('subclasses declared by other packages', () => {
  // What escott-flows (EscottFlowError) and escott-subscriptions (EscottBillingError) do: a class field with their
  // own literal name. This file does not compile when EscottError#name is a closed list of escott-core's names.
  class AcmeShopError extends EscottError {
    override name = 'AcmeShopError' as const
    constructor() {
      super({ message: 'acme', category: 'validation' })
    }
  }

  it('keep their own literal name, are EscottErrors, and match none of the exact guards of escott-core', () => {
    const e = new AcmeShopError()
    const name: 'AcmeShopError' = e.name
    expect(name).toBe('AcmeShopError')
    expect(JSON.parse(JSON.stringify(e)).name).toBe('AcmeShopError')
    expect(isEscottError(e)).toBe(true)
    for (const [cls] of errorClasses(core)) if (cls !== 'EscottError') expect(guardFor(cls)(e), `is${cls}`).toBe(false)
  })

  it("leave escott-core's names narrowing in a switch", () => {
    const e: EscottError = new EscottOutcomeUnknownError({ message: 'lost' })
    let seen = 'other'
    switch (e.name) {
      case 'EscottOutcomeUnknownError':
        seen = e.name
        break
      case 'AcmeShopError':
        seen = 'acme'
        break
    }
    expect(seen).toBe('EscottOutcomeUnknownError')
  })
})

describe('error identity across the CommonJS and ESM builds', () => {
  const require = createRequire(import.meta.url)

  it('recognises an error thrown by dist/index.cjs with the guards of dist/index.js', async () => {
    const cjs = require('../dist/index.cjs') as unknown as typeof core
    const esm = (await import('../dist/index.js')) as unknown as typeof core
    const refuse = (async () => new Response('ResponseCd=G55&MerchantFree1=order-9', { status: 200, headers: { 'content-type': 'text/plain' } })) as typeof fetch
    const escott = new cjs.Escott({ merchantId: 'M1', merchantPass: 'pass', fetch: refuse })
    const error = await escott.card.authorize({ amount: 1000, token: TOKEN, merchantFree1: 'order-9' }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(cjs.EscottCardDeclinedError)
    expect(error).not.toBeInstanceOf(esm.EscottError) // why the guards exist
    expect(esm.isEscottError(error)).toBe(true)
    expect(esm.isEscottCardDeclinedError(error)).toBe(true)
    expect(esm.isEscottOutcomeUnknownError(error)).toBe(false)
    expect(isEscottCardDeclinedError(error)).toBe(true)
    if (esm.isEscottError(error)) expect(error.codes).toEqual(['G55'])
  })

  it('recognises every CJS error class with the ESM guards', async () => {
    const cjs = require('../dist/index.cjs') as Record<string, unknown>
    const esm = (await import('../dist/index.js')) as Record<string, unknown>
    for (const [name] of errorClasses(cjs)) {
      const guard = esm[`is${name}`] as (e: unknown) => boolean
      expect(guard(sample(cjs, name)), name).toBe(true)
    }
  })
})

describe('EscottUnrecordedOutcomeError', () => {
  it('carries the operation, merchantFree1 and journal entry, and tells the shopper not to pay again', () => {
    const cause = new Error('database is down')
    const e = new EscottUnrecordedOutcomeError({ operation: '1Gathering', merchantFree1: 'order-7', journalEntryId: 'j-12', reason: 'the journal could not be written', cause })
    expect(e).toBeInstanceOf(EscottError)
    expect(isEscottUnrecordedOutcomeError(e)).toBe(true)
    expect(isEscottOutcomeUnknownError(e)).toBe(false)
    expect(e).toMatchObject({ operation: '1Gathering', merchantFree1: 'order-7', journalEntryId: 'j-12', category: 'outcome_unknown', retryable: false, cause })
    expect(e.message).toContain('order-7')
    expect(e.message).toContain('j-12')
    expect(e.shopperMessage('ja')).toMatch(/再度のお支払い操作はせず/)
    expect(e.shopperMessage('en')).toMatch(/do not pay again/)
    expect(e.merchantMessage('en')).toContain('the journal could not be written')
    expect(JSON.stringify(e)).toContain('EscottUnrecordedOutcomeError')
  })
})

describe('every error the SDK throws is an EscottError', () => {
  it('holds for the public functions given malformed input', () => {
    const attempts: [string, () => unknown][] = [
      ['toFullWidthKatakana', () => core.toFullWidthKatakana(42 as unknown as string)],
      ['toFullWidth', () => core.toFullWidth(undefined as unknown as string)],
      ['toHalfWidthKatakana', () => core.toHalfWidthKatakana(null as unknown as string)],
      ['toHalfWidthAscii', () => core.toHalfWidthAscii({} as unknown as string)],
      ['toHalfWidthPhone', () => core.toHalfWidthPhone(312345678 as unknown as string)],
      ['storedCardDeletion', () => core.storedCardDeletion({ authorizations: [new Date('x')], hasActiveSubscription: false })],
      ['storedCardDeletion (no list)', () => core.storedCardDeletion({ authorizations: undefined as unknown as Date[], hasActiveSubscription: false })],
      ['installmentOptions', () => core.installmentOptions('UnionPay')],
      ['cvsFee', () => core.cvsFee(-1)],
      ['estimateMerchantCost', () => core.estimateMerchantCost({ months: 1.5, transactions: 0, volume: 0 })],
      ['transition', () => core.transition('paid', 'cancel')],
      ['allowedOperations', () => core.allowedOperations('authorized', { authorizedAt: 'not a date' })],
      ['assertYen', () => core.assertYen('amount', '100')],
      ['newKaiinPass', () => core.newKaiinPass(40)],
      ['configFromEnv', () => core.configFromEnv({})],
      ['new Escott', () => new core.Escott({} as never)],
    ]
    for (const [name, attempt] of attempts) {
      let error: unknown
      try {
        attempt()
      } catch (e) {
        error = e
      }
      expect(error, name).toBeDefined()
      expect(isEscottError(error), `${name}: ${String(error)}`).toBe(true)
    }
    // lenient where a decision is the answer
    expect(core.detectBrand(undefined as unknown as string)).toBe('UNKNOWN')
    expect(core.explainCode(42 as unknown as string).known).toBe(false)
    expect(core.maskCardNumber(4000000000001000 as unknown as string)).toBe('400000******1000')
    expect(core.isFullWidth(42 as unknown as string)).toBe(false)
    expect(core.isHalfWidthKatakana(undefined as unknown as string)).toBe(false)
  })
})
