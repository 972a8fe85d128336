import { infiniteQueryOptions, queryOptions, type InfiniteData, type QueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import {
  QueuedWorkloadListSchema,
  RunnerListSchema,
  WorkloadListSchema,
  type Workload,
  type WorkloadList,
  type WorkloadStatus,
} from '@exocorp/shared/workloads'
import { api } from '@/lib/api-client'
import { unlessLive } from '@/lib/live-status'

export interface WorkloadFilters {
  status?: WorkloadStatus
}

/** Rows per page of the Workloads table; "Load more" follows the server's cursor. */
export const WORKLOAD_PAGE = 25

export const workloadQueries = {
  all: (companyId: string) => ['workloads', companyId] as const,
  /** Newest first, cursor-paged; pushed events update loaded rows in place (applyWorkloadEvent). */
  list: (companyId: string, filters: WorkloadFilters = {}) =>
    infiniteQueryOptions({
      queryKey: [...workloadQueries.all(companyId), 'list', filters] as const,
      queryFn: ({ signal, pageParam }) =>
        api.get(API.registry.workloads, WorkloadListSchema, {
          params: { id: companyId },
          query: { ...filters, limit: WORKLOAD_PAGE, ...(pageParam ? { cursor: pageParam } : {}) },
          signal,
        }),
      initialPageParam: '',
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      refetchInterval: () => unlessLive(10_000),
      refetchIntervalInBackground: false,
    }),
  /** Workloads waiting for a runner (decision 053); a pushed workload.status means one may have been claimed. */
  queue: (companyId: string) =>
    queryOptions({
      queryKey: ['workload-queue', companyId] as const,
      queryFn: ({ signal }) =>
        api.get(API.registry.workloadQueue, QueuedWorkloadListSchema, { params: { id: companyId }, signal }),
      refetchInterval: () => unlessLive(10_000),
      refetchIntervalInBackground: false,
    }),
  runners: (companyId: string) =>
    queryOptions({
      queryKey: ['runners', companyId] as const,
      queryFn: ({ signal }) => api.get(API.registry.runners, RunnerListSchema, { params: { id: companyId }, signal }),
      refetchInterval: () => unlessLive(10_000),
      refetchIntervalInBackground: false,
    }),
}

type WorkloadPages = InfiniteData<WorkloadList, string>

/**
 * A pushed `workload.status`: the unfiltered list updates a loaded row in place, or puts a new one
 * on top of the first page (newest first); a status-filtered list refetches, since the row may now
 * belong elsewhere.
 */
export function applyWorkloadEvent(queryClient: QueryClient, companyId: string, w: Workload) {
  // A queued workload a runner claimed arrives as `starting`: it leaves the queue.
  if (queryClient.getQueryData(workloadQueries.queue(companyId).queryKey)?.items.some((q) => q.id === w.id))
    void queryClient.invalidateQueries({ queryKey: workloadQueries.queue(companyId).queryKey, exact: true })
  for (const [key, data] of queryClient.getQueriesData<WorkloadPages>({
    queryKey: [...workloadQueries.all(companyId), 'list'],
  })) {
    const filters = (key[3] ?? {}) as WorkloadFilters
    if (filters.status !== undefined) {
      void queryClient.invalidateQueries({ queryKey: key, exact: true })
      continue
    }
    if (!data) continue
    const known = data.pages.some((p) => p.items.some((x) => x.id === w.id))
    queryClient.setQueryData<WorkloadPages>(key, {
      ...data,
      pages: data.pages.map((p, i) => ({
        ...p,
        items: known ? p.items.map((x) => (x.id === w.id ? w : x)) : i === 0 ? [w, ...p.items] : p.items,
      })),
    })
  }
}
