import { describe, expect, it } from 'vitest'
import { formatDuration, formatFineMoney, formatMoney, formatNumber, formatPercent, formatRelative } from './format'
import { useLocaleStore } from './locale'

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
  it('shows micros as money in the currency’s minor unit, with no stray precision', () => {
    expect(formatMoney(40_500_000)).toBe('$40.50')
    expect(formatMoney(-5_000_000)).toBe('-$5.00')
    expect(formatMoney(39_360_100)).toBe('$39.36')
    expect(formatMoney(-9_000)).toBe('-$0.01')
    expect(formatMoney(-4_000)).toBe('$0.00')
    expect(formatMoney(1_234_567_890)).toBe('$1,234.57')
    expect(formatMoney(5_000_000, 'EUR')).toBe('€5.00')
    expect(formatMoney(5_000_000, 'JPY')).toBe('¥5')
  })
  it('keeps a finer unit for sub-cent prices and costs only', () => {
    expect(formatFineMoney(412)).toBe('$0.000412')
    expect(formatFineMoney(1_234)).toBe('$0.00123')
    expect(formatFineMoney(9_000)).toBe('$0.009')
    expect(formatFineMoney(12_300_000)).toBe('$12.30')
  })
  it('shows durations in ms, s and min, with tenths where a phase takes seconds', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(850.4)).toBe('850 ms')
    expect(formatDuration(42_300)).toBe('42 s')
    expect(formatDuration(96_000)).toBe('1 min 36 s')
    expect(formatDuration(1_420, { tenths: true })).toBe('1.4 s')
    expect(formatDuration(119_600, { tenths: true })).toBe('2 min 0 s')
  })
  it('writes shares, counts and tenths the way the chosen language does', () => {
    expect(formatPercent(0.015)).toBe('1.5%')
    expect(formatPercent(0.0042, 2)).toBe('0.42%')
    useLocaleStore.setState({ locale: 'de' })
    expect(formatPercent(0.015)).toBe('1,5\u00a0%')
    expect(formatNumber(12_345)).toBe('12.345')
    expect(formatDuration(1_420, { tenths: true })).toBe('1,4 s')
  })
})
