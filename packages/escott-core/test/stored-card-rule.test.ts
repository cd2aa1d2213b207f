import { describe, expect, it } from 'vitest'
import { detectBrand, storedCardDeletion } from '../src/index.js'

const now = new Date('2026-11-23T00:00:00Z')
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000)

describe('stored-card deletion rule', () => {
  it('refuses while an authorisation is younger than 90 days, and says from when it is allowed', () => {
    const v = storedCardDeletion({ authorizations: [daysAgo(200), daysAgo(89)], hasActiveSubscription: false, now })
    expect(v).toEqual({ allowed: false, reason: 'recent_authorization', lastAuthorizedAt: daysAgo(89), allowedFrom: new Date(daysAgo(89).getTime() + 90 * 86_400_000) })
  })
  it('allows after 90 days with no subscription', () => {
    expect(storedCardDeletion({ authorizations: [daysAgo(90)], hasActiveSubscription: false, now })).toEqual({ allowed: true })
    expect(storedCardDeletion({ authorizations: [], hasActiveSubscription: false, now })).toEqual({ allowed: true })
  })
  it('refuses while a subscription is active, whatever the dates', () => {
    expect(storedCardDeletion({ authorizations: [], hasActiveSubscription: true, now })).toEqual({ allowed: false, reason: 'active_subscription' })
  })
})

describe('detectBrand on masked numbers', () => {
  it('reads the BIN before the mask', () => {
    expect(detectBrand('400000******1000')).toBe('VISA')
    expect(detectBrand('354000******1000')).toBe('JCB')
    expect(detectBrand('370000*****1000')).toBe('AMEX')
    expect(detectBrand('******1000')).toBe('UNKNOWN')
  })
})
