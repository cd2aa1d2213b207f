import {
  EscottCardDeclinedError,
  EscottConnectionError,
  EscottGatewayError,
  EscottOutcomeUnknownError,
  EscottUnrecordedOutcomeError,
  EscottValidationError,
  explainCode,
  isEscottOutcomeUnknownError,
  isEscottUnrecordedOutcomeError,
} from 'escott-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classifyFailure, EscottFlowError, isEscottFlowError, journaled, listRecoveryCases, MemoryJournal, type JournalStore } from '../src/index.js'
import { startGateway, type Gateway } from './helpers.js'

const declined = (...codes: string[]) => new EscottCardDeclinedError({ message: 'declined', codes, entries: codes.map((c) => explainCode(c)), category: 'declined' })

describe('classifyFailure', () => {
  it('treats anything that did not come from escott-core as an unknown outcome', () => {
    expect(classifyFailure(new TypeError('boom'))).toBe('outcome_unknown')
    expect(classifyFailure('a string')).toBe('outcome_unknown')
    expect(classifyFailure(undefined)).toBe('outcome_unknown')
  })

  it('keeps unknown and unrecorded outcomes unknown', () => {
    expect(classifyFailure(new EscottOutcomeUnknownError({ message: 'timeout', category: 'outcome_unknown' }))).toBe('outcome_unknown')
    expect(classifyFailure(new EscottUnrecordedOutcomeError({ operation: '1Auth', merchantFree1: 'X' }))).toBe('outcome_unknown')
  })

  it('reads soft and hard declines from the catalog’s declineKind', () => {
    const soft = explainCode('G55')
    const hard = explainCode('G56')
    expect([soft.declineKind, hard.declineKind]).toEqual(['soft', 'hard'])
    expect(classifyFailure(declined('G55'))).toBe('declined_soft')
    expect(classifyFailure(declined('G56'))).toBe('declined_hard')
    // soft only when every declined code is
    expect(classifyFailure(declined('G55', 'G56'))).toBe('declined_hard')
  })

  it('says retry_later for what never left or is temporary, refused for the rest', () => {
    expect(classifyFailure(new EscottConnectionError({ message: 'ECONNREFUSED', category: 'connection' }))).toBe('retry_later')
    expect(classifyFailure(new EscottGatewayError({ message: 'busy', retryable: true }))).toBe('retry_later')
    expect(classifyFailure(new EscottValidationError('1Auth', [{ field: 'amount', message: 'too big' }]))).toBe('refused')
    expect(classifyFailure(new EscottFlowError('JOURNAL_UNAVAILABLE'))).toBe('retry_later')
  })

  it('recognises an error of another copy of escott-core by its name', () => {
    const foreign = Object.assign(new Error('timeout'), { name: 'EscottOutcomeUnknownError', isEscottError: true, codes: [], entries: [], category: 'outcome_unknown' })
    expect(classifyFailure(foreign)).toBe('outcome_unknown')
    const foreignDecline = Object.assign(new Error('declined'), {
      name: 'EscottCardDeclinedError',
      isEscottError: true,
      codes: ['G55'],
      entries: [explainCode('G55')],
      category: 'declined',
      retryable: false,
    })
    expect(classifyFailure(foreignDecline)).toBe('declined_soft')
  })
})

