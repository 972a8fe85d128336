import { http, HttpResponse } from 'msw'
import type { AuditPage } from '@exocorp/shared/audit'
import { db } from '../mock-db'
import { apiError, requireUser } from '../http'

export const adminAuditHandlers = [
  http.get('/api/admin/audit-events', ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    if (user.role === 'user') return apiError(403, 'forbidden', 'This needs the admin role')
    const url = new URL(request.url)
    const limit = Number(url.searchParams.get('limit') ?? 50)
    const page: AuditPage = { items: db.audit.slice(0, limit), nextCursor: null }
    return HttpResponse.json(page)
  }),
]
