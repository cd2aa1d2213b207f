/**
 * The edges of the payment flow as a shop sees them over HTTP: what happens to an order when something other than
 * the gateway fails around a charge. The decisions are escott-flows'; these tests pin what the router does with them.
 */
import { EscottGatewayError } from 'escott-core'
import { listRecoveryCases, type JournalStore } from 'escott-flows'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryShopStore, runRecoverCommand, type OrderStore, type ShopStore } from '../src/index.js'
import { adminPost, CARD_OK, maskOf, postMyPageCard, startStack, withMember, type Stack } from './helpers.js'

const pay = async (stack: Stack, orderId: string, fields: Record<string, string> = {}, customer = '') =>
  request(stack.app)
    .post(`/payment/checkout/${orderId}/card`)
    .set(customer ? { 'x-customer': customer } : {})
    .type('form')
    .send({ token: await stack.token(), maskedCard: maskOf(CARD_OK), ...fields })

describe('an error that is not from escott-core, thrown by a charge', () => {
  let stack: Stack
  let calls = 0
  beforeAll(async () => {
    stack = await startStack({
      wrapEscott: (escott) =>
        withMember(
          escott,
          'card',
          withMember(escott.card, 'authorize', async () => {
            calls++
            throw new TypeError("Cannot read properties of undefined (reading 'ResponseCd')")
          }),
        ),
    })
  })
  afterAll(() => stack.close())

  it('means the outcome is unknown: the order needs reconciliation, is never put back to pending, and is not charged again', async () => {
    const order = await stack.createOrder()
    const res = await pay(stack, order.id)
    expect(res.status).toBe(303)
    expect(res.headers.location).toBe(`/payment/orders/${order.id}`)
    const after = (await stack.orders.get(order.id))!
    expect(after.status).toBe('needs_reconciliation')
    expect(after.status).not.toBe('pending')
    expect((await stack.store.journal.list({ orderId: order.id }))[0]!.outcome).toBe('unknown')
    // The shopper cannot pay again (the checkout form redirects), so nothing is sent twice.
    expect((await pay(stack, order.id)).headers.location).toBe(`/payment/orders/${order.id}?already=1`)
    expect(calls).toBe(1)
    expect((await listRecoveryCases(stack.store)).find((c) => c.orderId === order.id)?.kind).toBe('outcome_unknown')
  })
})

describe('journaled(): writing the result fails after a successful charge', () => {
  let stack: Stack
  let failOk = true
  beforeAll(async () => {
    const inner = new MemoryShopStore()
    const journal: JournalStore = {
      append: (e) => inner.journal.append(e),
      list: (f) => inner.journal.list(f),
      resolve: (id, r) => inner.journal.resolve(id, r),
      complete: async (id, outcome, result) => {
        if (outcome === 'ok' && failOk) throw new Error('could not write: connection terminated')
        return inner.journal.complete(id, outcome, result)
      },
    }
    const store: ShopStore = { orders: inner.orders, onceKeys: inner.onceKeys, members: inner.members, journal, close: () => inner.close() }
    stack = await startStack({ store })
  })
  afterAll(() => stack.close())

  it('parks the order in needs_reconciliation, leaves the line pending, and recovery finds the charge', async () => {
    const order = await stack.createOrder({ amount: 2300 })
    const res = await pay(stack, order.id)
    expect(res.status).toBe(303)
    expect((await stack.orders.get(order.id))!.status).toBe('needs_reconciliation')
    const [line] = await stack.store.journal.list({ orderId: order.id })
    expect(line!.outcome).toBe('pending')
    const charges = stack.sb.snapshot().transactions.filter((t) => t.merchantFree1 === order.merchantFree1)
    expect(charges).toHaveLength(1)
    failOk = false
    const later = new Date(Date.now() + 11 * 60_000)
    const c = (await listRecoveryCases(stack.store, { now: later })).find((x) => x.orderId === order.id)!
    expect(c.kind).toBe('outcome_unknown')
    const out: string[] = []
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void out.push(l), context: { store: stack.store, escott: stack.escott } }
    expect(await runRecoverCommand(['complete', c.id, '--process-id', charges[0]!.processId, '--process-pass', charges[0]!.processPass], io)).toBe(0)
    expect((await stack.orders.get(order.id))!).toMatchObject({ status: 'authorized', payment: { processId: charges[0]!.processId } })
  })
})

