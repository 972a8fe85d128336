import type { DriverCapacity, HealthProbe, KnownRuntime, RuntimeDriver, RuntimeHandle, RuntimePlacement } from './driver'

/**
 * One driver per deployment target behind the single `RuntimeDriver` the lifecycle engine holds
 * (decision 054). The default target (placement null, or a local target without its own data dir)
 * is the driver the process was built with; every other local target gets a driver of its own,
 * made on first use from the target's data dir. Calls that name a spec go to the spec's target;
 * calls by company id go to the driver that runs the company, and stop / destroy go to all of them
 * (drivers treat an unknown company as already stopped), so a move leaves nothing behind.
 */
export interface TargetRouter extends RuntimeDriver {
  /** The driver of a placement (made on first use). */
  driverFor(placement: RuntimePlacement | null | undefined): RuntimeDriver
  /** Which target's driver runs this company now, or null. */
  targetOf(companyId: string): string | null
}

export function createTargetRouter(defaultDriver: RuntimeDriver, makeLocal: (dataDir: string) => RuntimeDriver): TargetRouter {
  const byDataDir = new Map<string, RuntimeDriver>()
  const targetOfDriver = new Map<RuntimeDriver, string | null>([[defaultDriver, null]])
  const all = () => [defaultDriver, ...byDataDir.values()]

  function driverFor(placement: RuntimePlacement | null | undefined): RuntimeDriver {
    if (!placement?.dataDir) return defaultDriver
    let d = byDataDir.get(placement.dataDir)
    if (!d) {
      d = makeLocal(placement.dataDir)
      byDataDir.set(placement.dataDir, d)
    }
    targetOfDriver.set(d, placement.targetId)
    return d
  }

  /** The driver that runs this company, or null. */
  function running(companyId: string): RuntimeDriver | null {
    return all().find((d) => d.handle(companyId) !== null) ?? null
  }

  const router: TargetRouter = {
    name: defaultDriver.name,
    driverFor,
    targetOf(companyId) {
      const d = running(companyId)
      return d ? (targetOfDriver.get(d) ?? null) : null
    },
    allocate(spec) {
      return driverFor(spec.placement).allocate(spec)
    },
    async start(spec) {
      const target = driverFor(spec.placement)
      // Whatever runs for it on another target ends first: one runtime per exocorp.
      await Promise.all(
        all()
          .filter((d) => d !== target && d.handle(spec.companyId) !== null)
          .map((d) => d.stop(spec.companyId)),
      )
      return target.start(spec)
    },
    async stop(companyId) {
      await Promise.all(all().map((d) => d.stop(companyId)))
    },
    pause(companyId) {
      return (running(companyId) ?? defaultDriver).pause(companyId)
    },
    resume(companyId) {
      return (running(companyId) ?? defaultDriver).resume(companyId)
    },
    async destroy(companyId) {
      await Promise.all(all().map((d) => d.destroy(companyId)))
    },
    probe(companyId): Promise<HealthProbe> {
      return (running(companyId) ?? defaultDriver).probe(companyId)
    },
    handle(companyId): RuntimeHandle | null {
      return running(companyId)?.handle(companyId) ?? null
    },
    async reconcile(known: KnownRuntime[]) {
      const groups = new Map<RuntimeDriver, KnownRuntime[]>(all().map((d) => [d, []]))
      for (const k of known) {
        const d = driverFor(k.placement)
        groups.set(d, [...(groups.get(d) ?? []), k])
      }
      const handles = await Promise.all([...groups].map(([d, ks]) => d.reconcile(ks)))
      return handles.flat()
    },
    capacity(): DriverCapacity {
      const caps = all().map((d) => d.capacity())
      return {
        driver: defaultDriver.name,
        maxRuntimes: caps.reduce((n, c) => n + c.maxRuntimes, 0),
        running: caps.reduce((n, c) => n + c.running, 0),
      }
    },
    async shutdownAll() {
      await Promise.all(all().map((d) => d.shutdownAll()))
    },
    async releaseAll() {
      return (await Promise.all(all().map((d) => d.releaseAll()))).reduce((n, c) => n + c, 0)
    },
  }
  return router
}
