import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  FlagChangePageSchema,
  FlagOverviewSchema,
  ResolvedFlagsPageSchema,
  type FlagHistoryQuery,
  type ResolvedFlagsQuery,
} from '@exocorp/shared/rollout'
import { api } from '@/lib/api-client'

export const adminRuntimeQueries = {
  all: () => ['admin-runtime'] as const,
  flags: () =>
    queryOptions({
      queryKey: [...adminRuntimeQueries.all(), 'flags'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.flags, FlagOverviewSchema, { signal }),
    }),
  resolved: (query: ResolvedFlagsQuery) =>
    queryOptions({
      queryKey: [...adminRuntimeQueries.all(), 'resolved', query] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.resolvedFlags, ResolvedFlagsPageSchema, { query, signal }),
      placeholderData: keepPreviousData,
    }),
  history: (query: FlagHistoryQuery) =>
    queryOptions({
      queryKey: [...adminRuntimeQueries.all(), 'history', query] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.flagHistory, FlagChangePageSchema, { query, signal }),
      placeholderData: keepPreviousData,
    }),
}
