// 3-D Secure request and result handling branch by branch, over memory stores and a stand-in gateway client: the
// test decides what the decrypted result says (parseResult) and what 1Search / 4MemRef answer, and looks at what is
// sent, journaled, claimed, voided and written to the order.
import { EscottOutcomeUnknownError, EscottThreeDSecureError, EscottTransactionStateError, explainCode, type ThreeDSecureResult } from 'escott-core'
import { describe, expect, it } from 'vitest'
import {
  applyThreeDSecureResult,
  authenticatedThreeDSecure,
  beginThreeDSecure,
  MemoryJournal,
  MemoryMembers,
  MemoryOnceKeys,
  MemoryOrders,
  processIdKey,
  threeDSecureState,
  waitForSettled,
  type FlowClient,
  type FlowOrder,
} from '../src/index.js'
import { memoryLogger } from './helpers.js'

type Call = { method: string; params: Record<string, unknown> }

const notFound = () => new EscottTransactionStateError({ message: 'KBZ', codes: ['KBZ'], entries: [explainCode('KBZ')], category: explainCode('KBZ').category } as never)

interface Options {
  /** What 1Search answers per ProcessId (absent: KBZ); 'timeout' for every lookup. */
  held?: Record<string, { amount: number; salesDate?: string }> | 'timeout'
  /** What 4MemRef answers. */
  member?: { status: string; maskedCardNo?: string } | 'missing'
  noKeys?: boolean
}

function setup(options: Options = {}) {
  const calls: Call[] = []
  // What parseResult hands over for each EncryptValue the test made (objects, so errors keep their class).
  const results = new Map<string, ThreeDSecureResult>()
  let procNo = 0
  const record = (method: string, params: Record<string, unknown>) => calls.push({ method, params })
  const escott = {
    threeDSecure: {
      createRequest: (params: Record<string, unknown>) => {
        record('threeDSecure.createRequest', params)
        if (options.noKeys) throw new EscottThreeDSecureError({ message: 'no 3-D Secure keys', category: 'configuration' } as never)
        const operation = params.registerMember ? (params.registerMember === 'create' ? '4MemAdd' : '4MemChg') : params.flow === 'merged' ? (params.capture ? '1Gathering' : '1Auth') : '3Secure'
        return { action: 'https://3ds.example/OTDS010', fields: { MerchantId: 'M', EncryptValue: 'x' }, operation, procNo: `N${++procNo}`, merchantFree1: params.merchantFree1 }
      },
      parseResult: (value: string) => {
        if (value === 'garbage') throw new EscottThreeDSecureError({ message: 'rejected', category: 'three_d_secure' } as never)
        const parsed = results.get(value)
        if (!parsed) throw new EscottThreeDSecureError({ message: 'rejected', category: 'three_d_secure' } as never)
        return parsed
      },
    },
    card: {
      retrieve: async (params: Record<string, unknown>) => {
        record('card.retrieve', params)
        if (options.held === 'timeout') throw new EscottOutcomeUnknownError({ message: 'timeout', operation: '1Search' } as never)
        const h = options.held?.[params.processId as string]
        if (!h) throw notFound()
        return { ...h, processId: params.processId }
      },
      cancel: async (params: Record<string, unknown>) => {
        record('card.cancel', params)
        return { processId: undefined, transactionId: 'T-void' }
      },
      authorize: async (params: Record<string, unknown>) => {
        record('card.authorize', params)
        return { status: params.capture ? 'captured' : 'authorized', processId: 'PM', processPass: 'QM', transactionId: 'TM', payType: '01', amount: params.amount }
      },
    },
    members: {
      retrieve: async (params: Record<string, unknown>) => {
        record('members.retrieve', params)
        if (options.member === 'missing') throw new Error('K71')
        return { maskedCardNo: '400000******1000', ...(options.member ?? { status: 'valid' }) }
      },
    },
  } as unknown as FlowClient
  const orders = new MemoryOrders()
  const journal = new MemoryJournal()
  const members = new MemoryMembers()
  const onceKeys = new MemoryOnceKeys()
  const log = memoryLogger()
  const deps = { escott, orders, journal, members, onceKeys, log }
  async function awaiting(amount = 2000, customerId: string | null = null): Promise<FlowOrder> {
    const o = await orders.create({ amount, customerId })
    return (await orders.update(o.id, { status: 'awaiting_3ds', method: 'card' }, ['pending']))!
  }
  const start = { cardholderName: 'TARO YAMADA', email: 'taro@example.jp', redirectUrl: 'https://shop.example/3ds/return', postUrl: 'https://shop.example/3ds/post' }
  /** A result as parseResult would hand it over. */
  const result = (order: FlowOrder, procNo: string, over: Partial<ThreeDSecureResult> = {}) => {
    const key = `EV${results.size + 1}`
    results.set(key, { operation: '1Auth', passed: true, merchantFree1: order.merchantFree1, procNo, processId: 'P1', processPass: 'Q1', transactionId: 'T1', ...over } as ThreeDSecureResult)
    return key
  }
  return { deps, calls, orders, journal, members, onceKeys, log, awaiting, start, result }
}

