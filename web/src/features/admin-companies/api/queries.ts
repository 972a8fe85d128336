import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import {
  AdminCompanyDetailSchema,
  AdminCompanyPageSchema,
  AdminRuntimeSchema,
  RuntimeStatsSchema,
  TRANSITIONAL_STATUSES,
  type AdminCompanyQuery,
} from '@exocorp/shared/companies'
import { api } from '@/lib/api-client'

/** The list query as the URL holds it: every field optional, defaults applied by the server. */
export type AdminCompanyFilters = Partial<AdminCompanyQuery>

export function toSearch(filters: object): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

const POLL_MS = 2_000

export const adminCompanyQueries = {
  all: () => ['admin', 'companies'] as const,
  lists: () => [...adminCompanyQueries.all(), 'list'] as const,
  list: (filters: AdminCompanyFilters) =>
    queryOptions({
      queryKey: [...adminCompanyQueries.lists(), filters] as const,
      queryFn: ({ signal }) => api.get(`/api/admin/companies${toSearch(filters)}`, AdminCompanyPageSchema, { signal }),
      // Keep the old rows on screen while the next sort/page loads, so the table does not jump.
      placeholderData: keepPreviousData,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...adminCompanyQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) =>
        api.get(`/api/admin/companies/${encodeURIComponent(id)}/details`, AdminCompanyDetailSchema, { signal }),
      // Poll only while something is moving; stop as soon as the status settles.
      refetchInterval: (query) => {
        const data = query.state.data
        return data && (TRANSITIONAL_STATUSES.includes(data.status) || data.currentJob) ? POLL_MS : false
      },
    }),
  runtime: (id: string) =>
    queryOptions({
      queryKey: [...adminCompanyQueries.all(), 'runtime', id] as const,
      queryFn: ({ signal }) => api.get(`/api/admin/companies/${encodeURIComponent(id)}/runtime`, AdminRuntimeSchema, { signal }),
      refetchInterval: 10_000,
    }),
  stats: () =>
    queryOptions({
      queryKey: ['admin', 'runtime-stats'] as const,
      queryFn: ({ signal }) => api.get('/api/admin/runtime-stats', RuntimeStatsSchema, { signal }),
      refetchInterval: 15_000,
    }),
}
