import { and, asc, desc, eq, lt, or, isNotNull } from 'drizzle-orm'
import type { ReportWorkloadInput, Runner, Workload, WorkloadStatus } from '@exocorp/shared/workloads'
import type { Deps } from '../deps'
import { runners, workloads } from '../db/schema/workloads'
import { newId, randomToken, sha256Hex } from '../lib/crypto'
import { AppError } from '../lib/errors'

// Workloads and runners (decision 037). Status changes become platform events by trigger
// (migration 0019): workloads for members, runners for owners.

type WorkloadRow = typeof workloads.$inferSelect
type RunnerRow = typeof runners.$inferSelect

const ORDER: Record<WorkloadStatus, number> = { starting: 0, running: 1, stopped: 2, failed: 2 }

function toWorkload(r: WorkloadRow): Workload {
  return { id: r.id, agent: r.agent, title: r.title, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt }
}

/** A runtime's report: a new workload, or a known one moving forward (never back, never after it ended). */
export async function reportWorkload(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  input: ReportWorkloadInput,
): Promise<Workload> {
  const now = deps.clock.now().toISOString()
  const finishedAt = input.status === 'stopped' || input.status === 'failed' ? (input.finishedAt ?? now) : null
  return deps.db.write(async (tx) => {
    const [existing] = await tx.select().from(workloads).where(eq(workloads.id, input.id))
    if (!existing) {
      const row: WorkloadRow = {
        id: input.id,
        companyId,
        agent: input.agent,
        title: input.title,
        status: input.status,
        startedAt: input.startedAt,
        finishedAt,
        updatedAt: now,
      }
      await tx.insert(workloads).values(row)
      return toWorkload(row)
    }
    // Another exocorp's id answers like an unknown one would be refused: never touch it.
    if (existing.companyId !== companyId)
      throw AppError.conflict('workload_id_taken', 'This workload id belongs to another exocorp')
    if (existing.status === input.status) return toWorkload(existing)
    if (ORDER[input.status] <= ORDER[existing.status]) {
      throw AppError.conflict('invalid_transition', `A ${existing.status} workload cannot become ${input.status}`)
    }
    await tx.update(workloads).set({ status: input.status, finishedAt, updatedAt: now }).where(eq(workloads.id, input.id))
    return toWorkload({ ...existing, status: input.status, finishedAt })
  })
}

export async function listWorkloads(
  deps: Pick<Deps, 'db'>,
  companyId: string,
  q: { status?: WorkloadStatus | undefined; sort: 'startedAt' | 'agent' | 'status'; order: 'asc' | 'desc'; limit: number },
): Promise<Workload[]> {
  const column = q.sort === 'agent' ? workloads.agent : q.sort === 'status' ? workloads.status : workloads.startedAt
  const dir = q.order === 'asc' ? asc : desc
  const rows = await deps.db
    .select()
    .from(workloads)
    .where(and(eq(workloads.companyId, companyId), q.status ? eq(workloads.status, q.status) : undefined))
    .orderBy(dir(column), dir(workloads.id))
    .limit(q.limit)
  return rows.map(toWorkload)
}

function toRunner(r: RunnerRow): Runner {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    hostname: r.hostname,
    version: r.version,
    createdAt: r.createdAt,
    enrolledAt: r.enrolledAt,
    lastHeartbeatAt: r.lastHeartbeatAt,
  }
}

const ENROLL_PREFIX = 'exo_run_'
const SECRET_PREFIX = 'exo_rsec_'
/** A runner that missed this many heartbeats is offline. */
const MISSED_BEATS = 3

export async function listRunners(deps: Pick<Deps, 'db'>, companyId: string): Promise<Runner[]> {
  const rows = await deps.db
    .select()
    .from(runners)
    .where(eq(runners.companyId, companyId))
    .orderBy(desc(runners.createdAt), desc(runners.id))
  return rows.map(toRunner)
}

/** A pending runner and its one-time enrollment token (only the SHA-256 is stored). */
export async function createRunner(deps: Pick<Deps, 'db' | 'clock'>, companyId: string, name: string) {
  const token = randomToken(ENROLL_PREFIX)
  const row: RunnerRow = {
    id: newId(),
    companyId,
    name,
    enrollmentTokenHash: sha256Hex(token),
    secretHash: null,
    status: 'pending',
    hostname: null,
    version: null,
    heartbeatMs: 10_000,
    createdAt: deps.clock.now().toISOString(),
    enrolledAt: null,
    lastHeartbeatAt: null,
    revokedAt: null,
  }
  await deps.db.write(async (tx) => {
    await tx.insert(runners).values(row)
  })
  return { runner: toRunner(row), enrollmentToken: token }
}

