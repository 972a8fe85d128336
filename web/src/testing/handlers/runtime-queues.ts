import { http, HttpResponse } from 'msw'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { LIFECYCLE_ACTIONS, type Health } from '@exocorp/shared/companies'
import {
  QueueJobsQuerySchema,
  spikeOf,
  type QueueJob,
  type QueueJobPage,
  type RuntimeQueues,
} from '@exocorp/shared/runtime-queues'
import { deploymentsOf } from '../mock-fleet'
import { db } from '../mock-db'
import { adminGuard, apiError } from '../http'

/*
 * The runtime queues of the mocked backend (decision 041), derived from the mock's own jobs (each
 * exocorp's job in flight and its history) with the contract's spike rule, like the BFF.
 */

const HOUR = 3_600_000

function allJobs(): QueueJob[] {
  return db.fleet.companies.flatMap((c) =>
    deploymentsOf(c, db.fleet).map((d) => ({
      id: d.id,
      action: d.action,
      status: d.status,
      companyId: c.id,
      companySlug: c.slug,
      companyStatus: c.status,
      attempts: d.attempts,
      error: d.error,
      leaseOwner: null,
      createdAt: d.createdAt,
      startedAt: d.startedAt,
      finishedAt: d.finishedAt,
    })),
  )
}

export const runtimeQueueHandlers = [
  http.get(ADMIN_API.runtimeQueues.path, () => {
    const denied = adminGuard(false)
    if (denied) return denied
    const now = Date.now()
    const jobs = allJobs()
    const within = (iso: string | null, from: number, to: number) =>
      iso !== null && Date.parse(iso) >= from && Date.parse(iso) < to
    const actions = LIFECYCLE_ACTIONS.map((action) => {
      const mine = jobs.filter((j) => j.action === action)
      const queued = mine.filter((j) => j.status === 'queued')
      const row = {
        action,
        queued: queued.length,
        running: mine.filter((j) => j.status === 'running').length,
        oldestQueuedAt: queued.map((j) => j.createdAt).sort()[0] ?? null,
        failedLastHour: mine.filter((j) => j.status === 'failed' && within(j.finishedAt, now - HOUR, Infinity)).length,
        succeededLastHour: mine.filter((j) => j.status === 'succeeded' && within(j.finishedAt, now - HOUR, Infinity)).length,
        failedPerHourBefore:
          Math.round(
            (mine.filter((j) => j.status === 'failed' && within(j.finishedAt, now - 25 * HOUR, now - HOUR)).length / 24) * 100,
          ) / 100,
      }
      return { ...row, spike: spikeOf(row) }
    }).sort(
      (a, b) =>
        Number(b.spike !== null) - Number(a.spike !== null) ||
        b.queued + b.running + b.failedLastHour - (a.queued + a.running + a.failedLastHour) ||
        a.action.localeCompare(b.action),
    )
    const byHealth: Record<Health, number> = { healthy: 0, unreachable: 0, unknown: 0 }
    const live = db.fleet.companies.filter((c) => c.status === 'running' || c.status === 'paused')
    for (const c of live) byHealth[c.health] += 1
    const workloads = db.workloads
    const body: RuntimeQueues = {
      generatedAt: new Date(now).toISOString(),
      actions,
      totals: {
        queued: actions.reduce((n, a) => n + a.queued, 0),
        running: actions.reduce((n, a) => n + a.running, 0),
        failedLastHour: actions.reduce((n, a) => n + a.failedLastHour, 0),
        oldestQueuedAt:
          actions
            .map((a) => a.oldestQueuedAt)
            .filter((x): x is string => x !== null)
            .sort()[0] ?? null,
      },
      runtimes: { byHealth, capacity: { driver: 'local', maxRuntimes: 50, running: live.length, available: 50 - live.length } },
      workloads: {
        starting: workloads.filter((w) => w.status === 'starting').length,
        running: workloads.filter((w) => w.status === 'running').length,
        failedLastHour: workloads.filter((w) => w.status === 'failed' && within(w.finishedAt, now - HOUR, Infinity)).length,
        stoppedLastHour: workloads.filter((w) => w.status === 'stopped' && within(w.finishedAt, now - HOUR, Infinity)).length,
      },
    }
    return HttpResponse.json(body)
  }),
  http.get(ADMIN_API.runtimeQueueJobs.path, ({ request }) => {
    const denied = adminGuard(false)
    if (denied) return denied
    const parsed = QueueJobsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid')
    const q = parsed.data
    const all = allJobs()
      .filter((j) => (!q.action || j.action === q.action) && (!q.status || j.status === q.status))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
    const start = q.cursor ? Number(q.cursor) : 0
    const body: QueueJobPage = {
      items: all.slice(start, start + q.limit),
      nextCursor: start + q.limit < all.length ? String(start + q.limit) : null,
    }
    return HttpResponse.json(body)
  }),
]
