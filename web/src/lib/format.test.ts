import { describe, expect, it } from 'vitest'
import { formatDuration, formatMoney, formatRelative } from './format'

describe('one date, money and duration style', () => {
  const now = Date.parse('2026-11-29T12:00:00.000Z')
  it('says dates relative to now, past and future', () => {
    expect(formatRelative('2026-11-29T11:59:50.000Z', now)).toBe('just now')
    expect(formatRelative('2026-11-29T11:57:00.000Z', now)).toBe('3 minutes ago')
    expect(formatRelative('2026-11-29T09:00:00.000Z', now)).toBe('3 hours ago')
    expect(formatRelative('2026-11-28T12:00:00.000Z', now)).toBe('yesterday')
    expect(formatRelative('2026-12-02T12:00:00.000Z', now)).toBe('in 3 days')
    expect(formatRelative('2026-09-29T12:00:00.000Z', now)).toBe('2 months ago')
  })
  it('shows micros as money, keeping four decimals only when they matter', () => {
    expect(formatMoney(40_500_000)).toBe('$40.50')
    expect(formatMoney(-5_000_000)).toBe('-$5.00')
    expect(formatMoney(1_234)).toBe('$0.0012')
  })
  it('shows durations in ms, s and min, with tenths where a phase takes seconds', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(850.4)).toBe('850 ms')
    expect(formatDuration(42_300)).toBe('42 s')
    expect(formatDuration(96_000)).toBe('1 min 36 s')
    expect(formatDuration(1_420, { tenths: true })).toBe('1.4 s')
    expect(formatDuration(119_600, { tenths: true })).toBe('2 min 0 s')
  })
})
