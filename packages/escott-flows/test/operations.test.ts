// Follow-up operations on a recorded payment, over memory stores and a stand-in gateway client that records what
// it was sent: what is allowed, what goes on the wire (the stored card's member included), what the order and the
// journal get, and how failures end.
import { EscottCardDeclinedError, EscottOutcomeUnknownError, explainCode } from 'escott-core'
import { describe, expect, it } from 'vitest'
import { allowedPaymentOperations, journalOperationOf, MemoryJournal, MemoryMembers, MemoryOrders, runPaymentOperation, type FlowOrder, type OperationDeps } from '../src/index.js'

type Call = { method: string; args: Record<string, unknown> }

function setup(answer: (method: string) => Record<string, unknown> | Error = () => ({ processId: 'P2', processPass: 'Q2', transactionId: 'T2' })) {
  const calls: Call[] = []
  const call = (method: string) => async (args: Record<string, unknown>) => {
    calls.push({ method, args })
    const a = answer(method)
    if (a instanceof Error) throw a
    return a
  }
  const escott = {
    card: { capture: call('card.capture'), cancel: call('card.cancel'), changeAmount: call('card.changeAmount'), reauthorize: call('card.reauthorize') },
    cvs: { cancel: call('cvs.cancel'), update: call('cvs.update') },
  }
  const orders = new MemoryOrders()
  const deps = { escott, journal: new MemoryJournal(), orders, members: new MemoryMembers() } as unknown as OperationDeps
  return { deps, orders, calls }
}

async function recorded(orders: MemoryOrders, method: 'card' | 'cvs', status: FlowOrder['status'], payment: FlowOrder['payment'] = {}, customerId: string | null = null): Promise<FlowOrder> {
  const o = await orders.create({ amount: 5000, customerId })
  return (await orders.update(o.id, { status, method, payment: { processId: 'P1', processPass: 'Q1', operateId: '1Auth', authorizedAt: new Date().toISOString(), ...payment } }))!
}

describe('allowedPaymentOperations', () => {
  it("offers escott-core's operations for a recorded payment, and none without one", async () => {
    const { orders } = setup()
    expect(allowedPaymentOperations(await recorded(orders, 'card', 'authorized'))).toEqual(expect.arrayContaining(['capture', 'cancel', 'changeAmount', 'reauthorize']))
    expect(allowedPaymentOperations(await recorded(orders, 'cvs', 'unpaid'))).toEqual(['cancel', 'changeAmount'])
    const noProcess = await recorded(orders, 'card', 'authorized', { processId: undefined as never })
    expect(allowedPaymentOperations({ ...noProcess, payment: { ...noProcess.payment, processId: undefined } })).toEqual([])
    expect(allowedPaymentOperations({ ...(await recorded(orders, 'card', 'authorized')), status: 'processing' })).toEqual([])
  })

  it('follows the state options of the order: a captured 1Gathering payment, a convenience-store payment changed once', async () => {
    const { orders } = setup()
    const once = await recorded(orders, 'cvs', 'unpaid', { cvsChanges: 1 })
    expect(allowedPaymentOperations(once)).not.toContain('changeAmount')
    const old = await recorded(orders, 'card', 'authorized', { authorizedAt: new Date(Date.now() - 400 * 86_400_000).toISOString() })
    expect(allowedPaymentOperations(old)).not.toContain('capture')
  })
})

describe('journalOperationOf', () => {
  it('maps each operation to the journal operation of its resource', async () => {
    const { orders } = setup()
    const card = await recorded(orders, 'card', 'authorized')
    const cvs = await recorded(orders, 'cvs', 'unpaid')
    expect(['capture', 'cancel', 'changeAmount', 'reauthorize'].map((op) => journalOperationOf(card, op as never))).toEqual(['card.capture', 'card.cancel', 'card.changeAmount', 'card.reauthorize'])
    expect(journalOperationOf(cvs, 'cancel')).toBe('cvs.cancel')
    expect(journalOperationOf(cvs, 'changeAmount')).toBe('cvs.update')
    expect(() => journalOperationOf(cvs, 'capture')).toThrow(TypeError)
  })
})

