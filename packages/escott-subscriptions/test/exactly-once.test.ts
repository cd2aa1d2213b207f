import { Escott } from 'escott-core'
import pg from 'pg'
import { afterAll, expect, it, vi } from 'vitest'
import { GroupCommit } from '../src/charging/group-commit.js'
import { createBilling, type BillingEvent } from '../src/index.js'
import { databaseUrl, gatewayCharges, startStack, stopDatabase } from './helpers.js'

afterAll(stopDatabase)

it('overlapping runDue passes from three instances on one database charge every subscription exactly once', async () => {
  const st = await startStack({ billing: { schema: 'overlap', concurrency: 4 } })
  const others = await Promise.all(
    [1, 2].map(async () =>
      createBilling({
        escott: new Escott({ ...st.sb.merchant, baseUrl: st.sb.url }),
        databaseUrl: await databaseUrl(),
        schema: 'overlap',
        now: () => st.sb.clock.now(),
        concurrency: 4,
      }),
    ),
  )
  try {
    st.sb.faults.set({ latencyMs: 15 })
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1200, interval: 'month' })
    const subs = []
    for (let i = 0; i < 40; i++) subs.push(await st.billing.subscriptions.create({ customerId: `c${i}`, member: await st.member(), planId: 'm' }))
    const summaries = await Promise.all([st.billing.runDue(), ...others.map((b) => b.runDue()), st.billing.runDue()])
    expect(summaries.reduce((n, s) => n + s.charged, 0)).toBe(40)
    expect(summaries.reduce((n, s) => n + s.failed + s.needsReconciliation, 0)).toBe(0)
    for (const sub of subs) {
      const charges = await st.billing.charges.list({ subscriptionId: sub.id })
      expect(charges).toHaveLength(1)
      expect(gatewayCharges(st.sb, charges[0]!.merchantFree1)).toHaveLength(1)
    }
    // The other instances have no handlers: their last events reach this one's handler at its next delivery (a pass
    // here may end before theirs; a worker polls the outbox). Every period's event is in the outbox.
    await st.billing.deliverEvents()
    expect(new Set(st.ofType('charge.succeeded').map((e) => e.data.subscriptionId)).size).toBe(40)
  } finally {
    await Promise.all(others.map((b) => b.close()))
    await st.close()
  }
})

it('charges started together are claimed together: one statement carries the claims of several periods, and each period is still charged exactly once', async () => {
  const st = await startStack({ billing: { schema: 'batch_claims', concurrency: 4 } })
  const query = vi.spyOn(pg.Pool.prototype, 'query')
  try {
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1200, interval: 'month' })
    const subs = []
    for (let i = 0; i < 24; i++) subs.push(await st.billing.subscriptions.create({ customerId: `c${i}`, member: await st.member(), planId: 'm' }))
    query.mockClear()
    const summary = await st.billing.runDue()
    expect(summary).toMatchObject({ charged: 24, failed: 0, needsReconciliation: 0 })
    const claims = query.mock.calls.filter(([q]) => String((q as { text?: string })?.text ?? q).includes('INSERT INTO batch_claims.charges')).length
    expect(claims).toBeGreaterThan(0)
    expect(claims).toBeLessThan(24) // one statement per charge before
    for (const sub of subs) {
      const charges = await st.billing.charges.list({ subscriptionId: sub.id })
      expect(charges).toHaveLength(1)
      expect(gatewayCharges(st.sb, charges[0]!.merchantFree1)).toHaveLength(1)
    }
  } finally {
    query.mockRestore()
    await st.close()
  }
})

it('a group commit writes the requests that arrive together in one statement, never two for one key in the same one; a failed statement fails the requests it carried, not the next ones', async () => {
  const statements: string[][] = []
  const batches = new GroupCommit<string, string>({
    fullBatch: 10,
    maxBatch: 10,
    windowMs: 20,
    keyOf: (item) => item.split(':')[0]!,
    write: async (items) => {
      statements.push(items)
      if (items.includes('bad:1')) throw new Error('refused')
      return items.map((i) => `ok ${i}`)
    },
  })
  const results = await Promise.allSettled(['a:1', 'b:1', 'a:2', 'c:1'].map((i) => batches.submit(i)))
  expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual(['ok a:1', 'ok b:1', 'ok a:2', 'ok c:1'])
  expect(statements).toEqual([['a:1', 'b:1', 'c:1'], ['a:2']]) // a:2 waited for the next statement: a:1 had key a
  statements.length = 0
  const mixed = await Promise.allSettled([batches.submit('bad:1'), batches.submit('d:1')])
  expect(mixed.map((r) => r.status)).toEqual(['rejected', 'rejected']) // one statement, one failure for both …
  expect(statements).toEqual([['bad:1', 'd:1']])
  expect(await batches.submit('d:2')).toBe('ok d:2') // … and the next statement is written as usual
})

