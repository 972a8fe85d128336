import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RuntimeDriver, RuntimeSpec } from '../src/runtime/driver'
import { isRuntimeDriverError } from '../src/runtime/local/errors'
import { createLocalDriver, type LocalDriverOptions } from '../src/runtime/local/local-driver'

// Real child processes and real HTTP throughout; every process is ended in afterEach.

const LOCAL_DRIVER = path.resolve(import.meta.dirname, '../src/runtime/local/local-driver.ts')

let dataDir: string
const drivers: RuntimeDriver[] = []
const extraChildren: ChildProcess[] = []
const servers: Server[] = []

function newDataDir() {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'exocorp-rt-'))
  return dataDir
}

function makeDriver(options: Partial<LocalDriverOptions> = {}) {
  const driver = createLocalDriver({ dataDir: dataDir ?? newDataDir(), stopGraceMs: 1_000, ...options })
  drivers.push(driver)
  return driver
}

function spec(overrides: Partial<RuntimeSpec> = {}): RuntimeSpec {
  return {
    companyId: 'co_acme',
    slug: 'acme',
    name: 'Acme <script>alert(1)</script> & Co',
    version: '1.4.2',
    manifestYaml: 'company: acme\nversion: 1.4.2\n',
    agents: [
      { name: 'Ada', role: 'ceo', model: 'gpt-4.1' },
      { name: 'Brunel <b>', role: 'engineer', model: 'claude-sonnet-4' },
    ],
    usageReportUrl: 'http://127.0.0.1:9/unused',
    usageToken: 'usage-token-acme',
    ...overrides,
  }
}

/** Alive and not a zombie: a reaped or zombie process counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 5_000, stepMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await fn()
    if (value !== null && value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, stepMs))
  }
}

const gone = (pid: number, timeoutMs = 3_000) => waitFor(() => !alive(pid), timeoutMs)

/** Live runtime processes started from this test's data dir, found through /proc. */
function runtimeProcesses(dir: string): number[] {
  const marker = `--runtime-dir=${path.join(dir, 'runtimes')}`
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      if (args.some((a) => a.startsWith(marker)) && alive(Number(entry))) pids.push(Number(entry))
    } catch {
      // exited while we looked
    }
  }
  return pids
}

interface UsageHit {
  authorization: string | undefined
  idempotencyKey: string | undefined
  body: unknown
}