describe('runPaymentOperation', () => {
  it('refuses what the state machine does not allow, sending nothing', async () => {
    const { deps, orders, calls } = setup()
    const order = await recorded(orders, 'cvs', 'unpaid')
    expect(await runPaymentOperation(deps, { order, operation: 'capture' })).toEqual({ kind: 'not_allowed', allowed: ['cancel', 'changeAmount'] })
    expect(calls).toEqual([])
  })

  it('captures: sends the references, journals the new state, records capturedAt and the new ProcessId/ProcessPass', async () => {
    const { deps, orders, calls } = setup()
    const order = await recorded(orders, 'card', 'authorized')
    const outcome = await runPaymentOperation(deps, { order, operation: 'capture' })
    expect(calls).toEqual([{ method: 'card.capture', args: { processId: 'P1', processPass: 'Q1', merchantFree1: order.merchantFree1 } }])
    expect(outcome).toMatchObject({ kind: 'done', order: { status: 'captured', lastError: null, payment: { processId: 'P2', processPass: 'Q2' } } })
    if (outcome.kind !== 'done') throw new Error(outcome.kind)
    expect(outcome.order.payment.capturedAt).toBeTruthy()
    expect(outcome.order.payment.canceledAt).toBeUndefined()
    expect(outcome.order.payment.authorizedAt).toBe(order.payment.authorizedAt)
    expect(outcome.order.payment.cvsChanges).toBeUndefined()
    const [line] = await deps.journal.list({ orderId: order.id })
    expect(line).toMatchObject({ operation: 'card.capture', amount: 5000, outcome: 'ok', result: { status: 'captured', processId: 'P2', transactionId: 'T2' } })
  })

  it('keeps the old ProcessId in the journal and on the order when the answer has none', async () => {
    const { deps, orders, calls } = setup(() => ({ transactionId: 'T3' }))
    const order = await recorded(orders, 'card', 'authorized')
    const outcome = await runPaymentOperation(deps, { order, operation: 'cancel' })
    expect(calls).toEqual([{ method: 'card.cancel', args: { processId: 'P1', processPass: 'Q1', merchantFree1: order.merchantFree1 } }])
    expect(outcome).toMatchObject({ kind: 'done', order: { status: 'canceled', payment: { processId: 'P1', processPass: 'Q1' } } })
    if (outcome.kind !== 'done') throw new Error(outcome.kind)
    expect(outcome.order.payment.canceledAt).toBeTruthy()
    expect(outcome.order.payment.capturedAt).toBeUndefined()
    expect((await deps.journal.list({ orderId: order.id }))[0]!.result).toMatchObject({ status: 'canceled', processId: 'P1' })
  })

  it('sends the stored card of a member payment, and changes the amount on the order', async () => {
    const { deps, orders, calls } = setup()
    await deps.members.save({ customerId: 'cus-1', kaiinId: 'K1', kaiinPass: 'KP1', maskedCard: null, brand: null })
    const order = await recorded(orders, 'card', 'authorized', { member: true }, 'cus-1')
    const outcome = await runPaymentOperation(deps, { order, operation: 'changeAmount', amount: 4000 })
    expect(calls[0]).toEqual({
      method: 'card.changeAmount',
      args: { processId: 'P1', processPass: 'Q1', merchantFree1: order.merchantFree1, member: { kaiinId: 'K1', kaiinPass: 'KP1' }, amount: 4000 },
    })
    expect(outcome).toMatchObject({ kind: 'done', order: { amount: 4000, status: 'authorized' } })
    if (outcome.kind !== 'done') throw new Error(outcome.kind)
    expect(outcome.order.payment.cvsChanges).toBeUndefined() // only a convenience-store change is counted
    expect((await deps.journal.list({ orderId: order.id }))[0]).toMatchObject({ operation: 'card.changeAmount', amount: 4000 })
  })

  it('sends no member for a payment that was not made with the stored card, and re-authorises with a new authorisation time', async () => {
    const { deps, orders, calls } = setup()
    await deps.members.save({ customerId: 'cus-2', kaiinId: 'K2', kaiinPass: 'KP2', maskedCard: null, brand: null })
    const past = new Date(Date.now() - 86_400_000).toISOString()
    const order = await recorded(orders, 'card', 'authorized', { authorizedAt: past }, 'cus-2')
    const outcome = await runPaymentOperation(deps, { order, operation: 'reauthorize', amount: 5500 })
    expect(calls[0]!.method).toBe('card.reauthorize')
    expect(calls[0]!.args).not.toHaveProperty('member')
    expect(calls[0]!.args.amount).toBe(5500)
    if (outcome.kind !== 'done') throw new Error(outcome.kind)
    expect(Date.parse(outcome.order.payment.authorizedAt!)).toBeGreaterThan(Date.parse(past))
  })

  it('cancels a convenience-store payment with 2Del, and changes its amount and deadline with one 2Chg, counting the change', async () => {
    const payLimit = new Date('2026-12-20T14:59:59.000Z')
    const { deps, orders, calls } = setup((m) => (m === 'cvs.update' ? { processId: 'P5', kessaiNumber: 'KN-2', paymentPageUrl: 'https://pay.example/2', payLimit } : {}))
    const slip = await recorded(orders, 'cvs', 'unpaid')
    const changed = await runPaymentOperation(deps, { order: slip, operation: 'changeAmount', amount: 4800, payLimit })
    expect(calls[0]).toEqual({ method: 'cvs.update', args: { processId: 'P1', processPass: 'Q1', merchantFree1: slip.merchantFree1, amount: 4800, payLimit } })
    expect(changed).toMatchObject({
      kind: 'done',
      order: { amount: 4800, status: 'unpaid', payment: { cvsChanges: 1, kessaiNumber: 'KN-2', paymentPageUrl: 'https://pay.example/2', payLimit: payLimit.toISOString(), processId: 'P5' } },
    })
    expect((await deps.journal.list({ orderId: slip.id }))[0]!.result).toMatchObject({ payLimit: payLimit.toISOString() })

    const other = await recorded(orders, 'cvs', 'unpaid')
    await runPaymentOperation(deps, { order: other, operation: 'changeAmount', payLimit })
    expect(calls[1]!.args).not.toHaveProperty('amount')
    const canceled = await runPaymentOperation(deps, { order: other, operation: 'cancel' })
    expect(calls[2]!.method).toBe('cvs.cancel')
    expect(calls[2]!.args).toEqual({ processId: 'P1', processPass: 'Q1', merchantFree1: other.merchantFree1 })
    expect(canceled).toMatchObject({ kind: 'done', order: { status: 'canceled' } })
  })

  it('ignores a deadline in the answer that is not a valid date', async () => {
    const { deps, orders } = setup((m) => (m === 'cvs.update' ? { payLimit: new Date('nope'), kessaiNumber: 7 } : {}))
    const slip = await recorded(orders, 'cvs', 'unpaid', { payLimit: '2026-12-01T14:59:59.000Z', kessaiNumber: 'KN-1' })
    const outcome = await runPaymentOperation(deps, { order: slip, operation: 'changeAmount', amount: 4000 })
    expect(outcome).toMatchObject({ kind: 'done', order: { payment: { payLimit: '2026-12-01T14:59:59.000Z', kessaiNumber: 'KN-1', cvsChanges: 1 } } })
  })

  it('keeps the state on a refusal and shows the error; a decline is classified', async () => {
    const declined = new EscottCardDeclinedError({ message: 'declined', codes: ['G55'], entries: [explainCode('G55')], category: 'declined' })
    const { deps, orders } = setup(() => declined)
    const order = await recorded(orders, 'card', 'authorized')
    const outcome = await runPaymentOperation(deps, { order, operation: 'capture' })
    expect(outcome).toMatchObject({ kind: 'failed', failure: 'declined_soft', order: { status: 'authorized', lastError: { codes: ['G55'], operation: 'card.capture' } }, error: { codes: ['G55'] } })
    expect((await deps.journal.list({ orderId: order.id }))[0]!.outcome).toBe('failed')
  })

  it('ends as outcome_unknown when the answer never came, the journal line unknown', async () => {
    const { deps, orders } = setup(() => new EscottOutcomeUnknownError({ message: 'timeout', operation: '1Capture' } as never))
    const order = await recorded(orders, 'card', 'authorized')
    const outcome = await runPaymentOperation(deps, { order, operation: 'capture' })
    expect(outcome).toMatchObject({ kind: 'outcome_unknown', order: { status: 'authorized', lastError: { operation: 'card.capture' } } })
    expect((await deps.journal.list({ orderId: order.id }))[0]!.outcome).toBe('unknown')
  })
})
