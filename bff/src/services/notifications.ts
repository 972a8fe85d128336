import { and, count, desc, eq, isNull } from 'drizzle-orm'
import type { MarkedRead, Notification, NotificationList } from '@exocorp/shared/notifications'
import type { Deps } from '../deps'
import { notifications } from '../db/schema/notifications'
import { AppError } from '../lib/errors'

// Notifications for owners (decision 037). The database creates them (triggers, migration 0014);
// this service only reads them and marks them read. Marking read fires `notification.read` events
// (trigger), so the user's other tabs clear the same badge.

const LIST_LIMIT = 50

type Row = typeof notifications.$inferSelect

function toNotification(row: Row): Notification {
  return {
    id: String(row.id),
    kind: row.kind,
    companyId: row.companyId,
    title: row.title,
    createdAt: row.createdAt,
    readAt: row.readAt,
  }
}

async function unreadCountOf(deps: Pick<Deps, 'db'>, userId: string): Promise<number> {
  const [row] = await deps.db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
  return Number(row?.n ?? 0)
}

export async function listNotifications(deps: Pick<Deps, 'db'>, userId: string): Promise<NotificationList> {
  const rows = await deps.db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.id))
    .limit(LIST_LIMIT)
  return { items: rows.map(toNotification), unreadCount: await unreadCountOf(deps, userId) }
}

/** Marks one of the user's notifications read; someone else's id is a 404 like an unknown one. */
export async function markNotificationRead(deps: Pick<Deps, 'db' | 'clock'>, userId: string, id: number): Promise<MarkedRead> {
  const now = deps.clock.now().toISOString()
  const marked = await deps.db.write(async (tx) => {
    const [row] = await tx
      .select({ readAt: notifications.readAt })
      .from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    if (!row) throw AppError.notFound('Notification')
    if (row.readAt !== null) return 0
    await tx
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.id, id), isNull(notifications.readAt)))
    return 1
  })
  return { marked, unreadCount: await unreadCountOf(deps, userId) }
}

export async function markAllNotificationsRead(deps: Pick<Deps, 'db' | 'clock'>, userId: string): Promise<MarkedRead> {
  const now = deps.clock.now().toISOString()
  const marked = await deps.db.write(async (tx) => {
    const rows = await tx
      .update(notifications)
      .set({ readAt: now })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .returning({ id: notifications.id })
    return rows.length
  })
  return { marked, unreadCount: 0 }
}