async function usageServer(answer: (n: number) => number = () => 202) {
  const hits: UsageHit[] = []
  const server = createServer((req: IncomingMessage, res) => {
    // The runtime also reads its flags and ships its logs to the platform: not usage, not counted.
    if (req.method !== 'POST' || req.url !== '/api/runtime/usage') {
      req.resume()
      res.writeHead(404).end()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      hits.push({
        authorization: req.headers.authorization,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      })
      res.writeHead(answer(hits.length)).end()
    })
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { hits, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/runtime/usage` }
}

afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.shutdownAll().catch(() => {})))
  for (const child of extraChildren.splice(0)) child.kill('SIGKILL')
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
  if (dataDir) {
    for (const pid of runtimeProcesses(dataDir)) process.kill(pid, 'SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
  dataDir = undefined as unknown as string
})

describe('local runtime driver', () => {
  it('starts a runtime whose /healthz answers and whose operator portal shows name, version and agents, escaped', async () => {
    newDataDir()
    const driver = makeDriver()
    const handle = await driver.start(spec())

    expect(handle.companyId).toBe('co_acme')
    expect(handle.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(handle.pid).toBeGreaterThan(0)
    expect(driver.handle('co_acme')).toEqual(handle)

    const health = await fetch(`${handle.endpoint}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ ok: true, paused: false, version: '1.4.2', companyId: 'co_acme' })

    const page = await fetch(`${handle.endpoint}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await page.text()
    expect(html).toContain('Acme &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co')
    expect(html).not.toContain('<script')
    expect(html).toContain('1.4.2')
    expect(html).toContain('Ada')
    expect(html).toContain('Brunel &lt;b&gt;')
    expect(html).toContain('claude-sonnet-4')
    expect(html).toContain('Running')

    const dir = path.join(dataDir, 'runtimes', 'co_acme')
    expect(readFileSync(path.join(dir, 'manifest.yaml'), 'utf8')).toBe('company: acme\nversion: 1.4.2\n')
    expect(await driver.probe('co_acme')).toEqual({ healthy: true, paused: false, version: '1.4.2', detail: null })
  })

  it('pauses and resumes through the token-protected control endpoints', async () => {
    newDataDir()
    const driver = makeDriver()
    const { endpoint } = await driver.start(spec())

    const anonymous = await fetch(`${endpoint}/control/pause`, { method: 'POST' })
    expect(anonymous.status).toBe(401)
    const wrongToken = await fetch(`${endpoint}/control/pause`, { method: 'POST', headers: { authorization: 'Bearer nope' } })
    expect(wrongToken.status).toBe(401)
    expect((await driver.probe('co_acme')).paused).toBe(false)

    await driver.pause('co_acme')
    expect(await driver.probe('co_acme')).toMatchObject({ healthy: true, paused: true })
    const health = await fetch(`${endpoint}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ paused: true })
    expect(await (await fetch(`${endpoint}/`)).text()).toContain('Paused')

    await driver.resume('co_acme')
    expect(await driver.probe('co_acme')).toMatchObject({ healthy: true, paused: false })
  })

  it('reports usage events with the per-runtime bearer token, and none while paused', async () => {
    newDataDir()
    const usage = await usageServer()
    const driver = makeDriver({ usageIntervalMs: 150 })
    await driver.start(spec({ usageReportUrl: usage.url }))

    await waitFor(() => usage.hits.length >= 3)
    for (const hit of usage.hits) {
      expect(hit.authorization).toBe('Bearer usage-token-acme')
      // Each call names its agent with that agent's model (usage by agent, decision 040).
      expect([
        { model: 'gpt-4.1', agent: 'Ada' },
        { model: 'claude-sonnet-4', agent: 'Brunel <b>' },
      ]).toContainEqual({ model: (hit.body as { model: string }).model, agent: (hit.body as { agent: string }).agent })
      expect(hit.body).toEqual({
        model: expect.stringMatching(/^(gpt-4\.1|claude-sonnet-4)$/),
        agent: expect.any(String),
        inputTokens: expect.any(Number),
        outputTokens: expect.any(Number),
        // How the simulated call ended (decision 049).
        outcome: expect.stringMatching(/^(ok|error)$/),
      })
      const body = hit.body as { inputTokens: number; outputTokens: number }
      expect(Number.isInteger(body.inputTokens) && body.inputTokens > 0).toBe(true)
      expect(Number.isInteger(body.outputTokens) && body.outputTokens > 0).toBe(true)
    }
    expect(new Set(usage.hits.map((h) => (h.body as { model: string }).model))).toEqual(new Set(['gpt-4.1', 'claude-sonnet-4']))

    await driver.pause('co_acme')
    // Let an event sent just before the pause land first.
    await new Promise((r) => setTimeout(r, 500))
    const whilePaused = usage.hits.length
    await new Promise((r) => setTimeout(r, 700))
    expect(usage.hits.length).toBe(whilePaused)

    await driver.resume('co_acme')
    await waitFor(() => usage.hits.length > whilePaused)
  })

  it('retries a usage event the BFF failed to take under the same idempotency key, and survives an unreachable BFF', async () => {
    newDataDir()
    const usage = await usageServer((n) => (n === 1 ? 503 : 202))
    const driver = makeDriver({ usageIntervalMs: 150 })
    await driver.start(spec({ usageReportUrl: usage.url }))
    await waitFor(() => usage.hits.length >= 2)
    expect(usage.hits[1]!.idempotencyKey).toBe(usage.hits[0]!.idempotencyKey)
    expect(usage.hits[1]!.body).toEqual(usage.hits[0]!.body)

    // Port 9 (discard) refuses connections here: reporting fails on every tick.
    await driver.start(spec({ companyId: 'co_lonely', slug: 'lonely', usageReportUrl: 'http://127.0.0.1:9/usage' }))
    await new Promise((r) => setTimeout(r, 600))
    expect(await driver.probe('co_lonely')).toMatchObject({ healthy: true })
  })

  it('shows a killed runtime as unhealthy within 5 s, and a new start replaces it', async () => {
    newDataDir()
    const driver = makeDriver()
    const first = await driver.start(spec())
    process.kill(first.pid!, 'SIGKILL')

    const killedAt = Date.now()
    const probe = await waitFor(async () => {
      const p = await driver.probe('co_acme')
      return p.healthy ? null : p
    }, 5_000)
    expect(Date.now() - killedAt).toBeLessThan(5_000)
    expect(probe.detail).toMatch(/exited|unreachable/)
    // The probe can see the closed port before the child's exit event has been delivered; the
    // driver lets go of the handle once it is.
    await waitFor(() => driver.handle('co_acme') === null, 2_000)
    expect(driver.capacity().running).toBe(0)

    const second = await driver.start(spec())
    expect(second.pid).not.toBe(first.pid)
    expect((await driver.probe('co_acme')).healthy).toBe(true)
  })

  it('replaces a running runtime on start (restart, update to another version)', async () => {
    newDataDir()
    const driver = makeDriver()
    const first = await driver.start(spec())
    const second = await driver.start(spec({ version: '1.5.0' }))

    expect(second.pid).not.toBe(first.pid)
    await gone(first.pid!)
    expect(() => process.kill(first.pid!, 0)).toThrow()
    expect(await driver.probe('co_acme')).toMatchObject({ healthy: true, version: '1.5.0' })
    expect(await (await fetch(`${second.endpoint}/`)).text()).toContain('1.5.0')
    expect(driver.capacity().running).toBe(1)
    expect(runtimeProcesses(dataDir)).toEqual([second.pid])
  })

  it('stops the process (idempotently) and destroy removes the data dir', async () => {
    newDataDir()
    const driver = makeDriver()
    const { pid } = await driver.start(spec())

    await driver.stop('co_acme')
    await gone(pid!)
    expect(driver.handle('co_acme')).toBeNull()
    expect(await driver.probe('co_acme')).toMatchObject({ healthy: false, detail: 'not running' })
    await driver.stop('co_acme')
    await expect(driver.pause('co_acme')).rejects.toMatchObject({ code: 'not_running' })

    const dir = path.join(dataDir, 'runtimes', 'co_acme')
    expect(existsSync(dir)).toBe(true)
    const again = await driver.start(spec())
    await driver.destroy('co_acme')
    await gone(again.pid!)
    expect(existsSync(dir)).toBe(false)
    await driver.destroy('co_acme')
  })

  it('refuses a start beyond maxRuntimes with a clear error, while a restart of a running one still works', async () => {
    newDataDir()
    const driver = makeDriver({ maxRuntimes: 1 })
    await driver.start(spec())
    expect(driver.capacity()).toEqual({ driver: 'local', maxRuntimes: 1, running: 1 })

    const refused = await driver.start(spec({ companyId: 'co_other', slug: 'other' })).catch((e: unknown) => e)
    expect(isRuntimeDriverError(refused)).toBe(true)
    expect(refused).toMatchObject({ code: 'capacity_reached' })
    expect((refused as Error).message).toMatch(/at most 1 runtimes/)
    expect(existsSync(path.join(dataDir, 'runtimes', 'co_other'))).toBe(false)

    await driver.start(spec({ version: '1.4.3' }))
    await driver.stop('co_acme')
    await driver.start(spec({ companyId: 'co_other', slug: 'other' }))
    expect(driver.capacity()).toEqual({ driver: 'local', maxRuntimes: 1, running: 1 })
  })

  it('rejects a start that cannot become healthy in time and leaves no process behind', async () => {
    newDataDir()
    const driver = makeDriver({ startTimeoutMs: 1 })
    const err = await driver.start(spec()).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'start_failed' })
    expect((err as Error).message).toMatch(/Runtime for acme did not start/)
    await waitFor(() => runtimeProcesses(dataDir).length === 0)
    expect(driver.handle('co_acme')).toBeNull()
  })

  it('refuses company ids that could escape its data dir', async () => {
    newDataDir()
    const driver = makeDriver()
    await expect(driver.start(spec({ companyId: '../escape' }))).rejects.toMatchObject({ code: 'invalid_spec' })
    await expect(driver.destroy('..')).rejects.toMatchObject({ code: 'invalid_spec' })
    expect(existsSync(dataDir)).toBe(true)
    expect(existsSync(path.join(dataDir, '..', 'escape'))).toBe(false)
  })

  it('shutdownAll ends every runtime it started', async () => {
    newDataDir()
    const driver = makeDriver()
    const a = await driver.start(spec())
    const b = await driver.start(spec({ companyId: 'co_beta', slug: 'beta' }))
    expect(runtimeProcesses(dataDir).sort()).toEqual([a.pid, b.pid].sort())

    await driver.shutdownAll()
    expect(runtimeProcesses(dataDir)).toEqual([])
    expect(alive(a.pid!)).toBe(false)
    expect(alive(b.pid!)).toBe(false)
    expect(driver.capacity().running).toBe(0)
  })
})

