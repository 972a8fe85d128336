import { and, asc, count, desc, eq, gte, inArray, or, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { AdminCompanyDetail, AdminCompanyQuery, AdminCompanyRow, Health, RuntimeStats } from '@exocorp/shared/companies'
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

const SORT_COLUMNS = {
  name: companies.name,
  createdAt: companies.createdAt,
  updatedAt: companies.updatedAt,
  status: companies.status,
  owner: users.email,
} satisfies Record<AdminCompanyQuery['sort'], SQLiteColumn>

export function likePattern(q: string) {
  return `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
}

/** `LIKE` with a backslash escape, case-insensitive on both databases (PostgreSQL's LIKE is not). */
export const contains = (column: SQLiteColumn, pattern: string) => sql`lower(${column}) LIKE ${pattern} ESCAPE '\\'`

/**
 * The admin fleet table: server-side filter, sort and keyset pagination over every exocorp. Reads
 * one page (plus one row) through the indexes; never the whole table.
 */
export async function listAdminCompanies(deps: Pick<Deps, 'db'>, viewerId: string, query: AdminCompanyQuery) {
  const col = SORT_COLUMNS[query.sort]
  const ascending = query.order === 'asc'
  const direction = ascending ? asc : desc
  const beyond = (column: SQLiteColumn, value: string) => (ascending ? sql`${column} > ${value}` : sql`${column} < ${value}`)
  const where: (SQL | undefined)[] = []
  if (query.status) where.push(eq(companies.status, query.status))
  if (query.channel) where.push(eq(companies.channel, query.channel))
  if (query.health) where.push(eq(companies.health, query.health))
  if (query.q?.trim()) {
    const p = likePattern(query.q.trim().toLowerCase())
    where.push(or(contains(companies.name, p), contains(companies.slug, p)))
  }
  const after = decodeCursor(query.cursor, pairCursor)
  if (after) where.push(or(beyond(col, after[0]), and(sql`${col} = ${after[0]}`, beyond(companies.id, after[1]))))
  const rows = await deps.db
    .select({
      id: companies.id,
      slug: companies.slug,
      name: companies.name,
      status: companies.status,
      health: companies.health,
      channel: companies.channel,
      installedVersion: companies.installedVersion,
      createdAt: companies.createdAt,
      updatedAt: companies.updatedAt,
      ownerId: users.id,
      ownerEmail: users.email,
      memberCount: sql<number>`(SELECT count(*) FROM ${memberships} WHERE ${memberships.companyId} = ${companies.id})`.mapWith(
        Number,
      ),
      sortValue: sql<string>`${col}`,
    })
    .from(companies)
    .innerJoin(users, eq(users.id, companies.ownerUserId))
    .where(and(...where))
    .orderBy(direction(col), direction(companies.id))
    .limit(query.limit + 1)
  const page = rows.slice(0, query.limit)
  const ids = page.map((r) => r.id)
  const readiness = await coverageFor(deps, ids)
  const jobsById = await latestJobs(deps, ids)
  const items: AdminCompanyRow[] = page.map((r) => {
    const job = jobsById.get(r.id)
    return {
      id: r.id,
      slug: r.slug,
      name: r.name,
      status: r.status,
      health: r.health,
      channel: r.channel,
      installedVersion: r.installedVersion,
      role: r.ownerId === viewerId ? 'owner' : 'member',
      providerReadiness: readiness.get(r.id) ?? { configured: 0, total: 0, missingRequired: [], willAutoBind: [] },
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      owner: { id: r.ownerId, email: r.ownerEmail },
      memberCount: r.memberCount,
      latestJob: job ? { id: job.id, action: job.action, status: job.status, finishedAt: job.finishedAt } : null,
    }
  })
  const last = page.at(-1)
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.sortValue, last.id]) : null }
}

export interface AdminViewer {
  id: string
  /** Platform owners act; admins only read, so their `allowedActions` are all off. */
  canAct: boolean
}

export async function adminCompanyDetail(
  deps: Pick<Deps, 'db' | 'env'>,
  viewer: AdminViewer,
  companyId: string,
): Promise<AdminCompanyDetail> {
  const company = await findCompany(deps, companyId)
  if (!company) throw AppError.notFound('Exocorp')
  return adminDetailOf(deps, viewer, company)
}

export async function adminDetailOf(
  deps: Pick<Deps, 'db' | 'env'>,
  viewer: AdminViewer,
  company: CompanyRow,
): Promise<AdminCompanyDetail> {
  const [owner] = await deps.db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, company.ownerUserId))
    .limit(1)
  const [members] = await deps.db.select({ n: count() }).from(memberships).where(eq(memberships.companyId, company.id))
  const role = (await membershipOf(deps, company.id, viewer.id)) ?? 'member'
  return { ...(await toDetail(deps, company, role, viewer.canAct)), owner: owner!, memberCount: members?.n ?? 0 }
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i]!
}

/** Fleet-wide numbers for the admin landing: grouped counts through indexes, not row loads. */
export async function runtimeStats(deps: Pick<Deps, 'db' | 'clock'>, capacity: DriverCapacity): Promise<RuntimeStats> {
  const now = deps.clock.now()
  const byStatus = zeroByStatus()
  let total = 0
  for (const r of await deps.db.select({ status: companies.status, n: count() }).from(companies).groupBy(companies.status)) {
    byStatus[r.status] = r.n
    total += r.n
  }
  const byHealth: Record<Health, number> = { healthy: 0, unreachable: 0, unknown: 0 }
  for (const r of await deps.db
    .select({ health: companies.health, n: count() })
    .from(companies)
    .where(inArray(companies.status, ['running', 'paused']))
    .groupBy(companies.health)) {
    byHealth[r.health] = r.n
  }
  const countJobs = async (where: SQL | undefined) => (await deps.db.select({ n: count() }).from(jobs).where(where))[0]?.n ?? 0
  const inFlight = await countJobs(inArray(jobs.status, ['queued', 'running']))
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString()
  const finished = (status: 'failed' | 'succeeded') => countJobs(and(eq(jobs.status, status), gte(jobs.finishedAt, dayAgo)))
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString()
  const spans = await deps.db
    .select({ startedAt: jobs.startedAt, finishedAt: jobs.finishedAt })
    .from(jobs)
    .where(
      and(
        eq(jobs.status, 'succeeded'),
        gte(jobs.finishedAt, weekAgo),
        inArray(jobs.action, ['provision', 'update', 'reprovision', 'rollback']),
      ),
    )
    .limit(10_000)
  // From the ISO strings in JS: date arithmetic is spelled differently by every database.
  const durations = spans
    .map((r) => Math.max(0, Date.parse(r.finishedAt ?? '') - Date.parse(r.startedAt ?? '')))
    .filter((ms) => Number.isFinite(ms))
    .sort((a, b) => a - b)
  return {
    total,
    byStatus,
    byHealth,
    jobs: { inFlight, failedLast24h: await finished('failed'), succeededLast24h: await finished('succeeded') },
    provisioningMs: { p50: percentile(durations, 50), p95: percentile(durations, 95), samples: durations.length },
    capacity: { driver: capacity.driver, maxRuntimes: capacity.maxRuntimes, running: capacity.running },
    generatedAt: now.toISOString(),
  }
}
