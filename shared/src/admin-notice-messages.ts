import { z } from 'zod/mini'

/*
 * The words of the notices the platform raises itself (decision 063): each message key with the
 * facts its sentence is built from, and the codes of connector-delivery causes. A module of its own,
 * apart from the notifications contract, so the event stream's first route (which names the
 * notification kinds and states) does not carry these schemas.
 */

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
