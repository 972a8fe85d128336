import { and, eq, inArray, notExists, sql } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies, jobs } from '../../db/schema/companies'
import { recordAudit, SYSTEM_ACTOR } from '../audit'
import type { LifecycleContext } from './context'
import { requestLifecycleAction } from './engine'
import { inFlightJob } from './jobs'
import { runLeasedJob } from './runner'

const LIVE = ['running', 'paused', 'provisioning', 'starting'] as const

/**
 * Runs once at boot, before the worker starts: re-attaches runtimes a previous BFF process left
 * (after a graceful exit they are all still there; after a crash, those within the orphan grace),
 * ends the ones nothing should run, fails exocorps stuck in a transitional status without a job,
 * and brings running and paused exocorps whose runtime is gone back into that state. Stopped ones
 * stay stopped. Jobs with expired leases are the worker's to resume or fail.
 */
type RecoveryDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'env'>

export async function recoverOnBoot(deps: RecoveryDeps, ctx: LifecycleContext) {
  const rows = await deps.db
    .select({
      id: companies.id,
      slug: companies.slug,
      status: companies.status,
      pid: companies.runtimePid,
      endpoint: companies.runtimeEndpoint,
    })
    .from(companies)
    .where(inArray(companies.status, [...LIVE]))
  const handles = await ctx.driver.reconcile(rows.map((r) => ({ companyId: r.id, pid: r.pid, endpoint: r.endpoint })))
  const live = new Map(handles.map((h) => [h.companyId, h]))
  for (const h of handles) {
    const row = rows.find((r) => r.id === h.companyId)
    if (!row) {
      // Not something we expect to run: end it rather than leave an orphan.
      await ctx.driver.stop(h.companyId).catch(() => {})
      continue
    }
    if (row.pid !== h.pid || row.endpoint !== h.endpoint) {
      await deps.db.write(async (tx) => {
        await tx.update(companies).set({ runtimePid: h.pid, runtimeEndpoint: h.endpoint }).where(eq(companies.id, row.id))
      })
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
  for (const c of stuck) {
    const message = `Found ${c.status} with no job after a restart; marked failed`
    await deps.db.write(async (tx) => {
      await tx
        .update(companies)
        .set({
          status: 'failed',
          health: 'unknown',
          healthCheckedAt: null,
          lastError: message,
          runtimePid: null,
          runtimeEndpoint: null,
          updatedAt: now,
        })
        .where(eq(companies.id, c.id))
    })
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
  for (const r of gone) {
    if (await inFlightJob(deps, r.id)) continue
    try {
      const { job } = await requestLifecycleAction(deps, {
        companyId: r.id,
        action: 'restart',
        actor: SYSTEM_ACTOR,
        access: { kind: 'system' },
        via: 'boot',
      })
      restarted++
      if (r.status === 'paused') await restartPaused(deps, ctx, r.id, job.id)
    } catch (err) {
      deps.log.warn(
        { companyId: r.id, err: { message: err instanceof Error ? err.message : String(err) } },
        'could not restart runtime at boot',
      )
    }
  }
  return { reattached: handles.length, failed: stuck.length, restarted }
}

/** Runs a queued boot restart in this process now, then pauses the exocorp again. */
async function restartPaused(deps: RecoveryDeps, ctx: LifecycleContext, companyId: string, jobId: string) {
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
  if (claimed.length !== 1) return
  const job = await runLeasedJob(deps, ctx, jobId)
  if (job?.status !== 'succeeded') return
  await requestLifecycleAction(deps, {
    companyId,
    action: 'pause',
    actor: SYSTEM_ACTOR,
    access: { kind: 'system' },
    via: 'boot',
  })
}
