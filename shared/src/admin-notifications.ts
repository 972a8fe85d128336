import { z } from 'zod/mini'
import { PageLimitSchema, pageOf } from './pagination'

/*
 * Platform notifications for admins (issue 17 item 3, seeds 002/003: the notifications mode of
 * /admin/feedback). Real sources only: the database raises lifecycle failures, unreachable
 * runtimes and budget crossings itself; runtimes report schedule runs and the messages their
 * agents send (`POST /api/runtime/notices`); enterprise inquiries and custom-domain changes are
 * added by the site and domain services; deployment targets' health transitions by the probe
 * (decision 060). Repeats of an unresolved notice are counted on it
 * (dedup), each change is pushed to admins over the event stream (`admin_notification.changed`).
 */

export const AdminNotificationKindSchema = z.enum([
  'job_failed',
  'unreachable',
  'usage_threshold',
  'schedule_completed',
  'schedule_failed',
  'message',
  'enterprise_inquiry',
  'custom_domain',
  'connector_event',
  'deployment_target',
])
export type AdminNotificationKind = z.infer<typeof AdminNotificationKindSchema>

export const AdminNotificationSeveritySchema = z.enum(['info', 'warning', 'critical'])
export type AdminNotificationSeverity = z.infer<typeof AdminNotificationSeveritySchema>

/** Queue states: new → acknowledged → resolved (new → resolved directly too). */
export const AdminNotificationStateSchema = z.enum(['new', 'acknowledged', 'resolved'])
export type AdminNotificationState = z.infer<typeof AdminNotificationStateSchema>

/** Which moves an admin may make (the BFF answers 409 `invalid_transition` for any other). */
export const ADMIN_NOTIFICATION_TRANSITIONS: Record<AdminNotificationState, readonly AdminNotificationState[]> = {
  new: ['acknowledged', 'resolved'],
  acknowledged: ['resolved'],
  // A resolved notice is history: the next repeat opens a new one.
  resolved: [],
}

/**
 * The message keys of the notices the platform raises itself (decision 063): the database's
 * triggers (job failed, runtime unreachable, budget crossed) and the BFF's services (usage spikes,
 * deployment targets, custom domains, connector deliveries, inquiries, the titles of what runtimes
 * report). A notice stores its English `title`/`detail` and, beside them, one of these keys with the
 * facts the sentence is built from (`messageParams`); the admin console words it in the reader's
 * language (`adminNotices.<key>.title`, and `.detail` where the detail is the platform's own
 * sentence) and falls back to the stored English for a key it does not know or a notice with none.
 * Variants (`_fleet`, `_agent`, …) are separate keys rather than English fragments in the params.
 */
export const ADMIN_NOTICE_KEYS = [
  'job_failed',
  'runtime_unreachable',
  'budget_threshold',
  'budget_threshold_fleet',
  'budget_limit',
  'budget_limit_fleet',
  'usage_spike',
  'target_unhealthy',
  'target_recovered',
  'domain_stopped',
  'connector_gave_up',
  'connector_gave_up_unowned',
  'schedule_completed',
  'schedule_completed_agent',
  'schedule_failed',
  'schedule_failed_agent',
  'message_sent',
  'message_sent_agent',
  'enterprise_inquiry',
] as const
export type AdminNoticeKey = (typeof ADMIN_NOTICE_KEYS)[number]

/** The facts a keyed notice's sentence is built from: names, counts, amounts. */
export const AdminNoticeParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]))
export type AdminNoticeParams = z.infer<typeof AdminNoticeParamsSchema>

export const AdminNotificationSchema = z.object({
  id: z.string(),
  kind: AdminNotificationKindSchema,
  severity: AdminNotificationSeveritySchema,
  state: AdminNotificationStateSchema,
  companyId: z.nullable(z.string()),
  /** The exocorp's slug while it exists (links to its admin page). */
  companySlug: z.nullable(z.string()),
  title: z.string(),
  detail: z.nullable(z.string()),
  /** A console path the notice points at (a deployment target's page, decision 060), or null. */
  link: z.nullable(z.string()),
  /**
   * The notice's message key (`ADMIN_NOTICE_KEYS`, decision 063) when the platform raised it, so a
   * client can word it in its own language; null for older notices. `title`/`detail` stay the
   * English, for clients that do not know the key. A string, not an enum: a newer server may send
   * a key this client does not know yet, and that client shows the title.
   */
  messageKey: z.nullable(z.string()),
  /** The facts the keyed sentence is built from (names, counts, amounts), or null without a key. */
  messageParams: z.nullable(AdminNoticeParamsSchema),
  /** How many times it happened while unresolved (repeats are counted, not listed again). */
  occurrences: z.int().check(z.positive()),
  firstAt: z.string(),
  lastAt: z.string(),
  stateChangedAt: z.nullable(z.string()),
  /** The admin's e-mail, or `system` when it resolved itself (reachable again, a later job succeeded). */
  stateChangedBy: z.nullable(z.string()),
})
export type AdminNotification = z.infer<typeof AdminNotificationSchema>