describe('beginThreeDSecure: the request and the trip line', () => {
  it('a merged trip with a new card sends the token, amount, capture and pay type, and journals the trip as a card.authorize with the amount', async () => {
    const { deps, calls, journal, awaiting, start } = setup()
    const order = await awaiting(2480)
    const begin = await beginThreeDSecure(deps, { order, source: { token: 'tok' }, details: { payType: '01', brand: 'VISA' }, ...start })
    expect(begin).toMatchObject({ kind: 'redirect', request: { procNo: 'N1', operation: '1Auth' } })
    expect(calls[0]!.params).toMatchObject({ token: 'tok', amount: 2480, flow: 'merged', capture: false, payType: '01', merchantFree1: order.merchantFree1, ...start })
    expect('member' in calls[0]!.params).toBe(false)
    const [line] = await journal.list({ orderId: order.id })
    expect(line).toMatchObject({ operation: 'card.authorize', amount: 2480, outcome: 'pending' })
    expect(line!.result).toStrictEqual({ via: '3ds', procNo: 'N1', flow: 'merged', details: { payType: '01', brand: 'VISA', member: false }, member: false, capture: false })
  })

  it('a stored card sends the member instead of a token; capture is asked for', async () => {
    const { deps, calls, journal, awaiting, start } = setup()
    const order = await awaiting()
    const member = { customerId: 'c', kaiinId: 'K1', kaiinPass: 'KP1', maskedCard: '************1000', brand: null } as never
    await beginThreeDSecure(deps, { order, source: { member }, details: { payType: '01' }, capture: true, ...start })
    expect(calls[0]!.params).toMatchObject({ member: { kaiinId: 'K1', kaiinPass: 'KP1' }, capture: true, flow: 'merged' })
    expect('token' in calls[0]!.params).toBe(false)
    expect((await journal.list({ orderId: order.id }))[0]!.result).toMatchObject({ member: true, capture: true, details: { member: true } })
  })

  it('authentication only asks for 3Secure without capture or pay type, and journals a threeDSecure.authenticate trip with the amount', async () => {
    const { deps, calls, journal, awaiting, start } = setup()
    const order = await awaiting(1500)
    await beginThreeDSecure(deps, { order, source: { token: 'tok' }, details: { payType: '01' }, authenticateOnly: true, ...start })
    expect(calls[0]!.params).toMatchObject({ flow: 'authenticate', amount: 1500 })
    expect('capture' in calls[0]!.params).toBe(false)
    expect('payType' in calls[0]!.params).toBe(false)
    expect((await journal.list({ orderId: order.id }))[0]).toMatchObject({ operation: 'threeDSecure.authenticate', amount: 1500, result: { flow: 'authenticate' } })
  })

  it('saving the card registers it first: a new member is a members.create trip without an amount, or with it when only authenticating', async () => {
    const { deps, calls, journal, members, awaiting, start } = setup()
    const order = await awaiting(1800, 'cust')
    await beginThreeDSecure(deps, { order, source: { token: 'tok' }, saveCard: { customerId: 'cust' }, details: { payType: '01', brand: 'VISA' }, ...start })
    expect(calls[0]!.params).toMatchObject({ token: 'tok', registerMember: 'create', merchantFree1: order.merchantFree1 })
    const [line] = await journal.list({ orderId: order.id })
    expect(line).toMatchObject({ operation: 'members.create', amount: null, result: { flow: 'register', member: true, newMember: true, capture: false, details: { member: true } } })
    expect('authenticateOnly' in line!.result!).toBe(false)
    expect(await members.get('cust')).toMatchObject({ maskedCard: null, brand: 'VISA' })
    // The placeholder now stored is replaced (4MemChg) once the gateway shows it registered.
    const again = await awaiting(1800, 'cust')
    await members.save({ ...(await members.get('cust'))!, maskedCard: '************1000' })
    await beginThreeDSecure(deps, { order: again, source: { token: 'tok2' }, saveCard: { customerId: 'cust' }, details: { payType: '01' }, authenticateOnly: true, ...start })
    expect(calls.at(-1)!.params).toMatchObject({ registerMember: 'update' })
    expect((await journal.list({ orderId: again.id }))[0]).toMatchObject({ operation: 'members.update', amount: 1800, result: { newMember: false, authenticateOnly: true } })
  })

  it('a request that cannot be built leaves the order payable with the error, and journals nothing', async () => {
    const { deps, journal, orders, awaiting, start } = setup({ noKeys: true })
    const order = await awaiting()
    const begin = await beginThreeDSecure(deps, { order, source: { token: 'tok' }, details: { payType: '01' }, ...start })
    expect(begin).toMatchObject({ kind: 'failed', order: { status: 'pending' }, error: { operation: '3Secure' } })
    expect((await orders.get(order.id))!.status).toBe('pending')
    expect(await journal.list({ orderId: order.id })).toEqual([])
  })
})

describe('applyThreeDSecureResult: which results are used', () => {
  it('rejects what it cannot read, a link key no order has, a trip the order never made, and a result of another operation', async () => {
    const { deps, awaiting, start, result } = setup()
    const order = await awaiting()
    const begin = await beginThreeDSecure(deps, { order, source: { token: 'tok' }, details: { payType: '01' }, ...start })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    expect(await applyThreeDSecureResult(deps, 'garbage', { source: 'browser' })).toEqual({ kind: 'invalid', reason: 'rejected' })
    expect(await applyThreeDSecureResult(deps, result({ ...order, merchantFree1: 'nobody' }, 'N1'), { source: 'post' })).toEqual({ kind: 'invalid', reason: 'unknown_order' })
    expect(await applyThreeDSecureResult(deps, result({ ...order, merchantFree1: '' }, 'N1'), { source: 'post' })).toEqual({ kind: 'invalid', reason: 'unknown_order' })
    expect(await applyThreeDSecureResult(deps, result(order, 'N9'), { source: 'post' })).toEqual({ kind: 'invalid', reason: 'unknown_trip' })
    expect(await applyThreeDSecureResult(deps, result(order, 'N1', { operation: '1Gathering' }), { source: 'post' })).toEqual({ kind: 'invalid', reason: 'rejected' })
    expect(await applyThreeDSecureResult(deps, result(order, 'N1', { operation: '3Secure' }), { source: 'post' })).toEqual({ kind: 'invalid', reason: 'rejected' })
  })
})

