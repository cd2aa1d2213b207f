import { afterAll, expect, it } from 'vitest'
import { gatewayCharges, startStack, stopDatabase } from './helpers.js'

afterAll(stopDatabase)

it('a trial charges nothing until it ends, then anchors on the trial end day', async () => {
  const st = await startStack({ start: '2025-01-10T03:00:00Z' })
  try {
    await st.billing.plans.create({ id: 'trial', name: 'with trial', amount: 2000, interval: 'month', trialDays: 21 })
    const sub = await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(), planId: 'trial' })
    expect(sub).toMatchObject({ status: 'trialing', trialEnd: '2025-01-31', anchorDay: 31, currentPeriodStart: '2025-01-10', currentPeriodEnd: '2025-01-31' })
    expect(sub.nextChargeAt?.toISOString()).toBe('2025-01-31T01:00:00.000Z')
    expect((await st.billing.runDue()).charged).toBe(0)
    st.at('2025-01-30T23:00:00Z')
    expect((await st.billing.runDue()).charged).toBe(0)
    st.at('2025-01-31T01:00:00Z')
    expect((await st.billing.runDue()).charged).toBe(1)
    const after = await st.billing.subscriptions.retrieve(sub.id)
    expect(after).toMatchObject({ status: 'active', currentPeriodStart: '2025-01-31', currentPeriodEnd: '2025-02-28' })
    const [charge] = await st.billing.charges.list({ subscriptionId: sub.id })
    expect(charge).toMatchObject({ amount: 2000, status: 'succeeded', attempts: 1, periodStart: '2025-01-31' })
    expect(gatewayCharges(st.sb, charge!.merchantFree1).map((t) => t.amount)).toEqual([2000])
  } finally {
    await st.close()
  }
})

it('pause skips the periods while paused; resume keeps the anchor day and bills from the next boundary', async () => {
  const st = await startStack({ start: '2025-01-15T02:00:00Z' })
  try {
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1500, interval: 'month' })
    const sub = await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(), planId: 'm' })
    await st.billing.runDue()
    st.at('2025-01-20T02:00:00Z')
    const paused = await st.billing.subscriptions.pause(sub.id)
    expect(paused).toMatchObject({ status: 'paused', nextChargeAt: null })
    st.at('2025-02-15T02:00:00Z')
    expect(await st.billing.runDue()).toEqual({ charged: 0, failed: 0, needsReconciliation: 0, skipped: 0 })
    st.at('2025-02-20T02:00:00Z')
    const resumed = await st.billing.subscriptions.resume(sub.id)
    expect(resumed.status).toBe('active')
    expect(resumed.nextChargeAt?.toISOString()).toBe('2025-03-15T01:00:00.000Z')
    expect((await st.billing.subscriptions.upcoming(sub.id, { count: 2 })).map((u) => u.periodStart)).toEqual(['2025-03-15', '2025-04-15'])
    expect((await st.billing.runDue()).charged).toBe(0)
    st.at('2025-03-15T01:00:00Z')
    expect((await st.billing.runDue()).charged).toBe(1)
    const periods = (await st.billing.charges.list({ subscriptionId: sub.id })).map((c) => c.periodStart).sort()
    expect(periods).toEqual(['2025-01-15', '2025-03-15']) // February was paused: not billed
    await expect(st.billing.subscriptions.resume(sub.id)).rejects.toMatchObject({ name: 'EscottBillingError', reason: 'INVALID_STATE' })
  } finally {
    await st.close()
  }
})

