import { z } from 'zod/mini'
import { pageOf, PageLimitSchema } from './pagination'
import { webhookRetryDelayMs } from './webhooks'
import { CONNECTOR_CAUSE_FACTS, type ConnectorCause, type ConnectorCauseCode } from './admin-notice-messages'

// Connector events (issue 18 item 1, decision 047): every inbound delivery — payment-provider
// webhooks, runtime callbacks and connector deliveries addressed to an exocorp's app host — is
// recorded with how it authenticated and how it was handled; platform admins read the record,
// platform owners replay events through the same handler (fresh step-up, audited).

/** Where a delivery came from. */
export const CONNECTOR_EVENT_SOURCES = ['payment', 'runtime', 'connector'] as const
export const ConnectorEventSourceSchema = z.enum(CONNECTOR_EVENT_SOURCES)
export type ConnectorEventSource = z.infer<typeof ConnectorEventSourceSchema>

/**
 * How the delivery authenticated: `verified` (signature or runtime token good, first time seen),
 * `bad_signature` (wrong signature or unknown token), `stale` (signed outside the 5-minute window),
 * `unsigned` (no signature or token where one is needed), `replayed` (authenticated, but its event
 * id was already received: handled as a duplicate, nothing booked again).
 */
export const VERIFICATION_RESULTS = ['verified', 'bad_signature', 'stale', 'unsigned', 'replayed'] as const
export const VerificationResultSchema = z.enum(VERIFICATION_RESULTS)
export type VerificationResult = z.infer<typeof VerificationResultSchema>

/**
 * `delivered`: handled; `failed` (with the reason): refused or not deliverable, the sender is told
 * not to retry (4xx); `retrying`: the sender was answered 5xx and is expected to deliver it again.
 */
export const DELIVERY_STATUSES = ['delivered', 'failed', 'retrying'] as const
export const DeliveryStatusSchema = z.enum(DELIVERY_STATUSES)
export type DeliveryStatus = z.infer<typeof DeliveryStatusSchema>

/** A connector's name in `/hooks/<connector>`: lower-case letters, digits and dashes. */
export const CONNECTOR_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/
export const ConnectorNameSchema = z
  .string()
  .check(z.regex(CONNECTOR_NAME_PATTERN, 'Use 1–40 lower-case letters, digits or dashes'))

export const ConnectorEventSchema = z.object({
  id: z.string(),
  source: ConnectorEventSourceSchema,
  /** `stripe`/`test` (payment provider), `runtime.usage|workloads|spend_requests`, or the connector name (`github`). */
  connector: z.string(),
  /** The sender's event id (webhook-id, idempotency key, workload id); null when it named none. */
  eventId: z.nullable(z.string()),
  companyId: z.nullable(z.string()),
  companySlug: z.nullable(z.string()),
  receivedAt: z.string(),
  verification: VerificationResultSchema,
  status: DeliveryStatusSchema,
  /** The English reason, as stored (API clients, events from before causes, reasons without one). */
  reason: z.nullable(z.string()),
  /**
   * The reason as a cause code (`CONNECTOR_CAUSE_FACTS`, decision 063) when the platform has one, so
   * a client words it in its own language; null otherwise. A string, not an enum: a newer server may
   * send a code this client does not know (it shows `reason`).
   */
  cause: z.nullable(z.string()),
  /**
   * The cause's facts (`status`, `message`) and how it came about (`gaveUpAfter`: the attempts the
   * retrier gave up after; `replayFailed`: a replay of a delivered event failed). Any JSON object on
   * the wire; `parseEventCause` checks it.
   */
  causeFacts: z.nullable(z.record(z.string(), z.unknown())),
  /** Deliveries of this record: the first one plus each replay. */
  attempts: z.number(),
  /** Handling time of the last attempt. */
  latencyMs: z.number(),
  lastAttemptAt: z.string(),
  deliveredAt: z.nullable(z.string()),
  /** A `retrying` event: when the platform retries it next (decision 056); null otherwise. */
  nextAttemptAt: z.nullable(z.string()),
  /** Only authenticated deliveries are kept for replay; a refused one never is. */
  replayable: z.boolean(),
})
export type ConnectorEvent = z.infer<typeof ConnectorEventSchema>

/** How an event's cause came about, beside the cause's own facts: what its stored English prefixes. */
export interface EventCauseFraming {
  /** "Gave up after N attempts: …" (the retrier ran out of attempts or window). */
  gaveUpAfter?: number
  /** "Replay failed: …" (a replay of an event delivered before failed; it stays delivered). */
  replayFailed?: true
}
export type EventCause = ConnectorCause & EventCauseFraming

