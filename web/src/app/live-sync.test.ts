import { QueryClient } from '@tanstack/react-query'
import { afterEach, describe, expect, it } from 'vitest'
import type { CompanyDetail, CompanySummary } from '@exocorp/shared/companies'
import { companyQueries } from '@/features/companies/api/queries'
import { useLiveStatusStore } from '@/lib/live-status'
import { applyLiveEvent } from './live-sync'

const row = (id: string, status: CompanySummary['status']) =>
  ({ id, name: id, status, health: 'unknown' }) as unknown as CompanySummary

const paused = {
  type: 'company.status' as const,
  id: 12,
  at: '2026-11-29T12:00:00.000Z',
  companyId: 'a',
  data: {
    status: 'paused' as const,
    health: 'unknown' as const,
    previousStatus: 'running' as const,
    previousHealth: 'unknown' as const,
  },
}

afterEach(() => useLiveStatusStore.getState().set('off'))

describe('live events in the query caches', () => {
  it('update a row and the detail in place, and refetch a list filtered by status', () => {
    const qc = new QueryClient()
    const plain = companyQueries.list({}).queryKey
    const filtered = companyQueries.list({ status: 'running' }).queryKey
    qc.setQueryData(plain, { items: [row('a', 'running'), row('b', 'running')], nextCursor: null } as never)
    qc.setQueryData(filtered, { items: [row('a', 'running')], nextCursor: null } as never)
    qc.setQueryData(companyQueries.detail('a').queryKey, {
      id: 'a',
      status: 'running',
      health: 'unknown',
    } as unknown as CompanyDetail)

    applyLiveEvent(qc, paused)

    const list = qc.getQueryData<{ items: CompanySummary[] }>(plain)!
    expect(list.items.map((c) => `${c.id}:${c.status}`)).toEqual(['a:paused', 'b:running'])
    expect(qc.getQueryData<CompanyDetail>(companyQueries.detail('a').queryKey)!.status).toBe('paused')
    // The filtered page is not patched (the row may no longer belong there): it is marked for refetch.
    expect(qc.getQueryData<{ items: CompanySummary[] }>(filtered)!.items[0]!.status).toBe('running')
    expect(qc.getQueryState(filtered)!.isInvalidated).toBe(true)
    expect(qc.getQueryState(plain)!.isInvalidated).toBe(false)
  })

  it('stop polling while the stream is live, and poll again when it drops', () => {
    const qc = new QueryClient()
    const options = companyQueries.detail('a')
    qc.setQueryData(options.queryKey, {
      id: 'a',
      status: 'provisioning',
      health: 'unknown',
      currentJob: null,
    } as unknown as CompanyDetail)
    const query = qc.getQueryCache().find({ queryKey: options.queryKey })!
    const interval = options.refetchInterval as unknown as (q: typeof query) => number | false
    useLiveStatusStore.getState().set('live')
    expect(interval(query)).toBe(false)
    useLiveStatusStore.getState().set('reconnecting')
    expect(interval(query)).toBeGreaterThan(0)
  })
})
