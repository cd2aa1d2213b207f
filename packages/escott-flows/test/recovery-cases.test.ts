// Recovery case by case over memory stores and a stand-in gateway client whose 1Search / 2Ref answers the test sets:
// what is listed when, what completing, cancelling and reconciling write to the order and the journal, which
// member and which resource each lookup or void uses (card or convenience store), and what is refused.
import { EscottOutcomeUnknownError, EscottTransactionStateError, explainCode } from 'escott-core'
import { describe, expect, it, vi } from 'vitest'
import {
  cancelRecovery,
  completeRecovery,
  DEFAULT_IN_FLIGHT_MS,
  type EscottFlowError,
  findRecoveryCase,
  isEscottFlowError,
  listRecoveryCases,
  MemoryJournal,
  MemoryMembers,
  MemoryOnceKeys,
  MemoryOrders,
  processIdKey,
  reconcileRecovery,
  THREE_DS_WINDOW_MS,
  type FlowClient,
  type FlowOrder,
  type JournalOperation,
  type PaymentStatus,
} from '../src/index.js'

/** What the stand-in gateway holds under a ProcessId. */
interface Held {
  amount: number
  salesDate?: string
  merchantFree1?: string
  paid?: boolean
  kessaiNumber?: string
  paidAt?: Date
  cvsCd?: string
}

type Call = { method: string; params: Record<string, unknown> }

const notFound = () => new EscottTransactionStateError({ message: 'KBZ', codes: ['KBZ'], entries: [explainCode('KBZ')], category: explainCode('KBZ').category } as never)

function setup(held: Record<string, Held> = {}, options: { lookup?: 'timeout' | 'broken' } = {}) {
  const calls: Call[] = []
  const retrieve = (method: string) => async (params: Record<string, unknown>) => {
    calls.push({ method, params })
    if (options.lookup === 'timeout') throw new EscottOutcomeUnknownError({ message: 'timeout', operation: '1Search' } as never)
    if (options.lookup === 'broken') throw new TypeError('broken client')
    const h = held[params.processId as string]
    if (!h) throw notFound()
    return { ...h, processId: params.processId }
  }
  const cancel = (method: string) => async (params: Record<string, unknown>) => {
    calls.push({ method, params })
    return { processId: undefined, transactionId: 'T-void' }
  }
  const escott = { card: { retrieve: retrieve('card.retrieve'), cancel: cancel('card.cancel') }, cvs: { retrieve: retrieve('cvs.retrieve'), cancel: cancel('cvs.cancel') } } as unknown as FlowClient
  const orders = new MemoryOrders()
  const journal = new MemoryJournal()
  const members = new MemoryMembers()
  const onceKeys = new MemoryOnceKeys()
  const deps = { escott, orders, journal, members, onceKeys }
  /** An order in `status` with `payment`, and the journal line of `operation` left as `outcome`. */
  async function caseOf(o: {
    operation: JournalOperation
    outcome: 'pending' | 'unknown' | 'ok' | 'failed'
    status?: PaymentStatus
    method?: 'card' | 'cvs'
    amount?: number
    lineAmount?: number | null
    payment?: FlowOrder['payment']
    result?: Record<string, unknown>
    customerId?: string | null
    ageMs?: number
  }) {
    const created = await orders.create({ amount: o.amount ?? 2000, customerId: o.customerId ?? null })
    const order = (await orders.update(created.id, { status: o.status ?? 'needs_reconciliation', method: o.method ?? 'card', payment: o.payment ?? {} }))!
    // A line written `ageMs` ago: the journal takes its time from the clock.
    if (o.ageMs) {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(Date.now() - o.ageMs)
    }
    try {
      const line = await journal.append({
        orderId: order.id,
        merchantFree1: order.merchantFree1,
        operation: o.operation,
        amount: o.lineAmount === undefined ? order.amount : o.lineAmount,
        ...(o.result && { result: o.result }),
      })
      if (o.outcome !== 'pending') await journal.complete(line.id, o.outcome, o.result ?? {})
      return { order, line }
    } finally {
      vi.useRealTimers()
    }
  }
  return { deps, calls, orders, journal, members, onceKeys, caseOf }
}

const expectCode = async (p: Promise<unknown>, code: string): Promise<EscottFlowError> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isEscottFlowError(err), String(err)).toBe(true)
  expect((err as EscottFlowError).code).toBe(code)
  return err as EscottFlowError
}

const charged = (processId: string, over: Record<string, unknown> = {}) => ({
  status: 'authorized',
  method: 'card',
  payment: { processId, processPass: `${processId}-pass`, authorizedAt: '2026-04-01T00:00:00.000Z', ...over },
})