it('a plan change takes effect from the next period: price and rhythm', async () => {
  const st = await startStack({ start: '2025-01-31T02:00:00Z' })
  try {
    await st.billing.plans.create({ id: 'tea-monthly', name: '煎茶 定期便', amount: 3980, interval: 'month' })
    await st.billing.plans.create({ id: 'tea-biweekly', name: '煎茶 隔週便', amount: 2180, interval: 'week', intervalCount: 2 })
    const sub = await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(), planId: 'tea-monthly' })
    await st.billing.runDue()
    const changed = await st.billing.subscriptions.changePlan(sub.id, 'tea-biweekly')
    expect(changed).toMatchObject({ planId: 'tea-monthly', pendingPlanId: 'tea-biweekly', currentPeriodEnd: '2025-02-28' })
    expect((await st.billing.subscriptions.upcoming(sub.id, { count: 3 })).map((u) => [u.periodStart, u.amount])).toEqual([
      ['2025-02-28', 2180],
      ['2025-03-14', 2180],
      ['2025-03-28', 2180],
    ])
    st.at('2025-02-28T01:00:00Z')
    await st.billing.runDue()
    const after = await st.billing.subscriptions.retrieve(sub.id)
    expect(after).toMatchObject({ planId: 'tea-biweekly', pendingPlanId: null, currentPeriodStart: '2025-02-28', currentPeriodEnd: '2025-03-14' })
    const amounts = (await st.billing.charges.list({ subscriptionId: sub.id })).map((c) => [c.periodStart, c.amount]).sort()
    expect(amounts).toEqual([
      ['2025-01-31', 3980],
      ['2025-02-28', 2180],
    ])
    // and back to monthly: re-anchored on the day the monthly period starts
    await st.billing.subscriptions.changePlan(sub.id, 'tea-monthly')
    st.at('2025-03-14T01:00:00Z')
    await st.billing.runDue()
    expect(await st.billing.subscriptions.retrieve(sub.id)).toMatchObject({ planId: 'tea-monthly', anchorDay: 14, currentPeriodEnd: '2025-04-14' })
  } finally {
    await st.close()
  }
})

it('cancel at period end bills nothing more and emits subscription.canceled at the period end; cancel now ends at once', async () => {
  const st = await startStack({ start: '2025-01-10T02:00:00Z' })
  try {
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1000, interval: 'month' })
    const a = await st.billing.subscriptions.create({ customerId: 'a', member: await st.member(), planId: 'm' })
    const b = await st.billing.subscriptions.create({ customerId: 'b', member: await st.member(), planId: 'm' })
    await st.billing.runDue()
    expect((await st.billing.subscriptions.cancel(a.id, { atPeriodEnd: true })).cancelAtPeriodEnd).toBe(true)
    expect(await st.billing.subscriptions.cancel(b.id)).toMatchObject({ status: 'canceled' })
    await st.billing.deliverEvents() // API calls deliver in the background; runDue waits for its own
    expect(st.ofType('subscription.canceled').map((e) => e.data.subscriptionId)).toEqual([b.id])
    st.at('2025-02-10T01:00:00Z')
    expect((await st.billing.runDue()).charged).toBe(0)
    expect(await st.billing.subscriptions.retrieve(a.id)).toMatchObject({ status: 'canceled' })
    expect(st.ofType('subscription.canceled').map((e) => [e.data.subscriptionId, e.data.reason])).toEqual([
      [b.id, 'requested'],
      [a.id, 'canceled_at_period_end'],
    ])
    expect(await st.billing.subscriptions.list({ status: 'canceled' })).toHaveLength(2)
    expect(await st.billing.subscriptions.list({ customerId: 'a' })).toHaveLength(1)
  } finally {
    await st.close()
  }
})

it('refuses bad input with the field and the fix, and never returns the KaiinPass', async () => {
  const st = await startStack()
  try {
    await expect(st.billing.plans.create({ id: 'x', name: 'x', amount: 0, interval: 'month' })).rejects.toMatchObject({
      name: 'EscottValidationError',
      field: 'plans.create: amount',
    })
    await expect(st.billing.plans.create({ id: 'x', name: 'x', amount: 100, interval: 'year' as never })).rejects.toThrow(/interval/)
    await st.billing.plans.create({ id: 'x', name: 'x', amount: 100, interval: 'month' })
    await expect(st.billing.plans.create({ id: 'x', name: 'x', amount: 200, interval: 'month' })).rejects.toMatchObject({ reason: 'PLAN_CONFLICT' })
    await expect(st.billing.subscriptions.create({ customerId: 'c', member: await st.member(), planId: 'nope' })).rejects.toMatchObject({ reason: 'PLAN_NOT_FOUND' })
    const m = await st.member()
    const sub = await st.billing.subscriptions.create({ customerId: 'c', member: m, planId: 'x' })
    expect(JSON.stringify(sub)).not.toContain(m.kaiinPass)
    expect(sub.member).toEqual({ kaiinId: m.kaiinId })
    await expect(st.billing.subscriptions.create({ customerId: 'c', member: { kaiinId: 'NOSUCH1', kaiinPass: 'x1234567' }, planId: 'x' })).rejects.toMatchObject({
      name: 'EscottMemberError',
    })
  } finally {
    await st.close()
  }
})
