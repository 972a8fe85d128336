import { http, HttpResponse } from 'msw'
import { db } from '../mock-db'
import { apiError, requireUser } from '../http'

export const usageHandlers = [
  http.get('/api/runtime/billing/usage', ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const q = new URL(request.url).searchParams
    const companyId = q.get('companyId')
    const company = db.fleet.companies.find((c) => c.id === companyId && c.ownerId === user.id)
    if (companyId && !company) return apiError(404, 'not_found', 'No such exocorp')
    const mine = new Set(db.fleet.companies.filter((c) => c.ownerId === user.id).map((c) => c.id))
    const items = db.fleet.usage.filter((u) => (companyId ? u.companyId === companyId : mine.has(u.companyId)))
    const limit = Number(q.get('limit') ?? 50)
    return HttpResponse.json({ items: items.slice(0, limit), nextCursor: null })
  }),
]