describe('reconcile after a BFF restart', () => {
  it('adopts a live runtime from a fresh driver and ends the ones nobody expects', async () => {
    newDataDir()
    const before = makeDriver()
    const kept = await before.start(spec())
    const unexpected = await before.start(spec({ companyId: 'co_stray', slug: 'stray' }))

    const after = makeDriver()
    const handles = await after.reconcile([{ companyId: 'co_acme', pid: kept.pid, endpoint: kept.endpoint }])
    expect(handles).toEqual([kept])
    expect(after.handle('co_acme')).toEqual(kept)
    expect(after.capacity().running).toBe(1)
    await gone(unexpected.pid!)

    // The adopting driver controls it with the token recorded in the runtime's dir.
    await after.pause('co_acme')
    expect(await after.probe('co_acme')).toMatchObject({ healthy: true, paused: true })
    await after.stop('co_acme')
    await gone(kept.pid!)
  })

  it('ends a hung runtime instead of adopting it, and never signals a process that is not its runtime', async () => {
    newDataDir()
    const before = makeDriver()
    const hung = await before.start(spec())
    process.kill(hung.pid!, 'SIGSTOP')

    const bystander = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    extraChildren.push(bystander)
    await waitFor(() => bystander.pid !== undefined && alive(bystander.pid))

    const after = makeDriver({ probeTimeoutMs: 300, stopGraceMs: 300 })
    const handles = await after.reconcile([
      { companyId: 'co_acme', pid: hung.pid, endpoint: hung.endpoint },
      // A pid reused by an unrelated process since the database recorded it.
      { companyId: 'co_recycled', pid: bystander.pid!, endpoint: 'http://127.0.0.1:9' },
    ])
    expect(handles).toEqual([])
    await gone(hung.pid!)
    expect(alive(bystander.pid!)).toBe(true)
  })

  it('after a BFF SIGKILL, the restarted BFF adopts the runtime it expects and ends the one it does not', async () => {
    newDataDir()
    // A stand-in BFF in its own process: it starts two runtimes, prints their handles, then dies hard.
    const script = `
      const { createLocalDriver } = await import(${JSON.stringify(LOCAL_DRIVER)})
      const d = createLocalDriver({ dataDir: ${JSON.stringify(dataDir)}, orphanGraceMs: 1500 })
      const base = { name: 'X', version: '1.0.0', manifestYaml: '', agents: [], usageReportUrl: 'http://127.0.0.1:9/', usageToken: 't' }
      const a = await d.start({ ...base, companyId: 'co_adopted', slug: 'adopted' })
      const b = await d.start({ ...base, companyId: 'co_orphan', slug: 'orphan' })
      console.log(JSON.stringify([a, b]))
      process.kill(process.pid, 'SIGKILL')
    `
    const bff = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    extraChildren.push(bff)
    let out = ''
    bff.stdout!.on('data', (c: Buffer) => (out += c.toString()))
    await new Promise((r) => bff.once('exit', r))
    const [adopted, orphan] = JSON.parse(out.trim()) as { pid: number; endpoint: string; companyId: string }[]

    expect(alive(adopted!.pid)).toBe(true)
    expect(alive(orphan!.pid)).toBe(true)
    const orphaned = async (endpoint: string) =>
      ((await (await fetch(`${endpoint}/healthz`)).json()) as { orphaned: boolean }).orphaned
    await waitFor(() => orphaned(adopted!.endpoint))

    // The restarted BFF's database only expects co_adopted to run.
    const restarted = makeDriver()
    const handles = await restarted.reconcile([{ companyId: 'co_adopted', pid: adopted!.pid, endpoint: adopted!.endpoint }])
    expect(handles.map((h) => h.pid)).toEqual([adopted!.pid])
    expect(await orphaned(adopted!.endpoint)).toBe(false)
    // The sweep ends the runtime nobody expected right away, without waiting for its grace.
    await gone(orphan!.pid)

    // The adopted one outlives the grace period because its new owner (this process) is alive.
    await new Promise((r) => setTimeout(r, 2_000))
    expect(alive(adopted!.pid)).toBe(true)
    expect(await restarted.probe('co_adopted')).toMatchObject({ healthy: true })
  })

  it('an orphaned runtime that no BFF adopts exits after the grace period', async () => {
    newDataDir()
    const script = `
      const { createLocalDriver } = await import(${JSON.stringify(LOCAL_DRIVER)})
      const d = createLocalDriver({ dataDir: ${JSON.stringify(dataDir)}, orphanGraceMs: 1000 })
      const h = await d.start({ companyId: 'co_orphan', slug: 'orphan', name: 'X', version: '1.0.0', manifestYaml: '', agents: [], usageReportUrl: 'http://127.0.0.1:9/', usageToken: 't' })
      console.log(JSON.stringify(h))
      process.kill(process.pid, 'SIGKILL')
    `
    const bff = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    extraChildren.push(bff)
    let out = ''
    bff.stdout!.on('data', (c: Buffer) => (out += c.toString()))
    await new Promise((r) => bff.once('exit', r))
    const orphan = JSON.parse(out.trim()) as { pid: number }
    expect(alive(orphan.pid)).toBe(true)
    await gone(orphan.pid, 5_000)
  })
})