export const AdminNotificationPageSchema = z.object({
  ...pageOf(AdminNotificationSchema).shape,
  /** Unresolved notices per state, whatever the filters: the mode's badges. */
  counts: z.object({ new: z.int(), acknowledged: z.int() }),
})
export type AdminNotificationPage = z.infer<typeof AdminNotificationPageSchema>

/** `GET /api/admin/notifications`: newest activity first; without `state`, resolved ones are left out. */
export const AdminNotificationQuerySchema = z.strictObject({
  state: z.optional(AdminNotificationStateSchema),
  kind: z.optional(AdminNotificationKindSchema),
  severity: z.optional(AdminNotificationSeveritySchema),
  companyId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  cursor: z.optional(z.string().check(z.maxLength(300))),
  limit: PageLimitSchema,
})
export type AdminNotificationQuery = z.infer<typeof AdminNotificationQuerySchema>

export const AdminNotificationPathSchema = z.object({
  id: z.string().check(z.regex(/^[1-9][0-9]{0,15}$/, 'A notification id')),
})

export const UpdateAdminNotificationInputSchema = z.strictObject({
  state: z.enum(['acknowledged', 'resolved']),
})
export type UpdateAdminNotificationInput = z.infer<typeof UpdateAdminNotificationInputSchema>

export const BulkAdminNotificationInputSchema = z.strictObject({
  ids: z.array(z.string().check(z.regex(/^[1-9][0-9]{0,15}$/, 'A notification id'))).check(z.minLength(1), z.maxLength(200)),
  state: z.enum(['acknowledged', 'resolved']),
})
export type BulkAdminNotificationInput = z.infer<typeof BulkAdminNotificationInputSchema>

export const BulkAdminNotificationResultSchema = z.object({
  updated: z.array(z.string()),
  refused: z.array(z.object({ id: z.string(), reason: z.string() })),
})
export type BulkAdminNotificationResult = z.infer<typeof BulkAdminNotificationResultSchema>

/**
 * `POST /api/runtime/notices` (runtime token): what a runtime saw that admins should know — a
 * schedule of an agent ran (completed or failed), or an agent sent a message.
 */
export const RuntimeNoticeInputSchema = z.strictObject({
  kind: z.enum(['schedule_completed', 'schedule_failed', 'message']),
  /** The schedule's name, or the message's channel/recipient. Repeats with the same name are counted together. */
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  agent: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  detail: z.optional(z.string().check(z.maxLength(500))),
})
export type RuntimeNoticeInput = z.infer<typeof RuntimeNoticeInputSchema>

export const RuntimeNoticeReceiptSchema = z.object({ notificationId: z.string(), occurrences: z.int() })

/**
 * Usage spikes (issue 17 item 3, decision 051): evaluated each time a runtime reports usage. An
 * exocorp spikes when its cost over the last hour is at least `floorMicros` and more than `factor`
 * times its hourly average over the `trailingHours` before that hour (a new exocorp's average is 0,
 * so only the floor applies). A spike is a `usage_threshold` notice (a threshold it computed rather
 * than one an owner set), deduplicated per exocorp while unresolved; while the spike goes on its
 * open notice counts one more occurrence at most once an hour.
 */
export const USAGE_SPIKE_RULE = { factor: 3, floorMicros: 1_000_000, trailingHours: 24 } as const

export function isUsageSpike(
  lastHourMicros: number,
  trailingMicros: number,
  rule: { factor: number; floorMicros: number; trailingHours: number } = USAGE_SPIKE_RULE,
): boolean {
  return lastHourMicros >= rule.floorMicros && lastHourMicros > rule.factor * (trailingMicros / rule.trailingHours)
}
