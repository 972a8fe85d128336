import { http, HttpResponse } from 'msw'
import {
  ActionInputSchema,
  AdminCompanyQuerySchema,
  CompanyStatusSchema,
  DESTRUCTIVE_ACTIONS,
  HealthSchema,
  type AdminActionResult,
  type AdminCompanyDetail,
  type AdminCompanyRow,
  type AdminRuntime,
  type CompanyStatus,
  type Health,
  type RuntimeStats,
} from '@exocorp/shared/companies'
import { acceptedStatusFor } from '@exocorp/shared/lifecycle'
import { budgetPauseOf } from '../mock-billing'
import { addAudit, db, type MockUser } from '../mock-db'
import { actionRefusal, applyAction, jobView, toDetail, toSummary, type MockCompany } from '../mock-fleet'
import { apiError, requireUser } from '../http'

/** Step-up window for destructive actions on another tenant's exocorp (docs/decisions/005). */
const STEP_UP_MS = 10 * 60_000

/** The signed-in admin, or the 401/403 the BFF sends. */
export function requireAdmin(act = false): { user: MockUser; denied: null } | { user: null; denied: Response } {
  const { user, denied } = requireUser()
  if (denied) return { user: null, denied }
  if (user.role === 'user') return { user: null, denied: apiError(403, 'forbidden', 'This needs the admin role') }
  if (act && user.role !== 'platform_owner') {
    return { user: null, denied: apiError(403, 'forbidden', 'Only platform owners can do this') }
  }
  return { user, denied: null }
}

function ownerOf(c: MockCompany) {
  const u = db.users.find((x) => x.id === c.ownerId)
  return { id: c.ownerId, email: u?.email ?? 'unknown@example.com', name: u?.name ?? 'Unknown' }
}

function toAdminDetail(c: MockCompany): AdminCompanyDetail {
  const owner = ownerOf(c)
  return { ...toDetail(c, db.fleet, c.ownerId, budgetPauseOf(db.billing, c)), owner, memberCount: 1 }
}

function toRow(c: MockCompany): AdminCompanyRow {
  const summary = toSummary(c, db.fleet, c.ownerId)
  const job = jobView(c, db.fleet)
  const { name: _name, ...owner } = ownerOf(c)
  return {
    ...summary,
    owner,
    memberCount: 1,
    latestJob: job ? { id: job.id, action: job.action, status: job.status, finishedAt: null } : null,
  }
}

function find(id: unknown) {
  return db.fleet.companies.find((c) => c.id === id) ?? null
}

