import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { pino } from 'pino'
import type { Logger } from '../../lib/logger'
import type { DriverCapacity, HealthProbe, RuntimeDriver, RuntimeHandle, RuntimeSpec } from '../driver'
import { companyArg, ENV, RUNTIME_FLAG, type HealthBody } from '../reference-runtime/protocol'
import { RuntimeDriverError } from './errors'
import { isOurRuntime, pidAlive, runtimeDirArg, terminate } from './processes'
import { resolveRuntimeEntry, type RuntimeEntry } from './runtime-entry'

export interface LocalDriverOptions {
  /** The platform's data dir; runtimes live in `<dataDir>/runtimes/<companyId>`. */
  dataDir: string
  /** Runtimes this machine may run at once; a start beyond it is refused. */
  maxRuntimes?: number
  log?: Logger
  /** How long a start may take, from spawn to a healthy /healthz. */
  startTimeoutMs?: number
  /** Between SIGTERM and SIGKILL. */
  stopGraceMs?: number
  probeTimeoutMs?: number
  /** How long a runtime whose BFF died waits to be adopted before it exits (docs/decisions/007). */
  orphanGraceMs?: number
  /** How often a runtime reports a usage event. */
  usageIntervalMs?: number
  /** How often a runtime's shop agent takes its turn, and how often it reports its store's snapshot (decision 055). */
  storeIntervalMs?: number
  snapshotIntervalMs?: number
  /** How to start the reference runtime; by default the compiled file beside the BFF, else tsx. */
  entry?: RuntimeEntry
}

export const DEFAULT_MAX_RUNTIMES = 20

const COMPANY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/
const LOG_ROTATE_BYTES = 1024 * 1024

interface Live {
  companyId: string
  pid: number
  endpoint: string
  controlToken: string
  /** Our child, or null for a runtime adopted from an earlier BFF process. */
  child: ChildProcess | null
  /** Why the process is known to be gone; null while it may be alive. */
  gone: string | null
}

/** `runtime.json` in the runtime's dir: lets a restarted BFF adopt or end what the last one started. */
interface RuntimeRecord {
  companyId: string
  pid: number
  endpoint: string | null
  controlToken: string
  startedAt: string
}

type HealthResult = { ok: true; body: HealthBody } | { ok: false; detail: string }

function parseHealth(value: unknown): HealthBody | null {
  if (!value || typeof value !== 'object') return null
  const v = value as Record<string, unknown>
  if (v.ok !== true || typeof v.companyId !== 'string' || typeof v.paused !== 'boolean' || typeof v.version !== 'string') {
    return null
  }
  return {
    ok: true,
    companyId: v.companyId,
    paused: v.paused,
    version: v.version,
    startedAt: typeof v.startedAt === 'string' ? v.startedAt : '',
    orphaned: v.orphaned === true,
  }
}

function parseRecord(value: unknown): RuntimeRecord | null {
  if (!value || typeof value !== 'object') return null
  const v = value as Record<string, unknown>
  if (
    typeof v.companyId !== 'string' ||
    typeof v.pid !== 'number' ||
    typeof v.controlToken !== 'string' ||
    (v.endpoint !== null && typeof v.endpoint !== 'string')
  ) {
    return null
  }
  return {
    companyId: v.companyId,
    pid: v.pid,
    endpoint: v.endpoint,
    controlToken: v.controlToken,
    startedAt: typeof v.startedAt === 'string' ? v.startedAt : '',
  }
}

async function fetchHealth(endpoint: string, timeoutMs: number): Promise<HealthResult> {
  try {
    const res = await fetch(`${endpoint}/healthz`, { signal: AbortSignal.timeout(timeoutMs) })
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => {})
      return { ok: false, detail: `/healthz answered ${res.status}` }
    }
    const body = parseHealth(await res.json())
    return body ? { ok: true, body } : { ok: false, detail: '/healthz answered an unexpected body' }
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') return { ok: false, detail: `no answer within ${timeoutMs} ms` }
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err)
    return { ok: false, detail: `control plane unreachable (${cause})` }
  }
}