describe('listing: what waits for a person, and when', () => {
  it('lists a silent call only once it is older than the in-flight window; 3-D Secure trips get at least 45 minutes', async () => {
    expect(DEFAULT_IN_FLIGHT_MS).toBe(600_000)
    expect(THREE_DS_WINDOW_MS).toBe(2_700_000)
    const { deps, caseOf } = setup()
    const fresh = await caseOf({ operation: 'card.authorize', outcome: 'pending', ageMs: DEFAULT_IN_FLIGHT_MS - 60_000 })
    const old = await caseOf({ operation: 'card.authorize', outcome: 'pending', ageMs: DEFAULT_IN_FLIGHT_MS + 60_000 })
    const trip = await caseOf({ operation: 'card.authorize', outcome: 'pending', result: { via: '3ds', procNo: '1' }, ageMs: DEFAULT_IN_FLIGHT_MS + 60_000 })
    const oldTrip = await caseOf({ operation: 'card.authorize', outcome: 'pending', result: { via: '3ds', procNo: '2' }, ageMs: THREE_DS_WINDOW_MS + 60_000 })
    const unknown = await caseOf({ operation: 'card.authorize', outcome: 'unknown' })
    const listed = (await listRecoveryCases(deps)).map((c) => c.orderId)
    expect(listed).toEqual([old.order.id, oldTrip.order.id, unknown.order.id])
    expect(listed).not.toContain(fresh.order.id)
    expect(listed).not.toContain(trip.order.id)
    expect((await listRecoveryCases(deps, { olderThanMs: 30_000 })).map((c) => c.orderId)).toEqual([fresh.order.id, old.order.id, oldTrip.order.id, unknown.order.id])
    expect((await listRecoveryCases(deps, { includeInFlight: true })).map((c) => c.orderId)).toHaveLength(5)
    // In flight means any age, even none at all.
    const now = await caseOf({ operation: 'card.authorize', outcome: 'pending' })
    expect((await listRecoveryCases(deps, { includeInFlight: true, now: now.line.createdAt })).map((c) => c.orderId)).toContain(now.order.id)
  })

  it('lists a follow-up whose answer never came, skips authentication-only trips, and lists failed notifications only', async () => {
    const { deps, caseOf } = setup()
    const capture = await caseOf({ operation: 'card.capture', outcome: 'unknown', status: 'authorized', payment: { processId: 'P1', processPass: 'Q1' } })
    await caseOf({ operation: 'card.capture', outcome: 'ok', status: 'captured' })
    await caseOf({ operation: 'threeDSecure.authenticate', outcome: 'unknown', status: 'pending' })
    const mismatch = await caseOf({ operation: 'cvs.notification', outcome: 'failed', method: 'cvs', result: { reason: 'amount', amount: 999 } })
    await caseOf({ operation: 'cvs.notification', outcome: 'ok', method: 'cvs' })
    const cases = await listRecoveryCases(deps)
    expect(cases.map((c) => [c.orderId, c.kind])).toEqual([
      [capture.order.id, 'outcome_unknown'],
      [mismatch.order.id, 'notification_mismatch'],
    ])
    expect(cases[0]).toMatchObject({ operation: 'card.capture', amount: 2000, merchantFree1: capture.order.merchantFree1, order: { id: capture.order.id } })
  })

  it('lists a recorded charge the order does not know, with its ProcessId, and not once the order records it', async () => {
    const { deps, caseOf } = setup()
    const lost = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: charged('P7') })
    const known = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'authorized', payment: { processId: 'P8', processPass: 'Q8' }, result: charged('P8') })
    const other = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'authorized', payment: { processId: 'P0', processPass: 'Q0' }, result: charged('P9') })
    const cases = await listRecoveryCases(deps)
    expect(cases.map((c) => [c.orderId, c.kind, c.processId])).toEqual([
      [lost.order.id, 'charged_not_finished', 'P7'],
      [other.order.id, 'charged_not_finished', 'P9'],
    ])
    expect(cases.map((c) => c.orderId)).not.toContain(known.order.id)
  })

  it('finds a case by its id or its order’s id; says which when there is none', async () => {
    const { deps, caseOf } = setup()
    const { order, line } = await caseOf({ operation: 'card.authorize', outcome: 'unknown' })
    expect((await findRecoveryCase(deps, line.id)).id).toBe(line.id)
    expect((await findRecoveryCase(deps, order.id)).id).toBe(line.id)
    const fresh = await caseOf({ operation: 'card.authorize', outcome: 'pending' })
    expect((await findRecoveryCase(deps, fresh.order.id)).id).toBe(fresh.line.id) // a person acting on a named case sees calls in flight too
    await expectCode(findRecoveryCase(deps, 'nothing'), 'RECOVERY_CASE_NOT_FOUND')
  })
})

