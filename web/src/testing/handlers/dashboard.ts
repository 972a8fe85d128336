import { http, HttpResponse } from 'msw'
import { CompanyStatusSchema, type CompanyStatus, type DashboardSummary } from '@exocorp/shared/companies'
import { db } from '../mock-db'
import { toSummary } from '../mock-fleet'
import { requireUser } from '../http'

export const dashboardHandlers = [
  http.get('/api/dashboard/summary', () => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const mine = db.fleet.companies
      .filter((c) => c.ownerId === user.id && c.status !== 'destroyed')
      .map((c) => toSummary(c, db.fleet, user.id))
    // The contract's record is keyed by the status enum, so every status is present (zero or more).
    const byStatus = Object.fromEntries(CompanyStatusSchema.options.map((s) => [s, 0])) as Record<CompanyStatus, number>
    for (const c of mine) byStatus[c.status] += 1
    const body: DashboardSummary = {
      total: mine.length,
      byStatus,
      coverage: {
        configured: mine.reduce((n, c) => n + c.providerReadiness.configured, 0),
        total: mine.reduce((n, c) => n + c.providerReadiness.total, 0),
      },
    }
    return HttpResponse.json(body)
  }),
]
