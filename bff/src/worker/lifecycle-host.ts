import type { Deps } from '../deps'
import type { RuntimeDriver } from '../runtime/driver'
import { createHealthMonitor, type HealthMonitor } from '../services/health-monitor'
import { attachLifecycle, type LifecycleContext } from '../services/lifecycle/context'
import { heartbeat } from '../services/instances'
import { recoverOnBoot, takeOverOrphans } from '../services/lifecycle/recovery'
import { createJobWorker, type JobWorker } from './job-worker'

export interface LifecycleHostOptions {
  driver: RuntimeDriver
  leaseMs?: number
  maxAttempts?: number
  healthIntervalMs?: number
  /** Tests drive the monitor by hand (`monitor.probeAll()`) by leaving this false. */
  healthMonitor?: boolean
  /** Heartbeat and takeover of gone instances' runtimes, every third of a lease (default on). */
  instanceHeartbeat?: boolean
  usageReportUrl?: string
}

export interface LifecycleHost {
  ctx: LifecycleContext
  worker: JobWorker
  monitor: HealthMonitor
  /** Says this instance is alive, then re-attaches or ends runtimes it owned; run once before `start`. */
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
  // Says this instance is alive, and takes over the runtimes of instances that are not (decision 024).
  let beating: NodeJS.Timeout | null = null
  let beat: Promise<void> = Promise.resolve()
  const aliveAndTakeOver = async () => {
    try {
      await heartbeat(deps, ctx.hostId)
      await takeOverOrphans(deps, ctx)
    } catch (err) {
      deps.log.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'instance heartbeat failed')
    }
  }
  const stopBeating = async () => {
    if (beating) clearInterval(beating)
    beating = null
    await beat
  }
  const host: LifecycleHost = {
    ctx,
    worker,
    monitor,
    async recover() {
      await heartbeat(deps, ctx.hostId)
      return recoverOnBoot(deps, ctx)
    },
    start() {
      worker.start()
      if (options.healthMonitor !== false) monitor.start()
      if (options.instanceHeartbeat !== false && !beating) {
        beating = setInterval(() => {
          beat = beat.then(aliveAndTakeOver)
        }, ctx.heartbeatMs)
        beating.unref()
      }
    },
    async shutdown() {
      monitor.stop()
      await stopBeating()
      await worker.stop()
      await ctx.driver.shutdownAll()
    },
    async detach() {
      monitor.stop()
      await stopBeating()
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