describe('completing', () => {
  it('applies a recorded charge once 1Search confirms it, claims its ProcessId and closes the line', async () => {
    const { deps, caseOf, calls, onceKeys, journal } = setup({ P7: { amount: 2000 } })
    const { order, line } = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: charged('P7') })
    const done = await completeRecovery(deps, order.id)
    expect(done).toMatchObject({ status: 'authorized', method: 'card', payment: { processId: 'P7', processPass: 'P7-pass' }, lastError: null })
    expect(calls).toEqual([{ method: 'card.retrieve', params: { processId: 'P7', processPass: 'P7-pass' } }])
    expect(await onceKeys.owner(processIdKey('P7'))).toBe(order.id)
    expect((await journal.list({ orderId: order.id }))[0]).toMatchObject({ id: line.id, resolution: 'completed' })
  })

  it('refuses to complete a charge onto an order that is already paid', async () => {
    const { deps, caseOf } = setup({ P7: { amount: 2000 } })
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'captured', payment: { processId: 'P6', processPass: 'Q6' }, result: charged('P7') })
    await expectCode(completeRecovery(deps, order.id), 'RECOVERY_ORDER_ALREADY_PAID')
  })

  it('applies a recorded charge without asking when no client is given (not one made through 3-D Secure)', async () => {
    const { deps, caseOf } = setup()
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: charged('P7') })
    const noClient = { journal: deps.journal, orders: deps.orders }
    expect(await completeRecovery(noClient, order.id)).toMatchObject({ status: 'authorized', payment: { processId: 'P7' } })
    const trip = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: { ...charged('P8'), via: '3ds' } })
    await expectCode(completeRecovery(noClient, trip.order.id), 'RECOVERY_CLIENT_REQUIRED')
  })

  it('a recorded capture (1Gathering) must be captured at the gateway', async () => {
    const { deps, caseOf } = setup({ P7: { amount: 2000 } })
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: { ...charged('P7'), status: 'captured' } })
    await expectCode(completeRecovery(deps, order.id), 'RECOVERY_EVIDENCE_MISMATCH')
    const { deps: d2, caseOf: c2 } = setup({ P7: { amount: 2000, salesDate: '20260401' } })
    const ok = await c2({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: { ...charged('P7'), status: 'captured' } })
    expect(await completeRecovery(d2, ok.order.id)).toMatchObject({ status: 'captured' })
  })

  it('looks up and voids a stored-card charge with the member, when the charge, the intent line or the order says a member paid', async () => {
    const held = { P1: { amount: 2000 }, P2: { amount: 2000 }, P3: { amount: 2000 }, P4: { amount: 2000 } }
    const { deps, caseOf, calls, members } = setup(held)
    await members.save({ customerId: 'cust', kaiinId: 'K1', kaiinPass: 'KP1' } as never)
    const byCharge = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', customerId: 'cust', result: charged('P1', { member: true }) })
    const byIntent = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', customerId: 'cust', result: { ...charged('P2'), member: true } })
    const byOrder = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', customerId: 'cust', payment: { member: true }, result: charged('P3') })
    const byToken = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', customerId: 'cust', result: charged('P4', { member: false }) })
    for (const c of [byCharge, byIntent, byOrder, byToken]) await completeRecovery(deps, c.order.id)
    expect(calls.map((c) => c.params.member)).toEqual([{ kaiinId: 'K1', kaiinPass: 'KP1' }, { kaiinId: 'K1', kaiinPass: 'KP1' }, { kaiinId: 'K1', kaiinPass: 'KP1' }, undefined])
    expect(calls.map((c) => 'member' in c.params)).toEqual([true, true, true, false])
    // Without a customer, or without a member store, no member can be sent.
    const { deps: d2, caseOf: c2, calls: calls2 } = setup(held)
    const anonymous = await c2({ operation: 'card.authorize', outcome: 'ok', status: 'processing', customerId: null, result: charged('P1', { member: true }) })
    await completeRecovery(d2, anonymous.order.id)
    const noStore = await c2({ operation: 'card.authorize', outcome: 'ok', status: 'processing', customerId: 'cust', result: charged('P2', { member: true }) })
    await completeRecovery({ ...d2, members: undefined } as never, noStore.order.id)
    expect(calls2.map((c) => 'member' in c.params)).toEqual([false, false])
  })

  it('completes an unknown charge with the operator’s evidence once 1Search confirms it, keeping the line’s time and the member', async () => {
    const { deps, caseOf, members, onceKeys } = setup({ P5: { amount: 2000, merchantFree1: undefined } })
    await members.save({ customerId: 'cust', kaiinId: 'K1', kaiinPass: 'KP1' } as never)
    const { order, line } = await caseOf({ operation: 'card.authorize', outcome: 'unknown', customerId: 'cust', result: { member: true } })
    await expectCode(completeRecovery(deps, order.id), 'RECOVERY_EVIDENCE_REQUIRED')
    const done = await completeRecovery(deps, order.id, { processId: 'P5', processPass: 'Q5' })
    expect(done).toMatchObject({ status: 'authorized', method: 'card', payment: { processId: 'P5', processPass: 'Q5', authorizedAt: line.createdAt.toISOString(), member: true }, lastError: null })
    expect(done!.payment.cvsChanges).toBeUndefined()
    expect(await onceKeys.owner(processIdKey('P5'))).toBe(order.id)
  })

  it('refuses evidence of another link key, of another amount, or that the gateway does not know', async () => {
    const { deps, caseOf } = setup({ PL: { amount: 2000, merchantFree1: 'someone-else' }, PA: { amount: 1999 } })
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'unknown' })
    const link = await expectCode(completeRecovery(deps, order.id, { processId: 'PL', processPass: 'Q' }), 'RECOVERY_EVIDENCE_MISMATCH')
    expect(link.message).toContain('link_key')
    const amount = await expectCode(completeRecovery(deps, order.id, { processId: 'PA', processPass: 'Q' }), 'RECOVERY_EVIDENCE_MISMATCH')
    expect(amount.message).toContain('1999')
    const missing = await expectCode(completeRecovery(deps, order.id, { processId: 'PX', processPass: 'Q' }), 'RECOVERY_EVIDENCE_MISMATCH')
    expect(missing.codes).toEqual(['KBZ'])
  })

  it('throws escott-core’s error when 1Search cannot be asked, and applies nothing', async () => {
    const { deps, caseOf, orders } = setup({}, { lookup: 'timeout' })
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'unknown' })
    const err = await completeRecovery(deps, order.id, { processId: 'P5', processPass: 'Q5' }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(EscottOutcomeUnknownError)
    expect((await orders.get(order.id))!.status).toBe('needs_reconciliation')
  })

  it('refuses a ProcessId another order’s journal recorded, unless that charge was canceled', async () => {
    const { deps, caseOf } = setup({ P1: { amount: 2000 } })
    const holder = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'authorized', payment: { processId: 'P1', processPass: 'Q1' }, result: charged('P1') })
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'unknown' })
    const noOnceKeys = { ...deps, onceKeys: undefined }
    await expectCode(completeRecovery(noOnceKeys, order.id, { processId: 'P1', processPass: 'Q1' }), 'RECOVERY_EVIDENCE_TAKEN')
    await deps.journal.resolve((await deps.journal.list({ orderId: holder.order.id }))[0]!.id, 'canceled')
    expect(await completeRecovery(noOnceKeys, order.id, { processId: 'P1', processPass: 'Q1' })).toMatchObject({ payment: { processId: 'P1' } })
  })

  it('completes a convenience-store payment with its slip from 2Ref: payment number, deadline, place and time', async () => {
    const paidAt = new Date('2026-04-02T01:02:03.000Z')
    const { deps, caseOf, calls } = setup({ C1: { amount: 3000, paid: true, kessaiNumber: '1234-5678', paidAt, cvsCd: 'SEV' }, C2: { amount: 3000, paid: false } })
    const { order } = await caseOf({ operation: 'cvs.create', outcome: 'unknown', method: 'cvs', amount: 3000, result: { payLimit: '2026-04-08T14:59:00.000Z' } })
    const done = await completeRecovery(deps, order.id, { processId: 'C1', processPass: 'D1' })
    expect(done).toMatchObject({
      status: 'paid',
      method: 'cvs',
      payment: { processId: 'C1', cvsChanges: 0, payLimit: '2026-04-08T14:59:00.000Z', kessaiNumber: '1234-5678', paidAt: paidAt.toISOString(), cvsCd: 'SEV' },
    })
    expect(done!.payment.member).toBeUndefined()
    expect(calls.map((c) => c.method)).toEqual(['cvs.retrieve', 'cvs.retrieve'])
    const unpaid = await caseOf({ operation: 'cvs.create', outcome: 'unknown', method: 'cvs', amount: 3000 })
    const slip = await completeRecovery(deps, unpaid.order.id, { processId: 'C2', processPass: 'D2' })
    expect(slip).toMatchObject({ status: 'unpaid', method: 'cvs', payment: { processId: 'C2', cvsChanges: 0 } })
    expect(slip!.payment.payLimit).toBeUndefined()
    expect(slip!.payment.kessaiNumber).toBeUndefined()
    expect(slip!.payment.paidAt).toBeUndefined()
  })

  it('a convenience-store operation is looked up with 2Ref whatever method the order shows, and a card one with 1Search', async () => {
    const { deps, caseOf, calls } = setup({ C1: { amount: 2000, paid: false }, P1: { amount: 2000 } })
    const cvs = await caseOf({ operation: 'cvs.create', outcome: 'unknown', method: 'card' })
    expect(await completeRecovery(deps, cvs.order.id, { processId: 'C1', processPass: 'D1' })).toMatchObject({ method: 'cvs', status: 'unpaid' })
    const card = await caseOf({ operation: 'card.authorize', outcome: 'unknown', method: 'card' })
    expect(await completeRecovery(deps, card.order.id, { processId: 'P1', processPass: 'Q1' })).toMatchObject({ method: 'card', status: 'authorized' })
    expect(calls.map((c) => c.method)).toEqual(['cvs.retrieve', 'cvs.retrieve', 'card.retrieve'])
  })

  it('accepts evidence whose ProcessId this same order already holds', async () => {
    const { deps, caseOf, onceKeys } = setup({ P1: { amount: 2000 } })
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'unknown' })
    await onceKeys.claim(processIdKey('P1'), order.id)
    expect(await completeRecovery(deps, order.id, { processId: 'P1', processPass: 'Q1' })).toMatchObject({ status: 'authorized', payment: { processId: 'P1' } })
  })

  it('applies an authentic notification that could not be applied once 2Ref shows the slip paid, and closes the line', async () => {
    const { deps, caseOf, journal, calls } = setup({ C1: { amount: 3000, paid: true } })
    const { order, line } = await caseOf({
      operation: 'cvs.notification',
      outcome: 'failed',
      status: 'unpaid',
      method: 'cvs',
      amount: 3000,
      payment: { processId: 'C1', processPass: 'D1' },
      result: { reason: 'amount', paidAt: '2026-04-02T01:02:03.000Z', recvNum: 'R1', cvsCd: 'LAW' },
    })
    const done = await completeRecovery(deps, order.id)
    expect(done).toMatchObject({ status: 'paid', payment: { paidAt: '2026-04-02T01:02:03.000Z', recvNum: 'R1', cvsCd: 'LAW' }, lastError: null })
    expect(calls).toEqual([{ method: 'cvs.retrieve', params: { processId: 'C1', processPass: 'D1' } }])
    expect((await journal.list({ orderId: order.id }))[0]).toMatchObject({ id: line.id, resolution: 'completed' })
    const unpaid = await caseOf({ operation: 'cvs.notification', outcome: 'failed', status: 'unpaid', method: 'cvs', amount: 3000, payment: { processId: 'C1', processPass: 'D1' }, result: {} })
    const before = Date.now()
    const applied = await completeRecovery(deps, unpaid.order.id)
    expect(Date.parse(applied!.payment.paidAt!)).toBeGreaterThanOrEqual(before - 1000)
  })

  it('refuses a notification case whose order records no slip, or has no order', async () => {
    const { deps, caseOf, journal } = setup({ C1: { amount: 3000, paid: false } })
    const noSlip = await caseOf({ operation: 'cvs.notification', outcome: 'failed', status: 'unpaid', method: 'cvs', amount: 3000, payment: { processId: 'C1' }, result: { reason: 'amount' } })
    await expectCode(completeRecovery(deps, noSlip.order.id), 'RECOVERY_NOTIFICATION_WITHOUT_ORDER')
    const orphan = await journal.append({ orderId: null, merchantFree1: 'unknown-link', operation: 'cvs.notification', amount: 3000 })
    await journal.complete(orphan.id, 'failed', { reason: 'unknown_order' })
    await expectCode(completeRecovery(deps, orphan.id), 'RECOVERY_NOTIFICATION_WITHOUT_ORDER')
    const unpaid = await caseOf({ operation: 'cvs.notification', outcome: 'failed', status: 'unpaid', method: 'cvs', amount: 3000, payment: { processId: 'C1', processPass: 'D1' }, result: {} })
    await expectCode(completeRecovery(deps, unpaid.order.id), 'RECOVERY_EVIDENCE_MISMATCH') // 2Ref shows it unpaid
    await expectCode(completeRecovery(deps, orphan.id), 'RECOVERY_NOTIFICATION_WITHOUT_ORDER')
  })

  it('completes a follow-up with the order’s own transaction: what 1Search shows for a capture or an amount change, what the operator says for the rest', async () => {
    const { deps, caseOf } = setup({ P1: { amount: 2000, salesDate: '20260401' }, P2: { amount: 1500 }, P3: { amount: 2000 }, P4: { amount: 2000 } })
    const payment = (id: string) => ({ processId: id, processPass: `Q${id}`, authorizedAt: '2026-03-01T00:00:00.000Z' })
    const capture = await caseOf({ operation: 'card.capture', outcome: 'unknown', status: 'authorized', payment: payment('P1') })
    const change = await caseOf({ operation: 'card.changeAmount', outcome: 'unknown', status: 'authorized', payment: payment('P2'), lineAmount: 1500 })
    const cancel = await caseOf({ operation: 'card.cancel', outcome: 'unknown', status: 'authorized', payment: payment('P3') })
    const reauth = await caseOf({ operation: 'card.reauthorize', outcome: 'unknown', status: 'captured', payment: payment('P4') })
    const at = (c: { line: { createdAt: Date } }) => c.line.createdAt.toISOString()
    expect(await completeRecovery(deps, capture.order.id)).toMatchObject({ status: 'captured', payment: { capturedAt: at(capture), authorizedAt: '2026-03-01T00:00:00.000Z' }, amount: 2000 })
    expect(await completeRecovery(deps, change.order.id)).toMatchObject({ status: 'authorized', amount: 1500 })
    const canceled = await completeRecovery(deps, cancel.order.id)
    expect(canceled).toMatchObject({ status: 'canceled', payment: { canceledAt: at(cancel) } })
    expect(canceled!.payment.capturedAt).toBeUndefined()
    const reauthorized = await completeRecovery(deps, reauth.order.id)
    expect(reauthorized).toMatchObject({ status: 'authorized', payment: { authorizedAt: at(reauth) } })
    expect(reauthorized!.payment.canceledAt).toBeUndefined()
  })

  it('completes a follow-up without a client from what the operation does; keeps an earlier capture time', async () => {
    const { deps, caseOf } = setup()
    const noClient = { journal: deps.journal, orders: deps.orders }
    const payment = (id: string, over: Record<string, unknown> = {}) => ({ processId: id, processPass: `Q${id}`, ...over })
    const capture = await caseOf({ operation: 'card.capture', outcome: 'unknown', status: 'authorized', payment: payment('P1', { capturedAt: '2026-03-02T00:00:00.000Z' }) })
    const cvsCancel = await caseOf({ operation: 'cvs.cancel', outcome: 'unknown', status: 'unpaid', method: 'cvs', payment: payment('C1') })
    const change = await caseOf({ operation: 'card.changeAmount', outcome: 'unknown', status: 'authorized', payment: payment('P2') })
    expect(await completeRecovery(noClient, capture.order.id)).toMatchObject({ status: 'captured', payment: { capturedAt: '2026-03-02T00:00:00.000Z' } })
    expect(await completeRecovery(noClient, cvsCancel.order.id)).toMatchObject({ status: 'canceled', method: 'cvs' })
    const unchanged = await completeRecovery(noClient, change.order.id)
    expect(unchanged).toMatchObject({ status: 'authorized', amount: 2000 })
  })

  it('completes a convenience-store amount change from 2Ref, with its new payment number', async () => {
    const { deps, caseOf, calls } = setup({ C1: { amount: 2500, paid: false, kessaiNumber: '9999' } })
    const update = await caseOf({
      operation: 'cvs.update',
      outcome: 'unknown',
      status: 'unpaid',
      method: 'cvs',
      payment: { processId: 'C1', processPass: 'D1', kessaiNumber: '1111' },
      lineAmount: 2500,
    })
    expect(await completeRecovery(deps, update.order.id)).toMatchObject({ status: 'unpaid', amount: 2500, payment: { kessaiNumber: '9999' } })
    expect(calls.map((c) => c.method)).toEqual(['cvs.retrieve'])
  })

  it('refuses a follow-up with evidence of another transaction, or when the order records none', async () => {
    const { deps, caseOf } = setup({ P1: { amount: 2000 } })
    const { order } = await caseOf({ operation: 'card.capture', outcome: 'unknown', status: 'authorized', payment: { processId: 'P1', processPass: 'Q1' } })
    const err = await expectCode(completeRecovery(deps, order.id, { processId: 'P9', processPass: 'Q9' }), 'RECOVERY_EVIDENCE_MISMATCH')
    expect(err.message).toContain('P9')
    const bare = await caseOf({ operation: 'card.capture', outcome: 'unknown', status: 'authorized', payment: { processId: 'P1' } })
    await expectCode(completeRecovery(deps, bare.order.id), 'RECOVERY_EVIDENCE_REQUIRED')
  })

  it('refuses a case whose order is gone', async () => {
    const { deps, journal } = setup()
    const line = await journal.append({ orderId: 'gone', merchantFree1: 'gone-link', operation: 'card.authorize', amount: 2000 })
    await journal.complete(line.id, 'unknown', {})
    await expectCode(completeRecovery(deps, line.id, { processId: 'P', processPass: 'Q' }), 'RECOVERY_ORDER_MISSING')
    await expectCode(reconcileRecovery(deps, line.id), 'RECOVERY_ORDER_MISSING')
  })
})

