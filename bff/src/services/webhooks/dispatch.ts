import { and, asc, eq, gt, inArray, lt, lte, max, sql } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import {
  WEBHOOK_DISABLE_AFTER_FAILURES,
  WEBHOOK_DISABLE_AFTER_MS,
  WEBHOOK_RETRY_WINDOW_MS,
  WEBHOOK_TEST_EVENT,
  webhookRetryDelayMs,
  type WebhookDelivery,
  type WebhookEventType,
  type WebhookPayload,
} from '@exocorp/shared/webhooks'
import { AppError } from '../../lib/errors'
import type { Deps } from '../../deps'
import { claimDueRows } from '../../db/claim'
import { lockKey } from '../../db/portable'
import { companies, memberships } from '../../db/schema/companies'
import { platformEvents } from '../../db/schema/events'
import { notifications } from '../../db/schema/notifications'
import { webhookAttempts, webhookCursor, webhookDeliveries, webhookEndpoints } from '../../db/schema/webhooks'
import { newId } from '../../lib/crypto'
import { endpointCompanies, endpointOf, endpointTypes, signingSecrets, toDelivery, type EndpointRow } from './endpoints'
import { sendWebhook, vetTarget, type SendResult } from './transport'

/*
 * Outgoing webhook delivery (decision 046), in two steps that any instance may run:
 *
 * 1. Fan-out: the platform events the database already records for the live stream
 *    (`platform_events`, decision 030) are read in id order after a cursor kept in the database
 *    (`webhook_cursor`, one row, advanced in the same transaction that queues the deliveries), and
 *    each one a webhook type names becomes one `webhook_deliveries` row per endpoint that may hear
 *    it — its user owns the exocorp at that moment, it subscribed to the type (and exocorp). A
 *    unique (endpoint, source) index makes a second fan-out of the same event a no-op.
 * 2. Sending: due rows are claimed (`claimed_until`, taken with SELECT … FOR UPDATE SKIP LOCKED on
 *    PostgreSQL so instances never claim the same row; SQLite's single writer does the same), sent
 *    signed, and the outcome recorded with the attempt. Failures are retried with exponential
 *    backoff and jitter until 24 h after the delivery was queued; an endpoint that has failed every
 *    attempt for 24 h — or through a delivery's whole retry window — and at least 10 times in a row
 *    is disabled and its owner notified (the bell).
 *
 * Time comes from `deps.clock` and randomness from `random`, so tests move through a day of
 * retries without waiting.
 */

const FANOUT_BATCH = 500
const SOURCE_TYPES = ['company.status', 'job.progress', 'billing.state'] as const

type EventRow = typeof platformEvents.$inferSelect
type DeliveryRow = typeof webhookDeliveries.$inferSelect

interface Derived {
  type: WebhookEventType
  sourceKey: string
  companyId: string | null
  userId: string | null
  data: Record<string, unknown>
}

/** The webhook events one platform event stands for (none, one, or a status change and a health change). */
function derive(row: EventRow): Derived[] {
  let data: Record<string, unknown>
  try {
    data = JSON.parse(row.data) as Record<string, unknown>
  } catch {
    return []
  }
  if (row.type === 'company.status' && row.companyId) {
    const out: Derived[] = []
    const body = {
      status: data.status,
      previousStatus: data.previousStatus,
      health: data.health,
      previousHealth: data.previousHealth,
    }
    const base = { companyId: row.companyId, userId: null, data: body }
    if (data.status !== data.previousStatus)
      out.push({ ...base, type: 'exocorp.status_changed', sourceKey: `event:${row.id}:status` })
    if (data.health === 'unreachable' && data.previousHealth !== 'unreachable')
      out.push({ ...base, type: 'exocorp.unreachable', sourceKey: `event:${row.id}:unreachable` })
    if (data.previousHealth === 'unreachable' && data.health === 'healthy')
      out.push({ ...base, type: 'exocorp.recovered', sourceKey: `event:${row.id}:recovered` })
    return out
  }
  if (row.type === 'job.progress' && row.companyId && (data.status === 'succeeded' || data.status === 'failed')) {
    // A finished job's row may be touched again; the job id and outcome make it one delivery.
    return [
      {
        type: data.status === 'succeeded' ? 'job.succeeded' : 'job.failed',
        sourceKey: `job:${String(data.jobId)}:${data.status}`,
        companyId: row.companyId,
        userId: null,
        data: { job: { id: data.jobId, action: data.action, status: data.status } },
      },
    ]
  }
  if (row.type === 'billing.state' && row.userId) {
    return [
      {
        type: 'billing.state_changed',
        sourceKey: `event:${row.id}`,
        companyId: null,
        userId: row.userId,
        data: { state: data.state, previousState: data.previousState },
      },
    ]
  }
  return []
}

