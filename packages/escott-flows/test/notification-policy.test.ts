// The payment-notification policy on its own: escott-core's verification is replaced by a stand-in that accepts or
// refuses as told, and the gateway's record (2Ref) by a stand-in answer, so every branch of what follows (replay,
// unknown order, binding, no payment, amount mismatch, unconfirmed, the order's state) is checked against what it
// writes to the order, the journal and the once-keys.
import { createHash } from 'node:crypto'
import { EscottNotificationError, NOTIFICATION_ACK, NOTIFICATION_NACK, type CvsNotification } from 'escott-core'
import { describe, expect, it } from 'vitest'
import {
  handleCvsNotification,
  MemoryJournal,
  MemoryOnceKeys,
  MemoryOrders,
  notificationKey,
  notificationResponse,
  type FlowOrder,
  type NotificationDeps,
  type NotificationOutcome,
} from '../src/index.js'

type Verify = NotificationDeps['escott']['cvs']['verifyNotification']
type Record2Ref = { amount: number; paid: boolean; merchantFree1?: string } | Error

/** Deps over memory stores; the verifier reads the body's fields and throws `Reject=<reason>`; 2Ref answers `gateway.record`. */
function setup() {
  const seen: Record<string, unknown>[] = []
  const lookups: Record<string, unknown>[] = []
  const gateway: { record: Record2Ref } = { record: { amount: 3000, paid: true } }
  const verifyNotification: Verify = (body, options) => {
    seen.push({ ...options })
    const f = Object.fromEntries(new URLSearchParams(String(body)))
    if (f.Reject === 'not-escott') throw new Error('socket closed')
    if (f.Reject) throw new EscottNotificationError(f.Reject as never, 'refused')
    const n: Partial<CvsNotification> = {
      paid: f.Paid !== 'no',
      amount: Number(f.Amount),
      processId: f.ProcessId!,
      recvNum: f.RecvNum!,
      merchantFree1: f.MerchantFree1,
      cvsCd: f.CvsCd,
      cvsName: f.CvsName ? { ja: f.CvsName, en: 'store' } : undefined,
      paidAt: f.PaidAt ? new Date(f.PaidAt) : undefined,
      responseCodes: f.Paid === 'no' ? ['K01'] : ['OK'],
    }
    return n as CvsNotification
  }
  const retrieve = async (ref: Record<string, unknown>) => {
    lookups.push(ref)
    if (gateway.record instanceof Error) throw gateway.record
    return gateway.record
  }
  const orders = new MemoryOrders()
  const deps = { escott: { cvs: { verifyNotification, retrieve } }, orders, journal: new MemoryJournal(), onceKeys: new MemoryOnceKeys() } as unknown as NotificationDeps
  /** A convenience-store order that stores the payment P1 / PP1. */
  const slip = async (merchantFree1: string, status: FlowOrder['status'] = 'unpaid', method: 'cvs' | 'card' = 'cvs') => {
    const o = await orders.create({ amount: 3000, merchantFree1, status })
    return (await orders.update(o.id, { method, payment: { processId: 'P1', processPass: 'PP1' } }))!
  }
  return { deps, orders, seen, lookups, gateway, slip }
}
const body = (f: Record<string, string>) => new URLSearchParams({ ProcessId: 'P1', ProcessPass: 'PP1', RecvNum: 'R1', Amount: '3000', CvsCd: 'SEV', ...f }).toString()
const deliver = (deps: NotificationDeps, fields: Record<string, string>, allowedIps?: string[]) =>
  handleCvsNotification(deps, { body: body(fields), remoteAddress: '127.0.0.1', ...(allowedIps && { allowedIps }) })
const notifications = (deps: NotificationDeps) => deps.journal.list({ operation: ['cvs.notification'] })
// written out rather than computed with notificationReplayKey, so that a change of the key's form is noticed
const replayKey = (recvNum = 'R1') => `cvs-notification:${createHash('sha256').update(`PP1\u0000${recvNum}`).digest('hex')}`

