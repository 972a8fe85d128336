import { keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query'
import {
  AdminCompanyDetailSchema,
  AdminCompanyPageSchema,
  AdminRuntimeSchema,
  RuntimeStatsSchema,
  TRANSITIONAL_STATUSES,
  type AdminCompanyQuery,
} from '@exocorp/shared/companies'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { api } from '@/lib/api-client'

/** The list query as the URL holds it: every field optional, defaults applied by the server. */
export type AdminCompanyFilters = Partial<AdminCompanyQuery>

const POLL_MS = 2_000

export const adminCompanyQueries = {
  all: () => ['admin', 'companies'] as const,
  lists: () => [...adminCompanyQueries.all(), 'list'] as const,
  list: (filters: AdminCompanyFilters) =>
    queryOptions({
      queryKey: [...adminCompanyQueries.lists(), filters] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.companies, AdminCompanyPageSchema, { query: filters, signal }),
      // Keep the old rows on screen while the next sort/page loads, so the table does not jump.
      placeholderData: keepPreviousData,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...adminCompanyQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.companyDetails, AdminCompanyDetailSchema, { params: { id }, signal }),
      // Poll only while something is moving; stop as soon as the status settles.
      refetchInterval: (query) => {
        const data = query.state.data
        return data && (TRANSITIONAL_STATUSES.includes(data.status) || data.currentJob) ? POLL_MS : false
      },
    }),
  runtime: (id: string) =>
    queryOptions({
      queryKey: [...adminCompanyQueries.all(), 'runtime', id] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.companyRuntime, AdminRuntimeSchema, { params: { id }, signal }),
      refetchInterval: 10_000,
    }),
  stats: () =>
    queryOptions({
      queryKey: [...adminCompanyQueries.all(), 'runtime-stats'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.runtimeStats, RuntimeStatsSchema, { signal }),
      refetchInterval: 15_000,
    }),
}

/** Everything an admin action on one exocorp can change: its views, the fleet table and the fleet numbers. */
export function invalidateAdminCompany(queryClient: QueryClient, id: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: adminCompanyQueries.detail(id).queryKey }),
    queryClient.invalidateQueries({ queryKey: adminCompanyQueries.runtime(id).queryKey }),
    queryClient.invalidateQueries({ queryKey: adminCompanyQueries.lists() }),
    queryClient.invalidateQueries({ queryKey: adminCompanyQueries.stats().queryKey }),
  ])
}
