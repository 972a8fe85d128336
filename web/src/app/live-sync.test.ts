import { QueryClient, QueryObserver, type QueryObserverOptions } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { API, pathOf } from '@exocorp/shared/api-paths'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import type { CompanyDetail, CompanySummary } from '@exocorp/shared/companies'
import { companyQueries } from '@/features/companies/api/queries'
import { adminCommerceQueries } from '@/features/admin-commerce/admin-commerce-panel'
import { COMMERCE_POLL_MS, commerceQueries } from '@/features/commerce/api/queries'
import { useLiveStatusStore } from '@/lib/live-status'
import { resetMockDb } from '@/testing/mock-db'
import { server } from '@/testing/server'
import { applyLiveEvent, applyLiveStatus } from './live-sync'

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

afterEach(() => {
  vi.useRealTimers()
  server.events.removeAllListeners()
  useLiveStatusStore.getState().set('off')
})

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

  // While live these views plan a refetch only for when a store could turn stale (minutes away in the
  // seed), and TanStack Query re-reads a refetchInterval only when its query updates: the drop itself
  // must make them poll again, whatever their query key.
  it.each([
    {
      view: 'the Store tab',
      who: 'owner@demo.exocorp.dev',
      path: pathOf(API.registry.commerce.path, { id: 'c-acme' }),
      options: () => commerceQueries.stores('c-acme'),
    },
    {
      view: '/admin/commerce',
      who: 'admin@demo.exocorp.dev',
      path: ADMIN_API.commerce.path,
      options: () => adminCommerceQueries.page({}),
    },
  ])('$view stops polling while the stream is live and polls on its interval again once it drops', async (view) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
    resetMockDb({ signedInAs: view.who })
    let requests = 0
    server.events.on('request:start', ({ request }) => {
      if (new URL(request.url).pathname === view.path) requests += 1
    })
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    applyLiveStatus(qc, 'connecting')
    applyLiveStatus(qc, 'live')
    const observer = new QueryObserver(qc, view.options() as QueryObserverOptions)
    const unsubscribe = observer.subscribe(() => {})
    await vi.waitFor(() => expect(observer.getCurrentResult().isSuccess).toBe(true))
    await vi.advanceTimersByTimeAsync(COMMERCE_POLL_MS * 3)
    expect(requests).toBe(1)

    // The stream drops: the view refetches once, then polls on its interval again.
    applyLiveStatus(qc, 'reconnecting')
    await vi.advanceTimersByTimeAsync(0)
    expect(requests).toBe(2)
    await vi.advanceTimersByTimeAsync(COMMERCE_POLL_MS)
    expect(requests).toBe(3)
    await vi.advanceTimersByTimeAsync(COMMERCE_POLL_MS)
    expect(requests).toBe(4)
    unsubscribe()
  })
})