describe('recovery of a stored-card charge', () => {
  let stack: Stack
  let crash = false
  beforeAll(async () => {
    const inner = new MemoryShopStore()
    // The server "dies" between the charge and the order update (the update never happens).
    const o = inner.orders
    const orders: OrderStore = {
      create: (i) => o.create(i),
      get: (id) => o.get(id),
      getByMerchantFree1: (m) => o.getByMerchantFree1(m),
      list: (f) => o.list(f),
      update: async (id, patch, expect) => {
        if (crash && patch.payment?.processId && patch.status === 'authorized') throw new Error('killed')
        return o.update(id, patch, expect)
      },
    }
    stack = await startStack({ store: { ...portsOf(inner), orders } })
  })
  afterAll(() => stack.close())

  function portsOf(s: MemoryShopStore): ShopStore {
    return { orders: s.orders, journal: s.journal, onceKeys: s.onceKeys, members: s.members, close: () => s.close() }
  }

  async function chargedWithStoredCard(customerId: string) {
    const first = await stack.createOrder({ customerId })
    expect((await pay(stack, first.id, { saveCard: '1' }, customerId)).status).toBe(303)
    expect((await stack.store.members.get(customerId))?.maskedCard).toBe('************1000')
    const order = await stack.createOrder({ customerId, amount: 4400 })
    crash = true
    await request(stack.app).post(`/payment/checkout/${order.id}/card`).set('x-customer', customerId).type('form').send({ useSavedCard: '1' })
    crash = false
    const [tx] = stack.sb.snapshot().transactions.filter((t) => t.merchantFree1 === order.merchantFree1)
    expect(tx?.kaiinId).toBe((await stack.store.members.get(customerId))!.kaiinId)
    return { order, tx: tx! }
  }

  const command = (args: string[]) => {
    const out: string[] = []
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void out.push(l), context: { store: stack.store, escott: stack.escott } }
    return runRecoverCommand(args, io).then((code) => ({ code, out: out.join('\n') }))
  }

  it('voids it with the member’s credentials (the gateway answers K80 to a void without them)', async () => {
    const { order, tx } = await chargedWithStoredCard('c-rec-void')
    const bare = await stack.escott.card.cancel({ processId: tx.processId, processPass: tx.processPass }).catch((e) => e)
    expect(bare.codes).toContain('K80')
    expect((await command(['cancel', order.id])).code).toBe(0)
    expect((await stack.orders.get(order.id))!.status).toBe('canceled')
    expect(stack.sb.snapshot().transactions.find((t) => t.processId === tx.processId)?.status).toBe('canceled')
  })

  it('completes it and keeps the member flag, so the admin can capture it (with the member’s credentials)', async () => {
    const { order, tx } = await chargedWithStoredCard('c-rec-complete')
    const { code, out } = await command(['complete', order.id])
    expect(code).toBe(0)
    expect(out).toContain('authorized')
    expect((await stack.orders.get(order.id))!.payment).toMatchObject({ processId: tx.processId, member: true })
    const res = await adminPost(stack.app, `/payment/admin/orders/${order.id}/capture`)
    expect(res.status).toBe(303)
    expect(stack.sb.snapshot().transactions.find((t) => t.processId === tx.processId)?.status).toBe('captured')
  })
})

describe('stored-card registration plan, as "my page" sees it', () => {
  let stack: Stack
  let refFails: unknown
  let memAdds = 0
  beforeAll(async () => {
    stack = await startStack({
      router: { threeDSecure: true },
      wrapEscott: (escott) =>
        withMember(
          escott,
          'members',
          Object.assign(Object.create(escott.members) as typeof escott.members, {
            retrieve: (...args: Parameters<typeof escott.members.retrieve>) => (refFails ? Promise.reject(refFails) : escott.members.retrieve(...args)),
          }),
        ),
      sandbox: { threeDSecure: { postUrlOrder: 'browser-first', postUrlDelayMs: 60_000 } },
    })
    const original = stack.escott.threeDSecure.createRequest.bind(stack.escott.threeDSecure)
    stack.escott.threeDSecure.createRequest = (p) => {
      if (p.registerMember === 'create') memAdds++
      return original(p)
    }
  })
  afterAll(() => stack.close())

  it('does not read a timeout of the member lookup as "never registered": no 4MemAdd, an error for the shopper', async () => {
    // A placeholder from a 3-D Secure trip whose result never came: the gateway may know the member.
    await stack.store.members.save({ customerId: 'c-timeout', kaiinId: 'MTIMEOUT0000001', kaiinPass: 'pass12345678', maskedCard: null, brand: null })
    refFails = new EscottGatewayError({ message: '4MemRef: no usable answer', retryable: true, operation: '4MemRef' })
    const before = memAdds
    const res = await postMyPageCard(stack, 'c-timeout')
    expect(res.status).toBe(402)
    expect(res.text).not.toContain('EncryptValue')
    expect(memAdds).toBe(before)
    expect((await stack.store.journal.list({ operation: ['members.create', 'members.update'] })).filter((l) => (l.result as { customerId?: string }).customerId === 'c-timeout')).toEqual([])
  })

  it('registers the placeholder under its KaiinId when the gateway answers that it does not know it (K71)', async () => {
    refFails = undefined
    const res = await postMyPageCard(stack, 'c-timeout')
    expect(res.status).toBe(200)
    expect(res.text).toContain('EncryptValue')
    const [trip] = (await stack.store.journal.list({ operation: ['members.create'] })).filter((l) => (l.result as { customerId?: string }).customerId === 'c-timeout')
    expect(trip?.result).toMatchObject({ kaiinId: 'MTIMEOUT0000001', newMember: true })
  })
})
