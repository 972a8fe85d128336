import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  FlagChangePageSchema,
  FlagOverviewSchema,
  ResolvedFlagsPageSchema,
  type FlagHistoryQuery,
  type ResolvedFlagsQuery,
} from '@exocorp/shared/rollout'
import { QueueJobPageSchema, RuntimeQueuesSchema, type QueueJobsQuery } from '@exocorp/shared/runtime-queues'
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
  /** The queues change on their own (jobs, health, workloads): refreshed every 10 s while shown. */
  queues: () =>
    queryOptions({
      queryKey: [...adminRuntimeQueries.all(), 'queues'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.runtimeQueues, RuntimeQueuesSchema, { signal }),
      refetchInterval: 10_000,
      refetchIntervalInBackground: false,
    }),
  queueJobs: (query: QueueJobsQuery) =>
    queryOptions({
      queryKey: [...adminRuntimeQueries.all(), 'queue-jobs', query] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.runtimeQueueJobs, QueueJobPageSchema, { query, signal }),
      placeholderData: keepPreviousData,
    }),
}
