import { and, eq, inArray, isNull, lt, ne, notExists, or, sql } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies, jobs } from '../../db/schema/companies'
import { deploymentTargets } from '../../db/schema/deployments'
import { instances, runtimes } from '../../db/schema/runtimes'
import { parseTargetConfig, targetDataDir } from '../deployments/targets'
import { recordAudit, SYSTEM_ACTOR } from '../audit'
import { instanceCutoff, type LifecycleContext } from './context'
import { requestLifecycleAction } from './engine'
import { inFlightJob, waitForJob } from './jobs'
import { runLeasedJob } from './runner'
import { forgetRuntime, openControlToken, recordRuntime } from './runtimes'

const LIVE = ['running', 'paused', 'provisioning', 'starting'] as const

/**
 * Runs once at boot, before the worker starts: re-attaches runtimes a previous BFF process left
 * (after a graceful exit they are all still there; after a crash, those within the orphan grace),
 * ends the ones nothing should run, fails exocorps stuck in a transitional status without a job,
 * and brings running and paused exocorps whose runtime is gone back into that state. Stopped ones
 * stay stopped. Jobs with expired leases are the worker's to resume or fail.
 */
type RecoveryDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'env' | 'lifecycle'>

export async function recoverOnBoot(deps: RecoveryDeps, ctx: LifecycleContext) {
  // What this instance owns (by its stable id), and live exocorps nobody owns yet (a crash between
  // spawning a runtime and recording it). Runtimes other instances own are theirs to re-attach.
  const rows = await deps.db
    .select({
      id: companies.id,
      slug: companies.slug,
      status: companies.status,
      hostId: runtimes.hostId,
      pid: runtimes.pid,
      endpoint: runtimes.endpoint,
      controlToken: runtimes.controlToken,
      targetId: deploymentTargets.id,
      targetConfig: deploymentTargets.config,
    })
    .from(companies)
    .leftJoin(runtimes, eq(runtimes.companyId, companies.id))
    .leftJoin(deploymentTargets, eq(deploymentTargets.id, companies.deploymentTargetId))
    .where(and(inArray(companies.status, [...LIVE]), or(eq(runtimes.hostId, ctx.hostId), isNull(runtimes.companyId))))
  const handles = await ctx.driver.reconcile(
    rows.map((r) => ({
      companyId: r.id,
      pid: r.pid,
      endpoint: r.endpoint,
      controlToken: r.hostId ? openControlToken(deps.env, { companyId: r.id, controlToken: r.controlToken }) : null,
      // Each target's driver re-attaches its own runtimes (decision 054).
      placement:
        r.targetId && r.targetConfig
          ? { targetId: r.targetId, dataDir: targetDataDir(deps.env, parseTargetConfig({ config: r.targetConfig })) }
          : null,
    })),
  )
  const live = new Map(handles.map((h) => [h.companyId, h]))
  for (const h of handles) {
    const row = rows.find((r) => r.id === h.companyId)
    if (!row) {
      // Not something we expect to run: end it rather than leave an orphan.
      await ctx.driver.stop(h.companyId).catch(() => {})
      continue
    }
    if (row.hostId !== ctx.hostId || row.pid !== h.pid || row.endpoint !== h.endpoint) {
      const now = deps.clock.now().toISOString()
      await deps.db.write((tx) => recordRuntime(tx, deps.env, { hostId: ctx.hostId, driver: ctx.driver.name }, h, now))
    }
  }

  const now = deps.clock.now().toISOString()
  const stuck = await deps.db
    .select({ id: companies.id, slug: companies.slug, status: companies.status })
    .from(companies)
    .where(
      and(
        inArray(companies.status, ['provisioning', 'starting']),
        notExists(
          deps.db
            .select({ id: jobs.id })
            .from(jobs)
            .where(and(eq(jobs.companyId, companies.id), inArray(jobs.status, ['queued', 'running']))),
        ),
      ),
    )
  let failed = 0
  for (const c of stuck) {
    const message = `Found ${c.status} with no job after a restart; marked failed`
    // Conditional: another instance starting at the same time may have failed it already.
    const changed = await deps.db.write(async (tx) => {
      const rows = await tx
        .update(companies)
        .set({ status: 'failed', health: 'unknown', healthCheckedAt: null, lastError: message, updatedAt: now })
        .where(and(eq(companies.id, c.id), eq(companies.status, c.status)))
        .returning({ id: companies.id })
      if (rows.length > 0) await forgetRuntime(tx, c.id)
      return rows.length > 0
    })
    if (!changed) continue
    failed++
    await ctx.driver.stop(c.id).catch(() => {})
    await recordAudit(deps, {
      actor: SYSTEM_ACTOR,
      action: 'lifecycle.recovered',
      target: { type: 'company', id: c.id },
      outcome: 'failed',
      summary: `${c.slug}: ${message}`,
      details: { from: c.status },
    })
  }

  // Running or paused with no runtime left (it died while no BFF watched it): start it again
  // into the state it was in. Running ones get a restart job for the worker; paused ones are
  // restarted here, before the worker and the API start, and paused again, so they never show
  // "running" and their resume works as before.
  const gone = rows.filter((r) => (r.status === 'running' || r.status === 'paused') && !live.has(r.id))
  let restarted = 0
  for (const r of gone) if (await revive(deps, ctx, r.id, r.status, 'boot')) restarted++
  return { reattached: handles.length, failed, restarted }
}

