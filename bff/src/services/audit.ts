import { and, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm'
import type { AuditEvent, AuditQuery } from '@exocorp/shared/audit'
import { within, type Deps } from '../deps'
import { lockKey } from '../db/portable'
import { auditEvents, auditRefusals } from '../db/schema/audit'
import { memberships } from '../db/schema/companies'
import { dialect } from '../db/schema/dialect'
import { operatorClients } from '../db/schema/operator-clients'
import { newId, sha256Hex } from '../lib/crypto'
import { decodeCursor, encodeCursor, intCursor } from '../lib/cursor'

export type ActorType = AuditEvent['actor']['type']

export interface Actor {
  type: ActorType
  id: string | null
  label: string
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, label: 'system' }

export interface AuditInput {
  actor: Actor
  action: string
  target: { type: string; id: string | null }
  outcome: 'succeeded' | 'failed'
  summary: string
  details?: Record<string, unknown>
  requestId?: string | null
}

/**
 * Size caps on everything stored: audit rows quote request paths, headers and user input, and an
 * anonymous client once filled a 4 MB data dir with 46 requests carrying 14 KB paths.
 */
export const AUDIT_CAPS = { text: 200, summary: 400, detailString: 200, detailItems: 20, detailDepth: 4, detailsJson: 2048 }

/** Keeps the start of a long string and says how much was cut. */
export function capText(value: string, max: number): string {
  if (value.length <= max) return value
  const marker = `… [${value.length - max} more chars]`
  return value.slice(0, Math.max(0, max - marker.length)) + marker
}

function capValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return capText(value, AUDIT_CAPS.detailString)
  if (value === null || typeof value !== 'object') return value
  if (depth >= AUDIT_CAPS.detailDepth) return '[nested too deep]'
  if (Array.isArray(value)) {
    const items = value.slice(0, AUDIT_CAPS.detailItems).map((v) => capValue(v, depth + 1))
    if (value.length > AUDIT_CAPS.detailItems) items.push(`[${value.length - AUDIT_CAPS.detailItems} more items]`)
    return items
  }
  const out: Record<string, unknown> = {}
  const entries = Object.entries(value)
  for (const [k, v] of entries.slice(0, AUDIT_CAPS.detailItems)) out[capText(k, AUDIT_CAPS.text)] = capValue(v, depth + 1)
  if (entries.length > AUDIT_CAPS.detailItems) out['[more]'] = `${entries.length - AUDIT_CAPS.detailItems} more keys`
  return out
}

/** The details JSON as stored: every string, list and nesting level capped, and the whole bounded. */
export function capDetails(details: Record<string, unknown> | undefined): string {
  const json = JSON.stringify(capValue(details ?? {}, 0))
  return json.length <= AUDIT_CAPS.detailsJson ? json : JSON.stringify({ truncated: true, bytes: json.length })
}

/**
 * The one way anything is written to the audit trail. Callers pass details they chose field by
 * field; never a request body, so secrets cannot slip in.
 */
export async function recordAudit(deps: Pick<Deps, 'db' | 'clock'>, input: AuditInput, id: string = newId()): Promise<void> {
  await deps.db.write(async (tx) => {
    await tx.insert(auditEvents).values({
      id,
      at: deps.clock.now().toISOString(),
      actorType: input.actor.type,
      actorId: input.actor.id === null ? null : capText(input.actor.id, AUDIT_CAPS.text),
      actorLabel: capText(input.actor.label, AUDIT_CAPS.text),
      action: capText(input.action, AUDIT_CAPS.text),
      targetType: capText(input.target.type, AUDIT_CAPS.text),
      targetId: input.target.id === null ? null : capText(input.target.id, AUDIT_CAPS.text),
      outcome: input.outcome,
      summary: capText(input.summary, AUDIT_CAPS.summary),
      details: capDetails(input.details),
      requestId: input.requestId === null || input.requestId === undefined ? null : capText(input.requestId, AUDIT_CAPS.text),
    })
  })
}

/**
 * Refusals (401, 403, 404, 400 …: turned away before anything ran) are aggregated, decision 015.
 * Within a fixed window per actor (a signed-in user, a token, or an anonymous client's address):
 * the first refusal of a kind writes its audit row as always; the same refusal again only counts
 * up on that row's `audit_refusals` entry. Past REFUSAL_BURST refusals in the window, every
 * further one is counted on a single `access.throttled` row, and callers answer signed-in
 * principals 429. Rows per actor and window are therefore at most REFUSAL_BURST + 1.
 */
export const REFUSAL_WINDOW_MS = 10 * 60_000
export const REFUSAL_BURST = 50

export interface RefusalOutcome {
  /** `recorded`: a new audit row; `counted`: a repeat added to an existing row. */
  kind: 'recorded' | 'counted'
  /** Beyond the burst for this actor and window. */
  throttled: boolean
  /** Seconds until the window ends and the burst is available again. */
  retryAfterSeconds: number
}