describe('applyThreeDSecureResult: the merged flow', () => {
  async function trip(s: ReturnType<typeof setup>, over: { amount?: number; capture?: boolean; customerId?: string | null; member?: boolean } = {}) {
    const order = await s.awaiting(over.amount ?? 2000, over.customerId ?? null)
    const source = over.member ? { member: { customerId: over.customerId, kaiinId: 'K1', kaiinPass: 'KP1', maskedCard: '************1000', brand: null } as never } : { token: 'tok' }
    const begin = await beginThreeDSecure(s.deps, { order, source, details: { payType: '01', maskedCard: '************1000' }, capture: over.capture ?? false, ...s.start })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    return { order, procNo: begin.request.procNo }
  }

  it('records a charge 1Search confirms with the trip’s amount: the order is authorised through 3-D Secure, the ProcessId is the order’s', async () => {
    const s = setup({ held: { P1: { amount: 2000 } } })
    const { order, procNo } = await trip(s)
    const outcome = await applyThreeDSecureResult(s.deps, s.result(order, procNo), { source: 'browser' })
    expect(outcome).toMatchObject({ kind: 'done', order: { status: 'authorized', payment: { processId: 'P1', threeDSecure: true, operateId: '1Auth', maskedCard: '************1000' } } })
    expect(s.calls.filter((c) => c.method === 'card.retrieve')).toEqual([{ method: 'card.retrieve', params: { processId: 'P1', processPass: 'Q1' } }])
    expect(await s.onceKeys.owner(processIdKey('P1'))).toBe(order.id)
    const [line] = await s.journal.list({ orderId: order.id })
    expect(line).toMatchObject({ outcome: 'ok', result: { status: 'authorized', via: '3ds', payment: { processId: 'P1' } } })
    // Applied once: the PostUrl copy finds the trip done.
    expect(await applyThreeDSecureResult(s.deps, s.result(order, procNo), { source: 'post' })).toMatchObject({ kind: 'busy' })
    expect(s.calls.filter((c) => c.method === 'card.retrieve')).toHaveLength(1)
  })

  it('a 1Gathering result must be captured at the gateway, and is recorded captured', async () => {
    const s = setup({ held: { P1: { amount: 2000, salesDate: '20260401' } } })
    const { order, procNo } = await trip(s, { capture: true })
    expect(await applyThreeDSecureResult(s.deps, s.result(order, procNo, { operation: '1Gathering' }), { source: 'browser' })).toMatchObject({
      kind: 'done',
      order: { status: 'captured', payment: { operateId: '1Gathering' } },
    })
    const s2 = setup({ held: { P1: { amount: 2000 } } })
    const t2 = await trip(s2, { capture: true })
    expect(await applyThreeDSecureResult(s2.deps, s2.result(t2.order, t2.procNo, { operation: '1Gathering' }), { source: 'browser' })).toMatchObject({ kind: 'done', order: { status: 'pending' } })
  })

  it('looks a stored card’s charge up with the member', async () => {
    const s = setup({ held: { P1: { amount: 2000 } } })
    await s.members.save({ customerId: 'cust', kaiinId: 'K1', kaiinPass: 'KP1', maskedCard: '************1000', brand: null } as never)
    const { order, procNo } = await trip(s, { customerId: 'cust', member: true })
    await applyThreeDSecureResult(s.deps, s.result(order, procNo), { source: 'browser' })
    expect(s.calls.find((c) => c.method === 'card.retrieve')!.params).toEqual({ processId: 'P1', processPass: 'Q1', member: { kaiinId: 'K1', kaiinPass: 'KP1' } })
    const anon = await trip(s)
    await applyThreeDSecureResult(s.deps, s.result(anon.order, anon.procNo, { processId: 'P1' }), { source: 'browser' })
    expect('member' in s.calls.filter((c) => c.method === 'card.retrieve').at(-1)!.params).toBe(false)
  })

  it('a declined result without a ProcessId ends the trip: the order is payable with the gateway’s error', async () => {
    const s = setup()
    const { order, procNo } = await trip(s)
    const declined = new EscottThreeDSecureError({ message: 'declined', codes: ['U04'], entries: [explainCode('U04')], category: 'three_d_secure' } as never)
    const outcome = await applyThreeDSecureResult(s.deps, s.result(order, procNo, { passed: false, processId: undefined, processPass: undefined, error: declined }), { source: 'browser' })
    expect(outcome).toMatchObject({ kind: 'done', order: { status: 'pending', lastError: { operation: '1Auth' } } })
    expect((await s.journal.list({ orderId: order.id }))[0]).toMatchObject({ outcome: 'failed' })
    expect(s.calls.some((c) => c.method === 'card.retrieve')).toBe(false)
  })

  it('a ProcessId without a ProcessPass is no charge either, and without the gateway’s error the shopper is told to pay again', async () => {
    const s = setup()
    const { order, procNo } = await trip(s)
    const outcome = await applyThreeDSecureResult(s.deps, s.result(order, procNo, { processPass: undefined }), { source: 'browser' })
    expect(outcome).toMatchObject({ kind: 'done', order: { status: 'pending', lastError: { codes: [] } } })
    expect((await s.journal.list({ orderId: order.id }))[0]!.result).toMatchObject({ error: 'EscottFlowError' })
    expect(s.calls.some((c) => c.method === 'card.retrieve')).toBe(false) // nothing to look up
  })

  it('refuses a charge 1Search does not confirm (another amount): nothing recorded, the order payable, the ProcessId kept on the line', async () => {
    const s = setup({ held: { P1: { amount: 1999 } } })
    const { order, procNo } = await trip(s)
    const outcome = await applyThreeDSecureResult(s.deps, s.result(order, procNo), { source: 'post' })
    expect(outcome).toMatchObject({ kind: 'done', order: { status: 'pending' } })
    expect((await s.orders.get(order.id))!.payment.processId).toBeUndefined()
    expect((await s.journal.list({ orderId: order.id }))[0]).toMatchObject({ outcome: 'failed', result: { reason: 'amount', unconfirmedProcessId: 'P1' } })
    expect(await s.onceKeys.owner(processIdKey('P1'))).toBeUndefined()
    expect(s.log.lines.some((l) => l.includes('"level":"error"') && l.includes('"reason":"amount"'))).toBe(true)
  })

  it('parks the order for reconcile when 1Search cannot be asked, journaling the named charge as unconfirmed', async () => {
    const s = setup({ held: 'timeout' })
    const { order, procNo } = await trip(s)
    const outcome = await applyThreeDSecureResult(s.deps, s.result(order, procNo), { source: 'post' })
    expect(outcome).toMatchObject({ kind: 'done', order: { status: 'needs_reconciliation' } })
    expect((await s.journal.list({ orderId: order.id }))[0]).toMatchObject({ outcome: 'unknown', result: { unconfirmed: true, payment: { processId: 'P1' } } })
    expect((await s.orders.get(order.id))!.lastError?.merchant.en).toMatch(/^1Auth may have been processed/)
  })

  it('voids a transaction the gateway holds although the result says it did not pass', async () => {
    const s = setup({ held: { P1: { amount: 2000 } } })
    const { order, procNo } = await trip(s)
    const declined = new EscottThreeDSecureError({ message: 'failed', codes: ['U04'], entries: [explainCode('U04')], category: 'three_d_secure' } as never)
    const outcome = await applyThreeDSecureResult(s.deps, s.result(order, procNo, { passed: false, error: declined }), { source: 'browser' })
    expect(outcome).toMatchObject({ kind: 'done', order: { status: 'pending', lastError: { codes: ['U04'] } } })
    expect(s.calls.filter((c) => c.method === 'card.cancel')).toEqual([{ method: 'card.cancel', params: { processId: 'P1', processPass: 'Q1', merchantFree1: order.merchantFree1 } }])
    const lines = await s.journal.list({ orderId: order.id })
    expect(lines.map((l) => [l.operation, l.outcome, l.resolution ?? null])).toEqual([
      ['card.authorize', 'ok', 'canceled'],
      ['card.cancel', 'ok', null],
    ])
    expect(lines[0]!.result).toMatchObject({ superseded: true })
    expect(lines[1]).toMatchObject({ amount: 2000, result: { supersededTrip: lines[0]!.id, processId: 'P1' } })
  })

  it('refuses a ProcessId another order holds', async () => {
    const s = setup({ held: { P1: { amount: 2000 } } })
    await s.onceKeys.claim(processIdKey('P1'), 'another-order')
    const { order, procNo } = await trip(s)
    expect(await applyThreeDSecureResult(s.deps, s.result(order, procNo), { source: 'browser' })).toMatchObject({ kind: 'done', order: { status: 'pending' } })
    expect((await s.journal.list({ orderId: order.id }))[0]).toMatchObject({ outcome: 'failed', result: { reason: 'taken', unconfirmedProcessId: 'P1' } })
  })

  it('a confirmed charge for an order whose amount changed since the trip is voided, not recorded', async () => {
    const s = setup({ held: { P1: { amount: 2000 } } })
    const { order, procNo } = await trip(s)
    await s.orders.update(order.id, { amount: 2500 })
    await applyThreeDSecureResult(s.deps, s.result(order, procNo), { source: 'browser' })
    expect((await s.orders.get(order.id))!.payment.processId).toBeUndefined()
    expect(s.calls.filter((c) => c.method === 'card.cancel')).toHaveLength(1)
  })

  it('the result of an abandoned trip never reopens the order the shopper is paying on another trip', async () => {
    const s = setup()
    const first = await trip(s)
    const order = first.order
    const second = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, details: { payType: '01' }, ...s.start })
    if (second.kind !== 'redirect') throw new Error(second.kind)
    await applyThreeDSecureResult(s.deps, s.result(order, first.procNo, { processId: undefined }), { source: 'browser' })
    expect((await s.orders.get(order.id))!.status).toBe('awaiting_3ds')
    await applyThreeDSecureResult(s.deps, s.result(order, second.request.procNo, { processId: undefined }), { source: 'browser' })
    expect((await s.orders.get(order.id))!.status).toBe('pending')
  })
})

