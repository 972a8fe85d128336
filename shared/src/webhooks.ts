import { z } from 'zod/mini'
import { BillingStateSchema } from './billing'
import { CompanyStatusSchema, HealthSchema, LifecycleActionSchema } from './companies'

/*
 * Outgoing webhooks (issue 18 item 2, decision 046). An owner subscribes a URL to events about the
 * exocorps they own (and their billing account); the platform delivers each event signed the
 * Standard Webhooks way — `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64
 * HMAC-SHA256 of "id.timestamp.body">` under a `whsec_<base64>` secret — retries for 24 hours with
 * exponential backoff and jitter, and disables an endpoint that keeps failing (the owner is told).
 */

export const WEBHOOK_EVENT_TYPES = [
  'exocorp.status_changed',
  'exocorp.unreachable',
  'exocorp.recovered',
  'job.succeeded',
  'job.failed',
  'billing.state_changed',
] as const
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES)
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>

/**
 * Sent only when the owner asks for it ("Send test event"), to one endpoint, through the normal
 * delivery path (signed, logged, resendable); not something to subscribe to.
 */
export const WEBHOOK_TEST_EVENT = 'webhook.test'
/** What a delivery can carry: a subscribed event type, or the test event. */
export const WebhookDeliveryEventTypeSchema = z.enum([...WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT])
export type WebhookDeliveryEventType = z.infer<typeof WebhookDeliveryEventTypeSchema>

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  'exocorp.status_changed': 'Status changed',
  'exocorp.unreachable': 'Became unreachable',
  'exocorp.recovered': 'Reachable again',
  'job.succeeded': 'Job succeeded',
  'job.failed': 'Job failed',
  'billing.state_changed': 'Billing state changed',
}

/** The exocorp an event is about, as the body names it. */
export const WebhookExocorpSchema = z.object({ id: z.string(), slug: z.string(), name: z.string() })

/** What a receiver gets in the body (Standard Webhooks' `{ type, timestamp, data }`). */
export const WebhookPayloadSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(['exocorp.status_changed', 'exocorp.unreachable', 'exocorp.recovered']),
    timestamp: z.string(),
    data: z.object({
      exocorp: WebhookExocorpSchema,
      status: CompanyStatusSchema,
      previousStatus: CompanyStatusSchema,
      health: HealthSchema,
      previousHealth: HealthSchema,
    }),
  }),
  z.object({
    type: z.enum(['job.succeeded', 'job.failed']),
    timestamp: z.string(),
    data: z.object({
      exocorp: WebhookExocorpSchema,
      job: z.object({ id: z.string(), action: LifecycleActionSchema, status: z.enum(['succeeded', 'failed']) }),
    }),
  }),
  z.object({
    type: z.literal('billing.state_changed'),
    timestamp: z.string(),
    data: z.object({ state: BillingStateSchema, previousState: BillingStateSchema }),
  }),
  z.object({
    type: z.literal(WEBHOOK_TEST_EVENT),
    timestamp: z.string(),
    data: z.object({ endpointId: z.string(), message: z.string() }),
  }),
])
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>

// ---- SSRF rule (pure, so the msw mock applies the same one) ----------------------------------

type Cidr4 = [number, number]
const V4_REFUSED: Array<[string, Cidr4, string]> = [
  ['0.0.0.0', [0x00000000, 8], 'a "this network" address'],
  ['10.0.0.0', [0x0a000000, 8], 'a private address'],
  ['100.64.0.0', [0x64400000, 10], 'a shared (carrier-grade NAT) address'],
  ['127.0.0.0', [0x7f000000, 8], 'a loopback address'],
  ['169.254.0.0', [0xa9fe0000, 16], 'a link-local (cloud metadata) address'],
  ['172.16.0.0', [0xac100000, 12], 'a private address'],
  ['192.0.0.0', [0xc0000000, 24], 'a protocol-assignment address'],
  ['192.0.2.0', [0xc0000200, 24], 'a documentation address'],
  ['192.168.0.0', [0xc0a80000, 16], 'a private address'],
  ['198.18.0.0', [0xc6120000, 15], 'a benchmarking address'],
  ['198.51.100.0', [0xc6336400, 24], 'a documentation address'],
  ['203.0.113.0', [0xcb007100, 24], 'a documentation address'],
  ['224.0.0.0', [0xe0000000, 4], 'a multicast address'],
  ['240.0.0.0', [0xf0000000, 4], 'a reserved address'],
]

