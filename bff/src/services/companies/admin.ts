import { and, count, eq, gte, inArray, sql } from 'drizzle-orm'
import type {
  AdminCompanyDetail,
  AdminCompanyQuery,
  AdminCompanyRow,
  CompanyStatus,
  Health,
  LifecycleAction,
  RuntimeStats,
} from '@exocorp/shared/companies'
import type { Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { companies, jobs, memberships } from '../../db/schema/companies'
import { decodeCursor, encodeCursor, pairCursor } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import type { DriverCapacity } from '../../runtime/driver'
import { coverageFor } from '../catalog/bindings'
import { latestJobs } from '../lifecycle/jobs'
import { findCompany, membershipOf, type CompanyRow } from './access'
import { zeroByStatus } from './companies'
import { toDetail } from './views'

const SORT_COLUMNS: Record<AdminCompanyQuery['sort'], string> = {
  name: 'c.name',
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
  status: 'c.status',
  owner: 'u.email',
}

type RawRow = {
  id: string
  slug: string
  name: string
  status: CompanyStatus
  health: Health
  channel: 'stable' | 'beta' | 'canary'
  installed_version: string | null
  created_at: string
  updated_at: string
  owner_id: string
  owner_email: string
  member_count: number
  sort_value: string
}

function likePattern(q: string) {
  return `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
}

/**
 * The admin fleet table: server-side filter, sort and keyset pagination over every exocorp. Reads
 * one page (plus one row) through the indexes; never the whole table.
 */
export function listAdminCompanies(deps: Pick<Deps, 'db'>, viewerId: string, query: AdminCompanyQuery) {
  const col = SORT_COLUMNS[query.sort]
  const dir = query.order === 'asc' ? 'ASC' : 'DESC'
  const cmp = query.order === 'asc' ? '>' : '<'
  const where: string[] = []
  const params: unknown[] = []
  if (query.status) {
    where.push('c.status = ?')
    params.push(query.status)
  }
  if (query.channel) {
    where.push('c.channel = ?')
    params.push(query.channel)
  }
  if (query.health) {
    where.push('c.health = ?')
    params.push(query.health)
  }
  if (query.q?.trim()) {
    where.push("(c.name LIKE ? ESCAPE '\\' OR c.slug LIKE ? ESCAPE '\\')")
    const p = likePattern(query.q.trim().toLowerCase())
    params.push(p, p)
  }
  const after = decodeCursor(query.cursor, pairCursor)
  if (after) {
    where.push(`(${col} ${cmp} ? OR (${col} = ? AND c.id ${cmp} ?))`)
    params.push(after[0], after[0], after[1])
  }
  const text = `
    SELECT c.id, c.slug, c.name, c.status, c.health, c.channel, c.installed_version, c.created_at, c.updated_at,
           u.id AS owner_id, u.email AS owner_email,
           (SELECT count(*) FROM memberships m WHERE m.company_id = c.id) AS member_count,
           ${col} AS sort_value
    FROM companies c JOIN users u ON u.id = c.owner_user_id
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${col} ${dir}, c.id ${dir}
    LIMIT ?`
  const rows = deps.db.$client.prepare(text).all(...params, query.limit + 1) as RawRow[]
  const page = rows.slice(0, query.limit)
  const readiness = coverageFor(
    deps,
    page.map((r) => r.id),
  )
  const jobsById = latestJobs(
    deps,
    page.map((r) => r.id),
  )
  const items: AdminCompanyRow[] = page.map((r) => {
    const job = jobsById.get(r.id)
    return {
      id: r.id,
      slug: r.slug,
      name: r.name,
      status: r.status,
      health: r.health,
      channel: r.channel,
      installedVersion: r.installed_version,
      role: r.owner_id === viewerId ? 'owner' : 'member',
      providerReadiness: readiness.get(r.id) ?? { configured: 0, total: 0, missingRequired: [], willAutoBind: [] },
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      owner: { id: r.owner_id, email: r.owner_email },
      memberCount: r.member_count,
      latestJob: job
        ? { id: job.id, action: job.action as LifecycleAction, status: job.status, finishedAt: job.finishedAt }
        : null,
    }
  })
  const last = page.at(-1)
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.sort_value, last.id]) : null }
}

export interface AdminViewer {
  id: string
  /** Platform owners act; admins only read, so their `allowedActions` are all off. */
  canAct: boolean
}

export function adminCompanyDetail(deps: Pick<Deps, 'db' | 'env'>, viewer: AdminViewer, companyId: string): AdminCompanyDetail {
  const company = findCompany(deps, companyId)
  if (!company) throw AppError.notFound('Exocorp')
  return adminDetailOf(deps, viewer, company)
}

export function adminDetailOf(deps: Pick<Deps, 'db' | 'env'>, viewer: AdminViewer, company: CompanyRow): AdminCompanyDetail {
  const owner = deps.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, company.ownerUserId))
    .get()!
  const members = deps.db.select({ n: count() }).from(memberships).where(eq(memberships.companyId, company.id)).get()?.n ?? 0
  const role = membershipOf(deps, company.id, viewer.id) ?? 'member'
  return { ...toDetail(deps, company, role, viewer.canAct), owner, memberCount: members }
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

/** Fleet-wide numbers for the admin landing: grouped counts through indexes, not row loads. */
export function runtimeStats(deps: Pick<Deps, 'db' | 'clock'>, capacity: DriverCapacity): RuntimeStats {
  const now = deps.clock.now()
  const byStatus = zeroByStatus()
  let total = 0
  for (const r of deps.db.select({ status: companies.status, n: count() }).from(companies).groupBy(companies.status).all()) {
    byStatus[r.status] = r.n
    total += r.n
  }
  const byHealth: Record<Health, number> = { healthy: 0, unreachable: 0, unknown: 0 }
  for (const r of deps.db
    .select({ health: companies.health, n: count() })
    .from(companies)
    .where(inArray(companies.status, ['running', 'paused']))
    .groupBy(companies.health)
    .all()) {
    byHealth[r.health] = r.n
  }
  const inFlight =
    deps.db
      .select({ n: count() })
      .from(jobs)
      .where(inArray(jobs.status, ['queued', 'running']))
      .get()?.n ?? 0
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString()
  const finished = (status: 'failed' | 'succeeded') =>
    deps.db
      .select({ n: count() })
      .from(jobs)
      .where(and(eq(jobs.status, status), gte(jobs.finishedAt, dayAgo)))
      .get()?.n ?? 0
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString()
  const durations = deps.db
    .select({ ms: sql<number>`(julianday(${jobs.finishedAt}) - julianday(${jobs.startedAt})) * 86400000.0` })
    .from(jobs)
    .where(
      and(
        eq(jobs.status, 'succeeded'),
        gte(jobs.finishedAt, weekAgo),
        inArray(jobs.action, ['provision', 'update', 'reprovision', 'rollback']),
      ),
    )
    .limit(10_000)
    .all()
    .map((r) => Math.max(0, Math.round(r.ms)))
    .sort((a, b) => a - b)
  return {
    total,
    byStatus,
    byHealth,
    jobs: { inFlight, failedLast24h: finished('failed'), succeededLast24h: finished('succeeded') },
    provisioningMs: { p50: percentile(durations, 50), p95: percentile(durations, 95), samples: durations.length },
    capacity: { driver: capacity.driver, maxRuntimes: capacity.maxRuntimes, running: capacity.running },
    generatedAt: now.toISOString(),
  }
}