export const adminCompanyHandlers = [
  http.get('/api/admin/companies', ({ request }) => {
    const { denied } = requireAdmin()
    if (denied) return denied
    const parsed = AdminCompanyQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some query parameters are invalid')
    const q = parsed.data
    const needle = q.q?.toLowerCase()
    let rows = db.fleet.companies.map(toRow)
    if (needle) rows = rows.filter((r) => [r.name, r.slug, r.owner.email].some((s) => s.toLowerCase().includes(needle)))
    if (q.status) rows = rows.filter((r) => r.status === q.status)
    if (q.channel) rows = rows.filter((r) => r.channel === q.channel)
    if (q.health) rows = rows.filter((r) => r.health === q.health)
    const key = (r: AdminCompanyRow) => (q.sort === 'owner' ? r.owner.email : r[q.sort])
    rows.sort((a, b) => {
      const cmp = key(a).localeCompare(key(b)) || a.id.localeCompare(b.id)
      return q.order === 'asc' ? cmp : -cmp
    })
    const offset = Number(q.cursor ?? 0) || 0
    const page: { items: AdminCompanyRow[]; nextCursor: string | null } = {
      items: rows.slice(offset, offset + q.limit),
      nextCursor: offset + q.limit < rows.length ? String(offset + q.limit) : null,
    }
    return HttpResponse.json(page)
  }),

  http.get('/api/admin/companies/:id/details', ({ params }) => {
    const { denied } = requireAdmin()
    if (denied) return denied
    const c = find(params.id)
    return c ? HttpResponse.json(toAdminDetail(c)) : apiError(404, 'not_found', 'No such exocorp')
  }),

  http.get('/api/admin/companies/:id/runtime', ({ params }) => {
    const { denied } = requireAdmin()
    if (denied) return denied
    const c = find(params.id)
    if (!c) return apiError(404, 'not_found', 'No such exocorp')
    toSummary(c, db.fleet, c.ownerId)
    const live = ['running', 'paused', 'starting'].includes(c.status)
    const runtime: AdminRuntime = {
      companyId: c.id,
      status: c.status,
      health: c.health,
      healthCheckedAt: c.healthCheckedAt,
      driver: 'local',
      endpoint: live ? `http://127.0.0.1:${41000 + (c.slug.length % 100)}` : null,
      pid: live ? 4000 + c.slug.length : null,
      owner: live ? 'console-1' : null,
      version: live ? c.installedVersion : null,
      detail: c.health === 'unreachable' ? 'connect ECONNREFUSED on /healthz' : null,
    }
    return HttpResponse.json(runtime)
  }),

  http.post('/api/admin/companies/:id/actions', async ({ params, request }) => {
    const { user, denied } = requireAdmin(true)
    if (denied) return denied
    const c = find(params.id)
    if (!c) return apiError(404, 'not_found', 'No such exocorp')
    const parsed = ActionInputSchema.safeParse(await request.json())
    if (!parsed.success) return apiError(400, 'validation_failed', 'Unknown action')
    const { action, confirm } = parsed.data
    if (DESTRUCTIVE_ACTIONS.includes(action) && confirm !== c.slug) {
      return apiError(400, 'validation_failed', `Type the exocorp's slug (${c.slug}) to confirm`, {
        reason: 'confirmation_mismatch',
        fields: { confirm: [`Type ${c.slug} to confirm`] },
      })
    }
    const fresh = db.reauthenticatedAt !== null && Date.now() - Date.parse(db.reauthenticatedAt) < STEP_UP_MS
    if (action === 'destroy' && c.ownerId !== user.id && !fresh) {
      return apiError(403, 'reauth_required', 'Confirm your password to destroy another owner’s exocorp')
    }
    toSummary(c, db.fleet, c.ownerId)
    const refusal = actionRefusal(c, action, db.fleet.secrets)
    const target = { type: 'company', id: c.id }
    const actor = { type: 'user' as const, id: user.id, label: user.email }
    if (refusal) {
      addAudit({ actor, action: `admin.company.${action}`, target, outcome: 'failed', summary: refusal.message })
      return apiError(409, 'conflict', refusal.message, { reason: refusal.reason, status: c.status })
    }
    const job = applyAction(c, action, db.fleet, actor.label)
    addAudit({ actor, action: `admin.company.${action}`, target, outcome: 'succeeded', summary: `${action} ${c.slug} (admin)` })
    // The admin's view, as the BFF answers it (owner and member count included).
    const result: AdminActionResult = { company: toAdminDetail(c), job }
    return HttpResponse.json(result, { status: acceptedStatusFor(action) })
  }),

  http.get('/api/admin/runtime-stats', () => {
    const { denied } = requireAdmin()
    if (denied) return denied
    const companies = db.fleet.companies.map((c) => toSummary(c, db.fleet, c.ownerId))
    const byStatus = Object.fromEntries(CompanyStatusSchema.options.map((s) => [s, 0])) as Record<CompanyStatus, number>
    const byHealth = Object.fromEntries(HealthSchema.options.map((h) => [h, 0])) as Record<Health, number>
    for (const c of companies) {
      byStatus[c.status] += 1
      byHealth[c.health] += 1
    }
    const stats: RuntimeStats = {
      total: companies.filter((c) => c.status !== 'destroyed').length,
      byStatus,
      byHealth,
      jobs: {
        inFlight: db.fleet.companies.filter((c) => c.job).length,
        failedLast24h: companies.filter((c) => c.status === 'failed').length,
        succeededLast24h: 4,
      },
      provisioningMs: { p50: 42_000, p95: 95_500, samples: 12 },
      capacity: { driver: 'local', maxRuntimes: 50, running: byStatus.running + byStatus.paused },
      generatedAt: new Date().toISOString(),
    }
    return HttpResponse.json(stats)
  }),
]
