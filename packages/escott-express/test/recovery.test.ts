import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EscottOutcomeUnknownError, type EscottClient } from 'escott-core'
import { cancelRecovery, completeRecovery, journaled, listRecoveryCases } from 'escott-flows'
import { runRecoverCommand } from '../src/index.js'
import { startStack, type Stack } from './helpers.js'

describe('order recovery', () => {
  let stack: Stack
  let escott: EscottClient
  beforeAll(async () => {
    stack = await startStack()
    escott = stack.escott
  })
  afterAll(() => stack.close())

  /** A charge the gateway accepted whose order was never updated (the server died right after the call). */
  async function chargedButNotFinished(amount = 2500) {
    const order = await stack.createOrder({ amount })
    await stack.orders.update(order.id, { status: 'processing', method: 'card' }, ['pending'])
    const token = await stack.token()
    await journaled(
      stack.store.journal,
      { orderId: order.id, merchantFree1: order.merchantFree1, operation: 'card.authorize', amount },
      () => escott.card.authorize({ amount, token, merchantFree1: order.merchantFree1 }),
      (tx) => ({ status: tx.status, method: 'card', payment: { processId: tx.processId, processPass: tx.processPass, payType: tx.payType, authorizedAt: new Date().toISOString() } }),
    )
    return order
  }

  it('writes the intent before the gateway call and the result after it', async () => {
    const order = await stack.createOrder()
    const seen: string[] = []
    await journaled(
      stack.store.journal,
      { orderId: order.id, merchantFree1: order.merchantFree1, operation: 'card.authorize', amount: 1 },
      async () => {
        seen.push(...(await stack.store.journal.list({ orderId: order.id })).map((j) => j.outcome))
        return { ok: true }
      },
      () => ({ done: true }),
    )
    expect(seen).toEqual(['pending'])
    expect((await stack.store.journal.list({ orderId: order.id })).map((j) => j.outcome)).toEqual(['ok'])
  })

  it('marks an unknown outcome and never retries it', async () => {
    const order = await stack.createOrder()
    let calls = 0
    stack.sb.faults.next({ type: 'reset-after-commit', operateId: '1Auth' })
    const token = await stack.token()
    await expect(
      journaled(
        stack.store.journal,
        { orderId: order.id, merchantFree1: order.merchantFree1, operation: 'card.authorize', amount: 1980 },
        () => {
          calls++
          return escott.card.authorize({ amount: 1980, token, merchantFree1: order.merchantFree1 })
        },
        () => ({}),
      ),
    ).rejects.toBeInstanceOf(EscottOutcomeUnknownError)
    expect(calls).toBe(1)
    expect((await stack.store.journal.list({ orderId: order.id }))[0]!.outcome).toBe('unknown')
  })

  it('lists a charged but unfinished order and completes it', async () => {
    const order = await chargedButNotFinished()
    const cases = await listRecoveryCases(stack.store)
    const c = cases.find((x) => x.orderId === order.id)!
    expect(c.kind).toBe('charged_not_finished')
    expect(c.merchantFree1).toBe(order.merchantFree1)
    const done = await completeRecovery({ ...stack.store, escott }, order.id)
    expect(done?.status).toBe('authorized')
    expect((await listRecoveryCases(stack.store)).some((x) => x.orderId === order.id)).toBe(false)
  })

  it('cancels a charged but unfinished order by voiding it at the gateway', async () => {
    const order = await chargedButNotFinished()
    const charge = (await stack.store.journal.list({ orderId: order.id }))[0]!.result as { payment: { processId: string; processPass: string } }
    const after = await cancelRecovery({ ...stack.store, escott }, order.id)
    expect(after?.status).toBe('canceled')
    const tx = stack.sb.snapshot().transactions.find((t) => t.processId === charge.payment.processId)
    expect(tx?.status).toMatch(/cancel/i)
  })

  it('completes an unknown outcome with the ProcessId found in the admin console (searched by MerchantFree1)', async () => {
    const order = await stack.createOrder({ amount: 1234 })
    stack.sb.faults.next({ type: 'reset-after-commit', operateId: '1Auth' })
    const res = await request(stack.app)
      .post(`/payment/checkout/${order.id}/card`)
      .type('form')
      .send({ token: await stack.token(), maskedCard: '400000******1000' })
    expect(res.status).toBe(303)
    expect((await stack.orders.get(order.id))!.status).toBe('needs_reconciliation')
    const c = (await listRecoveryCases(stack.store)).find((x) => x.orderId === order.id)!
    expect(c.kind).toBe('outcome_unknown')
    await expect(completeRecovery({ ...stack.store, escott }, order.id)).rejects.toThrow(/ProcessId/)
    const tx = stack.sb.snapshot().transactions.find((t) => t.merchantFree1 === order.merchantFree1)!
    const done = await completeRecovery({ ...stack.store, escott }, order.id, { processId: tx.processId, processPass: tx.processPass })
    expect(done).toMatchObject({ status: 'authorized', payment: { processId: tx.processId } })
  })

  it('lists a 3-D Secure trip whose browser and PostUrl never came back only after the 3-D Secure window', async () => {
    const order = await stack.createOrder()
    await stack.orders.update(order.id, { status: 'awaiting_3ds', method: 'card' })
    await stack.store.journal.append({ orderId: order.id, merchantFree1: order.merchantFree1, operation: 'card.authorize', amount: order.amount, result: { via: '3ds' } })
    expect((await listRecoveryCases(stack.store, { olderThanMs: 0 })).some((c) => c.orderId === order.id)).toBe(false)
    const later = new Date(Date.now() + 46 * 60_000)
    expect((await listRecoveryCases(stack.store, { now: later })).find((c) => c.orderId === order.id)?.kind).toBe('outcome_unknown')
    // nothing found in the console: close it as not charged
    const closed = await cancelRecovery(stack.store, order.id)
    expect(closed?.status).toBe('canceled')
  })

  it('drives the same through the recover command', async () => {
    const order = await chargedButNotFinished(3100)
    const out: string[] = []
    const io = { out: (l: string) => void out.push(l), err: (l: string) => void out.push(l), context: { store: stack.store, escott } }
    expect(await runRecoverCommand(['list'], io)).toBe(0)
    expect(out.join('\n')).toContain(order.merchantFree1)
    expect(out.join('\n')).toContain('charged_not_finished')
    expect(out.join('\n')).not.toMatch(/ProcessPass|processPass/)
    out.length = 0
    expect(await runRecoverCommand(['list', '--json'], io)).toBe(0)
    const listed = JSON.parse(out.join('\n')) as { orderId: string }[]
    expect(listed.some((c) => c.orderId === order.id)).toBe(true)
    out.length = 0
    expect(await runRecoverCommand(['complete', order.id], io)).toBe(0)
    expect(out.join('\n')).toContain('authorized')
    expect(await runRecoverCommand(['complete', order.id], io)).toBe(1)
    expect(await runRecoverCommand(['frobnicate'], io)).toBe(2)
  })
})