/**
 * Takes over the runtimes of instances that are gone (no heartbeat for a job lease):
 * this instance becomes their owner and starts each again into the state it was in. The old
 * process, if it still runs, ends on its own once its orphan grace is over. Run on every health
 * round; the conditional move lets exactly one surviving instance take each runtime.
 */
export async function takeOverOrphans(deps: RecoveryDeps, ctx: LifecycleContext): Promise<number> {
  const cutoff = instanceCutoff(ctx, deps.clock.now())
  const orphans = await deps.db
    .select({ companyId: runtimes.companyId, hostId: runtimes.hostId, status: companies.status })
    .from(runtimes)
    .innerJoin(companies, eq(companies.id, runtimes.companyId))
    .leftJoin(instances, eq(instances.id, runtimes.hostId))
    .where(and(ne(runtimes.hostId, ctx.hostId), or(isNull(instances.id), lt(instances.heartbeatAt, cutoff))))
  let taken = 0
  for (const o of orphans) {
    const now = deps.clock.now().toISOString()
    const moved = await deps.db.write((tx) =>
      tx
        .update(runtimes)
        .set({ hostId: ctx.hostId, driver: ctx.driver.name, endpoint: null, pid: null, controlToken: null, updatedAt: now })
        .where(and(eq(runtimes.companyId, o.companyId), eq(runtimes.hostId, o.hostId)))
        .returning({ id: runtimes.companyId }),
    )
    if (moved.length === 0) continue
    taken++
    deps.log.warn({ companyId: o.companyId, from: o.hostId }, 'took over the runtime of an instance that is gone')
    if (o.status === 'running' || o.status === 'paused') await revive(deps, ctx, o.companyId, o.status, 'takeover')
  }
  return taken
}

/** Starts a running or paused exocorp's runtime again, into that state; false if it could not. */
async function revive(deps: RecoveryDeps, ctx: LifecycleContext, companyId: string, status: string, via: string) {
  if (await inFlightJob(deps, companyId)) return false
  try {
    const { job } = await requestLifecycleAction(deps, {
      companyId,
      action: 'restart',
      actor: SYSTEM_ACTOR,
      access: { kind: 'system' },
      via,
    })
    if (status === 'paused') await restartPaused(deps, ctx, companyId, job.id, via)
    return true
  } catch (err) {
    deps.log.warn(
      { companyId, via, err: { message: err instanceof Error ? err.message : String(err) } },
      'could not start a runtime again',
    )
    return false
  }
}

/** Runs a queued restart in this process now, then pauses the exocorp again. */
async function restartPaused(deps: RecoveryDeps, ctx: LifecycleContext, companyId: string, jobId: string, via: string) {
  const now = deps.clock.now()
  const claimed = await deps.db.write((tx) =>
    tx
      .update(jobs)
      .set({
        status: 'running',
        leaseOwner: ctx.workerId,
        leaseExpiresAt: new Date(now.getTime() + ctx.leaseMs).toISOString(),
        heartbeatAt: now.toISOString(),
        startedAt: now.toISOString(),
        attempts: sql`${jobs.attempts} + 1`,
      })
      .where(and(eq(jobs.id, jobId), eq(jobs.status, 'queued')))
      .returning({ id: jobs.id }),
  )
  // The worker took it first (a takeover while it runs): wait for it rather than run it twice.
  const job =
    claimed.length === 1 ? await runLeasedJob(deps, ctx, jobId) : await waitForJob(deps, jobId, 2 * ctx.leaseMs + 30_000)
  if (job?.status !== 'succeeded') return
  await requestLifecycleAction(deps, {
    companyId,
    action: 'pause',
    actor: SYSTEM_ACTOR,
    access: { kind: 'system' },
    via,
  })
}
