import { and, count, desc, eq, gte, inArray, lt, min, or, sql, type SQL } from 'drizzle-orm'
import { LIFECYCLE_ACTIONS, type Health, type LifecycleAction } from '@exocorp/shared/companies'
import {
  spikeOf,
  type ActionQueue,
  type QueueJobPage,
  type QueueJobsQuery,
  type RuntimeQueues,
} from '@exocorp/shared/runtime-queues'
import type { Deps } from '../deps'
import { companies, jobs } from '../db/schema/companies'
import { workloads } from '../db/schema/workloads'
import type { DriverCapacity } from '../runtime/driver'
import { decodeCursor, encodeCursor, pairCursor } from '../lib/cursor'

// Runtime queues (issue 17 item 5, decision 041): what an operator checks before a rollout — the
// lifecycle job queue per action, runtimes by health against the driver's capacity, and the
// agents' workloads. Every count is a grouped, index-backed query (jobs_status_idx for what is in
// flight, jobs_finished_idx for the last hours); nothing loads the table.

const HOUR = 3_600_000

export async function runtimeQueues(deps: Pick<Deps, 'db' | 'clock'>, capacity: DriverCapacity): Promise<RuntimeQueues> {
  const now = deps.clock.now()
  const hourAgo = new Date(now.getTime() - HOUR).toISOString()
  const dayBefore = new Date(now.getTime() - 25 * HOUR).toISOString()

  const inFlight = await deps.db
    .select({ action: jobs.action, status: jobs.status, n: count(), oldest: min(jobs.createdAt) })
    .from(jobs)
    .where(inArray(jobs.status, ['queued', 'running']))
    .groupBy(jobs.action, jobs.status)
  const recent = await deps.db
    .select({ action: jobs.action, status: jobs.status, n: count() })
    .from(jobs)
    .where(and(inArray(jobs.status, ['failed', 'succeeded']), gte(jobs.finishedAt, hourAgo)))
    .groupBy(jobs.action, jobs.status)
  const before = await deps.db
    .select({ action: jobs.action, n: count() })
    .from(jobs)
    .where(and(eq(jobs.status, 'failed'), gte(jobs.finishedAt, dayBefore), lt(jobs.finishedAt, hourAgo)))
    .groupBy(jobs.action)

  const rows = new Map<LifecycleAction, Omit<ActionQueue, 'spike'>>(
    LIFECYCLE_ACTIONS.map((action) => [
      action,
      { action, queued: 0, running: 0, oldestQueuedAt: null, failedLastHour: 0, succeededLastHour: 0, failedPerHourBefore: 0 },
    ]),
  )
  for (const r of inFlight) {
    const row = rows.get(r.action)
    if (!row) continue
    if (r.status === 'queued') {
      row.queued = Number(r.n)
      row.oldestQueuedAt = r.oldest ?? null
    } else row.running = Number(r.n)
  }
  for (const r of recent) {
    const row = rows.get(r.action)
    if (!row) continue
    if (r.status === 'failed') row.failedLastHour = Number(r.n)
    else row.succeededLastHour = Number(r.n)
  }
  for (const r of before) {
    const row = rows.get(r.action)
    if (row) row.failedPerHourBefore = Math.round((Number(r.n) / 24) * 100) / 100
  }
  const actions = [...rows.values()]
    .map((r) => ({ ...r, spike: spikeOf(r) }))
    .sort(
      (a, b) =>
        Number(b.spike !== null) - Number(a.spike !== null) ||
        b.queued + b.running + b.failedLastHour - (a.queued + a.running + a.failedLastHour) ||
        a.action.localeCompare(b.action),
    )
  const oldest = actions.map((a) => a.oldestQueuedAt).filter((x): x is string => x !== null)

  const byHealth: Record<Health, number> = { healthy: 0, unreachable: 0, unknown: 0 }
  for (const r of await deps.db
    .select({ health: companies.health, n: count() })
    .from(companies)
    .where(inArray(companies.status, ['running', 'paused']))
    .groupBy(companies.health)) {
    byHealth[r.health] = Number(r.n)
  }

  const wl = { starting: 0, running: 0, failedLastHour: 0, stoppedLastHour: 0 }
  for (const r of await deps.db
    .select({ status: workloads.status, n: count() })
    .from(workloads)
    .where(or(inArray(workloads.status, ['starting', 'running']), gte(workloads.finishedAt, hourAgo)))
    .groupBy(workloads.status)) {
    if (r.status === 'starting') wl.starting = Number(r.n)
    else if (r.status === 'running') wl.running = Number(r.n)
    else if (r.status === 'failed') wl.failedLastHour = Number(r.n)
    else wl.stoppedLastHour = Number(r.n)
  }

  return {
    generatedAt: now.toISOString(),
    actions,
    totals: {
      queued: actions.reduce((n, a) => n + a.queued, 0),
      running: actions.reduce((n, a) => n + a.running, 0),
      failedLastHour: actions.reduce((n, a) => n + a.failedLastHour, 0),
      oldestQueuedAt: oldest.length ? oldest.sort()[0]! : null,
    },
    runtimes: {
      byHealth,
      capacity: { ...capacity, available: Math.max(0, capacity.maxRuntimes - capacity.running) },
    },
    workloads: wl,
  }
}

/** The drill-down: jobs of an action and/or status, newest first, keyset-paged on (created_at, id). */
export async function listQueueJobs(deps: Pick<Deps, 'db'>, q: QueueJobsQuery): Promise<QueueJobPage> {
  const where: (SQL | undefined)[] = []
  if (q.action) where.push(eq(jobs.action, q.action))
  if (q.status) where.push(eq(jobs.status, q.status))
  const after = decodeCursor(q.cursor, pairCursor)
  if (after) {
    const [at, id] = after
    where.push(or(lt(jobs.createdAt, at), and(eq(jobs.createdAt, at), sql`${jobs.id} < ${id}`)))
  }
  const rows = await deps.db
    .select({ j: jobs, slug: companies.slug, companyStatus: companies.status })
    .from(jobs)
    .innerJoin(companies, eq(companies.id, jobs.companyId))
    .where(and(...where))
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  return {
    items: page.map(({ j, slug, companyStatus }) => ({
      id: j.id,
      action: j.action,
      status: j.status,
      companyId: j.companyId,
      companySlug: slug,
      companyStatus,
      attempts: Number(j.attempts),
      error: j.error,
      leaseOwner: j.leaseOwner,
      createdAt: j.createdAt,
      startedAt: j.startedAt,
      finishedAt: j.finishedAt,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.j.createdAt, last.j.id]) : null,
  }
}
