import { queryOptions, type QueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { NotificationListSchema, type NotificationList, type NotificationKind } from '@exocorp/shared/notifications'
import { api } from '@/lib/api-client'
import { unlessLive } from '@/lib/live-status'

export const notificationQueries = {
  all: () => ['notifications'] as const,
  /** The bell's list; pushed over the event stream, polled gently only while the stream is down. */
  list: () =>
    queryOptions({
      queryKey: [...notificationQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => api.get(API.account.notifications, NotificationListSchema, { signal }),
      refetchInterval: () => unlessLive(60_000),
      refetchIntervalInBackground: false,
    }),
}

/** A pushed `notification.created`: prepended in place (the list is newest first). */
export function addPushedNotification(
  queryClient: QueryClient,
  n: { id: string; kind: NotificationKind; companyId: string | null; title: string; createdAt: string },
) {
  queryClient.setQueryData<NotificationList>(notificationQueries.list().queryKey, (old) => {
    if (!old || old.items.some((x) => x.id === n.id)) return old
    return { items: [{ ...n, readAt: null }, ...old.items].slice(0, 50), unreadCount: old.unreadCount + 1 }
  })
}

/** A notification was read (here or in another tab): mark it in place, once. */
export function markNotificationReadInCache(queryClient: QueryClient, id: string, at: string) {
  queryClient.setQueryData<NotificationList>(notificationQueries.list().queryKey, (old) => {
    const target = old?.items.find((x) => x.id === id)
    if (!old || !target || target.readAt !== null) return old
    return {
      items: old.items.map((x) => (x.id === id ? { ...x, readAt: at } : x)),
      unreadCount: Math.max(0, old.unreadCount - 1),
    }
  })
}