const EventCauseFactsSchema = z.object({
  status: z.optional(z.number()),
  message: z.optional(z.string()),
  gaveUpAfter: z.optional(z.number()),
  replayFailed: z.optional(z.literal(true)),
})

/** The facts stored beside a cause code (`connector_events.cause_facts`): the cause's and its framing. */
export function eventCauseFacts(cause: ConnectorCause, framing: EventCauseFraming = {}): Record<string, string | number | true> {
  const { cause: _code, ...facts } = cause
  return { ...facts, ...framing }
}

/**
 * A stored or received cause and facts as an `EventCause`, or null when there is none, the code is
 * unknown here, or the facts are not the code's (a fact missing or of another type): then the event
 * is shown with its stored English reason.
 */
export function parseEventCause(cause: string | null | undefined, facts: unknown): EventCause | null {
  if (!cause || !Object.hasOwn(CONNECTOR_CAUSE_FACTS, cause)) return null
  const parsed = EventCauseFactsSchema.safeParse(facts ?? {})
  if (!parsed.success) return null
  const stated: readonly string[] = CONNECTOR_CAUSE_FACTS[cause as ConnectorCauseCode]
  const { status, message, gaveUpAfter, replayFailed } = parsed.data
  if (stated.includes('status') !== (status !== undefined) || stated.includes('message') !== (message !== undefined)) return null
  return {
    cause,
    ...(status !== undefined ? { status } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(gaveUpAfter !== undefined ? { gaveUpAfter } : {}),
    ...(replayFailed ? { replayFailed } : {}),
  } as EventCause
}
export const ConnectorEventPageSchema = pageOf(ConnectorEventSchema)
export type ConnectorEventPage = z.infer<typeof ConnectorEventPageSchema>

const Short = z.string().check(z.minLength(1), z.maxLength(100))

/** The filters shared by the list and by a filtered replay. */
const filterShape = {
  source: z.optional(ConnectorEventSourceSchema),
  connector: z.optional(Short),
  companyId: z.optional(Short),
  verification: z.optional(VerificationResultSchema),
  status: z.optional(DeliveryStatusSchema),
  /** ISO time: only events received at or after it. */
  since: z.optional(z.iso.datetime({ offset: true })),
}
export const ConnectorEventFilterSchema = z.strictObject(filterShape)
export type ConnectorEventFilter = z.infer<typeof ConnectorEventFilterSchema>

/** GET /api/admin/connector-events — newest first, cursor-paged on the server. */
export const ConnectorEventQuerySchema = z.strictObject({
  ...filterShape,
  limit: PageLimitSchema,
  cursor: z.optional(z.string().check(z.maxLength(300))),
})
export type ConnectorEventQuery = z.infer<typeof ConnectorEventQuerySchema>

/** How a connector authenticates its deliveries. */
export const SIGNING_MODES = ['hmac', 'runtime_token', 'unsigned'] as const

export const ConnectorHealthSchema = z.object({
  source: ConnectorEventSourceSchema,
  connector: z.string(),
  total: z.number(),
  delivered: z.number(),
  failed: z.number(),
  retrying: z.number(),
  /** delivered / total over the window; null without deliveries. */
  successRate: z.nullable(z.number()),
  lastSuccessAt: z.nullable(z.string()),
  lastFailureAt: z.nullable(z.string()),
  /** Counts per verification result over the window. */
  verification: z.record(VerificationResultSchema, z.number()),
  /** Verification posture: how the connector's deliveries are authenticated. */
  signing: z.enum(SIGNING_MODES),
  /** Connector deliveries: how many exocorps set a signing secret, and how many receive unsigned. */
  exocorpsSigned: z.nullable(z.number()),
  exocorpsUnsigned: z.nullable(z.number()),
  /** The oldest secret's last rotation (the one most due), when the platform knows it. */
  secretRotatedAt: z.nullable(z.string()),
})
export type ConnectorHealth = z.infer<typeof ConnectorHealthSchema>

/** GET /api/admin/connector-events/health — per connector over the window (default 7 days). */
export const ConnectorHealthQuerySchema = z.strictObject({
  days: z.optional(z.pipe(z.string().check(z.regex(/^\d{1,2}$/)), z.transform(Number))),
})
export const ConnectorHealthListSchema = z.object({
  since: z.string(),
  connectors: z.array(ConnectorHealthSchema),
})
export type ConnectorHealthList = z.infer<typeof ConnectorHealthListSchema>

/** At most this many events per replay request. */
export const MAX_REPLAY = 500

/**
 * POST /api/admin/connector-events/replay — one event, chosen ids, or every event matching a filter
 * (newest first, at most `limit`); each goes through its handler again, idempotently.
 */
export const ReplayConnectorEventsInputSchema = z.strictObject({
  ids: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.minLength(1), z.maxLength(MAX_REPLAY))),
  filter: z.optional(ConnectorEventFilterSchema),
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(MAX_REPLAY))),
  reason: z.string().check(z.trim(), z.minLength(1, 'Say why'), z.maxLength(500)),
})
export type ReplayConnectorEventsInput = z.infer<typeof ReplayConnectorEventsInputSchema>