describe('applyThreeDSecureResult: authentication only', () => {
  async function authTrip(s: ReturnType<typeof setup>, amount = 2000) {
    const order = await s.awaiting(amount)
    const begin = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, details: { payType: '01' }, authenticateOnly: true, ...s.start })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    return { order, procNo: begin.request.procNo }
  }
  const data = { secureResultCode: '0', messageVersionNo3D: '2.2.0' }

  it('a passed authentication leaves the order payable and authenticated, with the data the authorisation must carry kept', async () => {
    const s = setup()
    const { order, procNo } = await authTrip(s)
    const outcome = await applyThreeDSecureResult(s.deps, s.result(order, procNo, { operation: '3Secure', processId: undefined, threeDSecure: data as never }), { source: 'browser' })
    expect(outcome).toMatchObject({ kind: 'done', order: { status: 'pending', lastError: null, payment: { threeDSecure: true } } })
    expect((await s.journal.list({ orderId: order.id }))[0]).toMatchObject({ outcome: 'ok', result: { authenticated: true, threeDSecure: data } })
    expect(await threeDSecureState(s.journal, { id: order.id, amount: 2000 })).toEqual({ kind: 'authenticated', threeDSecure: data, member: false })
    expect(await authenticatedThreeDSecure(s.journal, order.id)).toEqual(data)
    expect(await authenticatedThreeDSecure(s.journal, { id: order.id, amount: 2500 })).toBeUndefined()
    expect(await threeDSecureState(s.journal, { id: order.id, amount: 2500 })).toEqual({ kind: 'spent' })
  })

  it('a failed authentication makes the order payable with the error; the state says failed with the codes', async () => {
    const s = setup()
    const { order, procNo } = await authTrip(s)
    const failed = new EscottThreeDSecureError({ message: 'failed', codes: ['U04'], entries: [explainCode('U04')], category: 'three_d_secure' } as never)
    await applyThreeDSecureResult(s.deps, s.result(order, procNo, { operation: '3Secure', passed: false, error: failed }), { source: 'browser' })
    expect((await s.orders.get(order.id))!).toMatchObject({ status: 'pending', lastError: { codes: ['U04'] } })
    expect(await threeDSecureState(s.journal, order)).toEqual({ kind: 'failed', codes: ['U04'] })
  })

  it('an abandoned authentication trip is closed as stale and never used; a second call for a claimed order is busy', async () => {
    const s = setup()
    const { order, procNo } = await authTrip(s)
    const second = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, details: { payType: '01' }, authenticateOnly: true, ...s.start })
    if (second.kind !== 'redirect') throw new Error(second.kind)
    expect(await applyThreeDSecureResult(s.deps, s.result(order, procNo, { operation: '3Secure' }), { source: 'browser' })).toMatchObject({ kind: 'busy' })
    expect((await s.journal.list({ orderId: order.id }))[0]).toMatchObject({ outcome: 'failed', result: { stale: true } })
    expect(await threeDSecureState(s.journal, order)).toEqual({ kind: 'open' })
    await s.orders.update(order.id, { status: 'processing' })
    expect(await applyThreeDSecureResult(s.deps, s.result(order, second.request.procNo, { operation: '3Secure' }), { source: 'post' })).toMatchObject({ kind: 'busy' })
  })

  it('says spent once an authorisation used the authentication, and none without any trip', async () => {
    const s = setup()
    const { order, procNo } = await authTrip(s)
    await applyThreeDSecureResult(s.deps, s.result(order, procNo, { operation: '3Secure' }), { source: 'browser' })
    expect((await threeDSecureState(s.journal, order)).kind).toBe('authenticated')
    await s.journal.append({ orderId: order.id, merchantFree1: order.merchantFree1, operation: 'card.authorize', amount: 2000 })
    expect(await threeDSecureState(s.journal, order)).toEqual({ kind: 'spent' })
    expect(await threeDSecureState(s.journal, await s.awaiting())).toEqual({ kind: 'none' })
  })
})

