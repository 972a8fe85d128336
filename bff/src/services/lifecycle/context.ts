import type { Deps } from '../../deps'
import type { Env } from '../../env'
import type { Dialect } from '../../db/schema/dialect'
import type { RuntimeDriver } from '../../runtime/driver'
import { randomToken } from '../../lib/crypto'
import { createSignal, type Signal } from '../../lib/signal'
import { instanceIdFor } from '../instances'

/**
 * What the engine needs beyond the database: the runtime driver, lease settings, the bell that
 * wakes the job worker and the health monitor's notes. Built once at boot (main.ts, or a test
 * harness) and carried in `Deps.lifecycle`; nothing in it changes after it is built.
 */
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
  /** Rung when a job is queued: a started job worker claims it now instead of at the next poll. */
  jobsQueued: Signal
  /** The health monitor's last note per company (why it is unreachable), for the admin runtime view. */
  probeNotes: Map<string, string | null>
}

export interface LifecycleSettings {
  driver: RuntimeDriver
  /** The driver for a local deployment target with a data dir of its own (decision 054). */
  localDriverFor?: (dataDir: string) => RuntimeDriver
  leaseMs?: number
  maxAttempts?: number
  hostId?: string
}

/** The runtime side of one process; `env.PORT` must be the port this process really listens on. */
export function createLifecycleContext(
  env: Pick<Env, 'PORT' | 'EXOCORP_INSTANCE_ID' | 'dataDir'>,
  dialect: Dialect,
  settings: LifecycleSettings,
): LifecycleContext {
  const leaseMs = settings.leaseMs ?? 15_000
  return {
    driver: settings.driver,
    workerId: randomToken('w_').slice(0, 20),
    hostId: settings.hostId ?? instanceIdFor(env, dialect),
    leaseMs,
    heartbeatMs: Math.max(100, Math.floor(leaseMs / 3)),
    maxAttempts: settings.maxAttempts ?? 2,
    // Runtimes report usage to this process on loopback, whatever interface it listens on.
    usageReportUrl: `http://127.0.0.1:${env.PORT}/api/runtime/usage-events`,
    jobsQueued: createSignal(),
    probeNotes: new Map(),
  }
}

/**
 * Instances that have not said they are alive since this moment are gone: one job lease, the
 * same bound after which their jobs are taken over. Every instance must use the same lease.
 */
export function instanceCutoff(ctx: Pick<LifecycleContext, 'leaseMs'>, now: Date): string {
  return new Date(now.getTime() - ctx.leaseMs).toISOString()
}

/** The lifecycle context, for code that acts on runtimes (a process without a driver cannot). */
export function lifecycleOf(deps: Pick<Deps, 'lifecycle'>): LifecycleContext {
  if (!deps.lifecycle) throw new Error('No runtime driver in this process: build Deps with a lifecycle context (main.ts)')
  return deps.lifecycle
}

/** The driver's capacity, or an empty one when no driver is attached (tools that only read). */
export function capacityOf(deps: Pick<Deps, 'lifecycle'>) {
  return deps.lifecycle?.driver.capacity() ?? { driver: 'none', maxRuntimes: 0, running: 0 }
}