describe('notificationResponse', () => {
  it('acknowledges every outcome but a refusal; a refusal is 400 when malformed, 500 on an error, else 403', () => {
    for (const kind of ['applied', 'replay', 'not_paid', 'needs_attention'] as const) expect(notificationResponse({ kind } as NotificationOutcome)).toEqual({ status: 200, body: NOTIFICATION_ACK })
    const refused = (reason: string) => notificationResponse({ kind: 'rejected', reason } as NotificationOutcome)
    expect(refused('format')).toEqual({ status: 400, body: NOTIFICATION_NACK })
    expect(refused('error')).toEqual({ status: 500, body: NOTIFICATION_NACK })
    for (const reason of ['hash', 'merchant', 'source_ip', 'binding']) expect(refused(reason)).toEqual({ status: 403, body: NOTIFICATION_NACK })
  })
})

describe('handleCvsNotification', () => {
  it('passes the allow-list to escott-core only when one is given', async () => {
    const { deps, seen } = setup()
    await deliver(deps, { MerchantFree1: 'MF-X' }, ['10.0.0.0/8'])
    await deliver(deps, { MerchantFree1: 'MF-X', RecvNum: 'R2' })
    expect(seen).toEqual([{ remoteAddress: '127.0.0.1', allowedIps: ['10.0.0.0/8'] }, { remoteAddress: '127.0.0.1' }])
  })

  it("refuses with escott-core's reason, and as 'error' when the failure is not a verdict on the notification", async () => {
    const { deps } = setup()
    expect(await deliver(deps, { Reject: 'merchant' })).toEqual({ kind: 'rejected', reason: 'merchant' })
    expect(await deliver(deps, { Reject: 'not-escott' })).toEqual({ kind: 'rejected', reason: 'error' })
    expect(await deliver(deps, { Reject: 'amount' })).toEqual({ kind: 'rejected', reason: 'error' })
    expect(await notifications(deps)).toEqual([])
  })

  it('journals an authentic notification for an unknown order, keeps its key and answers a replay afterwards', async () => {
    const { deps } = setup()
    expect(await deliver(deps, { MerchantFree1: 'MF-GONE' })).toEqual({ kind: 'needs_attention', reason: 'unknown_order', order: undefined })
    expect(await notifications(deps)).toEqual([
      expect.objectContaining({
        orderId: null,
        merchantFree1: 'MF-GONE',
        amount: 3000,
        outcome: 'failed',
        result: { reason: 'unknown_order', processId: 'P1', recvNum: 'R1', amount: 3000, cvsCd: 'SEV' },
      }),
    ])
    expect(await deps.onceKeys.has(replayKey())).toBe(true)
    expect(await deliver(deps, { MerchantFree1: 'MF-GONE' })).toEqual({ kind: 'replay' })
  })

  it('refuses a notification the named order does not hold (another ProcessPass, or a card order), journaling it once', async () => {
    const { deps, orders, slip } = setup()
    const other = await slip('MF-H')
    const card = await slip('MF-K', 'authorized', 'card')
    expect(await deliver(deps, { MerchantFree1: 'MF-H', ProcessPass: 'PP-OTHER' })).toEqual({ kind: 'rejected', reason: 'binding' })
    expect(await deliver(deps, { MerchantFree1: 'MF-H', ProcessPass: 'PP-OTHER' })).toEqual({ kind: 'rejected', reason: 'binding' })
    expect(await deliver(deps, { MerchantFree1: 'MF-K' })).toEqual({ kind: 'rejected', reason: 'binding' })
    const lines = await notifications(deps)
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatchObject({ orderId: null, merchantFree1: 'MF-H', outcome: 'failed', result: { reason: 'not_this_order' } })
    expect((await orders.get(other.id))!.status).toBe('unpaid')
    expect((await orders.get(card.id))!.status).toBe('authorized')
  })

  it('never binds a notification to an order through a missing or empty ProcessId / ProcessPass', async () => {
    const { deps, orders } = setup()
    const noPass = await orders.create({ amount: 3000, merchantFree1: 'MF-N1', status: 'unpaid' })
    await orders.update(noPass.id, { method: 'cvs', payment: { processId: 'P1' } })
    expect(await deliver(deps, { MerchantFree1: 'MF-N1' })).toEqual({ kind: 'rejected', reason: 'binding' })
    const emptyPass = await orders.create({ amount: 3000, merchantFree1: 'MF-N2', status: 'unpaid' })
    await orders.update(emptyPass.id, { method: 'cvs', payment: { processId: 'P1', processPass: '' } })
    expect(await deliver(deps, { MerchantFree1: 'MF-N2', ProcessPass: '' })).toEqual({ kind: 'rejected', reason: 'binding' })
    const emptyId = await orders.create({ amount: 3000, merchantFree1: 'MF-N3', status: 'unpaid' })
    await orders.update(emptyId.id, { method: 'cvs', payment: { processId: '', processPass: 'PP1' } })
    expect(await deliver(deps, { MerchantFree1: 'MF-N3', ProcessId: '', RecvNum: 'R3' })).toEqual({ kind: 'rejected', reason: 'binding' })
    for (const o of [noPass, emptyPass, emptyId]) expect((await orders.get(o.id))!.status).toBe('unpaid')
  })

  it('answers a notification already kept under the older key (ProcessId + RecvNum) as a replay', async () => {
    const { deps, slip } = setup()
    await slip('MF-L')
    expect(notificationKey({ processId: 'P1', recvNum: 'R1' })).toBe('P1:R1')
    await deps.onceKeys.claim('P1:R1', null)
    expect(await deliver(deps, { MerchantFree1: 'MF-L' })).toEqual({ kind: 'replay' })
    expect(await notifications(deps)).toEqual([])
  })

  it('journals a notification that reports no payment, leaves the order as it is and keeps the key', async () => {
    const { deps, orders, slip, lookups } = setup()
    const order = await slip('MF-B')
    expect(await deliver(deps, { MerchantFree1: 'MF-B', Paid: 'no' })).toMatchObject({ kind: 'not_paid', order: { id: order.id } })
    expect((await orders.get(order.id))!.status).toBe('unpaid')
    expect(await notifications(deps)).toEqual([
      expect.objectContaining({ orderId: order.id, merchantFree1: 'MF-B', amount: 3000, outcome: 'ok', result: { paid: false, processId: 'P1', recvNum: 'R1', codes: ['K01'] } }),
    ])
    expect(lookups).toEqual([])
    expect(await deliver(deps, { MerchantFree1: 'MF-B', Paid: 'no' })).toEqual({ kind: 'replay' })
  })

  it('records an amount mismatch for a person: journal line, order flagged without shopper-facing codes, key kept', async () => {
    const { deps, orders, slip } = setup()
    const order = await slip('MF-C')
    const outcome = await deliver(deps, { MerchantFree1: 'MF-C', Amount: '2999', RecvNum: 'R9', CvsCd: 'LAW' })
    expect(outcome).toMatchObject({ kind: 'needs_attention', reason: 'amount', order: { id: order.id } })
    expect(await notifications(deps)).toEqual([
      expect.objectContaining({ orderId: order.id, merchantFree1: 'MF-C', amount: 2999, outcome: 'failed', result: { reason: 'amount', amount: 2999, expected: 3000, recvNum: 'R9', cvsCd: 'LAW' } }),
    ])
    const flagged = (await orders.get(order.id))!
    expect(flagged.status).toBe('needs_reconciliation')
    expect(flagged.lastError).toMatchObject({ codes: [], operation: 'cvs.notification' })
    expect(await deps.onceKeys.has(replayKey('R9'))).toBe(true)
    expect(await deliver(deps, { MerchantFree1: 'MF-C', Amount: '2999', RecvNum: 'R9' })).toEqual({ kind: 'replay' })
  })

  it("keeps for a person a payment the gateway's record does not show, and refuses for now when the record cannot be read", async () => {
    const { deps, orders, slip, gateway, lookups } = setup()
    const order = await slip('MF-U')
    gateway.record = new Error('gateway unreachable')
    expect(await deliver(deps, { MerchantFree1: 'MF-U' })).toEqual({ kind: 'rejected', reason: 'error' })
    expect(await notifications(deps)).toEqual([])
    expect(await deps.onceKeys.has(replayKey())).toBe(false)
    gateway.record = { amount: 3000, paid: false }
    expect(await deliver(deps, { MerchantFree1: 'MF-U' })).toMatchObject({ kind: 'needs_attention', reason: 'unconfirmed', order: { id: order.id } })
    expect(lookups.at(-1)).toMatchObject({ processId: 'P1', processPass: 'PP1' })
    expect(await notifications(deps)).toEqual([
      expect.objectContaining({ orderId: order.id, outcome: 'failed', result: expect.objectContaining({ reason: 'unconfirmed', detail: 'state', processId: 'P1' }) }),
    ])
    expect((await orders.get(order.id))!.status).toBe('unpaid')
    expect(await deliver(deps, { MerchantFree1: 'MF-U' })).toEqual({ kind: 'replay' })
  })

  it('marks the order paid with the payment details, journals it, and pays an order waiting for reconciliation too', async () => {
    const { deps, slip } = setup()
    const order = await slip('MF-D', 'needs_reconciliation')
    const outcome = await deliver(deps, { MerchantFree1: 'MF-D', CvsName: 'セブン-イレブン', PaidAt: '2026-11-25T01:30:00.000Z' })
    expect(outcome).toMatchObject({
      kind: 'applied',
      order: { status: 'paid', lastError: null, payment: { paidAt: '2026-11-25T01:30:00.000Z', cvsCd: 'SEV', cvsName: 'セブン-イレブン', recvNum: 'R1' } },
    })
    expect(await notifications(deps)).toEqual([
      expect.objectContaining({ orderId: order.id, amount: 3000, outcome: 'ok', result: { paid: true, processId: 'P1', recvNum: 'R1', cvsCd: 'SEV', paidAt: '2026-11-25T01:30:00.000Z' } }),
    ])
    expect(await deps.onceKeys.has(replayKey())).toBe(true)
  })

  it('names the store by its code when the notification has no name, and dates the payment now when it has no date', async () => {
    const { deps, slip } = setup()
    await slip('MF-E', 'processing')
    const before = Date.now()
    const outcome = await deliver(deps, { MerchantFree1: 'MF-E' })
    if (outcome.kind !== 'applied') throw new Error(outcome.kind)
    expect(outcome.order.payment).toMatchObject({ cvsCd: 'SEV', cvsName: 'SEV' })
    const paidAt = Date.parse(String(outcome.order.payment.paidAt))
    expect(paidAt).toBeGreaterThanOrEqual(before)
    expect(paidAt).toBeLessThanOrEqual(Date.now())
  })

  it('answers applied for an order already paid (a crash before the key was kept), writing nothing', async () => {
    const { deps, slip } = setup()
    const order = await slip('MF-F', 'paid')
    expect(await deliver(deps, { MerchantFree1: 'MF-F' })).toMatchObject({ kind: 'applied', order: { id: order.id, status: 'paid' } })
    expect(await notifications(deps)).toEqual([])
  })

  it('keeps a payment for a canceled order for a person: needs_attention order_canceled, journaled', async () => {
    const { deps, slip } = setup()
    const order = await slip('MF-G', 'canceled')
    const outcome = await deliver(deps, { MerchantFree1: 'MF-G', PaidAt: '2026-11-25T01:30:00.000Z' })
    expect(outcome).toMatchObject({ kind: 'needs_attention', reason: 'order_canceled', order: { id: order.id, status: 'canceled' } })
    expect(await notifications(deps)).toEqual([
      expect.objectContaining({
        orderId: order.id,
        outcome: 'failed',
        result: { reason: 'order_canceled', processId: 'P1', recvNum: 'R1', amount: 3000, cvsCd: 'SEV', paidAt: '2026-11-25T01:30:00.000Z' },
      }),
    ])
  })
})
