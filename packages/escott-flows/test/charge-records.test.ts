// Charge records and charge attempts field by field, over memory stores and a stand-in gateway client that records
// what it was sent: what goes on the wire (brand, capture, 3-D Secure data), what the journal's intent line and the
// order keep (OperateId, the convenience-store deadline, the stored-card flag), which order holds the ProcessId, and
// what is logged.
import type { CardTransaction, CvsPayment, ThreeDSecureData, ThreeDSecureResult } from 'escott-core'
import { describe, expect, it } from 'vitest'
import {
  cardChargeRecord,
  chargeCard,
  createCvsPayment,
  cvsChargeRecord,
  MemoryJournal,
  MemoryOnceKeys,
  MemoryOrders,
  processIdKey,
  safeMask,
  threeDSecureChargeRecord,
  type AttemptDeps,
  type FlowClient,
} from '../src/index.js'
import { memoryLogger } from './helpers.js'

const AT = new Date('2026-04-01T03:04:05.000Z')

const tx = (over: Partial<CardTransaction> = {}): CardTransaction =>
  ({
    status: 'authorized',
    processId: 'P1',
    processPass: 'Q1',
    transactionId: 'T1',
    approveNo: 'A123',
    companyCd: 'C9',
    amount: 1980,
    payType: '01',
    member: undefined,
    securityCodeResult: undefined,
    ...over,
  }) as CardTransaction

const threeDsResult = (over: Partial<ThreeDSecureResult> = {}): ThreeDSecureResult =>
  ({ operation: '1Auth', passed: true, processId: 'P3', processPass: 'Q3', transactionId: 'T3', approveNo: 'A3', companyCd: 'C3', ...over }) as ThreeDSecureResult

describe('charge records', () => {
  it('an authorisation (1Auth) records the transaction, the card choices and its time, and no capture', () => {
    const record = cardChargeRecord(tx(), { payType: '01', brand: 'VISA', maskedCard: '************1000' }, AT)
    expect(record).toStrictEqual({
      status: 'authorized',
      method: 'card',
      payment: {
        payType: '01',
        brand: 'VISA',
        maskedCard: '************1000',
        processId: 'P1',
        processPass: 'Q1',
        transactionId: 'T1',
        approveNo: 'A123',
        companyCd: 'C9',
        operateId: '1Auth',
        authorizedAt: '2026-04-01T03:04:05.000Z',
      },
    })
  })

  it('an authorisation with capture (1Gathering) is recorded captured at the same instant, with the pay type the gateway answered', () => {
    const record = cardChargeRecord(tx({ status: 'captured', payType: '61' }), { payType: '01' }, AT)
    expect(record.status).toBe('captured')
    expect(record.payment).toMatchObject({ operateId: '1Gathering', payType: '61', authorizedAt: AT.toISOString(), capturedAt: AT.toISOString() })
  })

  it('a 3-D Secure charge is marked as made through 3-D Secure; 1Gathering is captured, 1Auth only authorised', () => {
    const auth = threeDSecureChargeRecord(threeDsResult(), { payType: '01' }, AT)
    expect(auth).toStrictEqual({
      status: 'authorized',
      method: 'card',
      via: '3ds',
      payment: {
        payType: '01',
        threeDSecure: true,
        processId: 'P3',
        processPass: 'Q3',
        transactionId: 'T3',
        approveNo: 'A3',
        companyCd: 'C3',
        operateId: '1Auth',
        authorizedAt: AT.toISOString(),
      },
    })
    const gathering = threeDSecureChargeRecord(threeDsResult({ operation: '1Gathering' }), { payType: '01' }, AT)
    expect(gathering.status).toBe('captured')
    expect(gathering.payment).toMatchObject({ operateId: '1Gathering', capturedAt: AT.toISOString() })
  })

  it('a convenience-store registration is unpaid, with its slip, deadline and no changes yet', () => {
    const payLimit = new Date('2026-04-08T14:59:00.000Z')
    const p = { processId: 'P5', processPass: 'Q5', transactionId: 'T5', kessaiNumber: '1234', paymentPageUrl: 'https://pay.example/1234', payLimit } as CvsPayment
    expect(cvsChargeRecord(p, AT)).toStrictEqual({
      status: 'unpaid',
      method: 'cvs',
      payment: {
        processId: 'P5',
        processPass: 'Q5',
        transactionId: 'T5',
        kessaiNumber: '1234',
        paymentPageUrl: 'https://pay.example/1234',
        payLimit: '2026-04-08T14:59:00.000Z',
        authorizedAt: AT.toISOString(),
        cvsChanges: 0,
      },
    })
  })

  it('safeMask keeps only the last four digits, whatever separators the gateway used, and refuses a number without them', () => {
    expect(safeMask('4000-****-****-1000')).toBe('************1000')
    expect(safeMask('4000 00** **** 1000')).toBe('************1000')
    expect(safeMask('**1000')).toBe('********1000')
    expect(safeMask('4000********')).toBeUndefined()
    expect(safeMask('10 0')).toBeUndefined()
    expect(safeMask('')).toBeUndefined()
    expect(safeMask(undefined)).toBeUndefined()
  })
})

