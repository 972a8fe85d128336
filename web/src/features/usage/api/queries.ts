import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { API, searchOf } from '@exocorp/shared/api-paths'
import { UsageAnalyticsSchema, type UsageAnalyticsQuery } from '@exocorp/shared/usage'
import { api } from '@/lib/api-client'

export const usageQueries = {
  all: () => ['usage'] as const,
  /** Usage analytics for a range (decision 040); the previous answer stays on screen while the next loads. */
  analytics: (query: UsageAnalyticsQuery) =>
    queryOptions({
      queryKey: [...usageQueries.all(), 'analytics', query] as const,
      queryFn: ({ signal }) => api.get(API.usage.analytics, UsageAnalyticsSchema, { signal, query }),
      placeholderData: keepPreviousData,
    }),
}

/** The CSV export of the same query: a plain download link (the session cookie goes with it). */
export function usageCsvHref(query: UsageAnalyticsQuery): string {
  return `${API.usage.analyticsCsv.path}${searchOf(query)}`
}