export const REPLAY_OUTCOMES = ['delivered', 'duplicate', 'failed', 'skipped'] as const
export const ReplayResultSchema = z.object({
  replayed: z.number(),
  results: z.array(
    z.object({
      id: z.string(),
      /** `duplicate`: the handler had it already and booked nothing; `skipped`: not replayable (reason). */
      outcome: z.enum(REPLAY_OUTCOMES),
      reason: z.nullable(z.string()),
    }),
  ),
})
export type ReplayResult = z.infer<typeof ReplayResultSchema>

// ---- Owner API: an exocorp's connector signing secrets (decisions 047, 056) --------------------

/** After a rotation the replaced secret still verifies inbound deliveries this long by default. */
export const CONNECTOR_SECRET_OVERLAP_DEFAULT_MINUTES = 24 * 60
export const CONNECTOR_SECRET_OVERLAP_MAX_MINUTES = 7 * 24 * 60

/** A connector's signing secret for one exocorp: never the secret, only its last 4 and dates. */
export const ConnectorSecretSchema = z.object({
  connector: z.string(),
  last4: z.string(),
  createdAt: z.string(),
  rotatedAt: z.string(),
  /** Until when the secret the last rotation replaced still verifies deliveries; null when none does. */
  previousExpiresAt: z.nullable(z.string()),
})
export type ConnectorSecret = z.infer<typeof ConnectorSecretSchema>

/**
 * A connector's verification posture for one exocorp: every connector it set a secret for or
 * received a delivery on (the last 30 days), signed or not.
 */
export const ConnectorPostureSchema = z.object({
  connector: z.string(),
  /** Where senders deliver: `https://<slug>.app.<base>/hooks/<connector>`. */
  hookUrl: z.string(),
  /** Deliveries must be signed (a secret is set); unsigned ones are refused then. */
  signed: z.boolean(),
  secret: z.nullable(ConnectorSecretSchema),
  lastDeliveryAt: z.nullable(z.string()),
  lastVerification: z.nullable(VerificationResultSchema),
})
export type ConnectorPosture = z.infer<typeof ConnectorPostureSchema>

export const ConnectorSecretListSchema = z.object({
  /** `https://<slug>.app.<base>/hooks/`: a new connector's URL is this plus its name. */
  hookBaseUrl: z.string(),
  items: z.array(ConnectorPostureSchema),
})
export type ConnectorSecretList = z.infer<typeof ConnectorSecretListSchema>

/** The new secret, shown this once. */
export const ConnectorSecretIssuedSchema = z.object({ ...ConnectorSecretSchema.shape, secret: z.string() })
export type ConnectorSecretIssued = z.infer<typeof ConnectorSecretIssuedSchema>

/** POST …/connector-secrets/:connector — set, or rotate with an overlap (default 24 h, 0 ends the old one now). */
export const IssueConnectorSecretInputSchema = z.strictObject({
  overlapMinutes: z.optional(z.int().check(z.minimum(0), z.maximum(CONNECTOR_SECRET_OVERLAP_MAX_MINUTES))),
})
export type IssueConnectorSecretInput = z.infer<typeof IssueConnectorSecretInputSchema>

export const ConnectorPathSchema = z.strictObject({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  connector: ConnectorNameSchema,
})

// ---- The platform's own retries of `retrying` events (decision 056) ---------------------------

/** At most this many attempts (the first delivery included), and never later than the window after it arrived. */
export const CONNECTOR_RETRY_MAX_ATTEMPTS = 10
export const CONNECTOR_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000

/** The wait after attempt `n` failed: outgoing webhooks' schedule (30 s doubling to 2 h, equal jitter). */
export const connectorRetryDelayMs = (attempt: number, random: number) => webhookRetryDelayMs(attempt, random)

/** Headers of a signed connector delivery (the Standard Webhooks names, as payment webhooks use). */
export const CONNECTOR_SIGNATURE_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const