type Sent = { method: string; params: Record<string, unknown> }

/** Memory stores and a client that records each call and answers like the gateway would. */
function standIn(options: { withLog?: boolean; withOnceKeys?: boolean } = {}) {
  const sent: Sent[] = []
  const escott = {
    card: {
      authorize: async (params: Record<string, unknown>) => {
        sent.push({ method: 'card.authorize', params })
        return tx({ status: params.capture ? 'captured' : 'authorized', processId: `P${sent.length}`, amount: params.amount as number })
      },
    },
    cvs: {
      create: async (params: Record<string, unknown>) => {
        sent.push({ method: 'cvs.create', params })
        return { processId: 'P9', processPass: 'Q9', transactionId: 'T9', kessaiNumber: '5555', paymentPageUrl: 'https://pay.example/5555', payLimit: new Date('2026-04-08T14:59:00Z') }
      },
    },
  } as unknown as FlowClient
  const orders = new MemoryOrders()
  const journal = new MemoryJournal()
  const onceKeys = new MemoryOnceKeys()
  const log = memoryLogger()
  const deps: AttemptDeps & { escott: FlowClient } = {
    escott,
    orders,
    journal,
    ...(options.withOnceKeys !== false && { onceKeys }),
    ...(options.withLog !== false && { log }),
  }
  const claimed = async (amount = 1980, customerId: string | null = null) => {
    const o = await orders.create({ amount, customerId })
    return (await orders.update(o.id, { status: 'processing', method: 'card' }, ['pending']))!
  }
  return { deps, sent, orders, journal, onceKeys, log, claimed }
}

