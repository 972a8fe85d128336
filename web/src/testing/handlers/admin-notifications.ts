import { http, HttpResponse } from 'msw'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  ADMIN_NOTIFICATION_TRANSITIONS,
  AdminNotificationQuerySchema,
  BulkAdminNotificationInputSchema,
  UpdateAdminNotificationInputSchema,
  type AdminNotification,
  type AdminNotificationPage,
  type AdminNotificationState,
} from '@exocorp/shared/admin-notifications'
import { addAudit, currentUser, db } from '../mock-db'
import { adminGuard, apiError } from '../http'

/*
 * The admins' notifications queue of the mocked backend (decision 041): queries and bodies are
 * parsed with the shared contract's schemas, and the moves come from ADMIN_NOTIFICATION_TRANSITIONS,
 * as the BFF does. Newest activity first, resolved ones only when asked for.
 */

async function jsonOf(request: Request): Promise<unknown> {
  const text = await request.text()
  return text ? JSON.parse(text) : {}
}

const invalid = () => apiError(400, 'validation_failed', 'Some fields are invalid')

function move(n: AdminNotification, to: AdminNotificationState): string | null {
  if (n.state === to) return null
  if (!ADMIN_NOTIFICATION_TRANSITIONS[n.state].includes(to)) return `A ${n.state} notification cannot become ${to}`
  n.state = to
  n.stateChangedAt = new Date().toISOString()
  n.stateChangedBy = currentUser()?.email ?? null
  return null
}

export const adminNotificationHandlers = [
  http.get(ADMIN_API.adminNotifications.path, ({ request }) => {
    const denied = adminGuard(false)
    if (denied) return denied
    const parsed = AdminNotificationQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return invalid()
    const q = parsed.data
    const all = db.ops.adminNotifications
      .filter((n) => (q.state ? n.state === q.state : n.state !== 'resolved'))
      .filter((n) => (!q.kind || n.kind === q.kind) && (!q.severity || n.severity === q.severity))
      .filter((n) => !q.companyId || n.companyId === q.companyId)
      .sort((a, b) => b.lastAt.localeCompare(a.lastAt) || Number(b.id) - Number(a.id))
    const start = q.cursor ? Number(q.cursor) : 0
    const items = all.slice(start, start + q.limit)
    const body: AdminNotificationPage = {
      items,
      nextCursor: start + q.limit < all.length ? String(start + q.limit) : null,
      counts: {
        new: db.ops.adminNotifications.filter((n) => n.state === 'new').length,
        acknowledged: db.ops.adminNotifications.filter((n) => n.state === 'acknowledged').length,
      },
    }
    return HttpResponse.json(body)
  }),
  http.post(ADMIN_API.bulkNotifications.path, async ({ request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = BulkAdminNotificationInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalid()
    const updated: string[] = []
    const refused: { id: string; reason: string }[] = []
    for (const id of new Set(parsed.data.ids)) {
      const n = db.ops.adminNotifications.find((x) => x.id === id)
      if (!n) refused.push({ id, reason: 'No such notification' })
      else {
        const was = n.state
        const problem = move(n, parsed.data.state)
        if (problem) refused.push({ id, reason: problem })
        else if (was !== n.state) updated.push(id)
      }
    }
    addAudit({
      actor: { type: 'user', id: null, label: currentUser()?.email ?? 'mock' },
      action: 'admin_notification.bulk_updated',
      target: { type: 'admin_notification', id: null },
      outcome: 'succeeded',
      summary: `Marked ${updated.length} notification(s) ${parsed.data.state}`,
    })
    return HttpResponse.json({ updated, refused })
  }),
  http.patch(ADMIN_API.updateNotification.path, async ({ params, request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = UpdateAdminNotificationInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalid()
    const n = db.ops.adminNotifications.find((x) => x.id === params.id)
    if (!n) return apiError(404, 'not_found', 'Notification not found')
    const problem = move(n, parsed.data.state)
    if (problem) return apiError(409, 'conflict', problem, { reason: 'invalid_transition' })
    addAudit({
      actor: { type: 'user', id: null, label: currentUser()?.email ?? 'mock' },
      action: 'admin_notification.updated',
      target: { type: 'admin_notification', id: n.id },
      outcome: 'succeeded',
      summary: `Marked “${n.title}” ${n.state}`,
    })
    return HttpResponse.json(n)
  }),
]