export async function revokeRunner(deps: Pick<Deps, 'db' | 'clock'>, companyId: string, runnerId: string): Promise<Runner> {
  return deps.db.write(async (tx) => {
    const [row] = await tx
      .select()
      .from(runners)
      .where(and(eq(runners.id, runnerId), eq(runners.companyId, companyId)))
    if (!row) throw AppError.notFound('Runner')
    if (row.status === 'revoked') return toRunner(row)
    const revokedAt = deps.clock.now().toISOString()
    const patch = { status: 'revoked' as const, revokedAt, enrollmentTokenHash: null, secretHash: null }
    await tx.update(runners).set(patch).where(eq(runners.id, runnerId))
    return toRunner({ ...row, ...patch })
  })
}

/** Trades a pending runner's one-time token for a secret; the token never works again. */
export async function enrollRunner(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { token: string; hostname: string; version: string; heartbeatMs: number },
): Promise<{ runnerId: string; secret: string } | null> {
  if (!input.token.startsWith(ENROLL_PREFIX)) return null
  const secret = randomToken(SECRET_PREFIX)
  const now = deps.clock.now().toISOString()
  return deps.db.write(async (tx) => {
    const [row] = await tx
      .select()
      .from(runners)
      .where(eq(runners.enrollmentTokenHash, sha256Hex(input.token)))
    if (!row || row.status !== 'pending') return null
    await tx
      .update(runners)
      .set({
        status: 'enrolled',
        enrollmentTokenHash: null,
        secretHash: sha256Hex(secret),
        hostname: input.hostname,
        version: input.version,
        heartbeatMs: input.heartbeatMs,
        enrolledAt: now,
        lastHeartbeatAt: now,
      })
      .where(eq(runners.id, row.id))
    return { runnerId: row.id, secret }
  })
}

/** A heartbeat with the runner's secret; an offline runner that beats again is enrolled again. */
export async function runnerHeartbeat(deps: Pick<Deps, 'db' | 'clock'>, secret: string | null): Promise<Runner | null> {
  if (!secret?.startsWith(SECRET_PREFIX)) return null
  const now = deps.clock.now().toISOString()
  return deps.db.write(async (tx) => {
    const [row] = await tx
      .select()
      .from(runners)
      .where(eq(runners.secretHash, sha256Hex(secret)))
    if (!row || row.status === 'revoked') return null
    await tx.update(runners).set({ status: 'enrolled', lastHeartbeatAt: now }).where(eq(runners.id, row.id))
    return toRunner({ ...row, status: 'enrolled', lastHeartbeatAt: now })
  })
}

/** Marks enrolled runners that missed MISSED_BEATS heartbeats offline; returns how many. */
export async function sweepOfflineRunners(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock.now().getTime()
  const enrolled = await deps.db
    .select({ id: runners.id, last: runners.lastHeartbeatAt, beat: runners.heartbeatMs })
    .from(runners)
    .where(and(eq(runners.status, 'enrolled'), isNotNull(runners.lastHeartbeatAt)))
  const gone = enrolled.filter((r) => now - Date.parse(r.last!) > r.beat * MISSED_BEATS).map((r) => r.id)
  if (gone.length === 0) return 0
  await deps.db.write(async (tx) => {
    for (const id of gone) {
      // Only if it is still silent: a heartbeat that landed meanwhile wins.
      const cutoff = (r: number) => new Date(now - r * MISSED_BEATS).toISOString()
      const [r] = await tx.select({ beat: runners.heartbeatMs }).from(runners).where(eq(runners.id, id))
      if (!r) continue
      await tx
        .update(runners)
        .set({ status: 'offline' })
        .where(and(eq(runners.id, id), eq(runners.status, 'enrolled'), or(lt(runners.lastHeartbeatAt, cutoff(r.beat)))))
    }
  })
  return gone.length
}

/** Runs the sweep every `everyMs` (main.ts); returns a stop function. */
export function startRunnerSweeper(deps: Pick<Deps, 'db' | 'clock' | 'log'>, everyMs = 1_000): () => void {
  const timer = setInterval(() => {
    void sweepOfflineRunners(deps).catch((err: unknown) =>
      deps.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'runner sweep failed'),
    )
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