/**
 * Turns platform events after the cursor (up to `upTo`: the event hub's cursor, which has waited for
 * PostgreSQL's out-of-order commits; the newest event when absent) into queued deliveries.
 * Returns how many deliveries were queued.
 */
export async function fanOutWebhookEvents(deps: Pick<Deps, 'db' | 'clock'>, upTo?: number): Promise<number> {
  const [cur] = await deps.db.select({ last: webhookCursor.lastEventId }).from(webhookCursor).where(eq(webhookCursor.id, 1))
  if (cur && upTo !== undefined && cur.last >= upTo) return 0
  let queued = 0
  await deps.db.write(
    async (tx) => {
      // One fan-out at a time across instances; the others find the cursor moved and skip.
      await lockKey(tx, 'webhook_fanout')
      const [cursor] = await tx.select({ last: webhookCursor.lastEventId }).from(webhookCursor).where(eq(webhookCursor.id, 1))
      const last = cursor?.last ?? 0
      const top = upTo ?? Number((await tx.select({ top: max(platformEvents.id) }).from(platformEvents))[0]?.top ?? 0)
      if (top <= last) return
      const rows = await tx
        .select()
        .from(platformEvents)
        .where(and(gt(platformEvents.id, last), lte(platformEvents.id, top), inArray(platformEvents.type, [...SOURCE_TYPES])))
        .orderBy(asc(platformEvents.id))
        .limit(FANOUT_BATCH)
      const reached = rows.length === FANOUT_BATCH ? rows.at(-1)!.id : top
      const derived = rows.flatMap((row) => derive(row).map((d) => ({ row, d })))
      if (derived.length > 0) queued = await queueDeliveries(tx, deps.clock.now(), derived)
      if (cursor) await tx.update(webhookCursor).set({ lastEventId: reached }).where(eq(webhookCursor.id, 1))
      else await tx.insert(webhookCursor).values({ id: 1, lastEventId: reached })
    },
    { visible: false },
  )
  return queued
}

async function queueDeliveries(tx: Deps['db'], now: Date, items: Array<{ row: EventRow; d: Derived }>): Promise<number> {
  const endpoints = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.state, 'enabled'))
  if (endpoints.length === 0) return 0
  const companyIds = [...new Set(items.flatMap(({ d }) => (d.companyId ? [d.companyId] : [])))]
  const companyRows = companyIds.length
    ? await tx
        .select({ id: companies.id, slug: companies.slug, name: companies.name, ownerUserId: companies.ownerUserId })
        .from(companies)
        .where(inArray(companies.id, companyIds))
    : []
  const ownerRows = companyIds.length
    ? await tx
        .select({ companyId: memberships.companyId, userId: memberships.userId })
        .from(memberships)
        .where(and(inArray(memberships.companyId, companyIds), eq(memberships.role, 'owner')))
    : []
  const company = new Map(companyRows.map((c) => [c.id, c]))
  const owners = new Map<string, Set<string>>()
  for (const c of companyRows) owners.set(c.id, new Set(c.ownerUserId ? [c.ownerUserId] : []))
  for (const m of ownerRows) owners.get(m.companyId)?.add(m.userId)
  const subs = endpoints.map((e) => ({ e, types: endpointTypes(e), only: endpointCompanies(e) }))

  const retryUntil = new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS).toISOString()
  const values: Array<typeof webhookDeliveries.$inferInsert> = []
  for (const { row, d } of items) {
    const c = d.companyId ? company.get(d.companyId) : undefined
    if (d.companyId && !c) continue
    const data = c ? { exocorp: { id: c.id, slug: c.slug, name: c.name }, ...d.data } : d.data
    const payload = JSON.stringify({ type: d.type, timestamp: row.at, data })
    for (const { e, types, only } of subs) {
      if (!types.has(d.type)) continue
      if (d.companyId) {
        if (!owners.get(d.companyId)?.has(e.userId)) continue
        if (only && !only.has(d.companyId)) continue
      } else if (d.userId !== e.userId) continue
      values.push({
        id: `msg_${newId().replaceAll('-', '')}`,
        endpointId: e.id,
        sourceKey: d.sourceKey,
        eventType: d.type,
        companyId: d.companyId,
        payload,
        state: 'pending',
        createdAt: now.toISOString(),
        retryUntil,
        nextAttemptAt: now.toISOString(),
      })
    }
  }
  let queued = 0
  for (let i = 0; i < values.length; i += 200) {
    const inserted = await tx
      .insert(webhookDeliveries)
      .values(values.slice(i, i + 200))
      .onConflictDoNothing()
      .returning({ id: webhookDeliveries.id })
    queued += inserted.length
  }
  return queued
}