describe('journaled()', () => {
  let gw: Gateway
  beforeAll(async () => {
    gw = await startGateway()
  })
  afterAll(() => gw.close())

  const intent = (mf1: string, orderId = 'order-j') => ({ orderId, merchantFree1: mf1, operation: 'card.authorize' as const, amount: 1980 })

  it('writes the intent before the call and the result after it, and returns the very record it wrote', async () => {
    const mf1 = `J${Date.now()}`
    const seen: string[] = []
    const built: object[] = []
    const { record, entry } = await journaled(
      gw.journal,
      intent(mf1),
      async () => {
        seen.push(...(await gw.journal.list({ merchantFree1: mf1 })).map((l) => l.outcome))
        return { processId: 'P-1' }
      },
      (r) => {
        const rec = { status: 'authorized', processId: r.processId, at: new Date().toISOString() }
        built.push(rec)
        return rec
      },
    )
    expect(seen).toEqual(['pending'])
    expect(built).toHaveLength(1)
    expect(record).toBe(built[0])
    const [line] = await gw.journal.list({ merchantFree1: mf1 })
    expect(line).toMatchObject({ outcome: 'ok', result: record })
    expect(entry.result).toEqual(record)
  })

  it('completes a refusal as failed with its codes and rethrows it unchanged', async () => {
    const o = await gw.claimedOrder()
    const token = await gw.token('4000000000080012')
    const err = await journaled(
      gw.journal,
      intent(o.merchantFree1, o.id),
      () => gw.escott.card.authorize({ amount: 1980, token, merchantFree1: o.merchantFree1 }),
      () => ({}),
    ).catch((e) => e)
    expect(err).toBeInstanceOf(EscottCardDeclinedError)
    expect((await gw.journal.list({ orderId: o.id }))[0]).toMatchObject({ outcome: 'failed', result: { codes: ['G12'] } })
  })

  it('marks a call that timed out after sending as unknown, rethrows escott-core’s error and never calls twice', async () => {
    const o = await gw.claimedOrder()
    const token = await gw.token()
    let calls = 0
    gw.sb.faults.next({ type: 'reset-after-commit', operateId: '1Auth' })
    const err = await journaled(
      gw.journal,
      intent(o.merchantFree1, o.id),
      () => {
        calls++
        return gw.escott.card.authorize({ amount: 1980, token, merchantFree1: o.merchantFree1 })
      },
      () => ({}),
    ).catch((e) => e)
    expect(isEscottOutcomeUnknownError(err)).toBe(true)
    expect(calls).toBe(1)
    expect((await gw.journal.list({ orderId: o.id }))[0]!.outcome).toBe('unknown')
  })

  it('turns an error that is not from escott-core into EscottUnrecordedOutcomeError and marks the line unknown', async () => {
    const mf1 = `N${Date.now()}`
    const err = await journaled(
      gw.journal,
      intent(mf1),
      async () => {
        throw new TypeError('socket hang up in a custom fetch')
      },
      () => ({}),
    ).catch((e) => e)
    expect(isEscottUnrecordedOutcomeError(err)).toBe(true)
    expect(err).toMatchObject({ operation: '1Auth', merchantFree1: mf1 })
    expect((await gw.journal.list({ merchantFree1: mf1 }))[0]!.outcome).toBe('unknown')
  })

  it('keeps the line pending and throws EscottUnrecordedOutcomeError when writing the result fails after a successful charge', async () => {
    const o = await gw.claimedOrder(2100)
    const token = await gw.token()
    const failingComplete: JournalStore = {
      append: (e) => gw.journal.append(e),
      list: (f) => gw.journal.list(f),
      resolve: (id, r) => gw.journal.resolve(id, r),
      complete: async () => {
        throw new Error('database connection lost')
      },
    }
    const err = await journaled(
      failingComplete,
      intent(o.merchantFree1, o.id),
      () => gw.escott.card.authorize({ amount: 2100, token, merchantFree1: o.merchantFree1 }),
      (tx) => ({ processId: tx.processId }),
    ).catch((e) => e)
    expect(isEscottUnrecordedOutcomeError(err)).toBe(true)
    const [line] = await gw.journal.list({ orderId: o.id })
    expect(line!.outcome).toBe('pending')
    expect(err.journalEntryId).toBe(line!.id)
    // The charge exists at the gateway, and recovery lists the silent line once it can no longer be in flight.
    expect(gw.sb.snapshot().transactions.filter((t) => t.merchantFree1 === o.merchantFree1)).toHaveLength(1)
    const later = new Date(Date.now() + 11 * 60_000)
    expect((await listRecoveryCases(gw, { now: later })).find((c) => c.id === line!.id)?.kind).toBe('outcome_unknown')
  })

  it('sends nothing when the intent cannot be written, and says so with a retryable JOURNAL_UNAVAILABLE', async () => {
    let called = false
    const broken = new MemoryJournal()
    broken.append = async () => {
      throw new Error('disk full')
    }
    const err = await journaled(
      broken,
      intent('NEVER'),
      async () => {
        called = true
      },
      () => ({}),
    ).catch((e) => e)
    expect(called).toBe(false)
    expect(isEscottFlowError(err, 'JOURNAL_UNAVAILABLE')).toBe(true)
    expect(classifyFailure(err)).toBe('retry_later')
  })
})
