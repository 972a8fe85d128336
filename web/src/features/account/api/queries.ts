import { queryOptions } from '@tanstack/react-query'
import { DeviceSessionListSchema, PendingRecoveryKitSchema } from '@exocorp/shared/account'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'

export const accountQueries = {
  all: () => ['account'] as const,
  sessions: () =>
    queryOptions({
      queryKey: [...accountQueries.all(), 'sessions'] as const,
      queryFn: ({ signal }) => api.get(API.account.sessions, DeviceSessionListSchema, { signal }),
    }),
  /** The recovery kit this session was shown and has not confirmed saving (survives a reload). */
  pendingRecoveryKit: () =>
    queryOptions({
      queryKey: [...accountQueries.all(), 'pending-recovery-kit'] as const,
      queryFn: ({ signal }) => api.get(API.account.pendingRecoveryKit, PendingRecoveryKitSchema, { signal }),
      staleTime: Infinity,
    }),
}
