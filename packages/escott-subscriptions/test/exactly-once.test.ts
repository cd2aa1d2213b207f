import { Escott } from 'escott-core'
import { afterAll, expect, it } from 'vitest'
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
    expect(new Set(st.ofType('charge.succeeded').map((e) => e.data.subscriptionId)).size).toBe(40)
  } finally {
    await Promise.all(others.map((b) => b.close()))
    await st.close()
  }
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
