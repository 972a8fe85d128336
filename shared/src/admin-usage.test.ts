import { describe, expect, it } from 'vitest'
import { ADMIN_USAGE_PRESETS, adminUsagePreset, splitByMonths } from './admin-usage'
import { addMonths, daysIn, MAX_RANGE_DAYS, monthEnd } from './usage'

describe('month arithmetic', () => {
  it("steps across year ends both ways and knows each month's last day", () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(addMonths('2025-12', 1)).toBe('2026-01')
    expect(addMonths('2026-03', -14)).toBe('2025-01')
    expect(monthEnd('2028-02')).toBe('2028-02-29')
    expect(monthEnd('2026-02')).toBe('2026-02-28')
    expect(monthEnd('2026-12')).toBe('2026-12-31')
  })
})

// Decisions 049 and 057: which days of a range the monthly rollup answers, and which the daily one.
describe('splitByMonths', () => {
  it('reads whole months from the monthly rollup and the days at the edges from the daily one', () => {
    expect(splitByMonths('2026-05-30', '2026-07-02')).toEqual({
      months: ['2026-06', '2026-06'],
      edges: [
        ['2026-05-30', '2026-05-31'],
        ['2026-07-01', '2026-07-02'],
      ],
    })
    expect(splitByMonths('2026-02-01', '2026-02-28')).toEqual({ months: ['2026-02', '2026-02'], edges: [] })
    expect(splitByMonths('2026-06-03', '2026-06-20')).toEqual({ months: null, edges: [['2026-06-03', '2026-06-20']] })
  })

  it('counts this month so far as whole when the range reaches today', () => {
    expect(splitByMonths('2026-11-01', '2026-11-17', '2026-11-17')).toEqual({ months: ['2026-11', '2026-11'], edges: [] })
    // Twelve months to date: eleven whole ones and this one so far, no daily rows at all.
    expect(splitByMonths('2025-12-01', '2026-11-17', '2026-11-17')).toEqual({ months: ['2025-12', '2026-11'], edges: [] })
    // A range past today: nothing after today is in any rollup.
    expect(splitByMonths('2026-11-01', '2026-11-30', '2026-11-17')).toEqual({ months: ['2026-11', '2026-11'], edges: [] })
    // The start cut inside a month still reads its days.
    expect(splitByMonths('2026-10-20', '2026-11-17', '2026-11-17')).toEqual({
      months: ['2026-11', '2026-11'],
      edges: [['2026-10-20', '2026-10-31']],
    })
  })

  it('never counts a month as whole when the range ends before today', () => {
    expect(splitByMonths('2026-11-01', '2026-11-16', '2026-11-17')).toEqual({
      months: null,
      edges: [['2026-11-01', '2026-11-16']],
    })
    expect(splitByMonths('2026-10-01', '2026-11-16', '2026-11-17')).toEqual({
      months: ['2026-10', '2026-10'],
      edges: [['2026-11-01', '2026-11-16']],
    })
  })
})

describe('adminUsagePreset', () => {
  it('gives month-aligned ranges that each read only the monthly rollup, within the longest range', () => {
    const today = '2026-03-17'
    expect(adminUsagePreset('thisMonth', today)).toEqual({ from: '2026-03-01', to: today })
    expect(adminUsagePreset('lastMonth', today)).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(adminUsagePreset('last3Months', today)).toEqual({ from: '2026-01-01', to: today })
    expect(adminUsagePreset('last12Months', today)).toEqual({ from: '2025-04-01', to: today })
    for (const day of ['2026-01-01', '2026-12-31', '2028-02-29', '2027-02-28']) {
      for (const p of ADMIN_USAGE_PRESETS) {
        const r = adminUsagePreset(p, day)
        expect(splitByMonths(r.from, r.to, day).edges, `${p} on ${day}`).toEqual([])
        expect(daysIn(r.from, r.to), `${p} on ${day}`).toBeLessThanOrEqual(MAX_RANGE_DAYS)
      }
    }
  })
})
