import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { AdminNotificationPageSchema, type AdminNotificationQuery } from '@exocorp/shared/admin-notifications'
import { api } from '@/lib/api-client'
import { unlessLive } from '@/lib/live-status'
import { adminNotificationKeys } from './keys'

export const adminNotificationQueries = {
  all: adminNotificationKeys.all,
  list: (query: AdminNotificationQuery) =>
    queryOptions({
      queryKey: [...adminNotificationKeys.all(), 'list', query] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.adminNotifications, AdminNotificationPageSchema, { query, signal }),
      placeholderData: keepPreviousData,
      // Pushed over the event stream while it is live; polled (with an ETag) only while it is not.
      refetchInterval: () => unlessLive(15_000),
      refetchIntervalInBackground: false,
    }),
}
