import { http, HttpResponse } from 'msw'
import { API } from '@exocorp/shared/api-paths'
import type { Job } from '@exocorp/shared/companies'
import { LogQuerySchema, type LogLine, type LogPage } from '@exocorp/shared/logs'
import { db } from '../mock-db'
import { advance, jobView, type MockCompany } from '../mock-fleet'
import { apiError, requireUser } from '../http'

// Runtime logs (decision 037), derived from the mock's own state rather than stored: the lines the
// BFF's job runner writes for each phase of the job in flight (or the last one), and the runtime's
// "listening" line once it runs.

function jobLines(job: Job): Omit<LogLine, 'id'>[] {
  return job.phases.flatMap((p) => {
    const out: Omit<LogLine, 'id'>[] = []
    if (p.startedAt) {
      out.push({
        at: p.startedAt,
        level: 'info',
        source: 'job',
        jobId: job.id,
        phase: p.name,
        message: `${job.action}: ${p.label} started`,
      })
    }
    if (p.finishedAt) {
      out.push({
        at: p.finishedAt,
        level: p.status === 'failed' ? 'error' : 'info',
        source: 'job',
        jobId: job.id,
        phase: p.name,
        message: `${job.action}: ${p.label} ${p.status}${p.note ? ` — ${p.note}` : ''}`,
      })
    }
    return out
  })
}

export function mockLogLines(c: MockCompany): LogLine[] {
  advance(c, db.fleet)
  const job = jobView(c, db.fleet) ?? c.lastJob ?? null
  const lines = job ? jobLines(job) : []
  if (c.status === 'running' || c.status === 'paused') {
    lines.push({
      at: c.healthCheckedAt ?? c.updatedAt,
      level: 'info',
      source: 'stderr',
      jobId: null,
      phase: null,
      message: `${c.slug} ${c.installedVersion ?? ''} listening on 127.0.0.1:41000`,
    })
  }
  return lines.map((l, i) => ({ ...l, id: String(i + 1) }))
}

export const logHandlers = [
  http.get(API.registry.logs.path, ({ params, request }) => {
    const { user, denied } = requireUser()
    if (!user) return denied
    const c = db.fleet.companies.find((x) => x.id === params.id)
    if (!c || c.ownerId !== user.id) {
      const member = c && db.teams.memberships.some((m) => m.companyId === c.id && m.userId === user.id)
      return member
        ? apiError(403, 'forbidden', 'Only the owner of this exocorp can do this')
        : apiError(404, 'not_found', 'No such exocorp')
    }
    const parsed = LogQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid', { fields: {} })
    const q = parsed.data
    const needle = q.q?.toLowerCase()
    let items = mockLogLines(c).filter(
      (l) =>
        (!q.level || l.level === q.level) &&
        (!q.jobId || l.jobId === q.jobId) &&
        (!needle || l.message.toLowerCase().includes(needle)) &&
        (q.after === undefined || Number(l.id) > Number(q.after)),
    )
    items = q.after === undefined ? items.slice(-q.limit) : items.slice(0, q.limit)
    const body: LogPage = { items }
    return HttpResponse.json(body)
  }),
]