export async function recordRefusal(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: AuditInput & { actorKey: string },
): Promise<RefusalOutcome> {
  const now = deps.clock.now()
  const windowStartMs = Math.floor(now.getTime() / REFUSAL_WINDOW_MS) * REFUSAL_WINDOW_MS
  const windowStart = new Date(windowStartMs).toISOString()
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStartMs + REFUSAL_WINDOW_MS - now.getTime()) / 1000))
  const at = now.toISOString()
  const actorKey = capText(input.actorKey, AUDIT_CAPS.text)
  const requestId = input.requestId ? capText(input.requestId, AUDIT_CAPS.text) : null
  const inWindow = and(eq(auditRefusals.actorKey, actorKey), eq(auditRefusals.windowStart, windowStart))
  return deps.db.write(async (tx): Promise<RefusalOutcome> => {
    // One actor's refusals in a window are decided one at a time on every instance, so the burst
    // cap is exact and the same refusal twice at once counts on one row.
    await lockKey(tx, `audit-refusals:${actorKey}:${windowStart}`)
    const [spent] = await tx
      .select({ n: sql<number>`COALESCE(SUM(${auditRefusals.count}), 0)`.mapWith(Number) })
      .from(auditRefusals)
      .where(inWindow)
    const throttled = (spent?.n ?? 0) >= REFUSAL_BURST
    const entry: AuditInput = throttled
      ? {
          actor: input.actor,
          action: 'access.throttled',
          target: { type: 'actor', id: actorKey },
          outcome: 'failed',
          summary: `${input.actor.label}: refusals beyond ${REFUSAL_BURST} in ${REFUSAL_WINDOW_MS / 60_000} minutes, counted here`,
          details: { status: 429, burst: REFUSAL_BURST, windowMinutes: REFUSAL_WINDOW_MS / 60_000 },
          requestId: input.requestId,
        }
      : input
    const d = (entry.details ?? {}) as { status?: unknown; reason?: unknown; code?: unknown }
    const refusalKey = throttled
      ? 'throttled'
      : sha256Hex(JSON.stringify([entry.action, d.status, d.reason, d.code, entry.target.type, entry.target.id, entry.outcome]))
    const bumped = await tx
      .update(auditRefusals)
      .set({ count: sql`${auditRefusals.count} + 1`, lastAt: at, lastRequestId: requestId })
      .where(and(inWindow, eq(auditRefusals.refusalKey, refusalKey)))
      .returning({ id: auditRefusals.auditEventId })
    if (bumped.length > 0) return { kind: 'counted', throttled, retryAfterSeconds }
    const id = newId()
    await recordAudit(within(deps, tx), entry, id)
    await tx.insert(auditRefusals).values({
      auditEventId: id,
      actorKey,
      refusalKey,
      windowStart,
      count: 1,
      firstAt: at,
      lastAt: at,
      lastRequestId: requestId,
    })
    return { kind: 'recorded', throttled, retryAfterSeconds }
  })
}

/** Whether anything was audited under this request id (the refused-write safety net asks). */
export async function hasAuditForRequest(deps: Pick<Deps, 'db'>, requestId: string): Promise<boolean> {
  const rows = await deps.db
    .select({ seq: auditEvents.seq })
    .from(auditEvents)
    .where(eq(auditEvents.requestId, requestId))
    .limit(1)
  return rows.length > 0
}

type AuditRow = typeof auditEvents.$inferSelect
type RefusalRow = typeof auditRefusals.$inferSelect

export function toAuditEvent(row: AuditRow, refusal: RefusalRow | null = null): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    outcome: row.outcome,
    summary: row.summary,
    details: JSON.parse(row.details) as Record<string, unknown>,
    requestId: row.requestId,
    ...(refusal && refusal.count > 1
      ? { repeats: { count: refusal.count, firstAt: refusal.firstAt, lastAt: refusal.lastAt } }
      : {}),
  }
}

/**
 * Audit events a user may see outside admin: those about the exocorps they own or are a member
 * of, and everything their own operator clients (coding agents) did or were refused.
 *
 * On SQLite each branch takes its newest `limit + 1` seqs on its own, memberships first (CROSS JOIN keeps
 * SQLite from starting at the audit table), through the covering `audit_events_target_idx`
 * (target_type, target_id, seq) and `audit_events_actor_idx` — then only those rows are read. The
 * former `target_id IN (…) OR actor_id IN (…)` made SQLite read every event of every exocorp the
 * user belongs to (a MULTI-INDEX OR, each row fetched) and sort them all for one page.
 */
