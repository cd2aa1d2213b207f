import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseTokyo, tokyoDate, tokyoDateTime, tokyoEndOfDayAfter } from '../src/wire-exports.js'

describe('dates are Japanese dates whatever the host time zone', () => {
  it('switches the date at 15:00 UTC (midnight JST)', () => {
    expect(tokyoDate(new Date('2026-11-23T14:59:59Z'))).toBe('20261123')
    expect(tokyoDate(new Date('2026-11-23T15:00:00Z'))).toBe('20261124')
    expect(tokyoDateTime(new Date('2026-12-31T15:30:00Z'))).toBe('202701010030')
  })
  it('computes deadlines at 23:59 JST N calendar days later, across month and year ends', () => {
    expect(tokyoEndOfDayAfter(7, new Date('2026-12-28T03:00:00Z')).toISOString()).toBe('2027-01-04T14:59:00.000Z')
    expect(tokyoEndOfDayAfter(0, new Date('2026-11-23T15:30:00Z')).toISOString()).toBe('2026-11-24T14:59:00.000Z')
  })
  it('parses what it formats', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const minute = new Date(Math.floor(d.getTime() / 60_000) * 60_000)
        expect(parseTokyo(tokyoDateTime(minute))?.getTime()).toBe(minute.getTime())
      }),
    )
    expect(parseTokyo('2026112')).toBeUndefined()
    expect(parseTokyo(undefined)).toBeUndefined()
  })
})
