import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm'
import {
  JobPhaseSchema,
  type Deployment,
  type DeploymentList,
  type Job,
  type JobPhase,
  type JobPhaseName,
} from '@exocorp/shared/companies'
import { z } from 'zod/mini'
import type { Deps } from '../../deps'
import { jobs } from '../../db/schema/companies'
import { decodeCursor, encodeCursor, pairCursor } from '../../lib/cursor'
import { preparedRead } from '../../db/prepared'
import { PHASE_LABELS } from './state-machine'

export type JobRow = typeof jobs.$inferSelect

/** Bound parameters per statement stay well under both drivers' limits. */
const ID_SLICE = 5_000

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
    action: row.action,
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

const inFlightOf = preparedRead((db) =>
  db
    .select()
    .from(jobs)
    .where(and(eq(jobs.companyId, sql.placeholder('companyId')), inArray(jobs.status, [...IN_FLIGHT])))
    .limit(1)
    .prepare(),
)

export async function inFlightJob(deps: Pick<Deps, 'db'>, companyId: string): Promise<JobRow | null> {
  const [row] = await inFlightOf(deps.db, { companyId })
  return row ?? null
}

/**
 * The job in flight of each of `companyIds` (at most one each: `jobs_one_in_flight_idx`), in one
 * query per slice: a bulk preview of 500 exocorps reads them all at once, not one round trip each.
 */
export async function inFlightJobs(deps: Pick<Deps, 'db'>, companyIds: readonly string[]): Promise<Map<string, JobRow>> {
  const out = new Map<string, JobRow>()
  for (let i = 0; i < companyIds.length; i += ID_SLICE) {
    const rows = await deps.db
      .select()
      .from(jobs)
      .where(and(inArray(jobs.companyId, companyIds.slice(i, i + ID_SLICE)), inArray(jobs.status, [...IN_FLIGHT])))
    for (const row of rows) out.set(row.companyId, row)
  }
  return out
}

/** Newest first: the engine keeps `createdAt` strictly increasing per company, `id` only breaks ties of hand-made rows. */
const NEWEST_FIRST = [desc(jobs.createdAt), desc(jobs.id)] as const

const latestOf = preparedRead((db) =>
  db
    .select()
    .from(jobs)
    .where(eq(jobs.companyId, sql.placeholder('companyId')))
    .orderBy(...NEWEST_FIRST)
    .limit(1)
    .prepare(),
)

export async function latestJob(deps: Pick<Deps, 'db'>, companyId: string): Promise<JobRow | null> {
  const [row] = await latestOf(deps.db, { companyId })
  return row ?? null
}

function toDeployment(row: JobRow): Deployment {
  const finished = row.startedAt && row.finishedAt ? Date.parse(row.finishedAt) - Date.parse(row.startedAt) : null
  return { ...toJob(row), requestedBy: row.requestedBy, durationMs: finished }
}

/** Every job of one exocorp (its deployment history), newest first, keyset-paged on (createdAt, id). */
export async function listDeployments(
  deps: Pick<Deps, 'db'>,
  companyId: string,
  query: { cursor?: string; limit: number },
): Promise<DeploymentList> {
  const after = decodeCursor(query.cursor, pairCursor)
  const rows = await deps.db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.companyId, companyId),
        after ? or(lt(jobs.createdAt, after[0]), and(eq(jobs.createdAt, after[0]), lt(jobs.id, after[1]))) : undefined,
      ),
    )
    .orderBy(...NEWEST_FIRST)
    .limit(query.limit + 1)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map(toDeployment),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt, last.id]) : null,
  }
}

export async function findJob(deps: Pick<Deps, 'db'>, jobId: string): Promise<JobRow | null> {
  const [row] = await deps.db.select().from(jobs).where(eq(jobs.id, jobId)).limit(1)
  return row ?? null
}

/**
 * Resolves with the job once it has finished (succeeded or failed), or with its row as it stands
 * when `timeoutMs` (wall time) ran out: for callers that handed a job to another worker or instance.
 */
export async function waitForJob(deps: Pick<Deps, 'db'>, jobId: string, timeoutMs: number): Promise<JobRow | null> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const job = await findJob(deps, jobId)
    if (!job || job.status === 'succeeded' || job.status === 'failed' || Date.now() >= deadline) return job
    await new Promise((r) => setTimeout(r, 50))
  }
}

export type LatestJobSummary = Pick<JobRow, 'id' | 'companyId' | 'action' | 'status' | 'finishedAt'>

/** The latest job of each company, one query per slice of ids (admin tables show it per row). */
export async function latestJobs(deps: Pick<Deps, 'db'>, companyIds: string[]): Promise<Map<string, LatestJobSummary>> {
  const out = new Map<string, LatestJobSummary>()
  for (let i = 0; i < companyIds.length; i += ID_SLICE) {
    const ranked = deps.db
      .select({
        id: jobs.id,
        companyId: jobs.companyId,
        action: jobs.action,
        status: jobs.status,
        finishedAt: jobs.finishedAt,
        rn: sql<number>`row_number() OVER (PARTITION BY ${jobs.companyId} ORDER BY ${jobs.createdAt} DESC, ${jobs.id} DESC)`
          .mapWith(Number)
          .as('rn'),
      })
      .from(jobs)
      .where(inArray(jobs.companyId, companyIds.slice(i, i + ID_SLICE)))
      .as('ranked')
    const rows = await deps.db
      .select({
        id: ranked.id,
        companyId: ranked.companyId,
        action: ranked.action,
        status: ranked.status,
        finishedAt: ranked.finishedAt,
      })
      .from(ranked)
      .where(eq(ranked.rn, 1))
    for (const r of rows) out.set(r.companyId, r)
  }
  return out
}