describe('more of what recovery decides', () => {
  it('says a lookup failure that is not escott-core’s cannot be reconciled', async () => {
    const { deps, caseOf } = setup({}, { lookup: 'broken' })
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'unknown' })
    await expectCode(completeRecovery(deps, order.id, { processId: 'P5', processPass: 'Q5' }), 'RECOVERY_NOT_RECONCILABLE')
  })

  it('a refusal by amount carries no gateway codes', async () => {
    const { deps, caseOf } = setup({ PA: { amount: 1999 } })
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'unknown' })
    expect((await expectCode(completeRecovery(deps, order.id, { processId: 'PA', processPass: 'Q' }), 'RECOVERY_EVIDENCE_MISMATCH')).codes).toEqual([])
  })

  it('a recorded charge without a status or method is applied as a card authorisation, whatever state the gateway shows', async () => {
    const { deps, caseOf } = setup({ P7: { amount: 2000, salesDate: '20260401' } })
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: { payment: { processId: 'P7', processPass: 'Q7' } } })
    expect(await completeRecovery(deps, order.id)).toMatchObject({ status: 'authorized', method: 'card', payment: { processId: 'P7' } })
  })

  it('checks the amount the journal line sent, not the order’s amount now', async () => {
    const { deps, caseOf, orders, journal } = setup({ P5: { amount: 2000 } })
    const { order, line } = await caseOf({ operation: 'card.authorize', outcome: 'unknown', amount: 2000 })
    await orders.update(order.id, { amount: 2500 })
    expect(await reconcileRecovery(deps, order.id, { processId: 'P5', processPass: 'Q5' })).toMatchObject({ kind: 'completed' })
    expect((await journal.list({ orderId: order.id })).find((l) => l.id === line.id)?.resolution).toBe('completed')
  })

  it('lists a successful charging line that recorded no payment as charged but unfinished, without a ProcessId', async () => {
    const { deps, caseOf } = setup()
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: {} })
    expect(await listRecoveryCases(deps)).toMatchObject([{ orderId: order.id, kind: 'charged_not_finished', processId: undefined }])
  })

  it('looks up a stored-card follow-up with the member', async () => {
    const { deps, caseOf, calls, members } = setup({ P1: { amount: 2000, salesDate: '20260401' } })
    await members.save({ customerId: 'cust', kaiinId: 'K1', kaiinPass: 'KP1' } as never)
    const { order } = await caseOf({ operation: 'card.capture', outcome: 'unknown', status: 'authorized', customerId: 'cust', payment: { processId: 'P1', processPass: 'Q1', member: true } })
    expect(await reconcileRecovery(deps, order.id)).toMatchObject({ kind: 'completed', order: { status: 'captured' } })
    expect(calls).toEqual([{ method: 'card.retrieve', params: { processId: 'P1', processPass: 'Q1', member: { kaiinId: 'K1', kaiinPass: 'KP1' }, merchantFree1: order.merchantFree1 } }])
  })
})

