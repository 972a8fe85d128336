import { useMutation, useQueryClient } from '@tanstack/react-query'
import { API } from '@exocorp/shared/api-paths'
import { MarkedReadSchema, type NotificationList } from '@exocorp/shared/notifications'
import { api } from '@/lib/api-client'
import { markNotificationReadInCache, notificationQueries } from './queries'

/** Marks one notification read; the badge drops at once when the server agrees. */
export function useMarkNotificationRead() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (notificationId: string) =>
      api.post(API.account.markNotificationRead, MarkedReadSchema, { params: { notificationId } }),
    onSuccess: (_r, notificationId) => markNotificationReadInCache(queryClient, notificationId, new Date().toISOString()),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationQueries.all() }),
  })
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api.post(API.account.markAllNotificationsRead, MarkedReadSchema),
    onSuccess: () => {
      const at = new Date().toISOString()
      queryClient.setQueryData<NotificationList>(notificationQueries.list().queryKey, (old) =>
        old ? { items: old.items.map((n) => (n.readAt ? n : { ...n, readAt: at })), unreadCount: 0 } : old,
      )
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationQueries.all() }),
  })
}