export function listAuditEventsSeenBy(
  deps: Pick<Deps, 'db'>,
  userId: string,
  query: AuditQuery,
  /** An agent limited to chosen exocorps sees events about those and its own doings only. */
  limitedAgent: { clientId: string; companyIds: ReadonlySet<string> } | null = null,
) {
  // PostgreSQL, with its statistics, already walks the primary key backward and checks each row
  // against hashed subplans (EXPLAIN ANALYZE: 1.9 ms for the bench owner at 200,000 rows); the
  // branch-first form below made it slower there (35 ms), so it is SQLite's plan only (decision 052).
  if (dialect === 'postgres') return listAuditEvents(deps, query, scopeSeenBy(userId, limitedAgent))
  const filters = filtersOf(query)
  const take = query.limit + 1
  const aboutMyCompanies = deps.db
    .select({ seq: auditEvents.seq })
    .from(memberships)
    .crossJoin(auditEvents)
    .where(
      and(
        eq(memberships.userId, userId),
        eq(auditEvents.targetType, 'company'),
        eq(auditEvents.targetId, memberships.companyId),
        limitedAgent ? inArray(auditEvents.targetId, [...limitedAgent.companyIds, '']) : undefined,
        ...filters,
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(take)
  const byMyAgents = limitedAgent
    ? deps.db
        .select({ seq: auditEvents.seq })
        .from(auditEvents)
        .where(and(eq(auditEvents.actorType, 'operator_client'), eq(auditEvents.actorId, limitedAgent.clientId), ...filters))
        .orderBy(desc(auditEvents.seq))
        .limit(take)
    : deps.db
        .select({ seq: auditEvents.seq })
        .from(operatorClients)
        .crossJoin(auditEvents)
        .where(
          and(
            eq(operatorClients.userId, userId),
            eq(auditEvents.actorType, 'operator_client'),
            eq(auditEvents.actorId, operatorClients.id),
            ...filters,
          ),
        )
        .orderBy(desc(auditEvents.seq))
        .limit(take)
  // The newest `take` of the union are among the newest `take` of each branch.
  return pageOf(query, or(inArray(auditEvents.seq, aboutMyCompanies), inArray(auditEvents.seq, byMyAgents)), deps)
}

/** What a user may see, as one condition (the plan PostgreSQL runs well). */
function scopeSeenBy(
  userId: string,
  limitedAgent: { clientId: string; companyIds: ReadonlySet<string> } | null,
): SQL | undefined {
  const ofMyCompanies = sql`${auditEvents.targetId} IN (SELECT company_id FROM memberships WHERE user_id = ${userId})`
  return limitedAgent
    ? or(
        and(
          eq(auditEvents.targetType, 'company'),
          ofMyCompanies,
          inArray(auditEvents.targetId, [...limitedAgent.companyIds, '']),
        ),
        and(eq(auditEvents.actorType, 'operator_client'), eq(auditEvents.actorId, limitedAgent.clientId)),
      )
    : sql`((${auditEvents.targetType} = 'company' AND ${ofMyCompanies})
      OR (${auditEvents.actorType} = 'operator_client' AND ${auditEvents.actorId} IN (SELECT id FROM operator_clients WHERE user_id = ${userId})))`
}

/** The query's filters and cursor, on `audit_events` columns. */
function filtersOf(query: AuditQuery): SQL[] {
  const where: SQL[] = []
  if (query.actorId) where.push(eq(auditEvents.actorId, query.actorId))
  if (query.actorType) where.push(eq(auditEvents.actorType, query.actorType))
  if (query.action) where.push(eq(auditEvents.action, query.action))
  if (query.targetType) where.push(eq(auditEvents.targetType, query.targetType))
  if (query.targetId) where.push(eq(auditEvents.targetId, query.targetId))
  if (query.outcome) where.push(eq(auditEvents.outcome, query.outcome))
  if (query.from) where.push(gte(auditEvents.at, new Date(query.from).toISOString()))
  if (query.to) where.push(lte(auditEvents.at, new Date(query.to).toISOString()))
  const after = decodeCursor(query.cursor, intCursor)
  if (after !== null) where.push(lt(auditEvents.seq, after))
  return where
}

/** Newest first, keyset-paged on `seq`; `scope` narrows to what the caller may see. */
export function listAuditEvents(deps: Pick<Deps, 'db'>, query: AuditQuery, scope: SQL | undefined = undefined) {
  return pageOf(query, and(scope, ...filtersOf(query)), deps)
}

async function pageOf(query: AuditQuery, where: SQL | undefined, deps: Pick<Deps, 'db'>) {
  const rows = await deps.db
    .select({ event: auditEvents, refusal: auditRefusals })
    .from(auditEvents)
    .leftJoin(auditRefusals, eq(auditRefusals.auditEventId, auditEvents.id))
    .where(where)
    .orderBy(desc(auditEvents.seq))
    .limit(query.limit + 1)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => toAuditEvent(r.event, r.refusal)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.event.seq) : null,
  }
}