describe('applyThreeDSecureResult: register, then pay with the stored card', () => {
  async function registerTrip(s: ReturnType<typeof setup>, authenticateOnly = false) {
    const order = await s.awaiting(2000, 'cust')
    const begin = await beginThreeDSecure(s.deps, {
      order,
      source: { token: 'tok' },
      saveCard: { customerId: 'cust' },
      details: { payType: '01', maskedCard: '************1000' },
      authenticateOnly,
      ...s.start,
    })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    const member = (await s.members.get('cust'))!
    return { order, procNo: begin.request.procNo, member }
  }

  it('saves the card the gateway’s member record shows and pays with it, carrying the 3-D Secure data', async () => {
    const s = setup()
    const { order, procNo, member } = await registerTrip(s)
    const data = { secureResultCode: '0' }
    const outcome = await applyThreeDSecureResult(s.deps, s.result(order, procNo, { operation: '4MemAdd', processId: undefined, kaiinId: member.kaiinId, threeDSecure: data as never }), {
      source: 'browser',
    })
    expect(outcome).toMatchObject({ kind: 'done', order: { status: 'authorized', payment: { member: true, threeDSecure: true, maskedCard: '************1000' } } })
    expect(await s.members.get('cust')).toMatchObject({ maskedCard: '************1000', brand: 'VISA' })
    const authorize = s.calls.find((c) => c.method === 'card.authorize')!
    expect(authorize.params).toMatchObject({ member: { kaiinId: member.kaiinId, kaiinPass: member.kaiinPass }, capture: false, threeDSecure: data, amount: 2000 })
    expect((await s.journal.list({ orderId: order.id }))[0]).toMatchObject({ outcome: 'ok', result: { kaiinId: member.kaiinId } })
  })

  it('registering for a later charge charges nothing: the order is payable, authenticated, with the stored card', async () => {
    const s = setup()
    const { order, procNo, member } = await registerTrip(s, true)
    await applyThreeDSecureResult(s.deps, s.result(order, procNo, { operation: '4MemAdd', kaiinId: member.kaiinId }), { source: 'post' })
    expect((await s.orders.get(order.id))!).toMatchObject({ status: 'pending', payment: { threeDSecure: true, member: true } })
    expect(s.calls.some((c) => c.method === 'card.authorize')).toBe(false)
    expect(await threeDSecureState(s.journal, order)).toMatchObject({ kind: 'authenticated', member: true })
  })

  it('does not pay when the result names another member, did not pass, or the member record does not show the card', async () => {
    for (const [options, over] of [
      [{}, { kaiinId: 'SOMEONE-ELSE' }],
      [{}, { passed: false, error: new EscottThreeDSecureError({ message: 'failed', codes: ['U04'], entries: [explainCode('U04')], category: 'three_d_secure' } as never) }],
      [{ member: { status: 'invalid' } }, {}],
      [{ member: { status: 'valid', maskedCardNo: '400000******2222' } }, {}],
      [{ member: 'missing' }, {}],
    ] as [Options, Partial<ThreeDSecureResult>][]) {
      const s = setup(options)
      const { order, procNo, member } = await registerTrip(s)
      await applyThreeDSecureResult(s.deps, s.result(order, procNo, { operation: '4MemAdd', kaiinId: member.kaiinId, ...over }), { source: 'browser' })
      expect((await s.orders.get(order.id))!.status, JSON.stringify(over)).toBe('pending')
      expect(s.calls.some((c) => c.method === 'card.authorize')).toBe(false)
      expect((await s.members.get('cust'))!.maskedCard).toBeNull()
    }
  })
})

