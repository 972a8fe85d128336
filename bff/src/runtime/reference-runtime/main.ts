/**
 * The reference runtime: one exocorp's control plane, run by the `local` driver as a child process.
 * Only node built-ins, so it bundles to a single file that starts in a few dozen milliseconds
 * (docs/decisions/007-local-runtime-driver.md).
 *
 * stdout carries exactly one line, the ready line; logs go to stderr (the driver points it at
 * `runtime.log` in the data dir, so they survive the BFF).
 */
import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { ENV, type ReadyLine, type RuntimeAgent } from './protocol'
import { createRuntimeServer, type RuntimeState } from './server'
import { startFlagsPoller } from './flags-poller'
import { startLogShipper } from './log-shipper'
import { startUsageReporter } from './usage-reporter'
import { startWorkloadSimulator } from './workloads'
import { startScheduleRunner } from './schedules'
import { openStore, startStoreReporter } from './store'

function log(message: string, level: 'info' | 'warn' | 'error' = 'info') {
  process.stderr.write(`${new Date().toISOString()} ${level.toUpperCase()} ${message}\n`)
}

function fail(message: string): never {
  log(`fatal: ${message}`, 'error')
  process.exit(2)
}

function required(name: string): string {
  const value = process.env[name]
  if (!value) fail(`${name} is required`)
  return value
}

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) fail(`${name} must be a non-negative integer`)
  return n
}

function parseAgents(raw: string | undefined): RuntimeAgent[] {
  if (!raw) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    fail(`${ENV.agents} is not valid JSON`)
  }
  if (!Array.isArray(parsed)) fail(`${ENV.agents} must be a JSON array`)
  return parsed.map((a: unknown, i) => {
    const o = (a ?? {}) as Record<string, unknown>
    if (typeof o.name !== 'string' || typeof o.role !== 'string' || typeof o.model !== 'string') {
      fail(`${ENV.agents}[${i}] needs string name, role and model`)
    }
    const schedules = Array.isArray(o.schedules)
      ? o.schedules.flatMap((s: unknown) => {
          const sc = (s ?? {}) as Record<string, unknown>
          if (typeof sc.name !== 'string' || typeof sc.cron !== 'string') return []
          return [
            {
              name: sc.name,
              cron: sc.cron,
              ...(typeof sc.task === 'string' ? { task: sc.task } : {}),
              ...(typeof sc.notify === 'string' ? { notify: sc.notify } : {}),
            },
          ]
        })
      : []
    return { name: o.name, role: o.role, model: o.model, ...(schedules.length ? { schedules } : {}) }
  })
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const companyId = required(ENV.companyId)
const controlToken = required(ENV.controlToken)
const manifestPath = process.env[ENV.manifestPath]
if (manifestPath && !existsSync(manifestPath)) fail(`manifest not found at ${manifestPath}`)

const state: RuntimeState = {
  companyId,
  slug: required(ENV.slug),
  name: required(ENV.name),
  version: required(ENV.version),
  agents: parseAgents(process.env[ENV.agents]),
  paused: false,
  orphaned: false,
  startedAt: new Date().toISOString(),
  usageReported: 0,
  // Until the platform answers, the loop runs on the defaults (docs/decisions/036).
  loop: { killSwitch: false, contextPruning: true, maxSteps: 25, flagsVersion: '', halted: false },
  work: { tasksStarted: 0, stepsRun: 0, taskSteps: 0 },
  loopHalted: false,
  tasksStarted: 0,
  stepsRun: 0,
}

const initialParent = process.ppid
let ownerPid = intEnv(ENV.ownerPid, initialParent)
const orphanGraceMs = intEnv(ENV.orphanGraceMs, 30_000)
let orphanedSince: number | null = null
/** Set when the owner announced a graceful shutdown: no orphan countdown until someone adopts us. */
let released = false

// The exocorp's store (decision 055), kept in the runtime's data dir so it survives a restart.
const store = openStore({ dataDir: process.env[ENV.dataDir], companyName: state.name, agents: state.agents, log })

const server = createRuntimeServer(
  state,
  controlToken,
  {
    pause() {
      if (!state.paused) log('paused')
      state.paused = true
    },
    resume() {
      if (state.paused) log('resumed')
      state.paused = false
    },
    adopt(pid) {
      log(`adopted by process ${pid}`)
      ownerPid = pid
      orphanedSince = null
      released = false
      state.orphaned = false
    },
    release() {
      log(`released by process ${ownerPid}; serving until a platform process adopts us`)
      released = true
    },
  },
  store,
)

const usageUrl = process.env[ENV.usageUrl]
const usageToken = process.env[ENV.usageToken]
// Our stdout/stderr lines go to the platform too (decision 037), with the same token as usage.
const shipper =
  usageUrl && usageToken
    ? startLogShipper({ url: new URL('/api/runtime/logs', usageUrl).href, token: usageToken, intervalMs: 250 })
    : null
