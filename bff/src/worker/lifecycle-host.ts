import type { Deps } from '../deps'
import { createHealthMonitor, type HealthMonitor } from '../services/health-monitor'
import type { LifecycleContext } from '../services/lifecycle/context'
import { probeAllTargets } from '../services/deployments/probe'
import { heartbeat } from '../services/instances'
import { recoverOnBoot, takeOverOrphans } from '../services/lifecycle/recovery'
import { createJobWorker, type JobWorker } from './job-worker'

export interface LifecycleHostOptions {
  healthIntervalMs?: number
  /** Tests drive the monitor by hand (`monitor.probeAll()`) by leaving this false. */
  healthMonitor?: boolean
  /** Heartbeat and takeover of gone instances' runtimes, every third of a lease (default on). */
  instanceHeartbeat?: boolean
  /** How often the deployment targets are probed (decision 054); runs with the health monitor. */
  targetProbeIntervalMs?: number
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

/**
 * Everything that makes lifecycle actions happen in this process: the job worker, the health
 * monitor and the instance heartbeat, over the lifecycle context in `deps` (create-deps.ts).
 */
export function createLifecycleHost(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'env'> & { lifecycle: LifecycleContext },
  options: LifecycleHostOptions = {},
): LifecycleHost {
  const ctx = deps.lifecycle
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
  // The deployment targets' health (decision 054), probed with the health monitor.
  let probing: NodeJS.Timeout | null = null
  let probe: Promise<void> = Promise.resolve()
  const probeTargets = async () => {
    try {
      await probeAllTargets(deps)
    } catch (err) {
      deps.log.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'deployment target probe failed')
    }
  }
  const stopProbing = async () => {
    if (probing) clearInterval(probing)
    probing = null
    await probe
  }
  const stopBeating = async () => {
    if (beating) clearInterval(beating)
    beating = null
    await beat
  }
  return {
    ctx,
    worker,
    monitor,
    async recover() {
      await heartbeat(deps, ctx.hostId)
      return recoverOnBoot(deps, ctx)
    },
    start() {
      worker.start()
      if (options.healthMonitor !== false) {
        monitor.start()
        if (!probing) {
          probe = probe.then(probeTargets)
          probing = setInterval(() => {
            probe = probe.then(probeTargets)
          }, options.targetProbeIntervalMs ?? 30_000)
          probing.unref()
        }
      }
      if (options.instanceHeartbeat !== false && !beating) {
        beating = setInterval(() => {
          beat = beat.then(aliveAndTakeOver)
        }, ctx.heartbeatMs)
        beating.unref()
      }
    },
    async shutdown() {
      monitor.stop()
      await stopProbing()
      await stopBeating()
      await worker.stop()
      await ctx.driver.shutdownAll()
    },
    async detach() {
      monitor.stop()
      await stopProbing()
      await stopBeating()
      await worker.stop()
      return ctx.driver.releaseAll()
    },
  }
}