/** How long a claimed delivery is held by its sender before another may take it over. */
const claimMs = (deps: Pick<Deps, 'env'>) => deps.env.EXOCORP_WEBHOOK_TIMEOUT_MS + 30_000

/** Claims up to `limit` due deliveries of enabled endpoints for this sender. */
export function claimDueDeliveries(deps: Pick<Deps, 'db' | 'clock' | 'env'>, limit = 10): Promise<DeliveryRow[]> {
  return claimDueRows(deps.db, webhookDeliveries, {
    where: and(
      eq(webhookDeliveries.state, 'pending'),
      inArray(
        webhookDeliveries.endpointId,
        deps.db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.state, 'enabled')),
      ),
    )!,
    now: deps.clock.now(),
    leaseMs: claimMs(deps),
    limit,
  })
}

/** The Standard Webhooks headers for one attempt: every secret that signs now, space-separated. */
export function signedHeaders(secrets: string[], msgId: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(msgId, at, body)).join(' '),
  }
}

export interface SendOptions {
  /** [0, 1): the jitter's draw (tests pass a fixed one). */
  random?: () => number
}

/** Sends one claimed delivery and records the attempt and what follows from it. */
export async function attemptDelivery(
  deps: Pick<Deps, 'db' | 'clock' | 'env' | 'log'>,
  delivery: DeliveryRow,
  options: SendOptions = {},
): Promise<'succeeded' | 'retrying' | 'failed' | 'skipped'> {
  const [endpoint] = await deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, delivery.endpointId)).limit(1)
  if (!endpoint || endpoint.state !== 'enabled') return 'skipped'
  const now = deps.clock.now()
  const headers = signedHeaders(signingSecrets(deps, endpoint, now), delivery.id, now, delivery.payload)
  // The address is judged again now: what the name resolved to when saved proves nothing today.
  const target = await vetTarget(deps, endpoint.url)
  const result: SendResult = target.ok
    ? await sendWebhook(target, headers, delivery.payload, deps.env.EXOCORP_WEBHOOK_TIMEOUT_MS)
    : { status: null, body: null, error: `Refused: ${target.reason}`, durationMs: 0 }
  const ok = result.status !== null && result.status >= 200 && result.status < 300
  return recordAttempt(deps, endpoint, delivery, headers, result, ok, options.random ?? Math.random)
}

