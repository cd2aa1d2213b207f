import { afterAll, expect, it } from 'vitest'
import { gatewayCharges, startStack, stopDatabase } from './helpers.js'

afterAll(stopDatabase)

it('charges a new monthly subscription once and renews it on the anchor day', async () => {
  const st = await startStack()
  try {
    await st.billing.plans.create({ id: 'tea', name: '煎茶 定期便', amount: 3980, interval: 'month' })
    const sub = await st.billing.subscriptions.create({ customerId: 'c-1', member: await st.member(), planId: 'tea' })
    expect(sub.status).toBe('active')
    expect(sub.currentPeriodStart).toBe('2025-01-31')
    expect(sub.currentPeriodEnd).toBe('2025-02-28')
    const s1 = await st.billing.runDue()
    expect(s1).toEqual({ charged: 1, failed: 0, needsReconciliation: 0, skipped: 0 })
    const again = await st.billing.runDue()
    expect(again.charged).toBe(0)
    const charges = await st.billing.charges.list({ subscriptionId: sub.id })
    expect(charges).toHaveLength(1)
    expect(gatewayCharges(st.sb, charges[0]!.merchantFree1)).toHaveLength(1)
    expect(st.ofType('charge.succeeded')).toHaveLength(1)
  } finally {
    await st.close()
  }
})
