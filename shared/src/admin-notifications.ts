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
 * The facts as the contract carries them: any JSON object. Lenient on purpose — a newer server may
 * send a key this client does not know, or facts of another type, and that must not fail the whole
 * list; the reader checks them against the key's schema (`parseNoticeMessage`) and otherwise shows
 * the English.
 */
export const AdminNoticeParamsSchema = z.record(z.string(), z.unknown())
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
  /**
   * The facts the keyed sentence is built from (names, counts, amounts), or null without a key: the
   * key's schema in `ADMIN_NOTICE_PARAMS` says which; any object passes here (see `AdminNoticeParamsSchema`).
   */
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
