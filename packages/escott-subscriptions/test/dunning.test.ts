import { afterAll, expect, it } from 'vitest'
import { CARD_HARD, CARD_SOFT, gatewayCharges, startStack, stopDatabase } from './helpers.js'

afterAll(stopDatabase)

it('soft decline: retried 1, 3 and 7 days after the first failure at the charge time, then past_due; a card update charges at once', async () => {
  const st = await startStack({ start: '2025-01-31T01:30:00Z', billing: { dunning: { retryAfterDays: [1, 3, 7], finally: 'past_due' } } })
  try {
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 3980, interval: 'month' })
    const sub = await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(CARD_SOFT), planId: 'm' })
    expect(await st.billing.runDue()).toEqual({ charged: 0, failed: 1, needsReconciliation: 0, skipped: 0 })
    let [charge] = await st.billing.charges.list({ subscriptionId: sub.id })
    expect(charge).toMatchObject({ status: 'failed', attempts: 1, error: { kind: 'declined_soft', code: 'G55' } })
    expect(charge!.nextAttemptAt?.toISOString()).toBe('2025-02-01T01:00:00.000Z')
    expect((await st.billing.subscriptions.retrieve(sub.id)).status).toBe('active') // still retrying: nobody asked for a new card yet

    st.at('2025-02-01T00:59:00Z')
    expect((await st.billing.runDue()).failed).toBe(0) // not before the retry time
    const retryTimes: string[] = []
    for (const at of ['2025-02-01T01:00:00Z', '2025-02-03T01:00:00Z', '2025-02-07T01:00:00Z']) {
      st.at(at)
      expect((await st.billing.runDue()).failed).toBe(1)
      ;[charge] = await st.billing.charges.list({ subscriptionId: sub.id })
      retryTimes.push(charge!.nextAttemptAt?.toISOString() ?? 'none')
    }
    expect(retryTimes).toEqual(['2025-02-03T01:00:00.000Z', '2025-02-07T01:00:00.000Z', 'none'])
    expect(charge).toMatchObject({ status: 'failed', attempts: 4 })
    expect(await st.billing.subscriptions.retrieve(sub.id)).toMatchObject({ status: 'past_due', nextChargeAt: null })
    expect(st.ofType('charge.failed')).toHaveLength(4)
    expect(st.ofType('subscription.past_due').map((e) => e.data.reason)).toEqual(['retries_exhausted'])

    st.advance('10d')
    expect((await st.billing.runDue()).failed).toBe(0) // past_due: nothing more until a new card

    const updated = await st.billing.subscriptions.updateCard(sub.id, await st.member())
    expect(updated).toMatchObject({ status: 'active', currentPeriodStart: '2025-01-31', currentPeriodEnd: '2025-02-28' })
    ;[charge] = await st.billing.charges.list({ subscriptionId: sub.id })
    expect(charge).toMatchObject({ status: 'succeeded', attempts: 5 })
    expect(gatewayCharges(st.sb, charge!.merchantFree1)).toHaveLength(1) // one key per period, one approved charge
    await st.billing.deliverEvents()
    expect(st.ofType('charge.succeeded')).toHaveLength(1)
  } finally {
    await st.close()
  }
})

it("soft decline with finally: 'cancel' cancels when the retries are used up", async () => {
  const st = await startStack({ billing: { dunning: { retryAfterDays: [2], finally: 'cancel' } } })
  try {
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1000, interval: 'month' })
    const sub = await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(CARD_SOFT), planId: 'm' })
    await st.billing.runDue()
    st.at('2025-02-02T01:00:00Z')
    await st.billing.runDue()
    expect(await st.billing.subscriptions.retrieve(sub.id)).toMatchObject({ status: 'canceled' })
    expect(st.ofType('subscription.canceled').map((e) => e.data.reason)).toEqual(['unpaid_after_dunning'])
    expect(st.ofType('subscription.past_due')).toHaveLength(0)
  } finally {
    await st.close()
  }
})

it('hard decline: no retry, past_due at once asking for a card; canceled at the end of the retry window without one', async () => {
  const st = await startStack({ billing: { dunning: { retryAfterDays: [1, 3, 7], finally: 'cancel' } } })
  try {
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1000, interval: 'month' })
    const sub = await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(CARD_HARD), planId: 'm' })
    expect((await st.billing.runDue()).failed).toBe(1)
    const [charge] = await st.billing.charges.list({ subscriptionId: sub.id })
    expect(charge).toMatchObject({ status: 'failed', nextAttemptAt: null, error: { kind: 'declined_hard', code: 'G56' } })
    expect(await st.billing.subscriptions.retrieve(sub.id)).toMatchObject({ status: 'past_due' })
    expect(st.ofType('subscription.past_due').map((e) => e.data.reason)).toEqual(['card_declined'])
    for (const at of ['2025-02-01T01:00:00Z', '2025-02-03T01:00:00Z', '2025-02-07T00:59:00Z']) {
      st.at(at)
      expect(await st.billing.runDue()).toMatchObject({ failed: 0, charged: 0 })
    }
    expect((await st.billing.charges.retrieve(charge!.id)).attempts).toBe(1)
    st.at('2025-02-07T01:00:00Z')
    await st.billing.runDue()
    expect(await st.billing.subscriptions.retrieve(sub.id)).toMatchObject({ status: 'canceled' })
    expect(st.ofType('subscription.canceled').map((e) => e.data.reason)).toEqual(['unpaid_after_dunning'])
  } finally {
    await st.close()
  }
})

it('a card update resumes a past_due subscription and retries at once; billing goes on from there', async () => {
  const st = await startStack()
  try {
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1000, interval: 'month' })
    const sub = await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(CARD_HARD), planId: 'm' })
    await st.billing.runDue()
    expect((await st.billing.subscriptions.retrieve(sub.id)).status).toBe('past_due')
    st.at('2025-02-03T05:00:00Z')
    const fresh = await st.member()
    const after = await st.billing.subscriptions.updateCard(sub.id, fresh)
    expect(after).toMatchObject({ status: 'active', member: { kaiinId: fresh.kaiinId } })
    expect(after.nextChargeAt?.toISOString()).toBe('2025-02-28T01:00:00.000Z')
    const [charge] = await st.billing.charges.list({ subscriptionId: sub.id })
    expect(charge).toMatchObject({ status: 'succeeded', attempts: 2, periodStart: '2025-01-31' })
    st.at('2025-02-28T01:00:00Z')
    expect((await st.billing.runDue()).charged).toBe(1)
    // an unusable new card is refused up front and changes nothing
    await expect(st.billing.subscriptions.updateCard(sub.id, { kaiinId: 'NOSUCHMEMBER', kaiinPass: 'abcd1234' })).rejects.toMatchObject({ name: 'EscottMemberError' })
    expect((await st.billing.subscriptions.retrieve(sub.id)).member.kaiinId).toBe(fresh.kaiinId)
  } finally {
    await st.close()
  }
})
