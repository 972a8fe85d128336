import { Hono } from 'hono'
import { AuditQuerySchema, type AuditQuery } from '@exocorp/shared/audit'
import type { AppContext, AppEnv } from '../http/context'
import { guard } from '../http/guards'
import { polledJson } from '../http/etag'
import { polled } from '../http/respond'
import { validate } from '../http/validate'
import { listAuditEvents } from '../services/audit'
import { streamAuditExport, type ExportFormat } from '../services/audit-export'
import { auditExportResponse } from './audit-export-response'

/** The whole trail's export, itself audited. */
async function exportResponse(c: AppContext, format: ExportFormat, query: AuditQuery) {
  const { cursor: _cursor, limit: _limit, ...filters } = query
  return auditExportResponse(c, format, filters, streamAuditExport(c.get('deps'), filters, format))
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