describe('chargeCard: what is sent and what is kept', () => {
  it('sends the card brand only when it is known, and capture false unless asked', async () => {
    const { deps, sent, claimed } = standIn()
    await chargeCard(deps, { order: await claimed(), source: { token: 'tok1' }, details: { payType: '01', brand: 'VISA' } })
    await chargeCard(deps, { order: await claimed(), source: { token: 'tok2' }, details: { payType: '01', brand: 'UNKNOWN' } })
    await chargeCard(deps, { order: await claimed(), source: { token: 'tok3' }, details: { payType: '01' } })
    expect(sent.map((s) => s.params.brand)).toEqual(['VISA', undefined, undefined])
    expect(sent.map((s) => 'brand' in s.params)).toEqual([true, false, false])
    expect(sent.map((s) => s.params.capture)).toStrictEqual([false, false, false])
    expect(sent[0]!.params).toMatchObject({ amount: 1980, token: 'tok1', payType: '01' })
  })

  it('authorises and captures at once when asked; when its outcome is unknown the merchant is told 1Gathering, not 1Auth, may have been processed', async () => {
    const { deps, sent, claimed } = standIn()
    const outcome = await chargeCard(deps, { order: await claimed(), source: { token: 'tok' }, details: { payType: '01' }, capture: true })
    expect(sent[0]!.params.capture).toBe(true)
    expect(outcome).toMatchObject({ kind: 'charged', order: { status: 'captured' } })
    const broken = { ...deps, escott: { card: { authorize: async () => Promise.reject(new TypeError('broken client')) } } as unknown as FlowClient }
    const lost = await chargeCard(broken, { order: await claimed(), source: { token: 'tok' }, details: { payType: '01' }, capture: true })
    expect(lost.kind).toBe('outcome_unknown')
    if (lost.kind === 'outcome_unknown') expect(lost.error.merchant.en).toMatch(/^1Gathering may have been processed/)
    const plain = await chargeCard(broken, { order: await claimed(), source: { token: 'tok' }, details: { payType: '01' } })
    if (plain.kind === 'outcome_unknown') expect(plain.error.merchant.en).toMatch(/^1Auth may have been processed/)
    expect(plain.kind).toBe('outcome_unknown')
  })

  it('a captured charge the order could not record is reported as a 1Gathering whose result could not be recorded', async () => {
    const { deps, claimed, orders } = standIn()
    const order = await claimed()
    const failing = { ...orders, get: orders.get.bind(orders), getByMerchantFree1: orders.getByMerchantFree1.bind(orders), update: orders.update.bind(orders) }
    let fail = true
    failing.update = async (id, patch, expect) => {
      if (fail && patch.status === 'captured') {
        fail = false
        throw new Error('connection terminated')
      }
      return orders.update(id, patch, expect)
    }
    const outcome = await chargeCard({ ...deps, orders: failing }, { order, source: { token: 'tok' }, details: { payType: '01' }, capture: true })
    expect(outcome).toMatchObject({ kind: 'outcome_unknown', order: { status: 'needs_reconciliation' } })
    if (outcome.kind === 'outcome_unknown') expect(outcome.error.merchant.en).toMatch(/^1Gathering may have been processed, but the order could not be updated/)
  })

  it('passes an authentication-only 3-D Secure result on to the authorisation, and nothing when there is none', async () => {
    const { deps, sent, claimed } = standIn()
    const threeDSecure = { messageVersion: '2.2.0', eci: '05' } as unknown as ThreeDSecureData
    await chargeCard(deps, { order: await claimed(), source: { token: 'tok' }, details: { payType: '01' }, threeDSecure })
    await chargeCard(deps, { order: await claimed(), source: { token: 'tok' }, details: { payType: '01' } })
    expect(sent[0]!.params.threeDSecure).toEqual(threeDSecure)
    expect('threeDSecure' in sent[1]!.params).toBe(false)
  })

  it('records whether a stored card paid, on the intent line and on the order, unless the details already say so', async () => {
    const { deps, journal, claimed } = standIn()
    const member = { kaiinId: 'K1', kaiinPass: 'KP1' }
    const byMember = await claimed()
    const storedCard = await chargeCard(deps, { order: byMember, source: { member }, details: { payType: '01' } })
    const byToken = await chargeCard(deps, { order: await claimed(), source: { token: 'tok' }, details: { payType: '01' } })
    const told = await chargeCard(deps, { order: await claimed(), source: { member }, details: { payType: '01', member: false } })
    expect([storedCard, byToken, told].map((o) => (o.kind === 'charged' ? o.order.payment.member : 'not charged'))).toEqual([true, false, false])
    const [line] = await journal.list({ orderId: byMember.id })
    expect(line!.result).toMatchObject({ member: true })
  })

  it('claims the ProcessId of a recorded charge for its order', async () => {
    const { deps, onceKeys, claimed } = standIn()
    const order = await claimed()
    const outcome = await chargeCard(deps, { order, source: { token: 'tok' }, details: { payType: '01' } })
    if (outcome.kind !== 'charged') throw new Error(outcome.kind)
    expect(await onceKeys.owner(processIdKey(outcome.charge.payment.processId!))).toBe(order.id)
  })

  it('logs the recorded payment, and an error only when another order already holds its ProcessId', async () => {
    const { deps, onceKeys, log, claimed } = standIn()
    const order = await claimed()
    await chargeCard(deps, { order, source: { token: 'tok' }, details: { payType: '01' } })
    const recorded = log.lines.map((l) => JSON.parse(l) as { level: string; msg: string; orderId?: string; processId?: string })
    expect(recorded).toEqual([expect.objectContaining({ level: 'info', orderId: order.id, processId: 'P1' })])
    await onceKeys.claim(processIdKey('P2'), 'another-order')
    const second = await claimed()
    const outcome = await chargeCard(deps, { order: second, source: { token: 'tok' }, details: { payType: '01' } })
    expect(outcome.kind).toBe('charged') // the gateway's own answer to this order's call: recorded, and reported
    const errors = log.lines.map((l) => JSON.parse(l) as { level: string; processId?: string }).filter((l) => l.level === 'error')
    expect(errors).toEqual([expect.objectContaining({ processId: 'P2' })])
  })

  it('charges without a logger or once-keys store', async () => {
    const { deps, claimed, onceKeys } = standIn({ withLog: false, withOnceKeys: false })
    const order = await claimed()
    const outcome = await chargeCard(deps, { order, source: { token: 'tok' }, details: { payType: '01' } })
    expect(outcome).toMatchObject({ kind: 'charged', order: { status: 'authorized' } })
    expect(await onceKeys.owner(processIdKey('P1'))).toBeUndefined()
    const refused = { ...deps, escott: { card: { authorize: async () => Promise.reject(new TypeError('broken client')) } } as unknown as FlowClient }
    expect(await chargeCard(refused, { order: await claimed(), source: { token: 'tok' }, details: { payType: '01' } })).toMatchObject({
      kind: 'outcome_unknown',
      order: { status: 'needs_reconciliation' },
    })
  })

  it('an unknown outcome returns the parked order, not the claimed one', async () => {
    const { deps, claimed, log } = standIn()
    const broken = { ...deps, escott: { card: { authorize: async () => Promise.reject(new TypeError('broken client')) } } as unknown as FlowClient }
    const order = await claimed()
    const outcome = await chargeCard(broken, { order, source: { token: 'tok' }, details: { payType: '01' } })
    expect(outcome).toMatchObject({ kind: 'outcome_unknown', order: { id: order.id, status: 'needs_reconciliation' } })
    expect(log.lines.map((l) => (JSON.parse(l) as { level: string }).level)).toEqual(['error'])
  })
})

