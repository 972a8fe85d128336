import { Hono } from 'hono'
import {
  AdminNotificationPathSchema,
  AdminNotificationQuerySchema,
  BulkAdminNotificationInputSchema,
  UpdateAdminNotificationInputSchema,
} from '@exocorp/shared/admin-notifications'
import { attempt } from '../http/attempt'
import { type AppEnv } from '../http/context'
import { polledJson } from '../http/etag'
import { guard, principalOf } from '../http/guards'
import { polled } from '../http/respond'
import { validate } from '../http/validate'
import { bulkUpdateAdminNotifications, listAdminNotifications, updateAdminNotification } from '../services/admin-notifications'

/**
 * Mounted at /api/admin/notifications: the platform notifications queue (decision 041). Admins
 * read (polled, keyed on the data version; pushed live over the event stream); platform owners
 * acknowledge and resolve, with the step-up every admin mutation asks for, each attempt audited.
 */
export const adminNotificationRoutes = new Hono<AppEnv>()
  .get('/', polled(guard.admin), validate('query', AdminNotificationQuerySchema), async (c) =>
    polledJson(c, () => listAdminNotifications(c.get('deps'), c.req.valid('query'))),
  )
  .post(
    '/bulk',
    guard.platformOwner,
    validate('json', BulkAdminNotificationInputSchema, () => ({
      action: 'admin_notification.bulk_updated',
      target: { type: 'admin_notification', id: null },
      failSummary: 'Bulk notification change refused',
    })),
    async (c) => {
      const p = principalOf(c)
      const { ids, state } = c.req.valid('json')
      const result = await attempt(
        c,
        {
          action: 'admin_notification.bulk_updated',
          target: { type: 'admin_notification', id: null },
          failSummary: `${p.user.email}: bulk notification change refused`,
        },
        () => bulkUpdateAdminNotifications(c.get('deps'), ids, state, p.user.email),
        (r) => ({
          summary: `${p.user.email} marked ${r.updated.length} notification(s) ${state}${r.refused.length ? `; ${r.refused.length} refused` : ''}`,
          details: { state, updated: r.updated, refused: r.refused.length },
        }),
      )
      return c.json(result, 200)
    },
  )
  .patch(
    '/:id',
    guard.platformOwner,
    validate('param', AdminNotificationPathSchema),
    validate('json', UpdateAdminNotificationInputSchema, () => ({
      action: 'admin_notification.updated',
      target: { type: 'admin_notification', id: null },
      failSummary: 'Notification change refused',
    })),
    async (c) => {
      const p = principalOf(c)
      const { id } = c.req.valid('param')
      const { state } = c.req.valid('json')
      const { notification } = await attempt(
        c,
        {
          action: 'admin_notification.updated',
          target: { type: 'admin_notification', id },
          failSummary: `${p.user.email}: notification change refused`,
        },
        () => updateAdminNotification(c.get('deps'), Number(id), state, p.user.email),
        (r) => ({
          summary: `${p.user.email} marked “${r.notification.title}” ${state} (was ${r.before})`,
          details: { from: r.before, to: state },
        }),
      )
      return c.json(notification, 200)
    },
  )
