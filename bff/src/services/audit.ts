import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm'
import type { AuditEvent, AuditQuery } from '@exocorp/shared/audit'
import type { Deps } from '../deps'
import { auditEvents } from '../db/schema/audit'
import { newId } from '../lib/crypto'
import { decodeCursor, encodeCursor, intCursor } from '../lib/cursor'

export type ActorType = AuditEvent['actor']['type']

export interface Actor {
  type: ActorType
  id: string | null
  label: string
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, label: 'system' }
export const ANONYMOUS_ACTOR: Actor = { type: 'anonymous', id: null, label: 'anonymous' }

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
export function recordAudit(deps: Pick<Deps, 'db' | 'clock'>, input: AuditInput): void {
  deps.db
    .insert(auditEvents)
    .values({
      id: newId(),
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
    .run()
}

/** Whether anything was audited under this request id (the refused-write safety net asks). */
export function hasAuditForRequest(deps: Pick<Deps, 'db'>, requestId: string): boolean {
  return (
    deps.db.select({ seq: auditEvents.seq }).from(auditEvents).where(eq(auditEvents.requestId, requestId)).limit(1).get() !==
    undefined
  )
}

type AuditRow = typeof auditEvents.$inferSelect

export function toAuditEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: { type: row.actorType as ActorType, id: row.actorId, label: row.actorLabel },
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    outcome: row.outcome,
    summary: row.summary,
    details: JSON.parse(row.details) as Record<string, unknown>,
    requestId: row.requestId,
  }
}

/** Newest first, keyset-paged on `seq`; `scope` narrows to what the caller may see. */
export function listAuditEvents(deps: Pick<Deps, 'db'>, query: AuditQuery, scope: SQL | undefined = undefined) {
  const where: (SQL | undefined)[] = [scope]
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
  const rows = deps.db
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.seq))
    .limit(query.limit + 1)
    .all()
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map(toAuditEvent),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.seq) : null,
  }
}