function parseV4(ip: string): number | null {
  const parts = ip.split('.')
  if (parts.length !== 4) return null
  let n = 0
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null
    n = n * 256 + Number(p)
  }
  return n
}

/** 8 groups of 16 bits, or null (accepts `::` and an embedded dotted IPv4 tail). */
function parseV6(ip: string): number[] | null {
  let s = ip.toLowerCase()
  const zone = s.indexOf('%')
  if (zone >= 0) s = s.slice(0, zone)
  let tail: number[] = []
  const lastColon = s.lastIndexOf(':')
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(s.slice(lastColon + 1))
    if (v4 === null) return null
    tail = [Math.floor(v4 / 65536), v4 % 65536]
    s = `${s.slice(0, lastColon + 1)}${tail.length ? '0:0' : ''}`
  }
  const halves = s.split('::')
  if (halves.length > 2) return null
  const group = (h: string) => (h === '' ? [] : h.split(':'))
  const head = group(halves[0] ?? '')
  const rest = halves.length === 2 ? group(halves[1] ?? '') : []
  const fill = 8 - head.length - rest.length
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null
  const groups = [...head, ...Array.from({ length: halves.length === 2 ? fill : 0 }, () => '0'), ...rest]
  const out: number[] = []
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(g)) return null
    out.push(parseInt(g, 16))
  }
  if (tail.length) out.splice(6, 2, tail[0]!, tail[1]!)
  return out.length === 8 ? out : null
}

function v4Refusal(n: number): string | null {
  if (n === 0xffffffff) return 'a broadcast address'
  for (const [, [base, bits], why] of V4_REFUSED) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
    if ((n & mask) >>> 0 === base) return why
  }
  return null
}

export type AddressVerdict = { ok: true; loopback: boolean } | { ok: false; reason: string }

/**
 * May the platform send a request to this IP address? Private, link-local (cloud metadata),
 * loopback, multicast, documentation and reserved ranges are refused; loopback only when
 * `allowLoopback` (development and test mode). IPv4 inside IPv6 (mapped, NAT64) is judged as IPv4.
 */
export function judgeAddress(ip: string, allowLoopback: boolean): AddressVerdict {
  const v4 = parseV4(ip)
  if (v4 !== null) {
    const why = v4Refusal(v4)
    if (why === 'a loopback address') return allowLoopback ? { ok: true, loopback: true } : { ok: false, reason: why }
    return why ? { ok: false, reason: why } : { ok: true, loopback: false }
  }
  const g = parseV6(ip)
  if (!g) return { ok: false, reason: 'not an IP address' }
  const [a = 0, b = 0] = g
  const allZero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0)
  if (allZero(0, 8)) return { ok: false, reason: 'the unspecified address' }
  if (allZero(0, 7) && g[7] === 1)
    return allowLoopback ? { ok: true, loopback: true } : { ok: false, reason: 'a loopback address' }
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): the IPv4 address decides.
  const embedded =
    (allZero(0, 5) && (g[5] === 0xffff || g[5] === 0)) || (a === 0x64 && b === 0xff9b && allZero(2, 6))
      ? (g[6]! * 65536 + g[7]!) >>> 0
      : null
  if (embedded !== null) {
    const dotted = [embedded >>> 24, (embedded >>> 16) & 255, (embedded >>> 8) & 255, embedded & 255].join('.')
    return judgeAddress(dotted, allowLoopback)
  }
  if ((a & 0xfe00) === 0xfc00) return { ok: false, reason: 'a private (unique local) address' }
  if ((a & 0xffc0) === 0xfe80) return { ok: false, reason: 'a link-local address' }
  if ((a & 0xff00) === 0xff00) return { ok: false, reason: 'a multicast address' }
  if (a === 0x2001 && b === 0x0db8) return { ok: false, reason: 'a documentation address' }
  if (a === 0x0100 && allZero(1, 4)) return { ok: false, reason: 'a discard-only address' }
  return { ok: true, loopback: false }
}

