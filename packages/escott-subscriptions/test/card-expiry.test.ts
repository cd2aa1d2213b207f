import { afterAll, expect, it } from 'vitest'
import { CARD_OK, startStack, stopDatabase } from './helpers.js'

afterAll(stopDatabase)

it('card.expiring fires once, N days before the stored card (4MemRef) stops working', async () => {
  const st = await startStack({ billing: { cardExpiryNoticeDays: 30 } })
  try {
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1000, interval: 'month' })
    const member = await st.member(CARD_OK, { yy: '25', mm: '03' })
    const sub = await st.billing.subscriptions.create({ customerId: 'c', member, planId: 'm' })
    expect(sub.cardExp).toBe('2503')
    await st.billing.runDue()
    st.at('2025-03-02T00:59:00Z')
    await st.billing.runDue()
    expect(st.ofType('card.expiring')).toHaveLength(0)
    st.at('2025-03-02T01:00:00Z') // 2025-04-01 minus 30 days, at the charge time
    await st.billing.runDue()
    const notices = st.ofType('card.expiring')
    expect(notices.map((e) => e.data)).toEqual([{ subscriptionId: sub.id, customerId: 'c', kaiinId: member.kaiinId, cardExp: '2503', expiresOn: '2025-04-01', maskedCardNo: '400000******1000' }])
    st.advance('2d')
    await st.billing.runDue()
    expect(st.ofType('card.expiring')).toHaveLength(1)
  } finally {
    await st.close()
  }
})

it('a card replaced elsewhere (the shop updated the member) moves the notice instead of sending a stale one', async () => {
  const st = await startStack({ billing: { cardExpiryNoticeDays: 10 } })
  try {
    await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1000, interval: 'month' })
    const member = await st.member(CARD_OK, { yy: '25', mm: '02' })
    const sub = await st.billing.subscriptions.create({ customerId: 'c', member, planId: 'm' })
    await st.billing.runDue()
    const token = await st.sb.createToken({ cardNo: CARD_OK, expYY: '25', expMM: '06', secCd: '777' })
    await st.escott.members.update({ ...member, token })
    st.at('2025-02-19T01:00:00Z') // notice time for 2502
    await st.billing.runDue()
    expect(st.ofType('card.expiring')).toHaveLength(0)
    expect((await st.billing.subscriptions.retrieve(sub.id)).cardExp).toBe('2506')
    st.at('2025-06-21T01:00:00Z') // 2025-07-01 minus 10 days
    await st.billing.runDue()
    expect(st.ofType('card.expiring').map((e) => e.data.cardExp)).toEqual(['2506'])
  } finally {
    await st.close()
  }
})
