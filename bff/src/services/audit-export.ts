import type { AuditEvent, AuditQuery } from '@exocorp/shared/audit'
import type { Deps } from '../deps'
import { listAuditEvents } from './audit'

export const EXPORT_BATCH = 2000
export type ExportFormat = 'csv' | 'ndjson'

type ExportFilters = Omit<AuditQuery, 'cursor' | 'limit'>

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

function csvLine(e: AuditEvent): string {
  const cells = [
    e.id,
    e.at,
    e.actor.type,
    e.actor.id,
    e.actor.label,
    e.action,
    e.target.type,
    e.target.id,
    e.outcome,
    e.summary,
    JSON.stringify(e.details),
    e.requestId,
  ]
  return cells.map(csvCell).join(',') + '\r\n'
}

const ndjsonLine = (e: AuditEvent) => JSON.stringify(e) + '\n'

/**
 * Newest first, fetched in keyset batches of EXPORT_BATCH rows on `seq` and pulled by the
 * consumer: only one batch is in memory however many rows match.
 */
export function streamAuditExport(
  deps: Pick<Deps, 'db'>,
  filters: ExportFilters,
  format: ExportFormat,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const toLine = format === 'csv' ? csvLine : ndjsonLine
  let cursor: string | undefined
  let started = false
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        let out = ''
        if (!started && format === 'csv') out += CSV_COLUMNS.join(',') + '\r\n'
        started = true
        // The same query, filters and keyset paging as the audit explorer's list, in bigger pages.
        const page = listAuditEvents(deps, { ...filters, cursor, limit: EXPORT_BATCH })
        for (const e of page.items) out += toLine(e)
        if (out) controller.enqueue(encoder.encode(out))
        if (page.nextCursor === null) controller.close()
        else cursor = page.nextCursor
      },
    },
    { highWaterMark: 1 },
  )
}