describe('waitForSettled', () => {
  it('returns at once for a settled order, and when the time is up for one still in flight', async () => {
    const s = setup()
    const order = await s.awaiting()
    expect((await waitForSettled(s.orders, order.id, 150))!.status).toBe('awaiting_3ds')
    await s.orders.update(order.id, { status: 'pending' })
    expect((await waitForSettled(s.orders, order.id, 60_000))!.status).toBe('pending')
    expect(await waitForSettled(s.orders, 'missing', 60_000)).toBeUndefined()
  })
})

describe('3-D Secure: more of what is kept, logged and judged', () => {
  async function merged(s: ReturnType<typeof setup>, over: { customerId?: string | null; member?: boolean } = {}) {
    const order = await s.awaiting(2000, over.customerId ?? null)
    const source = over.member ? { member: { customerId: over.customerId, kaiinId: 'K1', kaiinPass: 'KP1', maskedCard: '************1000', brand: null } as never } : { token: 'tok' }
    const begin = await beginThreeDSecure(s.deps, { order, source, details: { payType: '01' }, ...s.start })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    return { order, procNo: begin.request.procNo }
  }
  const levels = (s: ReturnType<typeof setup>) => s.log.lines.map((l) => JSON.parse(l) as { level: string; msg: string; processId?: string })

  it('logs the start, a rejected result and a voided second authorisation', async () => {
    const s = setup({ held: { P1: { amount: 2000 } } })
    const { order, procNo } = await merged(s)
    expect(levels(s)).toEqual([expect.objectContaining({ level: 'info', msg: '3-D Secure started' })])
    await applyThreeDSecureResult(s.deps, 'garbage', { source: 'browser' })
    expect(levels(s).at(-1)).toMatchObject({ level: 'warn' })
    const declined = new EscottThreeDSecureError({ message: 'failed', codes: ['U04'], entries: [explainCode('U04')], category: 'three_d_secure' } as never)
    await applyThreeDSecureResult(s.deps, s.result(order, procNo, { passed: false, error: declined }), { source: 'browser' })
    expect(levels(s).filter((l) => l.level === 'info' && l.processId === 'P1')).toHaveLength(1) // the void
  })

  it('works without a logger', async () => {
    const s = setup({ held: { P1: { amount: 2000 } } })
    const deps = { ...s.deps, log: undefined }
    const order = await s.awaiting()
    const begin = await beginThreeDSecure(deps, { order, source: { token: 'tok' }, details: { payType: '01' }, ...s.start })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    expect(await applyThreeDSecureResult(deps, s.result(order, begin.request.procNo), { source: 'browser' })).toMatchObject({ kind: 'done', order: { status: 'authorized' } })
    expect(await applyThreeDSecureResult(deps, 'garbage', { source: 'browser' })).toEqual({ kind: 'invalid', reason: 'rejected' })
  })

  it('voids a stored card’s superseded charge with the member', async () => {
    const s = setup({ held: { P1: { amount: 2000 } } })
    await s.members.save({ customerId: 'cust', kaiinId: 'K1', kaiinPass: 'KP1', maskedCard: '************1000', brand: null } as never)
    const { order, procNo } = await merged(s, { customerId: 'cust', member: true })
    await s.orders.update(order.id, { amount: 2500 })
    await applyThreeDSecureResult(s.deps, s.result(order, procNo), { source: 'browser' })
    expect(s.calls.find((c) => c.method === 'card.cancel')!.params).toEqual({ processId: 'P1', processPass: 'Q1', member: { kaiinId: 'K1', kaiinPass: 'KP1' }, merchantFree1: order.merchantFree1 })
  })

  it('judges a result against its own order’s trips only', async () => {
    const s = setup()
    const mine = await merged(s)
    await merged(s) // another order's trip, started later
    await applyThreeDSecureResult(s.deps, s.result(mine.order, mine.procNo, { processId: undefined }), { source: 'browser' })
    expect((await s.orders.get(mine.order.id))!.status).toBe('pending')
  })

  it('parks the order for reconcile when a result cannot be applied (the store failed)', async () => {
    const s = setup()
    const order = await s.awaiting(2000, 'cust')
    const begin = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, saveCard: { customerId: 'cust' }, details: { payType: '01' }, ...s.start })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    const failing = { ...s.deps, members: { get: async () => Promise.reject(new Error('connection terminated')), save: async () => {}, delete: async () => {} } }
    const outcome = await applyThreeDSecureResult(failing as never, s.result(order, begin.request.procNo, { operation: '4MemAdd' }), { source: 'browser' })
    expect(outcome).toMatchObject({ kind: 'done', order: { status: 'needs_reconciliation' } })
    expect(levels(s).some((l) => l.level === 'error')).toBe(true)
  })

  it('an authentication whose line cannot be written leaves the order for reconcile', async () => {
    const s = setup()
    const order = await s.awaiting()
    const begin = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, details: { payType: '01' }, authenticateOnly: true, ...s.start })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    const journal = new Proxy(s.journal, {
      get: (target, key) => (key === 'complete' ? async () => Promise.reject(new Error('disk full')) : (Reflect.get(target, key) as (...a: unknown[]) => unknown).bind(target)),
    })
    await applyThreeDSecureResult({ ...s.deps, journal }, s.result(order, begin.request.procNo, { operation: '3Secure' }), { source: 'browser' })
    expect((await s.orders.get(order.id))!.status).toBe('needs_reconciliation')
  })

  it('a failed authentication is journaled failed; a result for a registration replacing a card must be 4MemChg', async () => {
    const s = setup()
    const order = await s.awaiting()
    const begin = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, details: { payType: '01' }, authenticateOnly: true, ...s.start })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    const failed = new EscottThreeDSecureError({ message: 'failed', codes: ['U04'], entries: [explainCode('U04')], category: 'three_d_secure' } as never)
    await applyThreeDSecureResult(s.deps, s.result(order, begin.request.procNo, { operation: '3Secure', passed: false, error: failed }), { source: 'browser' })
    expect((await s.journal.list({ orderId: order.id }))[0]!.outcome).toBe('failed')
    const replacing = await s.awaiting(2000, 'cust')
    await s.members.save({ customerId: 'cust', kaiinId: 'K1', kaiinPass: 'KP1', maskedCard: '************1000', brand: null } as never)
    const trip = await beginThreeDSecure(s.deps, { order: replacing, source: { token: 'tok' }, saveCard: { customerId: 'cust' }, details: { payType: '01' }, ...s.start })
    if (trip.kind !== 'redirect') throw new Error(trip.kind)
    expect(await applyThreeDSecureResult(s.deps, s.result(replacing, trip.request.procNo, { operation: '4MemAdd' }), { source: 'post' })).toEqual({ kind: 'invalid', reason: 'rejected' })
    expect(await applyThreeDSecureResult(s.deps, s.result(replacing, trip.request.procNo, { operation: '4MemChg' }), { source: 'post' })).toMatchObject({
      kind: 'done',
      order: { status: 'authorized' },
    })
  })

  it('register then pay: capture as the trip asked, the brand of the card on file, a result without KaiinId, and no charge when the order took another payment', async () => {
    const s = setup()
    const order = await s.awaiting(2000, 'cust')
    const begin = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, saveCard: { customerId: 'cust' }, details: { payType: '01' }, capture: true, ...s.start })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    await applyThreeDSecureResult(s.deps, s.result(order, begin.request.procNo, { operation: '4MemAdd', kaiinId: undefined }), { source: 'browser' })
    const authorize = s.calls.find((c) => c.method === 'card.authorize')!
    expect(authorize.params).toMatchObject({ capture: true, brand: 'VISA' })
    expect('threeDSecure' in authorize.params).toBe(false)
    expect((await s.orders.get(order.id))!.status).toBe('captured')
    const taken = await s.awaiting(2000, 'cust2')
    const trip = await beginThreeDSecure(s.deps, { order: taken, source: { token: 'tok' }, saveCard: { customerId: 'cust2' }, details: { payType: '01' }, ...s.start })
    if (trip.kind !== 'redirect') throw new Error(trip.kind)
    await s.orders.update(taken.id, { status: 'authorized', payment: { processId: 'OTHER', processPass: 'X' } })
    const before = s.calls.filter((c) => c.method === 'card.authorize').length
    await applyThreeDSecureResult(s.deps, s.result(taken, trip.request.procNo, { operation: '4MemAdd' }), { source: 'browser' })
    expect(s.calls.filter((c) => c.method === 'card.authorize')).toHaveLength(before)
    expect((await s.members.get('cust2'))!.maskedCard).toBe('************1000')
    expect((await s.orders.get(taken.id))!).toMatchObject({ status: 'authorized', payment: { processId: 'OTHER' } })
  })

  it('a registration for a later charge keeps the member and the 3-D Secure data on its line; a refused member record says why', async () => {
    const s = setup()
    const order = await s.awaiting(2000, 'cust')
    const begin = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, saveCard: { customerId: 'cust' }, details: { payType: '01' }, authenticateOnly: true, ...s.start })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    const member = (await s.members.get('cust'))!
    const data = { secureResultCode: '0' }
    await applyThreeDSecureResult(s.deps, s.result(order, begin.request.procNo, { operation: '4MemAdd', threeDSecure: data as never }), { source: 'browser' })
    expect((await s.journal.list({ orderId: order.id }))[0]).toMatchObject({ outcome: 'ok', result: { kaiinId: member.kaiinId, authenticated: true, threeDSecure: data } })
    expect(await authenticatedThreeDSecure(s.journal, { id: order.id, amount: 2000 })).toEqual(data)
    const s2 = setup({ member: { status: 'invalid' } })
    const o2 = await s2.awaiting(2000, 'cust')
    const b2 = await beginThreeDSecure(s2.deps, { order: o2, source: { token: 'tok' }, saveCard: { customerId: 'cust' }, details: { payType: '01' }, ...s2.start })
    if (b2.kind !== 'redirect') throw new Error(b2.kind)
    await applyThreeDSecureResult(s2.deps, s2.result(o2, b2.request.procNo, { operation: '4MemAdd' }), { source: 'browser' })
    expect((await s2.journal.list({ orderId: o2.id }))[0]).toMatchObject({ outcome: 'failed', result: { reason: 'member_not_registered' } })
  })

  it('a merged trip that charged is spent; an earlier authorisation attempt does not spend a later authentication', async () => {
    const s = setup({ held: { P1: { amount: 2000 } } })
    const { order, procNo } = await merged(s)
    await applyThreeDSecureResult(s.deps, s.result(order, procNo), { source: 'browser' })
    expect(await threeDSecureState(s.journal, order)).toEqual({ kind: 'spent' })
    const later = await s.awaiting()
    await s.journal.append({ orderId: later.id, merchantFree1: later.merchantFree1, operation: 'card.authorize', amount: 2000 })
    const begin = await beginThreeDSecure(s.deps, { order: later, source: { token: 'tok' }, details: { payType: '01' }, authenticateOnly: true, ...s.start })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    await applyThreeDSecureResult(s.deps, s.result(later, begin.request.procNo, { operation: '3Secure' }), { source: 'browser' })
    expect((await threeDSecureState(s.journal, later)).kind).toBe('authenticated')
  })

  it('waitForSettled returns as soon as another request settles the order', async () => {
    const s = setup()
    const order = await s.awaiting()
    await s.orders.update(order.id, { status: 'processing' })
    setTimeout(() => void s.orders.update(order.id, { status: 'authorized' }), 50)
    expect((await waitForSettled(s.orders, order.id, 20_000))!.status).toBe('authorized')
  })
})

