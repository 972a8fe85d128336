import { queryOptions } from '@tanstack/react-query'
import { DeviceSessionListSchema } from '@exocorp/shared/account'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'

export const accountQueries = {
  all: () => ['account'] as const,
  sessions: () =>
    queryOptions({
      queryKey: [...accountQueries.all(), 'sessions'] as const,
      queryFn: ({ signal }) => api.get(API.account.sessions, DeviceSessionListSchema, { signal }),
    }),
}
