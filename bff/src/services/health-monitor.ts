import { and, eq, inArray, isNull, notExists, or } from 'drizzle-orm'
import type { Deps } from '../deps'
import { companies, jobs } from '../db/schema/companies'
import { runtimes } from '../db/schema/runtimes'
import { recordAudit, SYSTEM_ACTOR } from './audit'
import type { LifecycleContext } from './lifecycle/context'

export interface HealthMonitor {
  /** Probes every running or paused runtime once; resolves when all answered or timed out. */
  probeAll(): Promise<void>
  start(): void
  stop(): void
}

/** Writes `health_checked_at` at least this often even without a transition. Rarer writes keep ETags stable. */
const REFRESH_MS = 60_000

/**
 * Probes (once started) the running and paused runtimes this instance owns on an interval and records `healthy` ⇄ `unreachable`
 * transitions on the company, each one audited. Exocorps with a job in flight are the job's
 * business and are skipped.
 */
export function createHealthMonitor(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  ctx: LifecycleContext,
  options: { intervalMs?: number; timeoutMs?: number } = {},
): HealthMonitor {
  const intervalMs = options.intervalMs ?? 1_500
  const timeoutMs = options.timeoutMs ?? Math.min(1_000, intervalMs)
  let busy = false

  const probeOne = async (c: {
    id: string
    slug: string
    health: 'healthy' | 'unreachable' | 'unknown'
    healthCheckedAt: string | null
  }) => {
    let healthy = false
    let detail: string | null = null
    try {
      const probe = await Promise.race([
        ctx.driver.probe(c.id),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
      ])
      healthy = probe.healthy
      detail = probe.detail
    } catch (err) {
      detail = err instanceof Error ? err.message : 'probe failed'
    }
    ctx.probeNotes.set(c.id, detail)
    const next: 'healthy' | 'unreachable' = healthy ? 'healthy' : 'unreachable'
    const now = deps.clock.now()
    const stale = !c.healthCheckedAt || now.getTime() - new Date(c.healthCheckedAt).getTime() > REFRESH_MS
    if (next === c.health && !stale) return
    // Only while still running or paused: a job or an action may have moved it meanwhile.
    const changed = await deps.db.write((tx) =>
      tx
        .update(companies)
        .set({ health: next, healthCheckedAt: now.toISOString(), ...(next !== c.health ? { updatedAt: now.toISOString() } : {}) })
        .where(and(eq(companies.id, c.id), inArray(companies.status, ['running', 'paused']), eq(companies.health, c.health)))
        .returning({ id: companies.id }),
    )
    if (changed.length === 1 && next !== c.health) {
      deps.log.info({ companyId: c.id, health: next }, 'runtime health changed')
      await recordAudit(deps, {
        actor: SYSTEM_ACTOR,
        action: 'company.health_changed',
        target: { type: 'company', id: c.id },
        outcome: next === 'healthy' ? 'succeeded' : 'failed',
        summary: `${c.slug} is ${next}${detail && next === 'unreachable' ? `: ${detail}` : ''}`,
        details: { from: c.health, to: next, detail },
      })
    }
  }

  const probeAll = async () => {
    if (busy) return
    busy = true
    try {
      const rows = await deps.db
        .select({ id: companies.id, slug: companies.slug, health: companies.health, healthCheckedAt: companies.healthCheckedAt })
        .from(companies)
        .leftJoin(runtimes, eq(runtimes.companyId, companies.id))
        .where(
          and(
            inArray(companies.status, ['running', 'paused']),
            // Only the runtimes this instance owns (another's are its to probe; it may be unable to
            // reach them) and those nobody owns, which no one could have started.
            or(eq(runtimes.hostId, ctx.hostId), isNull(runtimes.companyId)),
            notExists(
              deps.db
                .select({ id: jobs.id })
                .from(jobs)
                .where(and(eq(jobs.companyId, companies.id), inArray(jobs.status, ['queued', 'running']))),
            ),
          ),
        )
      await Promise.all(rows.map(probeOne))
    } catch (err) {
      deps.log.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'health probe round failed')
    } finally {
      busy = false
    }
  }

  let timer: NodeJS.Timeout | null = null
  return {
    probeAll,
    start() {
      if (timer) return
      timer = setInterval(() => void probeAll(), intervalMs)
      timer.unref()
    },
    stop: () => {
      if (timer) clearInterval(timer)
    },
  }
}
