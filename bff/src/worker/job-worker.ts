import { and, asc, eq, gt, lt, ne, notExists, or } from 'drizzle-orm'
import type { Deps } from '../deps'
import { skipLocked } from '../db/portable'
import { jobs } from '../db/schema/companies'
import { instances, runtimes } from '../db/schema/runtimes'
import { instanceCutoff, type LifecycleContext } from '../services/lifecycle/context'
import type { JobRow } from '../services/lifecycle/jobs'
import { failAbandonedJob, runLeasedJob } from '../services/lifecycle/runner'
import { JOBS_CHANNEL } from '../services/lifecycle/runtimes'

export interface JobWorker {
  /** Begins polling and answering wake-ups (after boot recovery). */
  start(): void
  /** Claims and runs whatever is runnable now; resolves once the claiming is done (never rejects). */
  tick(): Promise<void>
  /** Resolves once no claim is under way and no job is running in this process. */
  idle(): Promise<void>
  stop(): Promise<void>
}

type WorkerDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'env'>

type Claim = { kind: 'run'; job: JobRow } | { kind: 'abandon'; job: JobRow } | null

/** Candidates looked at per claim when other instances keep winning the race for them. */
const CLAIM_TRIES = 5

const message = (err: unknown) => (err instanceof Error ? err.message : String(err))

/**
 * Claims one runnable job: a queued one, or one whose lease expired (its worker died). An expired
 * job with attempts left is resumed; one without is failed with a reason (its lease is taken first,
 * so only one instance fails it). On PostgreSQL the candidate is read `FOR UPDATE SKIP LOCKED`,
 * so instances claiming at once take different jobs; the claim itself is an UPDATE conditional on
 * the row still being runnable as read, so a race that gets past that still has one winner.
 */
export async function claimNextJob(deps: WorkerDeps, ctx: LifecycleContext): Promise<Claim> {
  for (let i = 0; i < CLAIM_TRIES; i++) {
    const claim = await deps.db.write(async (tx): Promise<Claim | 'lost'> => {
      const now = deps.clock.now()
      const nowIso = now.toISOString()
      const runnable = or(eq(jobs.status, 'queued'), and(eq(jobs.status, 'running'), lt(jobs.leaseExpiresAt, nowIso)))
      // A runtime another live instance owns is that instance's to act on (decision 024).
      const ownedElsewhere = tx
        .select({ id: runtimes.companyId })
        .from(runtimes)
        .innerJoin(instances, eq(instances.id, runtimes.hostId))
        .where(
          and(
            eq(runtimes.companyId, jobs.companyId),
            ne(runtimes.hostId, ctx.hostId),
            gt(instances.heartbeatAt, instanceCutoff(ctx, now)),
          ),
        )
      const [job] = await skipLocked(
        tx,
        tx
          .select()
          .from(jobs)
          .where(and(runnable, notExists(ownedElsewhere)))
          .orderBy(asc(jobs.createdAt), asc(jobs.id))
          .limit(1),
      )
      if (!job) return null
      const abandon = job.status === 'running' && job.attempts >= job.maxAttempts
      const lease: Partial<JobRow> = {
        leaseOwner: ctx.workerId,
        leaseExpiresAt: new Date(now.getTime() + ctx.leaseMs).toISOString(),
        heartbeatAt: nowIso,
      }
      const claimed: Partial<JobRow> = abandon
        ? lease
        : { ...lease, status: 'running', attempts: job.attempts + 1, startedAt: job.startedAt ?? nowIso }
      const won = await tx
        .update(jobs)
        .set(claimed)
        .where(and(eq(jobs.id, job.id), eq(jobs.attempts, job.attempts), runnable))
        .returning({ id: jobs.id })
      if (won.length !== 1) return 'lost'
      return { kind: abandon ? 'abandon' : 'run', job: { ...job, ...claimed } }
    })
    if (claim !== 'lost') return claim
  }
  return null
}

/**
 * The BFF's job runner: woken when a job is queued, and polling every half lease so jobs whose
 * worker died (SIGKILL) are picked up within one lease after it expired. Claiming is single-flight
 * (a tick asked for while one runs makes that one go round again), so ticks never overlap.
 */
export function createJobWorker(
  deps: WorkerDeps,
  ctx: LifecycleContext,
  options: { concurrency?: number; pollMs?: number } = {},
): JobWorker {
  const concurrency = options.concurrency ?? 4
  const running = new Set<Promise<unknown>>()
  let stopped = false
  let claiming: Promise<void> | null = null
  let again = false

  const runClaimed = ({ kind, job }: NonNullable<Claim>) => {
    if (kind === 'run') {
      deps.log.info(
        { jobId: job.id, action: job.action, attempt: job.attempts },
        job.attempts > 1 ? 'job resumed' : 'job started',
      )
    }
    const work = kind === 'abandon' ? failAbandonedJob(deps, ctx, job) : runLeasedJob(deps, ctx, job.id)
    const p: Promise<unknown> = work
      .catch((err: unknown) => deps.log.error({ jobId: job.id, err: { message: message(err) } }, 'job crashed'))
      .finally(() => {
        running.delete(p)
        // A slot freed up: take the next one.
        if (!stopped) setImmediate(() => void tick())
      })
    running.add(p)
  }

  const claimWhileRoom = async () => {
    do {
      again = false
      while (!stopped && running.size < concurrency) {
        const claim = await claimNextJob(deps, ctx)
        if (!claim) break
        runClaimed(claim)
      }
    } while (again && !stopped)
  }

  const tick = (): Promise<void> => {
    if (stopped) return Promise.resolve()
    if (claiming) {
      again = true
      return claiming
    }
    claiming = claimWhileRoom()
      .catch((err: unknown) => deps.log.error({ err: { message: message(err) } }, 'job claim failed'))
      .finally(() => {
        claiming = null
      })
    return claiming
  }

  const pollMs = options.pollMs ?? Math.max(100, Math.floor(ctx.leaseMs / 2))
  let timer: NodeJS.Timeout | null = null
  let stopListening = async () => {}
  let unsubscribe = () => {}

  return {
    start() {
      if (timer || stopped) return
      timer = setInterval(() => void tick(), pollMs)
      timer.unref()
      const wake = () => setImmediate(() => void tick())
      unsubscribe = ctx.jobsQueued.subscribe(wake)
      setImmediate(() => void tick())
      // Another instance queued a job for a runtime this one owns: claim it now, not at the next poll.
      void deps.db
        .listen(JOBS_CHANNEL, (hostId) => {
          if (hostId === ctx.hostId) wake()
        })
        .then((unlisten) => {
          if (stopped) void unlisten()
          else stopListening = unlisten
        })
        .catch((err: unknown) => deps.log.warn({ err: { message: message(err) } }, 'cannot listen for jobs; polling only'))
    },
    tick,
    async idle() {
      // A finished job may claim the next one: wait until neither a claim nor a job is left.
      while (claiming || running.size > 0) {
        await claiming
        await Promise.allSettled([...running])
      }
    },
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      await stopListening()
      unsubscribe()
      await claiming
      await Promise.allSettled([...running])
    },
  }
}
