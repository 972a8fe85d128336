import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm'
import type {
  ClaimedWorkload,
  EnqueueWorkloadInput,
  QueuedWorkload,
  ReportWorkloadInput,
  Runner,
  Workload,
  WorkloadList,
  WorkloadRunner,
  WorkloadStatus,
} from '@exocorp/shared/workloads'
import type { Deps } from '../deps'
import { runners, workloadQueue, workloads } from '../db/schema/workloads'
import { lockRows, skipLocked } from '../db/portable'
import { newId, randomToken, sha256Hex } from '../lib/crypto'
import { decodeCursor, encodeCursor, pairCursor } from '../lib/cursor'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import { AppError } from '../lib/errors'

// Workloads and runners (decision 037). Status changes become platform events by trigger
// (migration 0019): workloads for members, runners for owners.

type WorkloadRow = typeof workloads.$inferSelect
type RunnerRow = typeof runners.$inferSelect

const ORDER: Record<WorkloadStatus, number> = { starting: 0, running: 1, stopped: 2, failed: 2 }

function toWorkload(r: WorkloadRow, runner: WorkloadRunner | null): Workload {
  return {
    id: r.id,
    agent: r.agent,
    title: r.title,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    runner,
  }
}

/**
 * A report: a new workload, or a known one moving forward (never back, never after it ended).
 * `runner` is the enrolled runner executing it (decision 039), or null for the runtime's own work;
 * a workload never moves between the two.
 */
export async function reportWorkload(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  input: ReportWorkloadInput,
  runner: WorkloadRunner | null = null,
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
        runnerId: runner?.id ?? null,
      }
      await tx.insert(workloads).values(row)
      return toWorkload(row, runner)
    }
    // Another exocorp's id (or another reporter's) answers like an unknown one would be refused: never touch it.
    if (existing.companyId !== companyId || existing.runnerId !== (runner?.id ?? null))
      throw AppError.conflict('workload_id_taken', 'This workload id belongs to another exocorp or runner')
    if (existing.status === input.status) return toWorkload(existing, runner)
    if (ORDER[input.status] <= ORDER[existing.status]) {
      throw AppError.conflict('invalid_transition', `A ${existing.status} workload cannot become ${input.status}`)
    }
    await tx.update(workloads).set({ status: input.status, finishedAt, updatedAt: now }).where(eq(workloads.id, input.id))
    return toWorkload({ ...existing, status: input.status, finishedAt }, runner)
  })
}

const SORT_COLUMNS = { startedAt: workloads.startedAt, agent: workloads.agent, status: workloads.status }

/** Server-side filter and sort, keyset-paged on (sort column, id): one page plus one row is read. */
export async function listWorkloads(
  deps: Pick<Deps, 'db'>,
  companyId: string,
  q: {
    status?: WorkloadStatus | undefined
    sort: 'startedAt' | 'agent' | 'status'
    order: 'asc' | 'desc'
    limit: number
    cursor?: string | undefined
  },
): Promise<WorkloadList> {
  const column = SORT_COLUMNS[q.sort]
  const ascending = q.order === 'asc'
  const dir = ascending ? asc : desc
  const beyond = (col: SQLiteColumn, value: string) => (ascending ? sql`${col} > ${value}` : sql`${col} < ${value}`)
  const where: (SQL | undefined)[] = [eq(workloads.companyId, companyId)]
  if (q.status) where.push(eq(workloads.status, q.status))
  const after = decodeCursor(q.cursor, pairCursor)
  if (after) where.push(or(beyond(column, after[0]), and(sql`${column} = ${after[0]}`, beyond(workloads.id, after[1]))))
  const rows = await deps.db
    .select({ w: workloads, runnerName: runners.name })
    .from(workloads)
    .leftJoin(runners, eq(runners.id, workloads.runnerId))
    .where(and(...where))
    .orderBy(dir(column), dir(workloads.id))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)?.w
  return {
    items: page.map(({ w, runnerName }) =>
      toWorkload(w, w.runnerId && runnerName !== null ? { id: w.runnerId, name: runnerName } : null),
    ),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last[q.sort], last.id]) : null,
  }
}

/**
 * A workload report from a runner, with its own secret (decision 039): the workload is placed on
 * that runner and belongs to the runner's exocorp. Null when the secret is unknown or revoked.
 */
export async function reportRunnerWorkload(
  deps: Pick<Deps, 'db' | 'clock'>,
  secret: string | null,
  input: ReportWorkloadInput,
): Promise<Workload | null> {
  if (!secret?.startsWith(SECRET_PREFIX)) return null
  const [row] = await deps.db
    .select({ id: runners.id, name: runners.name, companyId: runners.companyId, status: runners.status })
    .from(runners)
    .where(eq(runners.secretHash, sha256Hex(secret)))
  if (!row || row.status === 'revoked') return null
  return reportWorkload(deps, row.companyId, input, { id: row.id, name: row.name })
}

