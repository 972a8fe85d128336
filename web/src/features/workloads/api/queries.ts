import { queryOptions, type QueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { RunnerListSchema, WorkloadListSchema, type WorkloadList, type WorkloadStatus } from '@exocorp/shared/workloads'
import { api } from '@/lib/api-client'
import { unlessLive } from '@/lib/live-status'

export interface WorkloadFilters {
  status?: WorkloadStatus
}

export const workloadQueries = {
  all: (companyId: string) => ['workloads', companyId] as const,
  list: (companyId: string, filters: WorkloadFilters = {}) =>
    queryOptions({
      queryKey: [...workloadQueries.all(companyId), 'list', filters] as const,
      queryFn: ({ signal }) =>
        api.get(API.registry.workloads, WorkloadListSchema, { params: { id: companyId }, query: filters, signal }),
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

/**
 * A pushed `workload.status`: the unfiltered list updates the row in place (or prepends a new one,
 * newest first); a status-filtered list refetches, since the row may now belong elsewhere.
 */
export function applyWorkloadEvent(queryClient: QueryClient, companyId: string, w: WorkloadList['items'][number]) {
  for (const [key, page] of queryClient.getQueriesData<WorkloadList>({ queryKey: [...workloadQueries.all(companyId), 'list'] })) {
    const filters = (key[3] ?? {}) as WorkloadFilters
    if (filters.status !== undefined) {
      void queryClient.invalidateQueries({ queryKey: key, exact: true })
      continue
    }
    if (!page) continue
    const known = page.items.some((x) => x.id === w.id)
    queryClient.setQueryData<WorkloadList>(key, {
      items: known ? page.items.map((x) => (x.id === w.id ? w : x)) : [w, ...page.items],
    })
  }
}