it('a subscription paused while its batch waits is not charged: a row read with its batch is used only if nothing changed it since', async () => {
  const st = await startStack({ billing: { schema: 'stale_rows' } })
  const real = new Escott({ ...st.sb.merchant, baseUrl: st.sb.url })
  let paused: string[] | undefined
  // One gateway slot and two charges at a time: the third subscription's row is read with the page, then waits.
  const billing = await createBilling({
    escott: {
      members: real.members,
      card: {
        retrieve: real.card.retrieve.bind(real.card),
        authorize: async (...args: Parameters<typeof real.card.authorize>) => {
          if (!paused) {
            // During the first call, once the second charge has written its claim (it waits for the slot): pause the
            // subscription that has no charge yet — the one whose row was read with the page and is still waiting.
            paused = []
            for (let i = 0; i < 100 && (await st.billing.charges.list()).length < 2; i++) await new Promise((r) => setTimeout(r, 50))
            for (const sub of await st.billing.subscriptions.list()) {
              if ((await st.billing.charges.list({ subscriptionId: sub.id })).length === 0) {
                await st.billing.subscriptions.pause(sub.id)
                paused.push(sub.id)
              }
            }
          }
          return real.card.authorize(...args)
        },
      },
    },
    databaseUrl: await databaseUrl(),
    schema: 'stale_rows',
    now: () => st.sb.clock.now(),
    concurrency: 1,
  })
  try {
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1200, interval: 'month' })
    const subs = []
    for (let i = 0; i < 3; i++) subs.push(await st.billing.subscriptions.create({ customerId: `c${i}`, member: await st.member(), planId: 'm' }))
    const summary = await billing.runDue()
    expect(paused).toHaveLength(1)
    expect(summary).toMatchObject({ charged: 2, failed: 0, needsReconciliation: 0 })
    const waiting = paused![0]!
    expect(await st.billing.charges.list({ subscriptionId: waiting })).toHaveLength(0)
    expect((await st.billing.subscriptions.retrieve(waiting)).status).toBe('paused')
    expect(gatewayCharges(st.sb)).toHaveLength(2) // the gateway's own record
  } finally {
    await billing.close()
    await st.close()
  }
})

it('events come from the outbox: a failing handler gets the event again, and events written before a crash reach the next process', async () => {
  const st = await startStack({ billing: { schema: 'outbox' } })
  try {
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1000, interval: 'month' })
    await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(), planId: 'm' })
    // A second instance with no handlers charges (as if a worker had crashed before delivering anything).
    const charger = await createBilling({ escott: st.escott, databaseUrl: await databaseUrl(), schema: 'outbox', now: () => st.sb.clock.now() })
    expect((await charger.runDue()).charged).toBe(1)
    await charger.close()

    let failures = 0
    const seen: BillingEvent[] = []
    const later = await createBilling({ escott: st.escott, databaseUrl: await databaseUrl(), schema: 'outbox', now: () => st.sb.clock.now() })
    later.on('charge.succeeded', (e) => {
      if (failures++ === 0) throw new Error('handler down')
      seen.push(e)
    })
    await later.deliverEvents()
    expect(seen).toHaveLength(0) // first delivery threw
    await new Promise((r) => setTimeout(r, 2100)) // redelivery back-off (2^1 s)
    await later.deliverEvents()
    expect(seen).toHaveLength(1)
    expect(seen[0]!.id).toMatch(/^evt_/)
    await later.deliverEvents()
    expect(seen).toHaveLength(1) // delivered: not again
    await later.close()
  } finally {
    await st.close()
  }
})
