import { afterAll, describe, expect, it } from 'vitest'
import { addMonthsAnchored, nextPeriodStart, tokyoDateOf, tokyoInstant, upcomingPeriodStarts } from '../src/index.js'
import { firstBoundaryOnOrAfter } from '../src/calendar.js'
import { startStack, stopDatabase } from './helpers.js'

afterAll(stopDatabase)

const month = { interval: 'month' as const, intervalCount: 1 }

describe('billing calendar (pure)', () => {
  it('keeps the anchor day 31: Jan 31 → Feb 28 → Mar 31 → Apr 30, never drifting to the 28th', () => {
    expect(upcomingPeriodStarts('2025-01-31', month, 31, 4)).toEqual(['2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31'])
  })

  it('lands on Feb 29 in leap years and on Feb 28 otherwise', () => {
    expect(upcomingPeriodStarts('2024-01-31', month, 31, 2)).toEqual(['2024-02-29', '2024-03-31'])
    expect(upcomingPeriodStarts('2024-02-29', month, 29, 13).slice(-2)).toEqual(['2025-02-28', '2025-03-29'])
    expect(addMonthsAnchored('2028-01-30', 1, 30)).toBe('2028-02-29')
  })

  it('derives every start from the anchor, not from the previous clamped date', () => {
    // From Feb 28 with anchor 31 the next start is Mar 31, not Mar 28.
    expect(nextPeriodStart('2025-02-28', month, 31)).toBe('2025-03-31')
    expect(nextPeriodStart('2025-11-30', { interval: 'month', intervalCount: 3 }, 31)).toBe('2026-02-28')
  })

  it('adds weeks and days across month and year ends', () => {
    expect(nextPeriodStart('2025-12-29', { interval: 'week', intervalCount: 1 }, 29)).toBe('2026-01-05')
    expect(nextPeriodStart('2024-02-28', { interval: 'day', intervalCount: 1 }, 28)).toBe('2024-02-29')
    expect(nextPeriodStart('2025-01-31', { interval: 'week', intervalCount: 2 }, 31)).toBe('2025-02-14')
  })

  it('turns a Tokyo date and time into the right instant, and back, on a Los Angeles host', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('America/Los_Angeles')
    expect(tokyoInstant('2025-03-09', '10:00').toISOString()).toBe('2025-03-09T01:00:00.000Z') // LA switches to DST that day
    expect(tokyoDateOf(new Date('2025-01-31T15:00:00Z'))).toBe('2025-02-01') // already Feb 1 in Tokyo, Jan 31 in LA
    expect(tokyoDateOf(new Date('2025-01-31T14:59:59Z'))).toBe('2025-01-31')
  })

  it('finds the first boundary on or after a day on the subscription rhythm', () => {
    expect(firstBoundaryOnOrAfter('2025-01-31', '2025-03-01', month, 31)).toBe('2025-03-31')
    expect(firstBoundaryOnOrAfter('2025-01-31', '2025-01-31', month, 31)).toBe('2025-01-31')
  })
})

describe('billing calendar on real Postgres', () => {
  it('bills a Jan 31 subscription on Jan 31, Feb 28, Mar 31 and Apr 30 (charged at 10:00 JST, host in LA)', async () => {
    const st = await startStack({ start: '2025-01-31T01:30:00Z' })
    try {
      await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1000, interval: 'month' })
      const sub = await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(), planId: 'm' })
      expect(sub.anchorDay).toBe(31)
      const periods: string[] = []
      for (const day of ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30']) {
        st.at(`${day}T00:59:00Z`) // 09:59 JST: not yet (except the first, already charged at sign-up time)
        await st.billing.runDue()
        st.at(`${day}T01:00:00Z`) // 10:00 JST
        await st.billing.runDue()
        const s = await st.billing.subscriptions.retrieve(sub.id)
        periods.push(`${s.currentPeriodStart}..${s.currentPeriodEnd}`)
      }
      expect(periods).toEqual(['2025-01-31..2025-02-28', '2025-02-28..2025-03-31', '2025-03-31..2025-04-30', '2025-04-30..2025-05-31'])
      const charges = await st.billing.charges.list({ subscriptionId: sub.id })
      expect(charges.map((c) => c.periodStart).sort()).toEqual(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30'])
      expect(charges.every((c) => c.status === 'succeeded')).toBe(true)
      expect((await st.billing.subscriptions.retrieve(sub.id)).nextChargeAt?.toISOString()).toBe('2025-05-31T01:00:00.000Z')
    } finally {
      await st.close()
    }
  })

  it('bills Feb 29 in a leap year and comes back to the 31st', async () => {
    const st = await startStack({ start: '2024-01-31T02:00:00Z' })
    try {
      await st.billing.plans.create({ id: 'm', name: 'monthly', amount: 1000, interval: 'month' })
      const sub = await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(), planId: 'm' })
      await st.billing.runDue()
      st.at('2024-02-29T01:00:00Z')
      expect((await st.billing.runDue()).charged).toBe(1)
      st.at('2024-03-31T01:00:00Z')
      expect((await st.billing.runDue()).charged).toBe(1)
      const starts = (await st.billing.charges.list({ subscriptionId: sub.id })).map((c) => c.periodStart).sort()
      expect(starts).toEqual(['2024-01-31', '2024-02-29', '2024-03-31'])
    } finally {
      await st.close()
    }
  })

  it('bills weekly and daily plans', async () => {
    const st = await startStack({ start: '2025-12-29T03:00:00Z' })
    try {
      await st.billing.plans.create({ id: 'w', name: 'weekly', amount: 500, interval: 'week' })
      await st.billing.plans.create({ id: 'd', name: 'daily', amount: 100, interval: 'day', intervalCount: 2 })
      const w = await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(), planId: 'w' })
      const d = await st.billing.subscriptions.create({ customerId: 'c', member: await st.member(), planId: 'd' })
      expect(w.currentPeriodEnd).toBe('2026-01-05')
      expect(d.currentPeriodEnd).toBe('2025-12-31')
      await st.billing.runDue()
      st.at('2026-01-05T01:00:00Z')
      await st.billing.runDue()
      expect((await st.billing.charges.list({ subscriptionId: w.id })).map((c) => c.periodStart).sort()).toEqual(['2025-12-29', '2026-01-05'])
      // the daily plan was due on Dec 31 and Jan 2 and Jan 4: one pass bills only the period that is due, then catches up
      expect((await st.billing.charges.list({ subscriptionId: d.id })).map((c) => c.periodStart).sort()).toEqual(['2025-12-29', '2025-12-31'])
      await st.billing.runDue()
      await st.billing.runDue()
      expect((await st.billing.charges.list({ subscriptionId: d.id })).map((c) => c.periodStart).sort()).toEqual(['2025-12-29', '2025-12-31', '2026-01-02', '2026-01-04'])
    } finally {
      await st.close()
    }
  })
})