/** Today's date in Japan, N calendar days on, at 23:59 Japan time, computed with the platform's time-zone data. */
function tokyoDeadline(days: number, now: Date): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now).split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + days, 23 - 9, 59)).toISOString()
}

describe('createCvsPayment: the deadline kept on the journal line', () => {
  it('keeps the deadline a number of days asks for: 23:59 Japan time that many calendar days after today in Japan', async () => {
    const { deps, journal, sent, claimed } = standIn()
    const order = await claimed(3000)
    const before = new Date()
    await createCvsPayment(deps, { order, params: { payLimit: 7, nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678', productName: '煎茶' } })
    const after = new Date()
    const [line] = await journal.list({ orderId: order.id })
    // The intent line keeps the deadline (a payment whose answer is lost is recovered with it).
    expect([tokyoDeadline(7, before), tokyoDeadline(7, after)]).toContain((line!.result as { payLimit?: string }).payLimit)
    expect(sent[0]!.params).toMatchObject({ amount: 3000, merchantFree1: order.merchantFree1, payLimit: 7 })
  })

  it('keeps a deadline given as a date as it is, and none for a deadline that is not a whole number of days', async () => {
    const { deps, journal, claimed } = standIn()
    const params = { nameKanji: '山田太郎', nameKana: 'ヤマダタロウ', telNo: '0312345678', productName: '煎茶' }
    const dated = await claimed(3000)
    await createCvsPayment(deps, { order: dated, params: { ...params, payLimit: new Date('2026-05-01T14:59:00.000Z') } })
    const fractional = await claimed(3000)
    await createCvsPayment(deps, { order: fractional, params: { ...params, payLimit: 1.5 } })
    const [datedLine] = await journal.list({ orderId: dated.id })
    const [fractionalLine] = await journal.list({ orderId: fractional.id })
    expect((datedLine!.result as { payLimit?: string }).payLimit).toBe('2026-05-01T14:59:00.000Z')
    expect((fractionalLine!.result as { payLimit?: string }).payLimit).toBeUndefined()
  })
})