function waitReadyLine(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    const finish = (err: Error | null, port?: number) => {
      clearTimeout(timer)
      child.off('exit', onExit)
      child.off('error', onError)
      lines.close()
      if (err) reject(err)
      else resolve(port!)
    }
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      finish(new Error(`the process exited before it was ready (${signal ?? `exit code ${code}`})`))
    const onError = (err: Error) => finish(err)
    const timer = setTimeout(() => finish(new Error(`it did not listen within ${timeoutMs} ms`)), timeoutMs)
    child.once('exit', onExit)
    child.once('error', onError)
    lines.once('line', (line) => {
      let port: unknown
      try {
        const parsed: unknown = JSON.parse(line)
        port = parsed && typeof parsed === 'object' && 'port' in parsed ? parsed.port : undefined
      } catch {
        port = undefined
      }
      if (typeof port === 'number' && Number.isInteger(port) && port > 0) finish(null, port)
      else finish(new Error('it printed an unexpected ready line'))
    })
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * The embedded default driver: each exocorp is a reference-runtime child process on a loopback
 * port. See docs/decisions/007-local-runtime-driver.md for spawning, adoption and orphans.
 */
export function createLocalDriver(options: LocalDriverOptions): RuntimeDriver {
  const maxRuntimes = options.maxRuntimes ?? DEFAULT_MAX_RUNTIMES
  const log = options.log ?? pino({ level: 'silent' })
  const startTimeoutMs = options.startTimeoutMs ?? 10_000
  const stopGraceMs = options.stopGraceMs ?? 3_000
  const probeTimeoutMs = options.probeTimeoutMs ?? 1_000
  const orphanGraceMs = options.orphanGraceMs ?? 30_000
  const usageIntervalMs = options.usageIntervalMs ?? 5_000
  const runtimesDir = path.resolve(options.dataDir, 'runtimes')

  const live = new Map<string, Live>()
  const starting = new Set<string>()
  const locks = new Map<string, Promise<unknown>>()
  let entry: RuntimeEntry | null = options.entry ?? null

  const dirOf = (companyId: string) => path.join(runtimesDir, companyId)
  const recordPath = (companyId: string) => path.join(dirOf(companyId), 'runtime.json')

  function checkCompanyId(companyId: string) {
    if (!COMPANY_ID.test(companyId)) throw new RuntimeDriverError('invalid_spec', `Invalid company id "${companyId}"`)
  }

  /** One operation at a time per exocorp; different exocorps proceed in parallel. */
  function withLock<T>(companyId: string, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(companyId) ?? Promise.resolve()
    const run = previous.then(fn, fn)
    const settled = run.catch(() => {})
    locks.set(companyId, settled)
    void settled.then(() => {
      if (locks.get(companyId) === settled) locks.delete(companyId)
    })
    return run
  }

  /** Whether the process may still run; notices a death before its exit event arrives (or, if adopted, ever). */
  function isLive(l: Live | undefined): boolean {
    if (!l || l.gone) return false
    if (l.child && (l.child.exitCode !== null || l.child.signalCode !== null)) return false
    if (!pidAlive(l.pid)) {
      l.gone = 'the runtime process has exited'
      return false
    }
    return true
  }

  function readRecord(companyId: string): RuntimeRecord | null {
    try {
      const record = parseRecord(JSON.parse(readFileSync(recordPath(companyId), 'utf8')))
      return record?.companyId === companyId ? record : null
    } catch {
      return null
    }
  }

  function writeRecord(record: RuntimeRecord) {
    const file = recordPath(record.companyId)
    const tmp = `${file}.tmp`
    writeFileSync(tmp, JSON.stringify(record), { mode: 0o600 })
    renameSync(tmp, file)
  }

  function removeRecord(companyId: string) {
    rmSync(recordPath(companyId), { force: true })
  }

  function openLog(dir: string): number {
    const file = path.join(dir, 'runtime.log')
    try {
      if (statSync(file).size > LOG_ROTATE_BYTES) renameSync(file, `${file}.1`)
    } catch {
      // no log yet
    }
    return openSync(file, 'a', 0o600)
  }

  function logTail(companyId: string): string {
    try {
      const lines = readFileSync(path.join(dirOf(companyId), 'runtime.log'), 'utf8')
        .trimEnd()
        .split('\n')
      return lines.slice(-5).join(' | ')
    } catch {
      return ''
    }
  }

  async function allocateDir(spec: RuntimeSpec) {
    const dir = dirOf(spec.companyId)
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    mkdirSync(path.join(dir, 'data'), { recursive: true, mode: 0o700 })
    const manifest = path.join(dir, 'manifest.yaml')
    writeFileSync(`${manifest}.tmp`, spec.manifestYaml, { mode: 0o600 })
    renameSync(`${manifest}.tmp`, manifest)
  }

  /** Ends whatever runs for this exocorp: our live entry and any process a record points at. */
  async function stopInternal(companyId: string) {
    const current = live.get(companyId)
    if (current && !current.gone) {
      await terminate(current.pid, current.child, stopGraceMs)
      current.gone = 'stopped'
      log.info({ companyId, pid: current.pid }, 'runtime stopped')
    }
    live.delete(companyId)
    const record = readRecord(companyId)
    if (record && record.pid !== current?.pid && pidAlive(record.pid)) {
      if (await isOurRuntime(record.pid, companyId, dirOf(companyId))) {
        await terminate(record.pid, null, stopGraceMs)
        log.info({ companyId, pid: record.pid }, 'ended a runtime left by an earlier process')
      }
    }
    removeRecord(companyId)
  }

  async function startInternal(spec: RuntimeSpec): Promise<RuntimeHandle> {
    const { companyId } = spec
    await allocateDir(spec)
    await stopInternal(companyId)
    entry ??= resolveRuntimeEntry()

    const dir = dirOf(companyId)
    const controlToken = randomBytes(32).toString('base64url')
    // A minimal environment: the BFF's own (secret key, NODE_OPTIONS, …) never reaches a runtime.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      [ENV.companyId]: companyId,
      [ENV.slug]: spec.slug,
      [ENV.name]: spec.name,
      [ENV.version]: spec.version,
      [ENV.agents]: JSON.stringify(spec.agents),
      [ENV.dataDir]: path.join(dir, 'data'),
      [ENV.manifestPath]: path.join(dir, 'manifest.yaml'),
      [ENV.usageUrl]: spec.usageReportUrl,
      [ENV.usageToken]: spec.usageToken,
      [ENV.controlToken]: controlToken,
      [ENV.host]: '127.0.0.1',
      [ENV.port]: '0',
      [ENV.ownerPid]: String(process.pid),
      [ENV.orphanGraceMs]: String(orphanGraceMs),
      [ENV.usageIntervalMs]: String(usageIntervalMs),
      ...(options.storeIntervalMs ? { [ENV.storeIntervalMs]: String(options.storeIntervalMs) } : {}),
      ...(options.snapshotIntervalMs ? { [ENV.snapshotIntervalMs]: String(options.snapshotIntervalMs) } : {}),
    }
    if (process.env.TZ) env.TZ = process.env.TZ

    const started = performance.now()
    const logFd = openLog(dir)
    let child: ChildProcess
    try {
      child = spawn(process.execPath, [...entry.args, RUNTIME_FLAG, companyArg(companyId), runtimeDirArg(dir)], {
        cwd: dir,
        env,
        stdio: ['ignore', 'pipe', logFd],
        // Its own process group: a Ctrl-C aimed at the BFF's terminal does not reach runtimes;
        // their lifetime follows the owner watch and the orphan grace instead.
        detached: true,
      })
    } finally {
      closeSync(logFd)
    }
    const pid = child.pid
    if (pid === undefined) {
      const reason = await new Promise<string>((resolve) => child.once('error', (e) => resolve(e.message)))
      throw new RuntimeDriverError('start_failed', `Runtime for ${spec.slug} could not be spawned: ${reason}`)
    }
    // Written before anything can wait: if the BFF dies now, its successor still finds this pid.
    writeRecord({ companyId, pid, endpoint: null, controlToken, startedAt: new Date().toISOString() })
    child.unref()

    const deadline = Date.now() + startTimeoutMs
    try {
      const port = await waitReadyLine(child, startTimeoutMs)
      child.stdout?.destroy()
      const endpoint = `http://127.0.0.1:${port}`
      let health: HealthResult = { ok: false, detail: 'not probed' }
      while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`the process exited before it was healthy (${child.signalCode ?? `exit code ${child.exitCode}`})`)
        }
        health = await fetchHealth(endpoint, Math.max(100, Math.min(1_000, deadline - Date.now())))
        if (health.ok) break
        await sleep(25)
      }
      if (!health.ok) throw new Error(`/healthz did not answer within ${startTimeoutMs} ms (${health.detail})`)
      if (health.body.companyId !== companyId) throw new Error(`port ${port} answers for another company`)

      const l: Live = { companyId, pid, endpoint, controlToken, child, gone: null }
      child.once('exit', (code, sig) => {
        l.gone = `the runtime process exited (${sig ?? `exit code ${code}`})`
        if (live.get(companyId) === l) log.warn({ companyId, pid, code, signal: sig }, 'runtime exited')
      })
      live.set(companyId, l)
      writeRecord({ companyId, pid, endpoint, controlToken, startedAt: new Date().toISOString() })
      log.info(
        { companyId, pid, endpoint, version: spec.version, ms: +(performance.now() - started).toFixed(1) },
        'runtime started',
      )
      return { companyId, endpoint, pid, controlToken }
    } catch (err) {
      await terminate(pid, child, 500).catch(() => {})
      removeRecord(companyId)
      const reason = err instanceof Error ? err.message : String(err)
      const tail = logTail(companyId)
      throw new RuntimeDriverError(
        'start_failed',
        `Runtime for ${spec.slug} did not start: ${reason}${tail ? `. Last log lines: ${tail}` : ''}`,
      )
    }
  }

  /** Tells the runtime its owner leaves on purpose; it then waits for adoption without a deadline. */
  async function release(l: Live): Promise<boolean> {
    try {
      const res = await fetch(`${l.endpoint}/control/release`, {
        method: 'POST',
        headers: { authorization: `Bearer ${l.controlToken}` },
        signal: AbortSignal.timeout(probeTimeoutMs),
      })
      await res.body?.cancel().catch(() => {})
      return res.status === 200
    } catch {
      return false
    }
  }

  async function control(companyId: string, action: 'pause' | 'resume') {
    const l = live.get(companyId)
    if (!l || !isLive(l)) throw new RuntimeDriverError('not_running', `No runtime is running for ${companyId}`)
    let status: number
    try {
      const res = await fetch(`${l.endpoint}/control/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${l.controlToken}` },
        signal: AbortSignal.timeout(2_000),
      })
      status = res.status
      await res.body?.cancel().catch(() => {})
    } catch (err) {
      throw new RuntimeDriverError('control_failed', `The runtime did not accept ${action}: ${(err as Error).message}`)
    }
    if (status !== 200) throw new RuntimeDriverError('control_failed', `The runtime answered ${status} to ${action}`)
  }

  /** Takes over a runtime an earlier BFF started, if it is ours, healthy, and accepts us as owner. */
  async function adopt(companyId: string, record: RuntimeRecord): Promise<Live | null> {
    if (!record.endpoint || !pidAlive(record.pid)) return null
    if (!(await isOurRuntime(record.pid, companyId, dirOf(companyId)))) return null
    const health = await fetchHealth(record.endpoint, probeTimeoutMs)
    if (!health.ok || health.body.companyId !== companyId) return null
    try {
      const res = await fetch(`${record.endpoint}/control/adopt`, {
        method: 'POST',
        headers: { authorization: `Bearer ${record.controlToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ownerPid: process.pid }),
        signal: AbortSignal.timeout(probeTimeoutMs),
      })
      await res.body?.cancel().catch(() => {})
      if (res.status !== 200) return null
    } catch {
      return null
    }
    return { companyId, pid: record.pid, endpoint: record.endpoint, controlToken: record.controlToken, child: null, gone: null }
  }

  async function endIfOurs(companyId: string, pid: number | null, why: string) {
    if (pid === null || !pidAlive(pid)) return
    if (!(await isOurRuntime(pid, companyId, dirOf(companyId)))) return
    await terminate(pid, null, stopGraceMs)
    log.warn({ companyId, pid }, `ended a stale runtime: ${why}`)
  }

  const driver: RuntimeDriver = {
    name: 'local',

    async allocate(spec) {
      checkCompanyId(spec.companyId)
      return withLock(spec.companyId, () => allocateDir(spec))
    },

    start(spec) {
      try {
        checkCompanyId(spec.companyId)
      } catch (err) {
        return Promise.reject(err)
      }
      const { companyId } = spec
      // Checked and reserved synchronously, so concurrent starts cannot overshoot the limit.
      const occupied = new Set([...[...live.values()].filter(isLive).map((l) => l.companyId), ...starting])
      if (!occupied.has(companyId) && occupied.size >= maxRuntimes) {
        return Promise.reject(
          new RuntimeDriverError(
            'capacity_reached',
            `This machine already runs ${occupied.size} of at most ${maxRuntimes} runtimes; stop one or raise the limit`,
          ),
        )
      }
      starting.add(companyId)
      return withLock(companyId, () => startInternal(spec)).finally(() => starting.delete(companyId))
    },

    async stop(companyId) {
      checkCompanyId(companyId)
      return withLock(companyId, () => stopInternal(companyId))
    },

    pause(companyId) {
      return withLock(companyId, () => control(companyId, 'pause'))
    },

    resume(companyId) {
      return withLock(companyId, () => control(companyId, 'resume'))
    },

    async destroy(companyId) {
      checkCompanyId(companyId)
      return withLock(companyId, async () => {
        await stopInternal(companyId)
        await rm(dirOf(companyId), { recursive: true, force: true })
        log.info({ companyId }, 'runtime data removed')
      })
    },

    async probe(companyId): Promise<HealthProbe> {
      const l = live.get(companyId)
      if (!l) return { healthy: false, paused: false, version: null, detail: 'not running' }
      if (!isLive(l)) return { healthy: false, paused: false, version: null, detail: l.gone ?? 'not running' }
      const health = await fetchHealth(l.endpoint, probeTimeoutMs)
      if (!health.ok) {
        // The process may have died while we waited.
        const detail = isLive(l) ? health.detail : (l.gone ?? 'the runtime process has exited')
        return { healthy: false, paused: false, version: null, detail }
      }
      if (health.body.companyId !== companyId) {
        return { healthy: false, paused: false, version: null, detail: 'the endpoint answers for another company' }
      }
      return { healthy: true, paused: health.body.paused, version: health.body.version, detail: null }
    },

    handle(companyId) {
      const l = live.get(companyId)
      return l && isLive(l) ? { companyId, endpoint: l.endpoint, pid: l.pid, controlToken: l.controlToken } : null
    },

    async reconcile(known) {
      const valid = known.filter((k) => COMPANY_ID.test(k.companyId))
      const knownIds = new Set(valid.map((k) => k.companyId))
      const results = await Promise.all(
        valid.map((k) =>
          withLock(k.companyId, async (): Promise<RuntimeHandle | null> => {
            const current = live.get(k.companyId)
            if (current && isLive(current)) {
              if (k.pid !== current.pid) await endIfOurs(k.companyId, k.pid, 'superseded by the running one')
              return { companyId: k.companyId, endpoint: current.endpoint, pid: current.pid, controlToken: current.controlToken }
            }
            const found = readRecord(k.companyId)
            // The database's token, when it has one, is the credential: a runtime that does not
            // accept it is not ours to adopt, whatever runtime.json says.
            const record = found && k.controlToken ? { ...found, controlToken: k.controlToken } : found
            const adopted = record ? await adopt(k.companyId, record) : null
            if (adopted) {
              live.set(k.companyId, adopted)
              if (k.pid !== adopted.pid) await endIfOurs(k.companyId, k.pid, 'superseded by the adopted one')
              log.info({ companyId: k.companyId, pid: adopted.pid, endpoint: adopted.endpoint }, 'runtime adopted')
              return { companyId: k.companyId, endpoint: adopted.endpoint, pid: adopted.pid, controlToken: adopted.controlToken }
            }
            await endIfOurs(k.companyId, record?.pid ?? null, 'not healthy or not adoptable')
            if (k.pid !== record?.pid) await endIfOurs(k.companyId, k.pid, 'not healthy or not adoptable')
            removeRecord(k.companyId)
            return null
          }),
        ),
      )

      // Runtimes the caller does not expect (e.g. spawned just before the previous BFF died).
      const dirs = existsSync(runtimesDir) ? readdirSync(runtimesDir) : []
      await Promise.all(
        dirs
          .filter((id) => COMPANY_ID.test(id) && !knownIds.has(id) && !starting.has(id) && !isLive(live.get(id)))
          .map((id) =>
            withLock(id, async () => {
              const record = readRecord(id)
              if (!record) return
              await endIfOurs(id, record.pid, 'not expected to run')
              removeRecord(id)
            }),
          ),
      )
      return results.filter((h): h is RuntimeHandle => h !== null)
    },

    capacity(): DriverCapacity {
      return { driver: 'local', maxRuntimes, running: [...live.values()].filter(isLive).length }
    },

    async releaseAll() {
      // Starts in flight finish first (the lock queues us behind them): their runtimes are released too.
      const ids = new Set([...live.keys(), ...starting])
      const released = await Promise.all(
        [...ids].map((id) =>
          withLock(id, async () => {
            const l = live.get(id)
            if (!l || !isLive(l)) return false
            const ok = await release(l)
            // runtime.json stays: it is what the next BFF re-attaches by (pid, endpoint, token).
            live.delete(id)
            if (!ok) log.warn({ companyId: id, pid: l.pid }, 'runtime did not accept release; it exits after the orphan grace')
            return ok
          }),
        ),
      )
      return released.filter(Boolean).length
    },

    async shutdownAll() {
      // Starts in flight are waited for (the lock queues us behind them) and then stopped too.
      const ids = new Set([...live.keys(), ...starting])
      await Promise.all([...ids].map((id) => withLock(id, () => stopInternal(id))))
    },
  }
  return driver
}