async function recordAttempt(
  deps: Pick<Deps, 'db' | 'clock'>,
  endpoint: EndpointRow,
  delivery: DeliveryRow,
  headers: Record<string, string>,
  result: SendResult,
  ok: boolean,
  random: () => number,
): Promise<'succeeded' | 'retrying' | 'failed'> {
  const now = deps.clock.now()
  const at = now.toISOString()
  const attempt = delivery.attempts + 1
  const error = ok ? null : (result.error ?? `HTTP ${result.status}`)
  let outcome: 'succeeded' | 'retrying' | 'failed' = 'succeeded'
  let disabled = false
  await deps.db.write(
    async (tx) => {
      await lockKey(tx, `webhook:${endpoint.id}`)
      await tx.insert(webhookAttempts).values({
        deliveryId: delivery.id,
        attempt,
        at,
        status: result.status,
        durationMs: result.durationMs,
        error,
        responseBody: result.body,
        requestHeaders: JSON.stringify(headers),
      })
      if (ok) {
        await tx
          .update(webhookDeliveries)
          .set({
            state: 'succeeded',
            attempts: attempt,
            deliveredAt: at,
            nextAttemptAt: null,
            claimedUntil: null,
            lastStatus: result.status,
            lastError: null,
          })
          .where(eq(webhookDeliveries.id, delivery.id))
        await tx
          .update(webhookEndpoints)
          .set({ failureStreak: 0, failingSince: null })
          .where(eq(webhookEndpoints.id, endpoint.id))
        return
      }
      const step = delivery.retryStep + 1
      const next = new Date(now.getTime() + webhookRetryDelayMs(step, random()))
      outcome = next.toISOString() > delivery.retryUntil ? 'failed' : 'retrying'
      await tx
        .update(webhookDeliveries)
        .set({
          state: outcome === 'failed' ? 'failed' : 'pending',
          attempts: attempt,
          retryStep: step,
          nextAttemptAt: outcome === 'failed' ? null : next.toISOString(),
          claimedUntil: null,
          lastStatus: result.status,
          lastError: error,
        })
        .where(eq(webhookDeliveries.id, delivery.id))
      const [e] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id))
      if (!e) return
      const streak = e.failureStreak + 1
      const since = e.failingSince ?? at
      // Disabled once it has failed at least 10 times in a row and either for 24 h, or through the
      // whole retry window of a delivery that just gave up (every one of its attempts is in the streak).
      disabled =
        e.state === 'enabled' &&
        streak >= WEBHOOK_DISABLE_AFTER_FAILURES &&
        (now.getTime() - new Date(since).getTime() >= WEBHOOK_DISABLE_AFTER_MS || (outcome === 'failed' && streak >= step))
      await tx
        .update(webhookEndpoints)
        .set({
          failureStreak: streak,
          failingSince: since,
          ...(disabled
            ? { state: 'disabled' as const, disabledReason: `Every delivery failed for 24 hours (last: ${error})`, updatedAt: at }
            : {}),
        })
        .where(eq(webhookEndpoints.id, endpoint.id))
      if (disabled) {
        const host = new URL(e.url).host
        await tx.insert(notifications).values({
          userId: e.userId,
          kind: 'webhook_disabled',
          companyId: null,
          title: `Webhook to ${host} was disabled: every delivery failed for 24 hours`,
          createdAt: at,
        })
      }
    },
    // The delivery log is no polled view: an attempt leaves the data version (and every polled
    // ETag) alone. A disabled endpoint and its notice are shown: that moves it, below.
    { visible: false },
  )
  if (disabled) await deps.db.write(async () => undefined)
  return outcome
}

/**
 * "Send test event": one signed `webhook.test` delivery to this endpoint, queued as every delivery is
 * (so it is in the log, with its attempts, and can be resent) and sent at once by this request, which
 * holds its claim. It is not retried automatically (its retry window ends now): the owner sees the
 * outcome and resends.
 */
export async function sendTestEvent(
  deps: Pick<Deps, 'db' | 'clock' | 'env' | 'log'>,
  userId: string,
  endpointId: string,
  options: SendOptions = {},
): Promise<WebhookDelivery> {
  const endpoint = await endpointOf(deps, userId, endpointId)
  if (endpoint.state !== 'enabled')
    throw AppError.conflict('endpoint_disabled', 'Enable this endpoint before sending a test event')
  const now = deps.clock.now()
  const at = now.toISOString()
  const id = `msg_${newId().replaceAll('-', '')}`
  const body: WebhookPayload = {
    type: WEBHOOK_TEST_EVENT,
    timestamp: at,
    data: { endpointId, message: 'A test event sent from the Exocorp console' },
  }
  const [row] = await deps.db.write(
    (tx) =>
      tx
        .insert(webhookDeliveries)
        .values({
          id,
          endpointId,
          sourceKey: `test:${id}`,
          eventType: WEBHOOK_TEST_EVENT,
          companyId: null,
          payload: JSON.stringify(body),
          state: 'pending',
          createdAt: at,
          retryUntil: at,
          nextAttemptAt: at,
          // Ours to send now: the worker leaves it alone meanwhile.
          claimedUntil: new Date(now.getTime() + claimMs(deps)).toISOString(),
        })
        .returning(),
    { visible: false },
  )
  await attemptDelivery(deps, row!, options)
  const [sent] = await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id))
  return toDelivery(sent!)
}

