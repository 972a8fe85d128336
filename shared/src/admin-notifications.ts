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
 * The message keys of the notices the platform raises itself (decision 063), each with the facts its
 * sentence is built from: the database's triggers (job failed, runtime unreachable, budget crossed)
 * and the BFF's services (usage spikes, deployment targets, custom domains, connector deliveries,
 * inquiries, the titles of what runtimes report). A notice stores its English `title`/`detail` and,
 * beside them, one of these keys with its facts (`messageParams`); the admin console words it in the
 * reader's language (`adminNotices.title.<key>`, and `adminNotices.detail.<key>` where the detail is
 * the platform's own sentence) and falls back to the stored English for a key it does not know, a
 * notice with none, or params that are not that key's.
 *
 * One schema per key, with exactly the placeholders its messages use (the web's catalog test holds
 * both languages to them): a raiser cannot leave one out, so a page never shows a raw `{{exocorp}}`.
 * Variants (`_fleet`, `_agent`, `_no_reason`, `_seats`, …) are keys of their own, never English
 * fragments in the params: a fact the platform does not have (no reason recorded) is a variant, not
 * a default sentence passed as a fact.
 */
const name = z.string()
const amount = z.number()
const count = z.number()
const budget = { period: z.string(), spent: amount, limit: amount, pct: z.number() }
const delivery = { connector: name, attempts: count, event: z.string(), receivedAt: z.string() }

/**
 * Why the platform stopped on a connector delivery, as a code per reason it words itself (decision
 * 063, amended 2026-11-30 twice), with the facts that reason states besides the delivery's own: the
 * runtime's HTTP status, or a handler's refusal sentence passed on as it stands. Each language words
 * a cause as `adminNotices.cause.<code>`; the stored English reason stays the same sentence.
 */
export const CONNECTOR_CAUSE_FACTS = {
  // Refused outright (a 4xx): never retried.
  not_kept: [],
  no_event_id: [],
  exocorp_gone: [],
  no_such_exocorp: [],
  no_handler: [],
  // Retried while the exocorp or its runtime could not take it (5xx), until attempts or window ran out.
  exocorp_paused: [],
  exocorp_not_running: [],
  runtime_timeout: [],
  runtime_unreachable: [],
  handler_failed: [],
  // Either, by the status: the runtime's answer (4xx refused, 5xx retried); a handler's own refusal.
  runtime_answered: ['status'],
  handler_refused: ['message'],
} as const satisfies Record<string, readonly ('status' | 'message')[]>

export type ConnectorCauseCode = keyof typeof CONNECTOR_CAUSE_FACTS
export const CONNECTOR_CAUSE_CODES = Object.keys(CONNECTOR_CAUSE_FACTS) as [ConnectorCauseCode, ...ConnectorCauseCode[]]

/** A cause with its facts: what a failed connector outcome carries beside its English reason. */
export type ConnectorCause =
  | { cause: Exclude<ConnectorCauseCode, 'runtime_answered' | 'handler_refused'> }
  | { cause: 'runtime_answered'; status: number }
  | { cause: 'handler_refused'; message: string }

/**
 * A connector give-up's facts: the delivery's, the cause's code and the cause's own facts (optional
 * in the shape, required for the causes that state them, absent for the others).
 */
const connectorFailure = {
  ...delivery,
  cause: z.enum(CONNECTOR_CAUSE_CODES),
  status: z.optional(count),
  message: z.optional(z.string()),
}
const causeFactsHold = z.refine<{ cause: ConnectorCauseCode; status?: number; message?: string }>((p) => {
  const facts: readonly string[] = CONNECTOR_CAUSE_FACTS[p.cause]
  return facts.includes('status') === (p.status !== undefined) && facts.includes('message') === (p.message !== undefined)
}, "The cause's facts")

export const ADMIN_NOTICE_PARAMS = {
  job_failed: z.object({ action: z.string(), exocorp: name }),
  runtime_unreachable: z.object({ exocorp: name }),
  budget_threshold: z.object({ exocorp: name, ...budget }),
  budget_threshold_fleet: z.object({ owner: name, ...budget }),
  budget_limit: z.object({ exocorp: name, ...budget }),
  budget_limit_fleet: z.object({ owner: name, ...budget }),
  usage_spike: z.object({ exocorp: name, spent: amount, average: amount, hours: count, factor: z.number(), floor: amount }),
  target_unhealthy: z.object({ target: name, reason: z.string() }),
  target_unhealthy_no_reason: z.object({ target: name }),
  target_recovered: z.object({ target: name, reason: z.string() }),
  target_recovered_no_reason: z.object({ target: name }),
  domain_stopped: z.object({ domain: name, exocorp: name }),
  // Retried until the attempts or the window ran out ("Gave up after N attempts: <cause>") …
  connector_gave_up: z.object({ ...connectorFailure, exocorp: name }).check(causeFactsHold),
  connector_gave_up_unowned: z.object(connectorFailure).check(causeFactsHold),
  // … or refused outright on a retry (a 4xx: "<cause>").
  connector_refused: z.object({ ...connectorFailure, exocorp: name }).check(causeFactsHold),
  connector_refused_unowned: z.object(connectorFailure).check(causeFactsHold),
  schedule_completed: z.object({ name, exocorp: name }),
  schedule_completed_agent: z.object({ name, agent: name, exocorp: name }),
  schedule_failed: z.object({ name, exocorp: name }),
  schedule_failed_agent: z.object({ name, agent: name, exocorp: name }),
  message_sent: z.object({ name, exocorp: name }),
  message_sent_agent: z.object({ name, agent: name, exocorp: name }),
  // The detail is the visitor's own words (stored as sent) …
  enterprise_inquiry: z.object({ company: name }),
  // … but with seats it has the platform's "· 40 seats" in it: then the catalog words the whole detail.
  enterprise_inquiry_seats: z.object({ company: name, name, email: z.string(), seats: count, message: z.string() }),
} as const

/**
 * The fact a key's messages are counted by: the catalogs have that message in plural forms
 * (`<key>_one`, `<key>_other`, i18next's) and the reader passes the fact as `count`.
 */
export const ADMIN_NOTICE_COUNTS: { readonly [K in AdminNoticeKey]?: keyof AdminNoticeParamsOf<K> & string } = {
  enterprise_inquiry_seats: 'seats',
}

export type AdminNoticeKey = keyof typeof ADMIN_NOTICE_PARAMS
export const ADMIN_NOTICE_KEYS = Object.keys(ADMIN_NOTICE_PARAMS) as AdminNoticeKey[]

export function isAdminNoticeKey(key: string): key is AdminNoticeKey {
  return Object.hasOwn(ADMIN_NOTICE_PARAMS, key)
}

/** The facts of one key's sentence. */
export type AdminNoticeParamsOf<K extends AdminNoticeKey> = z.infer<(typeof ADMIN_NOTICE_PARAMS)[K]>

/** A notice's message key with that key's facts (decision 063): what a raiser passes. */
export type NoticeMessage = { [K in AdminNoticeKey]: { key: K; params: AdminNoticeParamsOf<K> } }[AdminNoticeKey]

/**
 * A stored or received key and params as a `NoticeMessage`, or null when the key is none or unknown
 * here, or the params are not that key's (a placeholder missing, a fact of another type): then the
 * notice is shown in its stored English.
 */
export function parseNoticeMessage(key: string | null | undefined, params: unknown): NoticeMessage | null {
  if (!key || !isAdminNoticeKey(key)) return null
  const parsed = ADMIN_NOTICE_PARAMS[key].safeParse(params)
  return parsed.success ? ({ key, params: parsed.data } as NoticeMessage) : null
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