describe('3-D Secure: the last details', () => {
  const start = (s: ReturnType<typeof setup>) => s.start
  it('a result already being handled is logged and busy', async () => {
    const s = setup()
    const order = await s.awaiting()
    const begin = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, details: { payType: '01' }, authenticateOnly: true, ...start(s) })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    await s.orders.update(order.id, { status: 'processing' })
    expect(await applyThreeDSecureResult(s.deps, s.result(order, begin.request.procNo, { operation: '3Secure' }), { source: 'post' })).toMatchObject({ kind: 'busy' })
    expect(s.log.lines.some((l) => l.includes('"level":"info"') && l.includes('"source":"post"'))).toBe(true)
  })

  it('reads the order’s own latest authentication, with other orders’ trips in the journal', async () => {
    const s = setup()
    const order = await s.awaiting()
    const begin = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, details: { payType: '01' }, authenticateOnly: true, ...start(s) })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    const data = { secureResultCode: '0' }
    await applyThreeDSecureResult(s.deps, s.result(order, begin.request.procNo, { operation: '3Secure', threeDSecure: data as never }), { source: 'browser' })
    await beginThreeDSecure(s.deps, { order: await s.awaiting(), source: { token: 'tok' }, details: { payType: '01' }, ...start(s) }) // another order, later, still open
    await s.journal.append({ orderId: order.id, merchantFree1: order.merchantFree1, operation: 'members.create', amount: null }) // not a trip, not an authorisation
    expect(await authenticatedThreeDSecure(s.journal, order.id)).toEqual(data)
    expect(await authenticatedThreeDSecure(s.journal, { id: order.id, amount: 2000 })).toEqual(data)
  })

  it('a trip is the latest of its order’s trips, whatever other lines follow it', async () => {
    const s = setup()
    const order = await s.awaiting()
    const begin = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, details: { payType: '01' }, ...start(s) })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    await s.journal.append({ orderId: order.id, merchantFree1: order.merchantFree1, operation: 'members.create', amount: null })
    await applyThreeDSecureResult(s.deps, s.result(order, begin.request.procNo, { processId: undefined }), { source: 'browser' })
    expect((await s.orders.get(order.id))!.status).toBe('pending')
  })

  it('an abandoned registration for a later charge never reopens the order', async () => {
    const s = setup()
    const order = await s.awaiting(2000, 'cust')
    const input = { order, source: { token: 'tok' }, saveCard: { customerId: 'cust' }, details: { payType: '01' }, authenticateOnly: true, ...start(s) }
    const first = await beginThreeDSecure(s.deps, input)
    if (first.kind !== 'redirect') throw new Error(first.kind)
    await beginThreeDSecure(s.deps, input)
    await s.orders.update(order.id, { status: 'awaiting_3ds' })
    await applyThreeDSecureResult(s.deps, s.result(order, first.request.procNo, { operation: '4MemAdd' }), { source: 'browser' })
    expect((await s.orders.get(order.id))!.status).toBe('awaiting_3ds')
  })

  it('a result for an order that took another payment saves the card without an error', async () => {
    const s = setup()
    const order = await s.awaiting(2000, 'cust')
    const begin = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, saveCard: { customerId: 'cust' }, details: { payType: '01' }, ...start(s) })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    await s.orders.update(order.id, { status: 'authorized' })
    await applyThreeDSecureResult(s.deps, s.result(order, begin.request.procNo, { operation: '4MemAdd' }), { source: 'browser' })
    expect(s.log.lines.filter((l) => l.includes('"level":"error"'))).toEqual([])
  })

  it('a token trip on an order whose customer has a stored card is looked up without the member', async () => {
    const s = setup({ held: { P1: { amount: 2000 } } })
    await s.members.save({ customerId: 'cust', kaiinId: 'K1', kaiinPass: 'KP1', maskedCard: '************1000', brand: null } as never)
    const order = await s.awaiting(2000, 'cust')
    const begin = await beginThreeDSecure(s.deps, { order, source: { token: 'tok' }, details: { payType: '01' }, ...start(s) })
    if (begin.kind !== 'redirect') throw new Error(begin.kind)
    await applyThreeDSecureResult(s.deps, s.result(order, begin.request.procNo), { source: 'browser' })
    expect(s.calls.find((c) => c.method === 'card.retrieve')!.params).toEqual({ processId: 'P1', processPass: 'Q1' })
  })

  it('waitForSettled waits for an order awaiting 3-D Secure too', async () => {
    const s = setup()
    const order = await s.awaiting()
    setTimeout(() => void s.orders.update(order.id, { status: 'pending' }), 50)
    expect((await waitForSettled(s.orders, order.id, 20_000))!.status).toBe('pending')
  })
})