/** The URL's host as an IP literal, or null for a name (brackets of `[v6]` removed). */
export function ipLiteralOf(hostname: string): string | null {
  const h = hostname.replace(/^\[|\]$/g, '')
  return parseV4(h) !== null || parseV6(h) !== null ? h : null
}

// ---- API --------------------------------------------------------------------------------------

const WebhookUrlSchema = z.pipe(
  z.string().check(z.trim(), z.maxLength(2000)),
  z.string().check(
    z.refine((u) => {
      try {
        const url = new URL(u)
        return url.protocol === 'https:' || url.protocol === 'http:'
      } catch {
        return false
      }
    }, 'Enter a URL such as https://example.com/hooks/exocorp'),
    z.refine((u) => {
      try {
        const url = new URL(u)
        return url.username === '' && url.password === '' && url.hash === ''
      } catch {
        return true
      }
    }, 'A URL without a user name, password or #fragment'),
  ),
)

const DescriptionSchema = z.string().check(z.trim(), z.maxLength(200))
const EventTypesSchema = z.array(WebhookEventTypeSchema).check(
  z.minLength(1, 'Choose at least one event'),
  z.maxLength(WEBHOOK_EVENT_TYPES.length),
  z.refine((t) => new Set(t).size === t.length, 'Each event once'),
)
/** Exocorps to hear about; null (or absent) means every exocorp you own, including later ones. */
const ExocorpIdsSchema = z.nullable(
  z
    .array(z.string().check(z.minLength(1), z.maxLength(100)))
    .check(z.minLength(1, 'Choose at least one exocorp, or all'), z.maxLength(50)),
)

export const CreateWebhookInputSchema = z.strictObject({
  url: WebhookUrlSchema,
  description: z.optional(DescriptionSchema),
  eventTypes: EventTypesSchema,
  exocorpIds: z.optional(ExocorpIdsSchema),
})
export type CreateWebhookInput = z.infer<typeof CreateWebhookInputSchema>

export const UpdateWebhookInputSchema = z.strictObject({
  url: z.optional(WebhookUrlSchema),
  description: z.optional(DescriptionSchema),
  eventTypes: z.optional(EventTypesSchema),
  exocorpIds: z.optional(ExocorpIdsSchema),
  /** false pauses deliveries; true re-enables an endpoint the platform disabled. */
  enabled: z.optional(z.boolean()),
})
export type UpdateWebhookInput = z.infer<typeof UpdateWebhookInputSchema>

export const MAX_OVERLAP_MINUTES = 7 * 24 * 60
export const RotateWebhookSecretInputSchema = z.strictObject({
  /** How long the old secret still signs (both signatures are sent): 0 ends it now. Default 24 h. */
  overlapMinutes: z.optional(z.int().check(z.minimum(0), z.maximum(MAX_OVERLAP_MINUTES))),
})
export type RotateWebhookSecretInput = z.infer<typeof RotateWebhookSecretInputSchema>

const idPattern = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an id'))
export const WebhookPathSchema = z.strictObject({ webhookId: idPattern })
export const WebhookDeliveryPathSchema = z.strictObject({ webhookId: idPattern, deliveryId: idPattern })

export const WebhookStateSchema = z.enum(['enabled', 'disabled'])
export const WebhookDeliveryStateSchema = z.enum(['pending', 'succeeded', 'failed'])
export type WebhookDeliveryState = z.infer<typeof WebhookDeliveryStateSchema>

