import { Hono } from 'hono'
import { AuditQuerySchema } from '@exocorp/shared/audit'
import { audit, type AppContext, type AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { polledJson } from '../http/etag'
import { polled } from '../http/respond'
import { validate } from '../http/validate'
import { listAuditEvents } from '../services/audit'
import { streamAuditExport, type ExportFormat } from '../services/audit-export'

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
}

async function exportResponse(c: AppContext, format: ExportFormat, query: ReturnType<typeof AuditQuerySchema.parse>) {
  const { cursor: _cursor, limit: _limit, ...filters } = query
  await audit(c, {
    action: 'audit.exported',
    target: { type: 'audit_events', id: null },
    outcome: 'succeeded',
    summary: `Exported audit events as ${format.toUpperCase()}`,
    details: { format, filters },
  })
  const stamp = c.get('deps').clock.now().toISOString().replace(/[:.]/g, '-')
  return new Response(streamAuditExport(c.get('deps'), filters, format), {
    status: 200,
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="audit-events-${stamp}.${format}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}

/** Mounted at /api/admin/audit-events: the whole trail, and its exports streamed with flat memory. */
export const adminAuditRoutes = new Hono<AppEnv>()
  .get('/', polled(guard.admin), validate('query', AuditQuerySchema), async (c) =>
    polledJson(c, () => listAuditEvents(c.get('deps'), c.req.valid('query'))),
  )
  .get('/export.csv', guard.admin, validate('query', AuditQuerySchema), (c) => exportResponse(c, 'csv', c.req.valid('query')))
  .get('/export.ndjson', guard.admin, validate('query', AuditQuerySchema), (c) =>
    exportResponse(c, 'ndjson', c.req.valid('query')),
  )
