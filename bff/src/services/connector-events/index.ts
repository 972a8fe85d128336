import { and, count, desc, eq, gte, inArray, lt, max, min, or, sql, type SQL } from 'drizzle-orm'
import {
  CONNECTOR_EVENT_SOURCES,
  connectorRetryDelayMs,
  eventCauseFacts,
  VERIFICATION_RESULTS,
  type ConnectorEvent,
  type ConnectorEventFilter,
  type ConnectorEventPage,
  type ConnectorEventQuery,
  type ConnectorEventSource,
  type EventCauseFraming,
  type ConnectorHealth,
  type ConnectorHealthList,
  type DeliveryStatus,
  type ReplayConnectorEventsInput,
  type ReplayResult,
  type VerificationResult,
} from '@exocorp/shared/connector-events'
import type { ConnectorCause } from '@exocorp/shared/admin-notice-messages'
import { ReportUsageEventInputSchema } from '@exocorp/shared/companies'
import { ReportWorkloadInputSchema } from '@exocorp/shared/workloads'
import { SpendRequestInputSchema } from '@exocorp/shared/agent-wallets'
import type { Deps } from '../../deps'
import { companies } from '../../db/schema/companies'
import { connectorEvents, connectorSecrets } from '../../db/schema/connector-events'
import { workloads } from '../../db/schema/workloads'
import { newId } from '../../lib/crypto'
import { decodeCursor, encodeCursor, pairCursor } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import { requestSpend } from '../agent-wallets'
import { bookUsageAndEvaluate, evaluateAccount } from '../billing/state'
import { receiveWebhook } from '../billing/webhooks'
import { recordUsageEvent } from '../catalog/pricing'
import { portalTargetFor } from '../lifecycle/portal'
import { reportWorkload } from '../workloads'
import { forwardToRuntime } from './forward'

export { forwardToRuntime } from './forward'

/** Runtime callbacks recorded as connector events (the connector names). */
export const RUNTIME_CONNECTORS = {
  usage: 'runtime.usage',
  workloads: 'runtime.workloads',
  spendRequests: 'runtime.spend_requests',
} as const

/** What the handler needs besides the body to handle the event again. */
export interface EventMeta {
  /** Payment webhooks: the provider path it arrived on; the billing account it named. */
  provider?: string
  accountId?: string | null
  /** Usage reports: the Idempotency-Key header, when the body named no eventId. */
  idempotencyKey?: string
  /** Connector deliveries: the exocorp's slug and the body's content type. */
  slug?: string
  contentType?: string
}

export interface DeliveryRecord {
  source: ConnectorEventSource
  connector: string
  eventId: string | null
  companyId: string | null
  verification: VerificationResult
  status: DeliveryStatus
  reason: string | null
  /** The reason as a cause code with its facts, when the platform words it itself (decision 063). */
  cause?: ConnectorCause | null
  latencyMs: number
  /** The raw body: pass it only for an authenticated delivery (null otherwise). */
  payload: string | null
  meta?: EventMeta
}

const MAX_REASON = 500
export const clip = (s: string | null) => (s === null ? null : s.length > MAX_REASON ? `${s.slice(0, MAX_REASON - 1)}…` : s)

/**
 * The `cause` and `cause_facts` columns beside a `reason` (decision 063): the cause's code and its
 * facts with how it came about, or both null for a reason without a code (written wherever the reason
 * is, so a new reason never keeps an older cause).
 */
export function causeColumns(
  cause: ConnectorCause | null | undefined,
  framing?: EventCauseFraming,
): { cause: string | null; causeFacts: string | null } {
  if (!cause) return { cause: null, causeFacts: null }
  const facts = eventCauseFacts(cause, framing)
  if (facts.message !== undefined) facts.message = clip(String(facts.message)) ?? ''
  return { cause: cause.cause, causeFacts: JSON.stringify(facts) }
}

function storedFacts(text: string | null): Record<string, unknown> | null {
  if (text === null) return null
  try {
    const parsed: unknown = JSON.parse(text)
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null
  } catch {
    return null
  }
}

/**
 * Refused deliveries cost an attacker nothing to send: at most this many are recorded per
 * connector and verification result per minute and process; the rest are counted in the log.
 */
export const REFUSED_PER_MINUTE = 120
const refusedWindow = { minute: -1, counts: new Map<string, number>() }

