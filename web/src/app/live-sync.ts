import { onlineManager, type QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { PlatformEvent } from '@exocorp/shared/events'
import type { CompanyDetail, CompanySummary } from '@exocorp/shared/companies'
import { billingQueries } from '@/features/billing/api/queries'
import { companyQueries, type CompanyListFilters } from '@/features/companies/api/queries'
import { adminCommerceKeys } from '@/features/admin-commerce/api/keys'
import { adminNotificationKeys } from '@/features/admin-notifications/api/keys'
import { commerceKeys } from '@/features/commerce/api/keys'
import { appendPushedLogLine } from '@/features/logs/api/queries'
import { applyWorkloadEvent, workloadQueries } from '@/features/workloads/api/queries'
import { addPushedNotification, markNotificationReadInCache } from '@/features/notifications/api/queries'
import { teamQueries } from '@/features/teams/api/queries'
import { createLiveConnection, type LiveConnection } from '@/features/live/live-connection'
import { type LiveStatus, useLiveStatusStore } from '@/lib/live-status'

// Where the live stream meets the query caches (decision 030). It lives in app/ because it
// updates several features' caches; the connection itself is features/live.

type Page = { items: CompanySummary[] }

/** A status change can move a row into or out of this list, or reorder it: refetch rather than patch. */
function rowsMayMove(filters: CompanyListFilters) {
  return filters.status !== undefined || filters.health !== undefined || filters.sort === 'status' || filters.sort === 'updatedAt'
}

/** Applies one event to the caches: in place where the event says it all, refetch otherwise. */
export function applyLiveEvent(queryClient: QueryClient, event: PlatformEvent) {
  switch (event.type) {
    case 'company.status': {
      const { status, health } = event.data
      queryClient.setQueryData<CompanyDetail>(companyQueries.detail(event.companyId).queryKey, (old) =>
        old ? { ...old, status, health } : old,
      )
      // Rows update in place; a filtered or status-sorted list refetches, since the row may now
      // belong elsewhere (seed 004: "the page refetches to keep the filtered view consistent").
      for (const [key, page] of queryClient.getQueriesData<Page>({ queryKey: companyQueries.lists() })) {
        const filters = (key[2] ?? {}) as CompanyListFilters
        if (rowsMayMove(filters)) {
          void queryClient.invalidateQueries({ queryKey: key, exact: true })
        } else if (page?.items.some((c) => c.id === event.companyId)) {
          queryClient.setQueryData<Page>(key, {
            ...page,
            items: page.items.map((c) => (c.id === event.companyId ? { ...c, status, health } : c)),
          })
        }
      }
      // Allowed actions, banners and counts come from the server.
      void queryClient.invalidateQueries({ queryKey: companyQueries.scope(event.companyId) })
      void queryClient.invalidateQueries({ queryKey: companyQueries.summary().queryKey })
      return
    }
    case 'company.created':
      void queryClient.invalidateQueries({ queryKey: companyQueries.lists() })
      void queryClient.invalidateQueries({ queryKey: companyQueries.summary().queryKey })
      return
    case 'job.progress':
      // The detail carries the job in flight with its phases.
      void queryClient.invalidateQueries({ queryKey: companyQueries.detail(event.companyId).queryKey, exact: true })
      return
    case 'audit.created':
      void queryClient.invalidateQueries({ queryKey: companyQueries.audits(event.companyId) })
      return
    case 'billing.state':
      void queryClient.invalidateQueries({ queryKey: billingQueries.all() })
      return
    case 'notification.created':
      addPushedNotification(queryClient, { ...event.data, id: event.data.notificationId, createdAt: event.at })
      if (event.data.kind === 'invite_received') void queryClient.invalidateQueries({ queryKey: teamQueries.mine().queryKey })
      return
    case 'log.line': {
      const { lineId, ...line } = event.data
      appendPushedLogLine(queryClient, event.companyId, { ...line, id: lineId, at: event.at })
      return
    }
    case 'workload.status': {
      const { workloadId, runner, ...w } = event.data
      applyWorkloadEvent(queryClient, event.companyId, { ...w, id: workloadId, runner: runner ?? null })
      return
    }
    case 'runner.status':
      void queryClient.invalidateQueries({ queryKey: workloadQueries.runners(event.companyId).queryKey })
      return
    case 'notification.read':
      markNotificationReadInCache(queryClient, event.data.notificationId, event.at)
      return
    case 'admin_notification.changed':
      // Admins only (the stream's admins scope): a new, repeated or resolved notice reorders the queue.
      void queryClient.invalidateQueries({ queryKey: adminNotificationKeys.all() })
      return
    case 'store.snapshot':
      // A newer snapshot of one of this exocorp's stores (decision 060): the Store tab and, for an
      // admin, /admin/commerce refetch (revenue per day and stale come from the server).
      void queryClient.invalidateQueries({ queryKey: commerceKeys.all(event.companyId) })
      void queryClient.invalidateQueries({ queryKey: adminCommerceKeys.all() })
      return
  }
}

/**
 * Records the stream's new status. Crossing between live and not, every query on screen refetches
 * once: TanStack Query re-evaluates a `refetchInterval` only when its query updates, so this is what
 * turns each view's polling off while live and back on (ETag polling) once the stream drops —
 * whichever feature's query it is (companies, workloads, logs, notifications, the stores, …).
 */
export function applyLiveStatus(queryClient: QueryClient, status: LiveStatus) {
  const was = useLiveStatusStore.getState().status
  useLiveStatusStore.getState().set(status)
  if ((was === 'live') !== (status === 'live') && was !== 'off' && was !== 'connecting') {
    void queryClient.invalidateQueries({ refetchType: 'active' })
  }
}

let shared: { connection: LiveConnection; users: number } | null = null

/** Opens this tab's stream while a signed-in screen is mounted; one connection however many use it. */
export function useLiveSync(queryClient: QueryClient, enabled: boolean) {
  useEffect(() => {
    if (!enabled || typeof WebSocket === 'undefined') return
    if (!shared) {
      const connection = createLiveConnection({
        onEvent: (event) => applyLiveEvent(queryClient, event),
        onResync: () => void queryClient.invalidateQueries(),
        onStatus: (status) => applyLiveStatus(queryClient, status),
      })
      shared = { connection, users: 0 }
      connection.start()
    }
    const mine = shared
    mine.users += 1
    const unsubscribe = onlineManager.subscribe((online) => {
      if (online) mine.connection.reconnectNow()
    })
    return () => {
      unsubscribe()
      mine.users -= 1
      if (mine.users === 0) {
        mine.connection.stop()
        if (shared === mine) shared = null
      }
    }
  }, [queryClient, enabled])
}

/**
 * Where the stream runs: against the BFF, and in the mocked app (msw's WebSocket handler, decision
 * 039). Web tests drive events by hand unless one opts in to the mock's stream.
 */
export const liveSettings = { inTests: false }
export function liveEnabled() {
  return import.meta.env.MODE !== 'test' || liveSettings.inTests
}
