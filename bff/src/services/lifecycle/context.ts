import type { Deps } from '../../deps'
import type { RuntimeDriver } from '../../runtime/driver'
import { randomToken } from '../../lib/crypto'
import { instanceIdFor } from '../instances'

/** What the engine needs beyond `Deps`: the runtime driver, lease settings and a way to wake the worker. */
export interface LifecycleContext {
  driver: RuntimeDriver
  /** Identifies this BFF process as a lease owner. */
  workerId: string
  /** This instance's stable name: it owns the runtimes it started (services/instances.ts). */
  hostId: string
  leaseMs: number
  heartbeatMs: number
  /** Attempts per job: an interrupted job is resumed until this many, then failed with a reason. */
  maxAttempts: number
  /** Where runtimes report usage events (this BFF's own /api/runtime/usage-events). */
  usageReportUrl: string
  /** Set by the job worker; runs queued jobs now instead of at the next poll. */
  wake: () => void
}

export interface LifecycleSettings {
  driver: RuntimeDriver
  leaseMs?: number
  maxAttempts?: number
  usageReportUrl?: string
  hostId?: string
}

const contexts = new WeakMap<object, LifecycleContext>()

/** One context per database (the app's `Deps` may be copied, its `db` is not). */
export function attachLifecycle(deps: Pick<Deps, 'db' | 'env'>, settings: LifecycleSettings): LifecycleContext {
  const leaseMs = settings.leaseMs ?? 15_000
  const ctx: LifecycleContext = {
    driver: settings.driver,
    workerId: randomToken('w_').slice(0, 20),
    hostId: settings.hostId ?? instanceIdFor(deps.env, deps.db.sqlDialect),
    leaseMs,
    heartbeatMs: Math.max(100, Math.floor(leaseMs / 3)),
    maxAttempts: settings.maxAttempts ?? 2,
    usageReportUrl: settings.usageReportUrl ?? `http://127.0.0.1:${deps.env.PORT}/api/runtime/usage-events`,
    wake: () => {},
  }
  contexts.set(deps.db, ctx)
  return ctx
}

/**
 * Instances that have not said they are alive since this moment are gone: one job lease, the
 * same bound after which their jobs are taken over. Every instance must use the same lease.
 */
export function instanceCutoff(ctx: Pick<LifecycleContext, 'leaseMs'>, now: Date): string {
  return new Date(now.getTime() - ctx.leaseMs).toISOString()
}

export function lifecycleOf(deps: Pick<Deps, 'db'>): LifecycleContext {
  const ctx = contexts.get(deps.db)
  if (!ctx) throw new Error('No runtime driver attached: call attachLifecycle(deps, { driver }) at boot')
  return ctx
}

export function maybeLifecycleOf(deps: Pick<Deps, 'db'>): LifecycleContext | null {
  return contexts.get(deps.db) ?? null
}

/** The driver's capacity, or an empty one when no driver is attached (tools that only read). */
export function capacityOf(deps: Pick<Deps, 'db'>) {
  return maybeLifecycleOf(deps)?.driver.capacity() ?? { driver: 'none', maxRuntimes: 0, running: 0 }
}