/** Settled deliveries (and their attempts, by cascade) are kept this long, then pruned. */
export const WEBHOOK_LOG_RETENTION_MS = 30 * 24 * 60 * 60 * 1000

/** Deletes settled deliveries older than the retention, a batch at a time; pending ones stay. */
export async function pruneWebhookDeliveries(deps: Pick<Deps, 'db' | 'clock'>, batch = 1000): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - WEBHOOK_LOG_RETENTION_MS).toISOString()
  const old = await deps.db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(inArray(webhookDeliveries.state, ['succeeded', 'failed']), lt(webhookDeliveries.createdAt, before)))
    .limit(batch)
  if (old.length === 0) return 0
  await deps.db.write(
    (tx) =>
      tx.delete(webhookDeliveries).where(
        inArray(
          webhookDeliveries.id,
          old.map((o) => o.id),
        ),
      ),
    { visible: false },
  )
  return old.length
}

/** One round: fan out new events, then send what is due, a batch at a time. */
export async function runWebhookRound(
  deps: Pick<Deps, 'db' | 'clock' | 'env' | 'log'>,
  options: SendOptions & { upTo?: number; maxBatches?: number } = {},
): Promise<{ queued: number; sent: number }> {
  const queued = await fanOutWebhookEvents(deps, options.upTo)
  let sent = 0
  for (let i = 0; i < (options.maxBatches ?? 5); i++) {
    const batch = await claimDueDeliveries(deps)
    if (batch.length === 0) break
    await Promise.all(
      batch.map((d) =>
        attemptDelivery(deps, d, options).catch((err: unknown) =>
          deps.log.warn({ err: { message: String(err) }, deliveryId: d.id }, 'webhook delivery failed to run'),
        ),
      ),
    )
    sent += batch.length
  }
  return { queued, sent }
}

/**
 * Runs rounds on a timer (every instance may: fan-out is serialised and idempotent, sending is
 * claimed). `upTo` is the event hub's cursor where one runs. `alsoEachRound` is other claimed
 * delivery work that shares this loop rather than a scheduler of its own: the retries of inbound
 * connector events (decision 056).
 */
export function startWebhookWorker(
  deps: Pick<Deps, 'db' | 'clock' | 'env' | 'log'>,
  options: { upTo?: () => number; everyMs?: number; alsoEachRound?: () => Promise<unknown> } = {},
): () => void {
  let running = false
  let rounds = 0
  const timer = setInterval(() => {
    if (running) return
    running = true
    // Once an hour (at one round a second), the delivery log loses what is past its retention.
    const prune = rounds++ % 3600 === 0 ? pruneWebhookDeliveries(deps) : Promise.resolve(0)
    prune
      .then(() => runWebhookRound(deps, { upTo: options.upTo?.() }))
      .catch((err: unknown) => deps.log.warn({ err: { message: String(err) } }, 'webhook round failed'))
      .then(() => options.alsoEachRound?.())
      .catch((err: unknown) => deps.log.warn({ err: { message: String(err) } }, 'delivery round failed'))
      .finally(() => (running = false))
  }, options.everyMs ?? 1_000)
  timer.unref()
  return () => clearInterval(timer)
}

/** For tests and the CLI: the number of deliveries still waiting. */
export async function pendingDeliveries(deps: Pick<Deps, 'db'>): Promise<number> {
  const [row] = await deps.db
    .select({ n: sql<number>`count(*)` })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.state, 'pending'))
  return Number(row?.n ?? 0)
}
