import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm'
import type { AuditEvent, AuditQuery } from '@exocorp/shared/audit'
import type { Deps } from '../deps'
import { auditEvents } from '../db/schema/audit'
import { newId } from '../lib/crypto'
import { decodeCursor, encodeCursor } from '../lib/cursor'

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
      actorId: input.actor.id,
      actorLabel: input.actor.label,
      action: input.action,
      targetType: input.target.type,
      targetId: input.target.id,
      outcome: input.outcome,
      summary: input.summary,
      details: JSON.stringify(input.details ?? {}),
      requestId: input.requestId ?? null,
    })
    .run()
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
  const after = decodeCursor(query.cursor, (v) => (typeof v === 'number' ? v : null))
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
