import { and, asc, eq, lt, or } from 'drizzle-orm'
import type { Deps } from '../deps'
import { writeTx } from '../db/client'
import { jobs } from '../db/schema/companies'
import type { LifecycleContext } from '../services/lifecycle/context'
import type { JobRow } from '../services/lifecycle/jobs'
import { failAbandonedJob, runLeasedJob } from '../services/lifecycle/runner'

export interface JobWorker {
  /** Begins polling and answering wake-ups (after boot recovery). */
  start(): void
  /** Claims and runs whatever is runnable now. */
  tick(): void
  /** Resolves once no job is running in this process. */
  idle(): Promise<void>
  stop(): Promise<void>
}

type WorkerDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'env'>

type Claim = { kind: 'run'; job: JobRow } | { kind: 'abandon'; job: JobRow } | null

/**
 * Claims one runnable job inside `BEGIN IMMEDIATE`: a queued one, or one whose lease expired (its
 * worker died). An expired job with attempts left is resumed; one without is failed with a reason.
 */
export function claimNextJob(deps: WorkerDeps, ctx: LifecycleContext): Claim {
  return writeTx(deps.db, () => {
    const now = deps.clock.now()
    const nowIso = now.toISOString()
    const job = deps.db
      .select()
      .from(jobs)
      .where(or(eq(jobs.status, 'queued'), and(eq(jobs.status, 'running'), lt(jobs.leaseExpiresAt, nowIso))))
      .orderBy(asc(jobs.createdAt))
      .limit(1)
      .get()
    if (!job) return null
    if (job.status === 'running' && job.attempts >= job.maxAttempts) return { kind: 'abandon', job }
    const claimed: Partial<JobRow> = {
      status: 'running',
      leaseOwner: ctx.workerId,
      leaseExpiresAt: new Date(now.getTime() + ctx.leaseMs).toISOString(),
      heartbeatAt: nowIso,
      attempts: job.attempts + 1,
      startedAt: job.startedAt ?? nowIso,
    }
    deps.db.update(jobs).set(claimed).where(eq(jobs.id, job.id)).run()
    return { kind: 'run', job: { ...job, ...claimed } }
  })
}

/**
 * The BFF's job runner: woken when a job is queued, and polling every half lease so jobs whose
 * worker died (SIGKILL) are picked up within one lease after it expired.
 */
export function createJobWorker(
  deps: WorkerDeps,
  ctx: LifecycleContext,
  options: { concurrency?: number; pollMs?: number } = {},
): JobWorker {
  const concurrency = options.concurrency ?? 4
  const running = new Set<Promise<unknown>>()
  let stopped = false
  let waiters: (() => void)[] = []

  const settle = () => {
    if (running.size === 0) {
      for (const w of waiters) w()
      waiters = []
    }
  }

  const tick = () => {
    if (stopped) return
    while (running.size < concurrency) {
      let claim: Claim
      try {
        claim = claimNextJob(deps, ctx)
      } catch (err) {
        deps.log.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'job claim failed')
        return
      }
      if (!claim) return
      const { job } = claim
      const work =
        claim.kind === 'abandon'
          ? failAbandonedJob(deps, ctx, job)
          : (deps.log.info(
              { jobId: job.id, action: job.action, attempt: job.attempts },
              job.attempts > 1 ? 'job resumed' : 'job started',
            ),
            runLeasedJob(deps, ctx, job.id))
      const p: Promise<unknown> = work
        .catch((err: unknown) =>
          deps.log.error({ jobId: job.id, err: { message: err instanceof Error ? err.message : String(err) } }, 'job crashed'),
        )
        .finally(() => {
          running.delete(p)
          settle()
          // A slot freed up: take the next one.
          setImmediate(tick)
        })
      running.add(p)
    }
  }

  const pollMs = options.pollMs ?? Math.max(100, Math.floor(ctx.leaseMs / 2))
  let timer: NodeJS.Timeout | null = null

  return {
    start() {
      if (timer || stopped) return
      timer = setInterval(tick, pollMs)
      timer.unref()
      ctx.wake = () => setImmediate(tick)
      setImmediate(tick)
    },
    tick,
    idle: () => (running.size === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r))),
    async stop() {
      stopped = true
      if (timer) clearInterval(timer)
      ctx.wake = () => {}
      await Promise.allSettled([...running])
    },
  }
}