/** A runner that is gone (revoked, or silent) lost what it was running: those workloads fail. */
async function failRunnerWorkloads(tx: Pick<Deps, 'db'>['db'], runnerId: string, now: string) {
  await tx
    .update(workloads)
    .set({ status: 'failed', finishedAt: now, updatedAt: now })
    .where(and(eq(workloads.runnerId, runnerId), inArray(workloads.status, ['starting', 'running'])))
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
    await failRunnerWorkloads(tx, runnerId, revokedAt)
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
      const marked = await tx
        .update(runners)
        .set({ status: 'offline' })
        .where(and(eq(runners.id, id), eq(runners.status, 'enrolled'), or(lt(runners.lastHeartbeatAt, cutoff(r.beat)))))
        .returning({ id: runners.id })
      if (marked.length === 1) await failRunnerWorkloads(tx, id, new Date(now).toISOString())
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

// The workload queue (decision 053). Placement rule: an exocorp's queued workload goes to one of
// ITS runners that is enrolled (not pending, offline or revoked — i.e. heartbeating) and has no
// unfinished workload; runners pull, so the next idle runner to ask takes the oldest queued one.
// With none such, it stays queued. The claim moves the row from the queue into `workloads` as
// `starting` on that runner in one write transaction (PostgreSQL: FOR UPDATE SKIP LOCKED on the
// queue row; SQLite: the single writer), so two runners never get the same workload.

type QueueRow = typeof workloadQueue.$inferSelect

const toQueued = (r: QueueRow): QueuedWorkload => ({
  id: r.id,
  agent: r.agent,
  title: r.title,
  status: 'queued',
  queuedAt: r.queuedAt,
})

export async function enqueueWorkload(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  input: EnqueueWorkloadInput,
): Promise<QueuedWorkload> {
  const row: QueueRow = {
    id: `wl_${randomToken().slice(0, 24)}`,
    companyId,
    agent: input.agent,
    title: input.title,
    queuedAt: deps.clock.now().toISOString(),
  }
  await deps.db.write(async (tx) => {
    await tx.insert(workloadQueue).values(row)
  })
  return toQueued(row)
}

export async function listWorkloadQueue(deps: Pick<Deps, 'db'>, companyId: string): Promise<QueuedWorkload[]> {
  const rows = await deps.db
    .select()
    .from(workloadQueue)
    .where(eq(workloadQueue.companyId, companyId))
    .orderBy(asc(workloadQueue.queuedAt), asc(workloadQueue.id))
    .limit(200)
  return rows.map(toQueued)
}

/**
 * A runner asks for work with its secret. Null when the secret is unknown or revoked (401);
 * `{ workload: null }` when it may not take work now (offline, busy) or nothing is queued.
 */
export async function claimRunnerWorkload(
  deps: Pick<Deps, 'db' | 'clock'>,
  secret: string | null,
): Promise<ClaimedWorkload | null> {
  if (!secret?.startsWith(SECRET_PREFIX)) return null
  const now = deps.clock.now().toISOString()
  return deps.db.write(async (tx) => {
    const [runner] = await tx
      .select({ id: runners.id, companyId: runners.companyId, status: runners.status })
      .from(runners)
      .where(eq(runners.secretHash, sha256Hex(secret)))
    if (!runner || runner.status === 'revoked') return null
    if (runner.status !== 'enrolled') return { workload: null }
    // One claim per runner at a time (PostgreSQL: its row lock; SQLite: the writer), so the busy check holds.
    await lockRows(tx, 'runners', runner.id)
    const [busy] = await tx
      .select({ id: workloads.id })
      .from(workloads)
      .where(and(eq(workloads.runnerId, runner.id), inArray(workloads.status, ['starting', 'running'])))
      .limit(1)
    if (busy) return { workload: null }
    const [next] = await skipLocked(
      tx,
      tx
        .select()
        .from(workloadQueue)
        .where(eq(workloadQueue.companyId, runner.companyId))
        .orderBy(asc(workloadQueue.queuedAt), asc(workloadQueue.id))
        .limit(1),
    )
    if (!next) return { workload: null }
    const taken = await tx.delete(workloadQueue).where(eq(workloadQueue.id, next.id)).returning({ id: workloadQueue.id })
    if (taken.length !== 1) return { workload: null }
    await tx.insert(workloads).values({
      id: next.id,
      companyId: runner.companyId,
      agent: next.agent,
      title: next.title,
      status: 'starting',
      startedAt: now,
      finishedAt: null,
      updatedAt: now,
      runnerId: runner.id,
    })
    return { workload: { id: next.id, agent: next.agent, title: next.title, startedAt: now } }
  })
}