function overRefusalCap(now: Date, connector: string, verification: VerificationResult): boolean {
  if (verification === 'verified' || verification === 'replayed') return false
  const minute = Math.floor(now.getTime() / 60_000)
  if (refusedWindow.minute !== minute) {
    refusedWindow.minute = minute
    refusedWindow.counts.clear()
  }
  const key = `${connector}\u0000${verification}`
  const n = (refusedWindow.counts.get(key) ?? 0) + 1
  if (refusedWindow.counts.size < 1000 || refusedWindow.counts.has(key)) refusedWindow.counts.set(key, n)
  return n > REFUSED_PER_MINUTE
}

/**
 * One row per inbound delivery. Recording never fails the delivery itself: an error here is
 * logged and the delivery's answer stands (the handler's own record — ledger, usage — is the truth).
 */
export async function recordDelivery(deps: Pick<Deps, 'db' | 'clock' | 'log'>, rec: DeliveryRecord): Promise<string | null> {
  if (overRefusalCap(deps.clock.now(), rec.connector, rec.verification)) {
    deps.log.warn(
      { connector: rec.connector, verification: rec.verification },
      'refused delivery not recorded: over the per-minute cap',
    )
    return null
  }
  const now = deps.clock.now().toISOString()
  const id = newId()
  try {
    await deps.db.write(async (tx) => {
      await tx.insert(connectorEvents).values({
        id,
        source: rec.source,
        connector: rec.connector.slice(0, 100),
        eventId: rec.eventId?.slice(0, 200) ?? null,
        companyId: rec.companyId,
        receivedAt: now,
        verification: rec.verification,
        status: rec.status,
        reason: clip(rec.reason),
        ...causeColumns(rec.cause),
        attempts: 1,
        latencyMs: Math.max(0, Math.round(rec.latencyMs)),
        lastAttemptAt: now,
        deliveredAt: rec.status === 'delivered' ? now : null,
        // The platform retries it itself from then on (decision 056; retry.ts).
        nextAttemptAt: rec.status === 'retrying' ? firstRetryAt(deps.clock.now()) : null,
        payload: rec.payload,
        meta: JSON.stringify(rec.meta ?? {}),
      })
    })
    return id
  } catch (err) {
    deps.log.error({ err: { message: String(err) }, connector: rec.connector }, 'recording a connector event failed')
    return null
  }
}

const firstRetryAt = (now: Date) => new Date(now.getTime() + connectorRetryDelayMs(1, Math.random())).toISOString()

/** 4xx: the sender should not retry (failed); 5xx: it will (retrying). */
export const statusForHttp = (status: number): DeliveryStatus =>
  status < 400 ? 'delivered' : status >= 500 ? 'retrying' : 'failed'

type Row = typeof connectorEvents.$inferSelect

function toEvent(row: Row, slug: string | null): ConnectorEvent {
  return {
    id: row.id,
    source: row.source,
    connector: row.connector,
    eventId: row.eventId,
    companyId: row.companyId,
    companySlug: slug,
    receivedAt: row.receivedAt,
    verification: row.verification,
    status: row.status,
    reason: row.reason,
    cause: row.cause,
    causeFacts: row.cause === null ? null : storedFacts(row.causeFacts),
    attempts: row.attempts,
    latencyMs: row.latencyMs,
    lastAttemptAt: row.lastAttemptAt,
    deliveredAt: row.deliveredAt,
    nextAttemptAt: row.status === 'retrying' ? row.nextAttemptAt : null,
    replayable: row.payload !== null,
  }
}

function filterWhere(f: ConnectorEventFilter): SQL[] {
  const where: SQL[] = []
  if (f.source) where.push(eq(connectorEvents.source, f.source))
  if (f.connector) where.push(eq(connectorEvents.connector, f.connector))
  if (f.companyId) where.push(eq(connectorEvents.companyId, f.companyId))
  if (f.verification) where.push(eq(connectorEvents.verification, f.verification))
  if (f.status) where.push(eq(connectorEvents.status, f.status))
  if (f.since) where.push(gte(connectorEvents.receivedAt, new Date(f.since).toISOString()))
  return where
}

/** Newest first, keyset-paged on (received at, id): one page plus one row is read. */
export async function listConnectorEvents(deps: Pick<Deps, 'db'>, q: ConnectorEventQuery): Promise<ConnectorEventPage> {
  const where = filterWhere(q)
  const after = decodeCursor(q.cursor, pairCursor)
  if (after) {
    where.push(
      or(
        lt(connectorEvents.receivedAt, after[0]),
        and(eq(connectorEvents.receivedAt, after[0]), lt(connectorEvents.id, after[1])),
      )!,
    )
  }
  const rows = await deps.db
    .select({ e: connectorEvents, slug: companies.slug })
    .from(connectorEvents)
    .leftJoin(companies, eq(companies.id, connectorEvents.companyId))
    .where(and(...where))
    .orderBy(desc(connectorEvents.receivedAt), desc(connectorEvents.id))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)?.e
  return {
    items: page.map(({ e, slug }) => toEvent(e, slug)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.receivedAt, last.id]) : null,
  }
}

