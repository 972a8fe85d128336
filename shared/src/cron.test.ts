import { describe, expect, it } from 'vitest'
import { nextCronRun, parseCron } from './cron'

function next(expr: string, after: string, n = 1): string[] {
  const parsed = parseCron(expr)
  if (!parsed.ok) throw new Error(parsed.error)
  const out: string[] = []
  let at = new Date(after)
  for (let i = 0; i < n; i++) {
    const t = nextCronRun(parsed.schedule, at)
    if (!t) break
    out.push(t.toISOString())
    at = t
  }
  return out
}

describe('cron expressions (agent schedules, decision 051)', () => {
  it('computes the next runs of five- and six-field expressions in UTC', () => {
    expect(next('0 9 * * mon-fri', '2026-11-27T10:00:00Z', 2)).toEqual(['2026-11-30T09:00:00.000Z', '2026-12-01T09:00:00.000Z'])
    expect(next('*/15 * * * *', '2026-11-29T23:50:10Z', 2)).toEqual(['2026-11-30T00:00:00.000Z', '2026-11-30T00:15:00.000Z'])
    expect(next('*/2 * * * * *', '2026-11-29T23:59:59.500Z', 2)).toEqual(['2026-11-30T00:00:00.000Z', '2026-11-30T00:00:02.000Z'])
    expect(next('@daily', '2026-12-31T12:00:00Z')).toEqual(['2027-01-01T00:00:00.000Z'])
    expect(next('0 0 29 feb *', '2026-03-01T00:00:00Z')).toEqual(['2028-02-29T00:00:00.000Z'])
    expect(next('30 6 1,15 * *', '2026-11-15T06:30:00Z')).toEqual(['2026-12-01T06:30:00.000Z'])
    // Both day fields restricted: either one matching runs (the 13th, or any Friday).
    expect(next('0 0 13 * 5', '2026-11-01T00:00:00Z', 3)).toEqual([
      '2026-11-06T00:00:00.000Z',
      '2026-11-13T00:00:00.000Z',
      '2026-11-20T00:00:00.000Z',
    ])
    expect(next('0 12 * * 7', '2026-11-29T12:00:00Z')).toEqual(['2026-12-06T12:00:00.000Z'])
    expect(next('0 0 31 2 *', '2026-01-01T00:00:00Z')).toEqual([])
  })

  it('says what is wrong with an expression that is not one', () => {
    const bad: [string, RegExp][] = [
      ['', /five fields/],
      ['* * * *', /five fields/],
      ['60 * * * *', /minute 60 is outside 0–59/],
      ['* 24 * * *', /hour 24/],
      ['* * 0 * *', /day of month 0/],
      ['* * * 13 *', /month 13/],
      ['* * * * 8', /day of week 8/],
      ['*/0 * * * *', /step/],
      ['5-1 * * * *', /backwards/],
      ['a * * * *', /is not a minute/],
      ['1,,2 * * * *', /empty item/],
      ['@often', /Unknown macro/],
      ['1/2/3 * * * *', /two steps/],
    ]
    for (const [expr, message] of bad) {
      const parsed = parseCron(expr)
      expect(parsed.ok, expr).toBe(false)
      if (!parsed.ok) expect(parsed.error, expr).toMatch(new RegExp(message.source, 'i'))
    }
  })
})
