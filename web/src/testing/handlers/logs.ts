import { http, HttpResponse } from 'msw'
import { API } from '@exocorp/shared/api-paths'
import type { Job } from '@exocorp/shared/companies'
import {
  formatLogLine,
  LogDownloadQuerySchema,
  LogLevelSchema,
  LogQuerySchema,
  type LogDownloadFormat,
  type LogLine,
  type LogPage,
} from '@exocorp/shared/logs'
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

/** The owner's exocorp, or the BFF's answer for anyone else (a member 403, others 404). */
function ownedOrDenied(id: unknown): { company: MockCompany; denied?: undefined } | { company?: undefined; denied: Response } {
  const { user, denied } = requireUser()
  if (!user) return { denied }
  const c = db.fleet.companies.find((x) => x.id === id)
  if (!c || c.ownerId !== user.id) {
    const member = c && db.teams.memberships.some((m) => m.companyId === c.id && m.userId === user.id)
    return {
      denied: member
        ? apiError(403, 'forbidden', 'Only the owner of this exocorp can do this')
        : apiError(404, 'not_found', 'No such exocorp'),
    }
  }
  return { company: c }
}

function download(format: LogDownloadFormat) {
  const endpoint = format === 'txt' ? API.registry.logsDownloadText : API.registry.logsDownloadNdjson
  return http.get(endpoint.path, ({ params, request }) => {
    const { company, denied } = ownedOrDenied(params.id)
    if (!company) return denied
    const parsed = LogDownloadQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid', { fields: {} })
    const q = parsed.data
    const levels = LogLevelSchema.options
    const min = q.minLevel ? levels.indexOf(q.minLevel) : 0
    const needle = q.q?.toLowerCase()
    const lines = mockLogLines(company).filter(
      (l) =>
        levels.indexOf(l.level) >= min &&
        (!q.jobId || l.jobId === q.jobId) &&
        (!needle || l.message.toLowerCase().includes(needle)),
    )
    const body = lines.map((l) => (format === 'txt' ? formatLogLine(l) : JSON.stringify(l)) + '\n').join('')
    return new HttpResponse(body, {
      headers: {
        'content-type': format === 'txt' ? 'text/plain; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="${company.slug}-logs.${format === 'txt' ? 'log' : 'ndjson'}"`,
      },
    })
  })
}

export const logHandlers = [
  http.get(API.registry.logs.path, ({ params, request }) => {
    const { company: c, denied } = ownedOrDenied(params.id)
    if (!c) return denied
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
  download('txt'),
  download('ndjson'),
]