const emptyVerification = () => Object.fromEntries(VERIFICATION_RESULTS.map((v) => [v, 0])) as Record<VerificationResult, number>

/**
 * Per connector over the window: delivered/failed/retrying, success rate, last success and failure,
 * verification counts, and the posture (how it signs; connector secrets per exocorp and the oldest
 * rotation). The built-in connectors are listed even before their first delivery.
 */
export async function connectorHealth(deps: Pick<Deps, 'db' | 'clock'>, days = 7): Promise<ConnectorHealthList> {
  const since = new Date(deps.clock.now().getTime() - days * 86_400_000).toISOString()
  const grouped = await deps.db
    .select({
      source: connectorEvents.source,
      connector: connectorEvents.connector,
      status: connectorEvents.status,
      verification: connectorEvents.verification,
      n: count(),
      last: max(connectorEvents.receivedAt),
    })
    .from(connectorEvents)
    .where(gte(connectorEvents.receivedAt, since))
    .groupBy(connectorEvents.source, connectorEvents.connector, connectorEvents.status, connectorEvents.verification)
  const secrets = await deps.db
    .select({ connector: connectorSecrets.connector, n: count(), oldest: min(connectorSecrets.rotatedAt) })
    .from(connectorSecrets)
    .groupBy(connectorSecrets.connector)
  const [exocorps] = await deps.db
    .select({ n: count() })
    .from(companies)
    .where(sql`${companies.status} <> 'destroyed'`)
  const exocorpCount = Number(exocorps?.n ?? 0)

  const byKey = new Map<string, ConnectorHealth>()
  const entry = (source: ConnectorEventSource, connector: string): ConnectorHealth => {
    const key = `${source}\u0000${connector}`
    let h = byKey.get(key)
    if (!h) {
      const secret = source === 'connector' ? secrets.find((s) => s.connector === connector) : undefined
      const signed = Number(secret?.n ?? 0)
      h = {
        source,
        connector,
        total: 0,
        delivered: 0,
        failed: 0,
        retrying: 0,
        successRate: null,
        lastSuccessAt: null,
        lastFailureAt: null,
        verification: emptyVerification(),
        signing: source === 'payment' ? 'hmac' : source === 'runtime' ? 'runtime_token' : signed > 0 ? 'hmac' : 'unsigned',
        exocorpsSigned: source === 'connector' ? signed : null,
        exocorpsUnsigned: source === 'connector' ? Math.max(0, exocorpCount - signed) : null,
        secretRotatedAt: secret?.oldest ?? null,
      }
      byKey.set(key, h)
    }
    return h
  }
  for (const c of Object.values(RUNTIME_CONNECTORS)) entry('runtime', c)
  for (const s of secrets) entry('connector', s.connector)
  for (const g of grouped) {
    const h = entry(g.source, g.connector)
    const n = Number(g.n)
    h.total += n
    h[g.status] += n
    h.verification[g.verification] += n
    const last = g.last ?? null
    if (g.status === 'delivered') {
      if (last && (!h.lastSuccessAt || last > h.lastSuccessAt)) h.lastSuccessAt = last
    } else if (last && (!h.lastFailureAt || last > h.lastFailureAt)) h.lastFailureAt = last
  }
  const connectors = [...byKey.values()].map((h) => ({ ...h, successRate: h.total ? h.delivered / h.total : null }))
  const order = (s: ConnectorEventSource) => CONNECTOR_EVENT_SOURCES.indexOf(s)
  connectors.sort((a, b) => order(a.source) - order(b.source) || a.connector.localeCompare(b.connector))
  return { since, connectors }
}

/**
 * What handling an event again came to. A failure's `reason` is the English stored on the event;
 * its `cause` is the same reason as a code with its facts, for the admin notice (decision 063).
 */
export type Outcome =
  | { outcome: 'delivered' | 'duplicate'; reason: string | null; httpStatus: number }
  | { outcome: 'failed'; reason: string; httpStatus: number; cause: ConnectorCause }

