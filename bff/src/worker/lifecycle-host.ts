import type { Deps } from '../deps'
import type { RuntimeDriver } from '../runtime/driver'
import { createHealthMonitor, type HealthMonitor } from '../services/health-monitor'
import { attachLifecycle, type LifecycleContext } from '../services/lifecycle/context'
import { recoverOnBoot } from '../services/lifecycle/recovery'
import { createJobWorker, type JobWorker } from './job-worker'

export interface LifecycleHostOptions {
  driver: RuntimeDriver
  leaseMs?: number
  maxAttempts?: number
  healthIntervalMs?: number
  /** Tests drive the monitor by hand (`monitor.probeAll()`) by leaving this false. */
  healthMonitor?: boolean
  usageReportUrl?: string
}

export interface LifecycleHost {
  ctx: LifecycleContext
  worker: JobWorker
  monitor: HealthMonitor
  /** Re-attach or end runtimes from a previous process; run once before `start`. */
  recover(): ReturnType<typeof recoverOnBoot>
  /** Starts the worker (and the health monitor unless disabled). */
  start(): void
  /** Stops the worker and the monitor, then every runtime this process started. */
  shutdown(): Promise<void>
  /**
   * Graceful exit that keeps the fleet up: stops the worker and the monitor and releases every
   * runtime, which keeps serving until the next start re-attaches to it (docs/decisions/016).
   */
  detach(): Promise<number>
}

const hosts = new WeakMap<object, LifecycleHost>()

/** Everything that makes lifecycle actions happen in this process: driver, worker, health monitor. */
export function createLifecycleHost(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'env'>,
  options: LifecycleHostOptions,
): LifecycleHost {
  const ctx = attachLifecycle(deps, options)
  const worker = createJobWorker(deps, ctx)
  const monitor = createHealthMonitor(deps, ctx, { intervalMs: options.healthIntervalMs })
  const host: LifecycleHost = {
    ctx,
    worker,
    monitor,
    recover: () => recoverOnBoot(deps, ctx),
    start() {
      worker.start()
      if (options.healthMonitor !== false) monitor.start()
    },
    async shutdown() {
      monitor.stop()
      await worker.stop()
      await ctx.driver.shutdownAll()
    },
    async detach() {
      monitor.stop()
      await worker.stop()
      return ctx.driver.releaseAll()
    },
  }
  hosts.set(deps.db, host)
  return host
}

/** The host for this database, for routes that report on the monitor (admin runtime view). */
export function lifecycleHostOf(deps: Pick<Deps, 'db'>): LifecycleHost | null {
  return hosts.get(deps.db) ?? null
}
