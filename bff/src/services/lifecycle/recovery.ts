import { and, eq, inArray, notExists } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies, jobs } from '../../db/schema/companies'
import { recordAudit, SYSTEM_ACTOR } from '../audit'
import type { LifecycleContext } from './context'
import { requestLifecycleAction } from './engine'

const LIVE = ['running', 'paused', 'provisioning', 'starting'] as const

/**
 * Runs once at boot, before the worker starts: re-attaches runtimes a previous BFF process left
 * (or ends the ones nothing should run), fails exocorps stuck in a transitional status without a
 * job, and restarts running exocorps whose runtime is gone (the desired state is "running").
 * Jobs with expired leases are the worker's to resume or fail.
 */
export async function recoverOnBoot(deps: Pick<Deps, 'db' | 'clock' | 'log' | 'env'>, ctx: LifecycleContext) {
  const rows = deps.db
    .select({
      id: companies.id,
      slug: companies.slug,
      status: companies.status,
      pid: companies.runtimePid,
      endpoint: companies.runtimeEndpoint,
    })
    .from(companies)
    .where(inArray(companies.status, [...LIVE]))
    .all()
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
      deps.db.update(companies).set({ runtimePid: h.pid, runtimeEndpoint: h.endpoint }).where(eq(companies.id, row.id)).run()
    }
  }

  const now = deps.clock.now().toISOString()
  const stuck = deps.db
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
    .all()
  for (const c of stuck) {
    const message = `Found ${c.status} with no job after a restart; marked failed`
    deps.db
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
      .run()
    await ctx.driver.stop(c.id).catch(() => {})
    recordAudit(deps, {
      actor: SYSTEM_ACTOR,
      action: 'lifecycle.recovered',
      target: { type: 'company', id: c.id },
      outcome: 'failed',
      summary: `${c.slug}: ${message}`,
      details: { from: c.status },
    })
  }

  const gone = rows.filter((r) => r.status === 'running' && !live.has(r.id))
  for (const r of gone) {
    const hasJob = deps.db
      .select({ id: jobs.id })
      .from(jobs)
      .where(and(eq(jobs.companyId, r.id), inArray(jobs.status, ['queued', 'running'])))
      .get()
    if (hasJob) continue
    try {
      await requestLifecycleAction(deps, {
        companyId: r.id,
        action: 'restart',
        actor: SYSTEM_ACTOR,
        access: { kind: 'system' },
        via: 'boot',
      })
    } catch (err) {
      deps.log.warn(
        { companyId: r.id, err: { message: err instanceof Error ? err.message : String(err) } },
        'could not restart runtime at boot',
      )
    }
  }
  return { reattached: handles.length, failed: stuck.length, restarted: gone.length }
}
