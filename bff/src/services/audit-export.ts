import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm'
import type { AuditEvent, AuditQuery } from '@exocorp/shared/audit'
import type { Deps } from '../deps'
import { auditEvents, auditRefusals } from '../db/schema/audit'
import { listAuditEventsSeenBy } from './audit'

export const EXPORT_BATCH = 1000
export type ExportFormat = 'csv' | 'ndjson'

type ExportFilters = Omit<AuditQuery, 'cursor' | 'limit'>

/**
 * The exported columns, named as in CSV_COLUMNS. Only these, with `details` left as stored text:
 * paging the export through listAuditEvents (whole rows, parsed details) was measured at 60–70 MB
 * peak growth over 1M rows against about 14 MB for plain columns (bench/audit-export.ts).
 */
const COLUMNS = {
  seq: auditEvents.seq,
  id: auditEvents.id,
  at: auditEvents.at,
  actor_type: auditEvents.actorType,
  actor_id: auditEvents.actorId,
  actor_label: auditEvents.actorLabel,
  action: auditEvents.action,
  target_type: auditEvents.targetType,
  target_id: auditEvents.targetId,
  outcome: auditEvents.outcome,
  summary: auditEvents.summary,
  details: auditEvents.details,
  request_id: auditEvents.requestId,
  // A refusal counted N times (decision 015) exports as one line with occurrences = N.
  occurrences: sql<number>`COALESCE(${auditRefusals.count}, 1)`.mapWith(Number),
  last_seen_at: sql<string>`COALESCE(${auditRefusals.lastAt}, ${auditEvents.at})`,
}

/** One batch, newest first, of the rows older than `before` (or the newest, without it). */
function readBatch(deps: Pick<Deps, 'db'>, where: SQL[], before: number | null) {
  return deps.db
    .select(COLUMNS)
    .from(auditEvents)
    .leftJoin(auditRefusals, eq(auditRefusals.auditEventId, auditEvents.id))
    .where(and(...where, before === null ? undefined : lt(auditEvents.seq, before)))
    .orderBy(desc(auditEvents.seq))
    .limit(EXPORT_BATCH)
}

type Row = Awaited<ReturnType<typeof readBatch>>[number]
/** A row as a file line needs it (the keyset `seq` is the admin reader's alone). */
type ExportRow = Omit<Row, 'seq'>

/** The same filters as listAuditEvents. */
function whereOf(q: ExportFilters): SQL[] {
  const where: SQL[] = []
  if (q.actorId) where.push(eq(auditEvents.actorId, q.actorId))
  if (q.actorType) where.push(eq(auditEvents.actorType, q.actorType))
  if (q.action) where.push(eq(auditEvents.action, q.action))
  if (q.targetType) where.push(eq(auditEvents.targetType, q.targetType))
  if (q.targetId) where.push(eq(auditEvents.targetId, q.targetId))
  if (q.outcome) where.push(eq(auditEvents.outcome, q.outcome))
  if (q.from) where.push(gte(auditEvents.at, new Date(q.from).toISOString()))
  if (q.to) where.push(lte(auditEvents.at, new Date(q.to).toISOString()))
  return where
}

export const CSV_COLUMNS = [
  'id',
  'at',
  'actor_type',
  'actor_id',
  'actor_label',
  'action',
  'target_type',
  'target_id',
  'outcome',
  'summary',
  'details',
  'request_id',
  'occurrences',
  'last_seen_at',
] as const

/**
 * RFC 4180 quoting, plus a leading apostrophe on cells a spreadsheet would run as a formula
 * (OWASP CSV injection): audit summaries quote user-controlled text.
 */
export function csvCell(value: string | null): string {
  if (value === null) return ''
  let v = value
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

function csvLine(r: ExportRow): string {
  return CSV_COLUMNS.map((col) => csvCell(col === 'occurrences' ? String(r.occurrences) : r[col])).join(',') + '\r\n'
}

function ndjsonLine(r: ExportRow): string {
  return (
    JSON.stringify({
      id: r.id,
      at: r.at,
      actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
      action: r.action,
      target: { type: r.target_type, id: r.target_id },
      outcome: r.outcome,
      summary: r.summary,
      details: JSON.parse(r.details) as unknown,
      requestId: r.request_id,
      occurrences: r.occurrences,
      lastSeenAt: r.last_seen_at,
    }) + '\n'
  )
}

/** An event as the list answers it, in the export's columns (an owner's export pages the list). */
function rowOf(e: AuditEvent): ExportRow {
  return {
    id: e.id,
    at: e.at,
    actor_type: e.actor.type,
    actor_id: e.actor.id,
    actor_label: e.actor.label,
    action: e.action,
    target_type: e.target.type,
    target_id: e.target.id,
    outcome: e.outcome,
    summary: e.summary,
    details: JSON.stringify(e.details),
    request_id: e.requestId,
    occurrences: e.repeats?.count ?? 1,
    last_seen_at: e.repeats?.lastAt ?? e.at,
  }
}

/**
 * One batch of rows, newest first, and whether more may follow. Pulled by the consumer: only one
 * batch is in memory however many rows match.
 */
type NextBatch = () => Promise<{ rows: ExportRow[]; more: boolean }>

function streamLines(format: ExportFormat, next: NextBatch): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const toLine = format === 'csv' ? csvLine : ndjsonLine
  let started = false
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let out = ''
        if (!started && format === 'csv') out += CSV_COLUMNS.join(',') + '\r\n'
        started = true
        const { rows, more } = await next()
        for (const r of rows) out += toLine(r)
        if (out) controller.enqueue(encoder.encode(out))
        if (!more) controller.close()
      },
    },
    { highWaterMark: 1 },
  )
}

/** The whole trail (admins), fetched in keyset batches of EXPORT_BATCH rows on `seq`. */
export function streamAuditExport(
  deps: Pick<Deps, 'db'>,
  filters: ExportFilters,
  format: ExportFormat,
): ReadableStream<Uint8Array> {
  const where = whereOf(filters)
  let before: number | null = null
  return streamLines(format, async () => {
    const rows = await readBatch(deps, where, before)
    const last = rows.at(-1)
    if (last) before = last.seq
    return { rows, more: rows.length === EXPORT_BATCH }
  })
}

/**
 * What one user may see of the trail (their exocorps, their coding agents), exactly as the list
 * `GET /api/registry/audit-events` answers it: its pages, EXPORT_BATCH events at a time.
 */
export function streamAuditExportSeenBy(
  deps: Pick<Deps, 'db'>,
  userId: string,
  filters: ExportFilters,
  format: ExportFormat,
  limitedAgent: Parameters<typeof listAuditEventsSeenBy>[3] = null,
): ReadableStream<Uint8Array> {
  let cursor: string | undefined
  return streamLines(format, async () => {
    const page = await listAuditEventsSeenBy(deps, userId, { ...filters, cursor, limit: EXPORT_BATCH }, limitedAgent)
    cursor = page.nextCursor ?? undefined
    return { rows: page.items.map(rowOf), more: page.nextCursor !== null }
  })
}
