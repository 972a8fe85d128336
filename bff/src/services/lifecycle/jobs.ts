import { and, desc, eq, inArray, sql } from 'drizzle-orm'
import { JobPhaseSchema, LifecycleActionSchema, type Job, type JobPhase, type JobPhaseName } from '@exocorp/shared/companies'
import { z } from 'zod/mini'
import type { Deps } from '../../deps'
import { jobs } from '../../db/schema/companies'
import { PHASE_LABELS } from './state-machine'

export type JobRow = typeof jobs.$inferSelect

export const IN_FLIGHT: readonly JobRow['status'][] = ['queued', 'running']

const PhasesSchema = z.array(JobPhaseSchema)

export function parsePhases(json: string): JobPhase[] {
  const r = PhasesSchema.safeParse(JSON.parse(json))
  return r.success ? r.data : []
}

export function freshPhases(names: readonly JobPhaseName[]): JobPhase[] {
  return names.map((name) => ({
    name,
    label: PHASE_LABELS[name],
    status: 'pending',
    startedAt: null,
    finishedAt: null,
    note: null,
  }))
}

export function toJob(row: JobRow): Job {
  const phases = parsePhases(row.phases)
  const done = phases.filter((p) => p.status === 'succeeded' || p.status === 'skipped' || p.status === 'failed').length
  const total = phases.length
  const finished = row.status === 'succeeded' || row.status === 'failed'
  const current = total === 0 ? 0 : finished ? total : Math.min(done + 1, total)
  return {
    id: row.id,
    companyId: row.companyId,
    action: LifecycleActionSchema.parse(row.action),
    status: row.status,
    phases,
    progress: { current, total },
    attempts: row.attempts,
    error: row.error,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  }
}

export function inFlightJob(deps: Pick<Deps, 'db'>, companyId: string): JobRow | null {
  return (
    deps.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.companyId, companyId), inArray(jobs.status, [...IN_FLIGHT])))
      .get() ?? null
  )
}

export function latestJob(deps: Pick<Deps, 'db'>, companyId: string): JobRow | null {
  return (
    deps.db
      .select()
      .from(jobs)
      .where(eq(jobs.companyId, companyId))
      .orderBy(desc(jobs.createdAt), desc(sql`jobs.rowid`))
      .limit(1)
      .get() ?? null
  )
}

export function findJob(deps: Pick<Deps, 'db'>, jobId: string): JobRow | null {
  return deps.db.select().from(jobs).where(eq(jobs.id, jobId)).get() ?? null
}

/** The latest job of each company, in one query (admin tables show it per row). */
export function latestJobs(deps: Pick<Deps, 'db'>, companyIds: string[]): Map<string, JobRow> {
  const out = new Map<string, JobRow>()
  if (companyIds.length === 0) return out
  const rows = deps.db.$client
    .prepare(
      `SELECT id, company_id AS companyId, action, status, finished_at AS finishedAt FROM (
         SELECT j.*, row_number() OVER (PARTITION BY company_id ORDER BY created_at DESC, rowid DESC) AS rn
         FROM jobs j WHERE company_id IN (SELECT value FROM json_each(?))
       ) WHERE rn = 1`,
    )
    .all(JSON.stringify(companyIds)) as Pick<JobRow, 'id' | 'companyId' | 'action' | 'status' | 'finishedAt'>[]
  for (const r of rows) out.set(r.companyId, r as JobRow)
  return out
}
