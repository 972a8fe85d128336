import { http, HttpResponse } from 'msw'
import { API } from '@exocorp/shared/api-paths'
import { NotificationPathSchema, type MarkedRead, type NotificationList } from '@exocorp/shared/notifications'
import { db } from '../mock-db'
import { apiError, requireUser } from '../http'

// Notifications (decision 037), typed by the shared contract: yours only, newest first.

function listOf(userId: string): NotificationList {
  const mine = db.notifications.filter((n) => n.userId === userId)
  return {
    items: mine
      .slice()
      .reverse()
      .slice(0, 50)
      .map(({ userId: _u, ...n }) => n),
    unreadCount: mine.filter((n) => n.readAt === null).length,
  }
}

export const notificationHandlers = [
  http.get(API.account.notifications.path, () => {
    const { user, denied } = requireUser()
    if (!user) return denied
    return HttpResponse.json(listOf(user.id))
  }),
  http.post(API.account.markAllNotificationsRead.path, () => {
    const { user, denied } = requireUser()
    if (!user) return denied
    const now = new Date().toISOString()
    let marked = 0
    for (const n of db.notifications) {
      if (n.userId === user.id && n.readAt === null) {
        n.readAt = now
        marked += 1
      }
    }
    const body: MarkedRead = { marked, unreadCount: 0 }
    return HttpResponse.json(body)
  }),
  http.post(API.account.markNotificationRead.path, ({ params }) => {
    const { user, denied } = requireUser()
    if (!user) return denied
    const parsed = NotificationPathSchema.safeParse(params)
    if (!parsed.success)
      return apiError(400, 'validation_failed', 'Some fields are invalid', { fields: { notificationId: ['A notification id'] } })
    const n = db.notifications.find((x) => x.id === parsed.data.notificationId && x.userId === user.id)
    if (!n) return apiError(404, 'not_found', 'Notification not found')
    const marked = n.readAt === null ? 1 : 0
    n.readAt ??= new Date().toISOString()
    const body: MarkedRead = { marked, unreadCount: listOf(user.id).unreadCount }
    return HttpResponse.json(body)
  }),
]
