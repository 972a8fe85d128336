import type { AuditQuery } from '@exocorp/shared/audit'
import { audit, type AppContext } from '../http/context'
import type { ExportFormat } from '../services/audit-export'

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
}

/**
 * An audit export as an attachment (admins' whole trail, or an owner's own): the export is itself
 * audited, then the rows stream with flat memory (services/audit-export.ts).
 */
export async function auditExportResponse(
  c: AppContext,
  format: ExportFormat,
  filters: Omit<AuditQuery, 'cursor' | 'limit'>,
  body: ReadableStream<Uint8Array>,
) {
  await audit(c, {
    action: 'audit.exported',
    target: { type: 'audit_events', id: null },
    outcome: 'succeeded',
    summary: `Exported audit events as ${format.toUpperCase()}`,
    details: { format, filters },
  })
  const stamp = c.get('deps').clock.now().toISOString().replace(/[:.]/g, '-')
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="audit-events-${stamp}.${format}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
