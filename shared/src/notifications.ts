import { z } from 'zod/mini'

// Notifications for owners (issue 15 item 7, decision 037): stored per user, listed newest first,
// pushed over the event stream (`notification.created` / `notification.read`), marked read one by
// one or all at once.

export const NotificationKindSchema = z.enum([
  'job_failed',
  'unreachable',
  'billing_state',
  'invite_received',
  'budget',
  'credential_revoked',
  'broadcast',
  'custom_domain',
  'webhook_disabled',
])
export type NotificationKind = z.infer<typeof NotificationKindSchema>

export const NotificationSchema = z.object({
  id: z.string(),
  kind: NotificationKindSchema,
  /** The exocorp it is about (job failed, unreachable, invite); null for billing. */
  companyId: z.nullable(z.string()),
  title: z.string(),
  createdAt: z.string(),
  readAt: z.nullable(z.string()),
})
export type Notification = z.infer<typeof NotificationSchema>

export const NotificationListSchema = z.object({
  /** The newest 50. */
  items: z.array(NotificationSchema),
  unreadCount: z.int().check(z.nonnegative()),
})
export type NotificationList = z.infer<typeof NotificationListSchema>

export const NotificationPathSchema = z.object({
  notificationId: z.string().check(z.regex(/^[1-9][0-9]{0,15}$/, 'A notification id')),
})

export const MarkedReadSchema = z.object({ marked: z.int().check(z.nonnegative()), unreadCount: z.int().check(z.nonnegative()) })
export type MarkedRead = z.infer<typeof MarkedReadSchema>