describe('cancelling', () => {
  it('voids a recorded card charge with 1Delete (journaled), closes the order as canceled and the line', async () => {
    const { deps, caseOf, calls, journal } = setup()
    const { order, line } = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: charged('P7') })
    const closed = await cancelRecovery(deps, order.id)
    expect(closed).toMatchObject({ status: 'canceled', method: 'card', payment: { processId: 'P7' } })
    expect(closed!.payment.canceledAt).toBeTruthy()
    expect(calls).toEqual([{ method: 'card.cancel', params: { processId: 'P7', processPass: 'P7-pass', merchantFree1: order.merchantFree1 } }])
    const lines = await journal.list({ orderId: order.id })
    expect(lines.map((l) => [l.operation, l.outcome, l.resolution ?? null])).toEqual([
      ['card.authorize', 'ok', 'canceled'],
      ['card.cancel', 'ok', null],
    ])
    expect(lines[1]).toMatchObject({ amount: 2000, result: { processId: 'P7', transactionId: 'T-void' } })
    expect(lines[0]!.id).toBe(line.id)
  })

  it('voids a convenience-store payment with 2Del', async () => {
    const { deps, caseOf, calls, journal } = setup()
    const { order } = await caseOf({ operation: 'cvs.create', outcome: 'unknown', method: 'cvs' })
    expect(await cancelRecovery(deps, order.id, { processId: 'C1', processPass: 'D1' })).toMatchObject({ status: 'canceled', method: 'cvs', payment: { processId: 'C1' } })
    expect(calls).toEqual([{ method: 'cvs.cancel', params: { processId: 'C1', processPass: 'D1', merchantFree1: order.merchantFree1 } }])
    expect((await journal.list({ orderId: order.id })).map((l) => l.operation)).toEqual(['cvs.create', 'cvs.cancel'])
  })

  it('closes an unknown outcome without evidence without calling the gateway; needs a client to void', async () => {
    const { deps, caseOf, calls } = setup()
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'unknown' })
    const closed = await cancelRecovery(deps, order.id)
    expect(closed).toMatchObject({ status: 'canceled' })
    expect(closed!.payment.processId).toBeUndefined()
    expect(calls).toEqual([])
    const other = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: charged('P7') })
    await expectCode(cancelRecovery({ journal: deps.journal, orders: deps.orders }, other.order.id), 'RECOVERY_CLIENT_REQUIRED')
  })

  it('keeps an order that recorded another payment, and only voids the case’s charge', async () => {
    const { deps, caseOf, journal } = setup()
    const { order, line } = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'authorized', payment: { processId: 'P1', processPass: 'Q1' }, result: charged('P2') })
    expect(await cancelRecovery(deps, order.id)).toMatchObject({ status: 'authorized', payment: { processId: 'P1' } })
    expect((await journal.list({ orderId: order.id })).find((l) => l.id === line.id)?.resolution).toBe('canceled')
    const same = await caseOf({ operation: 'card.capture', outcome: 'unknown', status: 'authorized', payment: { processId: 'P3', processPass: 'Q3' } })
    expect(await cancelRecovery(deps, same.order.id, { processId: 'P3', processPass: 'Q3' })).toMatchObject({ status: 'canceled' })
  })

  it('dismisses a notification case without touching the order or the gateway', async () => {
    const { deps, caseOf, calls, journal } = setup()
    const { order, line } = await caseOf({ operation: 'cvs.notification', outcome: 'failed', status: 'unpaid', method: 'cvs', result: { reason: 'amount' } })
    expect(await cancelRecovery(deps, order.id)).toMatchObject({ id: order.id, status: 'unpaid' })
    expect(calls).toEqual([])
    expect((await journal.list({ orderId: order.id }))[0]).toMatchObject({ id: line.id, resolution: 'canceled' })
  })

  it('says the void failed, with the gateway’s codes, and leaves the case open', async () => {
    const { deps, caseOf, journal } = setup()
    const refusing = { ...deps, escott: { card: { cancel: async () => Promise.reject(notFound()) } } as unknown as FlowClient }
    const { order, line } = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: charged('P7') })
    const err = await expectCode(cancelRecovery(refusing, order.id), 'RECOVERY_VOID_FAILED')
    expect(err.codes).toEqual(['KBZ'])
    const broken = { ...deps, escott: { card: { cancel: async () => Promise.reject(new TypeError('broken')) } } as unknown as FlowClient }
    expect((await expectCode(cancelRecovery(broken, order.id), 'RECOVERY_VOID_FAILED')).codes).toEqual([])
    expect((await journal.list({ orderId: order.id })).find((l) => l.id === line.id)?.resolution ?? null).toBeNull()
  })
})

