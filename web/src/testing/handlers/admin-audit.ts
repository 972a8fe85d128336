import { http, HttpResponse } from 'msw'
import { AuditQuerySchema, type AuditEvent, type AuditPage, type AuditQuery } from '@exocorp/shared/audit'
import { db } from '../mock-db'
import { apiError, requireUser } from '../http'

function matching(q: AuditQuery): AuditEvent[] {
  return db.audit.filter(
    (e) =>
      (!q.actorId || e.actor.id === q.actorId) &&
      (!q.actorType || e.actor.type === q.actorType) &&
      (!q.action || e.action === q.action) &&
      (!q.targetType || e.target.type === q.targetType) &&
      (!q.targetId || e.target.id === q.targetId) &&
      (!q.outcome || e.outcome === q.outcome) &&
      (!q.from || e.at >= new Date(q.from).toISOString()) &&
      (!q.to || e.at <= new Date(q.to).toISOString()),
  )
}

function parseQuery(request: Request) {
  const { user, denied } = requireUser()
  if (denied) return { query: null, denied }
  if (user.role === 'user') return { query: null, denied: apiError(403, 'forbidden', 'This needs the admin role') }
  const parsed = AuditQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
  if (!parsed.success) return { query: null, denied: apiError(400, 'validation_failed', 'Some query parameters are invalid') }
  return { query: parsed.data, denied: null }
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

export const adminAuditHandlers = [
  http.get('/api/admin/audit-events', ({ request }) => {
    const { query, denied } = parseQuery(request)
    if (denied) return denied
    const rows = matching(query)
    const offset = Number(query.cursor ?? 0) || 0
    const page: AuditPage = {
      items: rows.slice(offset, offset + query.limit),
      nextCursor: offset + query.limit < rows.length ? String(offset + query.limit) : null,
    }
    return HttpResponse.json(page)
  }),

  http.get('/api/admin/audit-events/export.csv', ({ request }) => {
    const { query, denied } = parseQuery(request)
    if (denied) return denied
    const header = 'at,actor_type,actor_id,actor_label,action,target_type,target_id,outcome,summary'
    const lines = matching(query).map((e) =>
      [e.at, e.actor.type, e.actor.id ?? '', e.actor.label, e.action, e.target.type, e.target.id ?? '', e.outcome, e.summary]
        .map(csvCell)
        .join(','),
    )
    return new HttpResponse([header, ...lines].join('\n') + '\n', {
      headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="audit-events.csv"' },
    })
  }),

  http.get('/api/admin/audit-events/export.ndjson', ({ request }) => {
    const { query, denied } = parseQuery(request)
    if (denied) return denied
    return new HttpResponse(
      matching(query)
        .map((e) => JSON.stringify(e) + '\n')
        .join(''),
      {
        headers: {
          'content-type': 'application/x-ndjson',
          'content-disposition': 'attachment; filename="audit-events.ndjson"',
        },
      },
    )
  }),
]
