import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bffProcess, signUpWithCredentials } from './bff-process'
import { AGENTS, pidAlive, runtimeProcesses, sleep, waitFor } from './lifecycle-fixtures'

// Red-team finding 5 (and issue 9 item 4): SIGTERM then start. The real BFF (compiled, as `pnpm
// start` runs it) with real runtime processes, looked for in the OS (/proc), not the database.

// Short, so the test can outwait it: a released runtime must not count down at all.
const ORPHAN_GRACE_MS = 1_500

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'exocorp-graceful-'))
const bff = await bffProcess(dataDir, {
  EXOCORP_HEALTH_INTERVAL_MS: '300',
  EXOCORP_RUNTIME_ORPHAN_GRACE_MS: String(ORPHAN_GRACE_MS),
})
const { api } = bff
const startBff = () => bff.start()

/** A graceful stop must end the process cleanly (exit code 0). */
async function stopBff(signal: NodeJS.Signals) {
  const exit = await bff.stop(signal)
  if (exit && signal === 'SIGTERM') expect(exit.code).toBe(0)
}

async function runningCompany(slug: string) {
  const c = await api('POST', '/api/registry/companies', { name: slug, slug })
  expect(c.status).toBe(201)
  const d = await api('POST', `/api/registry/companies/${c.json.id}/draft`, {
    baseVersion: 1,
    config: { agents: AGENTS, providers: [], settings: {} },
  })
  expect(d.status).toBe(200)
  expect((await api('POST', `/api/registry/companies/${c.json.id}/provision`, {})).status).toBe(202)
  await settledAs(c.json.id, 'running')
  return c.json.id as string
}

async function settledAs(id: string, status: string, health?: string) {
  return waitFor(
    async () => {
      const d = (await api('GET', `/api/registry/companies/${id}`)).json
      return d.currentJob === null && d.status === status && (!health || d.health === health) ? d : null
    },
    15_000,
    50,
  )
}

const onePid = (id: string) => {
  const pids = runtimeProcesses(dataDir, id)
  expect(pids, id).toHaveLength(1)
  return pids[0]!
}

afterAll(async () => {
  await stopBff('SIGTERM')
  // Graceful exits leave runtimes running by design; this data dir is going away, so they go too.
  for (const pid of runtimeProcesses(dataDir)) process.kill(pid, 'SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

describe('SIGTERM, then start again', () => {
  it('re-attaches to the same runtime processes; running, paused and stopped come back as they were', async () => {
    await startBff()
    await signUpWithCredentials(bff, 'Ops')
    const running = await runningCompany('keeps-running')
    const paused = await runningCompany('keeps-paused')
    const stopped = await runningCompany('keeps-stopped')
    expect((await api('POST', `/api/registry/companies/${paused}/actions`, { action: 'pause' })).status).toBe(200)
    expect((await api('POST', `/api/registry/companies/${stopped}/stop`, { confirm: 'keeps-stopped' })).status).toBe(200)
    await waitFor(() => runtimeProcesses(dataDir, stopped).length === 0, 5_000)
    const runningPid = onePid(running)
    const pausedPid = onePid(paused)

    await stopBff('SIGTERM')
    // The fleet outlives the BFF, longer than a crashed BFF's orphans would wait.
    await sleep(ORPHAN_GRACE_MS + 1_500)
    expect(pidAlive(runningPid)).toBe(true)
    expect(pidAlive(pausedPid)).toBe(true)
    expect(runtimeProcesses(dataDir, stopped)).toEqual([])

    await startBff()
    await settledAs(running, 'running', 'healthy')
    await settledAs(paused, 'paused', 'healthy')
    expect((await settledAs(stopped, 'stopped')).health).not.toBe('unreachable')
    expect(runtimeProcesses(dataDir, running)).toEqual([runningPid])
    expect(runtimeProcesses(dataDir, paused)).toEqual([pausedPid])
    expect(runtimeProcesses(dataDir, stopped)).toEqual([])
    expect((await api('GET', `/api/admin/companies/${running}/runtime`)).json).toMatchObject({
      pid: runningPid,
      health: 'healthy',
    })
    expect((await api('GET', `/api/admin/companies/${paused}/runtime`)).json).toMatchObject({ pid: pausedPid, health: 'healthy' })
    // Re-attached, not an orphan: still up well after the orphan grace of the BFF that started it.
    await sleep(ORPHAN_GRACE_MS + 500)
    expect(runtimeProcesses(dataDir, running)).toEqual([runningPid])

    const resumed = await api('POST', `/api/registry/companies/${paused}/actions`, { action: 'resume' })
    expect(resumed.status, JSON.stringify(resumed.json)).toBe(200)
    expect(resumed.json.company.status).toBe('running')
    expect(runtimeProcesses(dataDir, paused)).toEqual([pausedPid])
    expect((await api('POST', `/api/registry/companies/${paused}/actions`, { action: 'pause' })).status).toBe(200)
  }, 120_000)

  it('a runtime that died while the BFF was down is started again into its state', async () => {
    const list = (await api('GET', '/api/registry/my-companies')).json.items as { id: string; slug: string }[]
    const id = (slug: string) => list.find((c) => c.slug === slug)!.id
    const [running, paused, stopped] = [id('keeps-running'), id('keeps-paused'), id('keeps-stopped')]
    const oldRunning = onePid(running)
    const oldPaused = onePid(paused)

    await stopBff('SIGTERM')
    process.kill(oldRunning, 'SIGKILL')
    process.kill(oldPaused, 'SIGKILL')
    await waitFor(() => !pidAlive(oldRunning) && !pidAlive(oldPaused), 5_000)

    await startBff()
    await settledAs(running, 'running', 'healthy')
    const pausedDetail = await settledAs(paused, 'paused', 'healthy')
    expect(pausedDetail.allowedActions.find((a: { action: string }) => a.action === 'resume').allowed).toBe(true)
    expect(await settledAs(stopped, 'stopped')).toMatchObject({ status: 'stopped' })
    const newRunning = onePid(running)
    const newPaused = onePid(paused)
    expect(newRunning).not.toBe(oldRunning)
    expect(newPaused).not.toBe(oldPaused)
    expect(runtimeProcesses(dataDir, stopped)).toEqual([])

    const resumed = await api('POST', `/api/registry/companies/${paused}/actions`, { action: 'resume' })
    expect(resumed.status, JSON.stringify(resumed.json)).toBe(200)
    expect(resumed.json.company.status).toBe('running')
    expect(runtimeProcesses(dataDir, paused)).toEqual([newPaused])
  }, 120_000)
})