describe('reconciling', () => {
  it('completes a recorded charge 1Search confirms, with the state the gateway shows', async () => {
    const { deps, caseOf, onceKeys } = setup({ P7: { amount: 2000, salesDate: '20260401' } })
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: charged('P7') })
    const outcome = await reconcileRecovery(deps, order.id)
    expect(outcome).toMatchObject({ kind: 'completed', order: { status: 'captured', payment: { processId: 'P7', processPass: 'P7-pass' } } })
    expect(await onceKeys.owner(processIdKey('P7'))).toBe(order.id)
    expect(await listRecoveryCases(deps)).toEqual([])
  })

  it('applies the operator’s evidence with what the gateway shows (registration time, member, slip)', async () => {
    const { deps, caseOf } = setup({ P5: { amount: 2000 } })
    const { order, line } = await caseOf({ operation: 'card.authorize', outcome: 'ok', status: 'processing', result: charged('P7') })
    const outcome = await reconcileRecovery(deps, order.id, { processId: 'P5', processPass: 'Q5' })
    expect(outcome).toMatchObject({ kind: 'completed', order: { status: 'authorized', payment: { processId: 'P5', processPass: 'Q5', authorizedAt: line.createdAt.toISOString() } } })
  })

  it('says what stops it: another amount, no transaction (KBZ), another link key; a notification; no ProcessId', async () => {
    const { deps, caseOf, orders } = setup({ PA: { amount: 1999 }, PL: { amount: 2000, merchantFree1: 'else' } })
    const { order } = await caseOf({ operation: 'card.authorize', outcome: 'unknown' })
    expect(await reconcileRecovery(deps, order.id)).toMatchObject({ kind: 'needs_person', reason: 'no_process_id' })
    expect(await reconcileRecovery(deps, order.id, { processId: 'PA', processPass: 'Q' })).toMatchObject({ kind: 'amount_mismatch', gatewayAmount: 1999 })
    expect(await reconcileRecovery(deps, order.id, { processId: 'PX', processPass: 'Q' })).toMatchObject({ kind: 'needs_person', reason: 'not_at_gateway' })
    expect(await reconcileRecovery(deps, order.id, { processId: 'PL', processPass: 'Q' })).toMatchObject({ kind: 'needs_person', reason: 'evidence_mismatch' })
    expect((await orders.get(order.id))!.status).toBe('needs_reconciliation')
    const n = await caseOf({ operation: 'cvs.notification', outcome: 'failed', method: 'cvs', result: { reason: 'amount' } })
    expect(await reconcileRecovery(deps, n.order.id)).toMatchObject({ kind: 'needs_person', reason: 'notification' })
  })

  it('a capture whose answer never came: completed when 1Search shows it captured, closed unapplied when not', async () => {
    const { deps, caseOf, journal } = setup({ P1: { amount: 2000, salesDate: '20260401' }, P2: { amount: 2000 } })
    const done = await caseOf({ operation: 'card.capture', outcome: 'unknown', status: 'authorized', payment: { processId: 'P1', processPass: 'Q1' } })
    const before = Date.now()
    const outcome = await reconcileRecovery(deps, done.order.id)
    expect(outcome).toMatchObject({ kind: 'completed', order: { status: 'captured', amount: 2000, lastError: null } })
    if (outcome.kind === 'completed') expect(Date.parse(outcome.order!.payment.capturedAt!)).toBeGreaterThanOrEqual(before - 1000)
    const notDone = await caseOf({ operation: 'card.capture', outcome: 'unknown', status: 'authorized', payment: { processId: 'P2', processPass: 'Q2' } })
    expect(await reconcileRecovery(deps, notDone.order.id)).toMatchObject({ kind: 'not_applied', order: { id: notDone.order.id, status: 'authorized' } })
    expect((await journal.list({ orderId: notDone.order.id }))[0]!.resolution).toBe('canceled')
    expect((await journal.list({ orderId: done.order.id }))[0]!.resolution).toBe('completed')
  })

  it('an amount change whose answer never came: applied when 1Search shows the new amount, not when it shows the old one', async () => {
    const { deps, caseOf } = setup({ P1: { amount: 1500 }, P2: { amount: 2000 } })
    const changed = await caseOf({ operation: 'card.changeAmount', outcome: 'unknown', status: 'authorized', payment: { processId: 'P1', processPass: 'Q1' }, lineAmount: 1500 })
    const outcome = await reconcileRecovery(deps, changed.order.id)
    expect(outcome).toMatchObject({ kind: 'completed', order: { status: 'authorized', amount: 1500 } })
    if (outcome.kind === 'completed') expect(outcome.order!.payment.capturedAt).toBeUndefined()
    const kept = await caseOf({ operation: 'card.changeAmount', outcome: 'unknown', status: 'authorized', payment: { processId: 'P2', processPass: 'Q2' }, lineAmount: 1500 })
    expect(await reconcileRecovery(deps, kept.order.id)).toMatchObject({ kind: 'not_applied' })
    const noAmount = await caseOf({ operation: 'card.changeAmount', outcome: 'unknown', status: 'authorized', payment: { processId: 'P2', processPass: 'Q2' }, lineAmount: null })
    expect(await reconcileRecovery(deps, noAmount.order.id)).toMatchObject({ kind: 'needs_person', reason: 'not_determinable' })
  })

  it('a convenience-store amount change is looked up with 2Ref; a cancel or re-authorisation cannot be told by 1Search', async () => {
    const { deps, caseOf, calls } = setup({ C1: { amount: 2500, paid: false }, P1: { amount: 2000 } })
    const update = await caseOf({ operation: 'cvs.update', outcome: 'unknown', status: 'unpaid', method: 'cvs', payment: { processId: 'C1', processPass: 'D1' }, lineAmount: 2500 })
    expect(await reconcileRecovery(deps, update.order.id)).toMatchObject({ kind: 'completed', order: { status: 'unpaid', amount: 2500 } })
    expect(calls.map((c) => c.method)).toEqual(['cvs.retrieve'])
    const cancel = await caseOf({ operation: 'card.cancel', outcome: 'unknown', status: 'authorized', payment: { processId: 'P1', processPass: 'Q1' } })
    expect(await reconcileRecovery(deps, cancel.order.id)).toMatchObject({ kind: 'needs_person', reason: 'not_determinable' })
  })
})
