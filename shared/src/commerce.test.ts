import { describe, expect, it } from 'vitest'
import { msUntilNextStale } from './commerce'

// Decision 060: while snapshots are pushed, a view refetches only for staleness, which the clock brings.
describe('msUntilNextStale', () => {
  const now = Date.parse('2026-06-01T12:00:00.000Z')
  const store = (staleAt: string, over: { stale?: boolean; companyStatus?: 'running' | 'paused' } = {}) => ({
    staleAt,
    stale: over.stale ?? false,
    companyStatus: over.companyStatus ?? ('running' as const),
  })

  it('is the time to the earliest staleAt ahead of a running exocorp’s store that is not stale yet', () => {
    expect(
      msUntilNextStale(
        [
          store('2026-06-01T12:03:00.000Z'),
          store('2026-06-01T12:01:30.000Z'),
          store('2026-06-01T12:00:10.000Z', { companyStatus: 'paused' }),
        ],
        now,
      ),
    ).toBe(90_000)
  })

  it('is null when nothing can turn stale: already stale, not running, or past', () => {
    expect(msUntilNextStale([], now)).toBeNull()
    expect(
      msUntilNextStale(
        [
          store('2026-06-01T11:59:00.000Z', { stale: true }),
          store('2026-06-01T12:05:00.000Z', { companyStatus: 'paused' }),
          store('2026-06-01T11:00:00.000Z', { companyStatus: 'paused' }),
        ],
        now,
      ),
    ).toBeNull()
  })
})