export const WebhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(WebhookEventTypeSchema),
  exocorpIds: z.nullable(z.array(z.string())),
  state: WebhookStateSchema,
  /** Why it is disabled (by you, or by the platform after failing for a day); null when enabled. */
  disabledReason: z.nullable(z.string()),
  /** Since when every attempt has failed; null after a success. */
  failingSince: z.nullable(z.string()),
  /** Until when the previous secret also signs (a rotation's overlap); null when only one signs. */
  previousSecretExpiresAt: z.nullable(z.string()),
  secretRotatedAt: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>

export const WebhookEndpointListSchema = z.object({ items: z.array(WebhookEndpointSchema) })
export type WebhookEndpointList = z.infer<typeof WebhookEndpointListSchema>

/** The signing secret is shown once, when created or rotated. */
export const WebhookWithSecretSchema = z.object({ endpoint: WebhookEndpointSchema, secret: z.string() })
export type WebhookWithSecret = z.infer<typeof WebhookWithSecretSchema>

export const WebhookAttemptSchema = z.object({
  attempt: z.int(),
  at: z.string(),
  /** The HTTP status the receiver answered; null when no answer came (refused, timeout, network). */
  status: z.nullable(z.int()),
  durationMs: z.int(),
  error: z.nullable(z.string()),
  /** The first 2 KB of the response body. */
  responseBody: z.nullable(z.string()),
  /** The headers sent (the signature included: it proves nothing without the secret). */
  requestHeaders: z.record(z.string(), z.string()),
})
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>

export const WebhookDeliverySchema = z.object({
  /** The message id, sent as `webhook-id`: the same on every attempt and resend (receivers dedupe on it). */
  id: z.string(),
  endpointId: z.string(),
  eventType: WebhookDeliveryEventTypeSchema,
  exocorpId: z.nullable(z.string()),
  state: WebhookDeliveryStateSchema,
  attempts: z.int(),
  createdAt: z.string(),
  nextAttemptAt: z.nullable(z.string()),
  deliveredAt: z.nullable(z.string()),
  lastStatus: z.nullable(z.int()),
  lastError: z.nullable(z.string()),
  /** The body as sent (truncated to 8 KB here). */
  payload: z.string(),
})
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>

export const WebhookDeliveryDetailSchema = z.object({
  delivery: WebhookDeliverySchema,
  attempts: z.array(WebhookAttemptSchema),
})
export type WebhookDeliveryDetail = z.infer<typeof WebhookDeliveryDetailSchema>

export const WebhookDeliveryQuerySchema = z.strictObject({
  state: z.optional(WebhookDeliveryStateSchema),
  cursor: z.optional(z.string().check(z.maxLength(400))),
})
export type WebhookDeliveryQuery = z.infer<typeof WebhookDeliveryQuerySchema>

export const WebhookDeliveryPageSchema = z.object({
  items: z.array(WebhookDeliverySchema),
  nextCursor: z.nullable(z.string()),
})
export type WebhookDeliveryPage = z.infer<typeof WebhookDeliveryPageSchema>

// ---- Retry schedule (pure: the BFF schedules with it, tests and docs read it) ----------------

/** Deliveries are retried for this long after they were queued (or resent). */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000
/** An endpoint whose attempts have all failed for this long, at least DISABLE_AFTER_FAILURES times, is disabled. */
export const WEBHOOK_DISABLE_AFTER_MS = 24 * 60 * 60 * 1000
export const WEBHOOK_DISABLE_AFTER_FAILURES = 10

/**
 * The wait before retry `n` (1 = after the first failure): 30 s doubling to at most 2 h, of which a
 * random half is taken off ("equal jitter"), so receivers recovering from an outage are not hit by
 * every sender at the same second. `random` is in [0, 1).
 */
export function webhookRetryDelayMs(n: number, random: number): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, n - 1), 2 * 60 * 60 * 1000)
  return Math.round(base / 2 + (base / 2) * random)
}
