// What a failure means for an order (classification, the error an order keeps, the journal's summary) and what the
// journal writes around a call — unit tests over MemoryJournal, no gateway.
import { EscottCardDeclinedError, EscottValidationError, explainCode } from 'escott-core'
import { describe, expect, it } from 'vitest'
import { classifyFailure, errorSummary, isEscottFlowError, journaled, MemoryJournal, paymentErrorOf, type JournalStore } from '../src/index.js'

const declinedWith = (codes: string[], entries = codes.map((c) => explainCode(c))) => new EscottCardDeclinedError({ message: 'declined', codes, entries, category: 'declined', operation: '1Auth' })

describe('classifyFailure of a decline', () => {
  it('judges softness only by the declined entries: a non-declined code beside a soft decline keeps it soft', () => {
    expect(explainCode('K10').category).not.toBe('declined')
    expect(classifyFailure(declinedWith(['G55', 'K10']))).toBe('declined_soft')
  })

  it('counts a decline that carries no declined entry as hard (nothing says it may pass later)', () => {
    expect(classifyFailure(declinedWith([], []))).toBe('declined_hard')
    expect(classifyFailure(declinedWith(['K10']))).toBe('declined_hard')
  })
})

describe('paymentErrorOf: the error an order keeps', () => {
  it('keeps an error from outside escott-core as its name and message for the merchant, with the generic shopper text and no codes', () => {
    const kept = paymentErrorOf(new TypeError('socket hang up'), 'card.authorize')
    expect(kept).toMatchObject({ codes: [], operation: 'card.authorize', merchant: { ja: 'TypeError: socket hang up', en: 'TypeError: socket hang up' } })
    expect(kept.shopper.ja).toContain('決済処理でエラーが発生しました')
    expect(kept.shopper.en).toContain('could not be processed')
    expect(kept).not.toHaveProperty('remedy')
    expect(paymentErrorOf('plain text').merchant.en).toBe('plain text')
  })

  it("keeps an escott-core error's codes, texts and remedy in both languages, and its own operation unless another is given", () => {
    const err = declinedWith(['G55'])
    const kept = paymentErrorOf(err)
    expect(kept.codes).toEqual(['G55'])
    expect(kept.operation).toBe('1Auth')
    expect(kept.shopper).toEqual({ ja: err.shopperMessage('ja'), en: err.shopperMessage('en') })
    expect(kept.merchant).toEqual({ ja: err.merchantMessage('ja'), en: err.merchantMessage('en') })
    expect(kept.remedy).toEqual({ ja: err.remedy('ja'), en: err.remedy('en') })
    expect(kept.remedy?.ja).toBeTruthy()
    expect(paymentErrorOf(err, 'card.capture').operation).toBe('card.capture')
  })

  it('leaves the remedy out when the error has none', () => {
    const err = new EscottValidationError('1Auth', [{ field: 'amount', message: 'too big' }])
    expect(err.remedy('ja')).toBeFalsy()
    expect(paymentErrorOf(err)).not.toHaveProperty('remedy')
  })
})

describe('errorSummary: what the journal keeps of an error', () => {
  it("keeps an error's name and message, or 'Error' and the text of a thrown value", () => {
    expect(errorSummary(new RangeError('bad'))).toEqual({ error: 'RangeError', message: 'bad' })
    expect(errorSummary('boom')).toEqual({ error: 'Error', message: 'boom' })
    expect(errorSummary(declinedWith(['G55']))).toMatchObject({ error: 'EscottCardDeclinedError', codes: ['G55'], category: 'declined' })
  })
})

describe('journaled(): what it writes', () => {
  const intent = { orderId: 'o-1', merchantFree1: 'MF-1', operation: 'card.authorize' as const }

  it('writes the amount of the intent, or null when it has none', async () => {
    const journal = new MemoryJournal()
    await journaled(
      journal,
      { ...intent, amount: 1980 },
      async () => 'tx',
      () => ({ processId: 'P1' }),
    )
    await journaled(
      journal,
      { ...intent, merchantFree1: 'MF-2' },
      async () => 'tx',
      () => ({ processId: 'P2' }),
    )
    const byMf1 = Object.fromEntries((await journal.list({ orderId: 'o-1' })).map((e) => [e.merchantFree1, e.amount]))
    expect(byMf1).toEqual({ 'MF-1': 1980, 'MF-2': null })
  })

  it("returns the completed entry: outcome ok, the intent's data merged with the record", async () => {
    const journal = new MemoryJournal()
    const done = await journaled(
      journal,
      { ...intent, amount: 500, data: { note: 'from intent' } },
      async () => 'tx',
      () => ({ processId: 'P3' }),
    )
    expect(done.entry).toMatchObject({ outcome: 'ok', result: { note: 'from intent', processId: 'P3' } })
    expect(done.record).toEqual({ processId: 'P3' })
  })

  it('keeps the store failure as the cause of JOURNAL_UNAVAILABLE', async () => {
    const down = new Error('disk full')
    const journal = { ...new MemoryJournal(), append: async () => Promise.reject(down) } as unknown as JournalStore
    const err = await journaled(
      journal,
      intent,
      async () => 'tx',
      () => ({}),
    ).catch((e) => e)
    expect(isEscottFlowError(err, 'JOURNAL_UNAVAILABLE')).toBe(true)
    expect(err.cause).toBe(down)
  })
})