const flagsPoller =
  usageUrl && usageToken
    ? startFlagsPoller({
        url: new URL('/api/runtime/flags', usageUrl).href,
        token: usageToken,
        intervalMs: Math.max(100, intEnv(ENV.flagsIntervalMs, 1_000)),
        onFlags(flags, version) {
          if (flags.killSwitch !== state.loop.killSwitch) {
            log(flags.killSwitch ? 'kill switch on: no new agent work starts' : 'kill switch off: agent work resumes', 'warn')
          }
          state.loop = { ...flags, flagsVersion: version, halted: flags.killSwitch }
          state.loopHalted = flags.killSwitch
        },
        log,
      })
    : null

/**
 * One step of agent work (each usage event is one model call of an agent). A task runs up to
 * `ai.loop.max_steps` steps, then the next one starts. Nothing starts while paused or while the
 * platform's kill switch is on.
 */
function stepAgentWork() {
  if (state.work.taskSteps === 0) state.work.tasksStarted++
  state.work.stepsRun++
  state.work.taskSteps = (state.work.taskSteps + 1) % state.loop.maxSteps
  state.tasksStarted = state.work.tasksStarted
  state.stepsRun = state.work.stepsRun
}

const reporter =
  usageUrl && usageToken
    ? startUsageReporter({
        url: usageUrl,
        token: usageToken,
        agents: state.agents,
        intervalMs: Math.max(100, intEnv(ENV.usageIntervalMs, 5_000)),
        firstDelayMs: 500,
        isPaused: () => state.paused || state.loop.killSwitch,
        onStep: stepAgentWork,
        onReported: () => void state.usageReported++,
        log,
      })
    : null

const workloads =
  usageUrl && usageToken
    ? startWorkloadSimulator({
        url: new URL('/api/runtime/workloads', usageUrl).href,
        token: usageToken,
        agents: state.agents,
        everyMs: 15_000,
        firstDelayMs: 1_000,
        // No new workload while paused or while the platform's kill switch is on (decision 036).
        isPaused: () => state.paused || state.loop.killSwitch,
        log,
      })
    : null

// The agents' schedules (decision 051): runs reported as workloads and as notices for admins.
const schedules =
  usageUrl && usageToken
    ? startScheduleRunner({
        baseUrl: usageUrl,
        token: usageToken,
        agents: state.agents,
        isPaused: () => state.paused,
        isHalted: () => state.loop.killSwitch,
        log,
      })
    : null

const storeReporter =
  usageUrl && usageToken
    ? startStoreReporter({
        url: new URL('/api/runtime/store-snapshots', usageUrl).href,
        token: usageToken,
        store,
        intervalMs: Math.max(200, intEnv(ENV.snapshotIntervalMs, 60_000)),
        tickMs: Math.max(100, intEnv(ENV.storeIntervalMs, 30_000)),
        // No shop work while paused or while the platform's kill switch holds agent work (decision 036).
        isPaused: () => state.paused || state.loop.killSwitch,
        log,
      })
    : null

/**
 * The owner is the BFF that started us (our parent) or the one that adopted us. When it dies
 * (crash, SIGKILL) we keep serving for `orphanGraceMs` so a restarted BFF can adopt us without
 * downtime; after that we exit, so a runtime never outlives a crashed platform for long. When the
 * owner released us first (graceful shutdown for a deploy) there is no countdown: the next BFF
 * re-attaches to us however long the deploy takes (docs/decisions/016).
 */
const ownerWatch = setInterval(() => {
  const alive = ownerPid === initialParent ? process.ppid === initialParent : pidAlive(ownerPid)
  if (alive) {
    orphanedSince = null
    state.orphaned = false
    return
  }
  if (orphanedSince === null) {
    orphanedSince = Date.now()
    state.orphaned = true
    log(
      released
        ? `owner process ${ownerPid} is gone after releasing us; waiting to be adopted`
        : `owner process ${ownerPid} is gone; waiting ${orphanGraceMs} ms to be adopted`,
    )
  }
  if (!released && Date.now() - orphanedSince >= orphanGraceMs) shutdown('not adopted in time')
}, 250)

let shuttingDown = false
function shutdown(reason: string) {
  if (shuttingDown) return
  shuttingDown = true
  log(`shutting down: ${reason}`)
  clearInterval(ownerWatch)
  reporter?.stop()
  flagsPoller?.stop()
  workloads?.stop()
  schedules?.stop()
  storeReporter?.stop()
  void shipper?.drain().finally(() => shipper.stop())
  server.close(() => process.exit(0))
  server.closeAllConnections()
  setTimeout(() => process.exit(0), 1_000).unref()
}

process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
// The driver's end of the stdout pipe disappears with the BFF; never let that crash us.
process.stdout.on('error', () => {})
process.stderr.on('error', () => {})

server.listen(intEnv(ENV.port, 0), process.env[ENV.host] || '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  const ready: ReadyLine = { ready: true, port, pid: process.pid }
  process.stdout.write(`${JSON.stringify(ready)}\n`)
  log(`${state.slug} ${state.version} listening on 127.0.0.1:${port}`)
})
server.on('error', (err) => fail(`cannot listen: ${err.message}`))