/** A handler's error as a failed outcome: its own refusal as it stands, or that it failed. */
export function handlerFailure(err: unknown): Outcome {
  return err instanceof AppError
    ? {
        outcome: 'failed',
        reason: err.message,
        httpStatus: err.status,
        cause: { cause: 'handler_refused', message: err.message },
      }
    : { outcome: 'failed', reason: 'The handler failed', httpStatus: 500, cause: { cause: 'handler_failed' } }
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/**
 * The handler an event went through when it arrived, run again with what was kept. Each one is
 * idempotent on the event's own id: the payment's event id, the usage report's event id or
 * idempotency key, the spend request's idempotency key, the workload's id and status, and a
 * connector delivery's webhook-id (the runtime is told it in `x-exocorp-event-id`).
 */
export async function handleAgain(deps: Deps, row: Row, meta: EventMeta): Promise<Outcome> {
  const payload = row.payload ?? ''
  if (row.source === 'payment') {
    const outcome = await receiveWebhook(deps, meta.provider ?? row.connector, row.eventId ?? '', payload)
    if (outcome.booked && outcome.accountId) await evaluateAccount(deps, outcome.accountId, 'payment received (replay)')
    return {
      outcome: outcome.duplicate ? 'duplicate' : 'delivered',
      reason: outcome.duplicate ? 'Already booked' : null,
      httpStatus: 200,
    }
  }
  if (row.source === 'runtime') {
    if (!row.companyId) {
      return { outcome: 'failed', reason: 'The exocorp is gone', httpStatus: 404, cause: { cause: 'exocorp_gone' } }
    }
    const body = parseJson(payload)
    if (row.connector === RUNTIME_CONNECTORS.usage) {
      const input = ReportUsageEventInputSchema.parse(body)
      // Without an id of its own, a delivered report cannot be told from a new one: never replayed.
      let externalId = input.eventId ?? meta.idempotencyKey
      if (externalId === undefined) {
        if (row.deliveredAt) {
          return { outcome: 'duplicate', reason: 'Delivered without an event id; a replay could book it twice', httpStatus: 200 }
        }
        externalId = `connector-event:${row.id}`
      }
      const event = await recordUsageEvent(deps, {
        companyId: row.companyId,
        model: input.model,
        inputTokens: input.inputTokens,
        outputTokens: input.outputTokens,
        externalId,
        agent: input.agent,
      })
      if (event.created) await bookUsageAndEvaluate(deps, event.id)
      return {
        outcome: event.created ? 'delivered' : 'duplicate',
        reason: event.created ? null : 'Already recorded',
        httpStatus: 200,
      }
    }
    if (row.connector === RUNTIME_CONNECTORS.spendRequests) {
      const { created } = await requestSpend(deps, row.companyId, SpendRequestInputSchema.parse(body))
      return { outcome: created ? 'delivered' : 'duplicate', reason: created ? null : 'Already decided', httpStatus: 200 }
    }
    if (row.connector === RUNTIME_CONNECTORS.workloads) {
      const input = ReportWorkloadInputSchema.parse(body)
      const [before] = await deps.db.select({ status: workloads.status }).from(workloads).where(eq(workloads.id, input.id))
      try {
        await reportWorkload(deps, row.companyId, input)
      } catch (err) {
        // The workload has moved past this report since: nothing to do, nothing changed.
        if (before && err instanceof AppError && err.details?.reason === 'invalid_transition') {
          return { outcome: 'duplicate', reason: `The workload is ${before.status} already`, httpStatus: 200 }
        }
        throw err
      }
      const same = before?.status === input.status
      return { outcome: same ? 'duplicate' : 'delivered', reason: same ? 'Already reported' : null, httpStatus: 200 }
    }
    return { outcome: 'failed', reason: `No handler for ${row.connector}`, httpStatus: 400, cause: { cause: 'no_handler' } }
  }
  // A connector delivery: forward it to the exocorp's runtime again.
  const slug = meta.slug
  const target = slug ? await portalTargetFor(deps, slug) : null
  const sent = await forwardToRuntime(target, {
    connector: row.connector,
    eventId: row.eventId ?? row.id,
    body: payload,
    contentType: meta.contentType ?? 'application/json',
    verified: row.verification === 'verified' || row.verification === 'replayed',
  })
  return sent.ok
    ? {
        outcome: sent.duplicate ? 'duplicate' : 'delivered',
        reason: sent.duplicate ? 'The runtime had it already' : null,
        httpStatus: 200,
      }
    : { outcome: 'failed', reason: sent.reason, httpStatus: sent.status, cause: sent.cause }
}

export const REPLAYABLE: VerificationResult[] = ['verified', 'replayed']

/**
 * Replays chosen events (or the newest `limit` matching a filter) one by one through their
 * handlers. Only authenticated deliveries are replayed: a refused one was never trusted, so
 * replaying it would let anyone who can reach the hook book through it. Each replay adds an
 * attempt; success marks the event delivered, a failure leaves a delivered event delivered.
 */
export async function replayConnectorEvents(deps: Deps, input: ReplayConnectorEventsInput): Promise<ReplayResult> {
  if (!input.ids === !input.filter) {
    throw AppError.validation({ ids: ['Name the events (ids) or a filter, not both'] })
  }
  let rows: Row[]
  if (input.ids) {
    const ids = [...new Set(input.ids)]
    rows = await deps.db.select().from(connectorEvents).where(inArray(connectorEvents.id, ids))
    const found = new Set(rows.map((r) => r.id))
    const missing = ids.filter((id) => !found.has(id))
    if (missing.length) throw AppError.notFound(`Connector event ${missing[0]}`)
    rows.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id))
  } else {
    const newest = await deps.db
      .select()
      .from(connectorEvents)
      .where(and(...filterWhere(input.filter!)))
      .orderBy(desc(connectorEvents.receivedAt), desc(connectorEvents.id))
      .limit(input.limit ?? 100)
    // Oldest first, as they arrived: a workload's reports keep their order.
    rows = newest.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id))
  }
  const results: ReplayResult['results'] = []
  let replayed = 0
  for (const row of rows) {
    if (row.payload === null || !REPLAYABLE.includes(row.verification)) {
      results.push({ id: row.id, outcome: 'skipped', reason: `Never authenticated (${row.verification}); not replayed` })
      continue
    }
    const started = performance.now()
    let result: Outcome
    try {
      result = await handleAgain(deps, row, JSON.parse(row.meta) as EventMeta)
    } catch (err) {
      result = handlerFailure(err)
    }
    replayed++
    const now = deps.clock.now().toISOString()
    const ok = result.outcome !== 'failed'
    const cause = result.outcome === 'failed' ? result.cause : null
    const status = statusForHttp(result.httpStatus)
    await deps.db.write(async (tx) => {
      await tx
        .update(connectorEvents)
        .set({
          attempts: sql`${connectorEvents.attempts} + 1`,
          lastAttemptAt: now,
          latencyMs: Math.round(performance.now() - started),
          ...(ok
            ? {
                status: 'delivered' as const,
                reason: result.reason,
                ...causeColumns(null),
                deliveredAt: row.deliveredAt ?? now,
                nextAttemptAt: null,
              }
            : row.status === 'delivered'
              ? { reason: clip(`Replay failed: ${result.reason}`), ...causeColumns(cause, { replayFailed: true }) }
              : {
                  status,
                  reason: clip(result.reason),
                  ...causeColumns(cause),
                  // Still retrying: the sweep keeps its schedule (or starts one); otherwise none.
                  nextAttemptAt: status === 'retrying' ? (row.nextAttemptAt ?? firstRetryAt(deps.clock.now())) : null,
                }),
        })
        .where(eq(connectorEvents.id, row.id))
    })
    results.push({ id: row.id, outcome: result.outcome, reason: result.reason })
  }
  return { replayed, results }
}

/** The exocorp a hook is addressed to (by its app host's slug); null when there is none. */
export async function companyForHook(deps: Pick<Deps, 'db'>, slug: string): Promise<{ id: string; slug: string } | null> {
  const [row] = await deps.db
    .select({ id: companies.id, slug: companies.slug, status: companies.status })
    .from(companies)
    .where(eq(companies.slug, slug))
    .limit(1)
  return row && row.status !== 'destroyed' ? { id: row.id, slug: row.slug } : null
}

/** Whether this exocorp's connector already delivered an event with this id (a repeat is `replayed`). */
export async function deliveredBefore(deps: Pick<Deps, 'db'>, companyId: string, connector: string, eventId: string) {
  const [row] = await deps.db
    .select({ id: connectorEvents.id })
    .from(connectorEvents)
    .where(
      and(
        eq(connectorEvents.companyId, companyId),
        eq(connectorEvents.connector, connector),
        eq(connectorEvents.eventId, eventId),
        eq(connectorEvents.status, 'delivered'),
        inArray(connectorEvents.verification, ['verified', 'unsigned']),
      ),
    )
    .limit(1)
  return row !== undefined
}
