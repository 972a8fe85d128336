import type { RuntimeAgent } from './reference-runtime/protocol'
/**
 * One interface for every place an exocorp can run. `local` (child processes on loopback) is the
 * embedded default; a Kubernetes driver implements the same calls later.
 * Drivers are idempotent where it matters: stopping or destroying something already gone succeeds.
 */
export interface RuntimeSpec {
  companyId: string
  slug: string
  name: string
  version: string
  /** Effective manifest as YAML; written where the runtime reads it. Holds no secret values. */
  manifestYaml: string
  /** The draft's agents, with their schedules (decision 051). */
  agents: RuntimeAgent[]
  /** Where the runtime reports usage events, and the per-runtime token it authenticates with. */
  usageReportUrl: string
  usageToken: string
  /** The deployment target it is placed on (decision 054); absent or null: the default driver. */
  placement?: RuntimePlacement | null
}

/**
 * Which deployment target a runtime belongs to, as a driver needs it: the target's id and, for a
 * local target, the data dir its runtimes live under (null: the platform's own, the default).
 */
export interface RuntimePlacement {
  targetId: string
  dataDir: string | null
}

export interface RuntimeHandle {
  companyId: string
  /** Driver-specific location, e.g. `http://127.0.0.1:41234` for `local`. */
  endpoint: string
  /** OS process id for `local`; null for drivers without one. */
  pid: number | null
  /** Bearer token the runtime's control API accepts; kept sealed in the `runtimes` table. */
  controlToken: string | null
}

/** What the database says ran for a company, handed to `reconcile` at start. */
export interface KnownRuntime {
  companyId: string
  pid: number | null
  endpoint: string | null
  /** From the `runtimes` table: when given, only a runtime that accepts this token is adopted. */
  controlToken?: string | null
  /** The target it was placed on, so a driver per target re-attaches it (decision 054). */
  placement?: RuntimePlacement | null
}

export interface HealthProbe {
  healthy: boolean
  paused: boolean
  version: string | null
  detail: string | null
}

export interface DriverCapacity {
  driver: string
  maxRuntimes: number
  running: number
}

export interface RuntimeDriver {
  readonly name: string
  /** Allocates the runtime's resources (data dir, port) and writes the manifest; does not start it. */
  allocate(spec: RuntimeSpec): Promise<void>
  /** Starts (or replaces) the control plane and resolves once it answers /healthz, or rejects. */
  start(spec: RuntimeSpec): Promise<RuntimeHandle>
  stop(companyId: string): Promise<void>
  pause(companyId: string): Promise<void>
  resume(companyId: string): Promise<void>
  /** Stops the runtime and removes its data. */
  destroy(companyId: string): Promise<void>
  probe(companyId: string): Promise<HealthProbe>
  /** The live handle, or null when nothing runs for this company. */
  handle(companyId: string): RuntimeHandle | null
  /** Re-attaches to runtimes left from a previous BFF process, or ends them; returns live handles. */
  reconcile(known: KnownRuntime[]): Promise<RuntimeHandle[]>
  capacity(): DriverCapacity
  /** Ends every runtime this driver started (tests, benchmarks, `EXOCORP_KEEP_RUNTIMES_ON_EXIT=0`). */
  shutdownAll(): Promise<void>
  /**
   * Graceful BFF shutdown: leaves every runtime running and tells it that its owner leaves on
   * purpose, so it waits for the next BFF to re-attach instead of counting down as an orphan.
   * Returns how many runtimes were released.
   */
  releaseAll(): Promise<number>
}
