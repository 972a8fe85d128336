/**
 * What the local driver and the reference runtime agree on: argv markers, environment names and
 * the shapes of the ready line and of /healthz. Imports nothing, so the runtime bundle stays small.
 */

/** argv marker; with `--company=<id>` it lets the driver recognise its own processes in /proc. */
export const RUNTIME_FLAG = '--exocorp-runtime'
export const companyArg = (companyId: string) => `--company=${companyId}`

export const ENV = {
  companyId: 'EXOCORP_RUNTIME_COMPANY_ID',
  slug: 'EXOCORP_RUNTIME_SLUG',
  name: 'EXOCORP_RUNTIME_NAME',
  version: 'EXOCORP_RUNTIME_VERSION',
  /** JSON array of { name, role, model }. */
  agents: 'EXOCORP_RUNTIME_AGENTS',
  dataDir: 'EXOCORP_RUNTIME_DATA_DIR',
  manifestPath: 'EXOCORP_RUNTIME_MANIFEST',
  usageUrl: 'EXOCORP_RUNTIME_USAGE_URL',
  usageToken: 'EXOCORP_RUNTIME_USAGE_TOKEN',
  /** Bearer token for /control/*; only the driver knows it. */
  controlToken: 'EXOCORP_RUNTIME_CONTROL_TOKEN',
  host: 'EXOCORP_RUNTIME_HOST',
  /** 0 picks a free port; the chosen one is announced on the ready line. */
  port: 'EXOCORP_RUNTIME_PORT',
  /** The process that owns this runtime (the BFF). When it dies the orphan grace starts. */
  ownerPid: 'EXOCORP_RUNTIME_OWNER_PID',
  /** How long an orphaned runtime waits to be adopted by a restarted BFF before exiting. */
  orphanGraceMs: 'EXOCORP_RUNTIME_ORPHAN_GRACE_MS',
  usageIntervalMs: 'EXOCORP_RUNTIME_USAGE_INTERVAL_MS',
  /** How often the runtime reads its agent-loop flags (default 1000 ms). */
  flagsIntervalMs: 'EXOCORP_RUNTIME_FLAGS_INTERVAL_MS',
  /** How often a shop agent takes its turn in the store (decision 055; default 30000 ms). */
  storeIntervalMs: 'EXOCORP_RUNTIME_STORE_INTERVAL_MS',
  /** How often the store's snapshot is sent when nothing changed (decision 055; default 60000 ms). */
  snapshotIntervalMs: 'EXOCORP_RUNTIME_SNAPSHOT_INTERVAL_MS',
} as const

/** The runtime's own endpoints (health, control): for the driver only, never served to visitors. */
export function isInternalRuntimePath(pathname: string): boolean {
  return pathname === '/healthz' || pathname === '/control' || pathname.startsWith('/control/')
}

/** The single line the runtime prints on stdout once it listens; nothing else goes to stdout. */
export interface ReadyLine {
  ready: true
  port: number
  pid: number
}

export interface HealthBody {
  ok: true
  companyId: string
  paused: boolean
  version: string
  startedAt: string
  /** True while the owner is gone and the runtime waits to be adopted. */
  orphaned: boolean
  /** The agent loop's flags as last received from the platform (issue 17), and whether it is halted; absent from runtimes older than it. */
  loop?: LoopState
  /** Agent work started since the process started: tasks and their steps. */
  work?: { tasksStarted: number; stepsRun: number }
}

export interface LoopState {
  killSwitch: boolean
  contextPruning: boolean
  maxSteps: number
  /** The flags version last received; '' until the first answer. */
  flagsVersion: string
  /** True while the kill switch holds new agent work back. */
  halted: boolean
}

export interface RuntimeAgent {
  name: string
  role: string
  model: string
  /** Recurring tasks (decision 051); validated by the platform's contract before they get here. */
  schedules?: RuntimeSchedule[]
}

export interface RuntimeSchedule {
  name: string
  /** Cron expression, UTC (shared/src/cron.ts). */
  cron: string
  task?: string
  notify?: string
}

export interface UsageEvent {
  model: string
  /** The agent that made the call, for usage by agent (decision 040). */
  agent: string
  inputTokens: number
  outputTokens: number
  /** `error` when the simulated call failed (decision 049: admins see each model's error rate). */
  outcome: 'ok' | 'error'
}
