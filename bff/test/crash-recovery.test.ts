import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bffProcess, signUpWithCredentials } from './bff-process'
import { AGENTS, pidAlive, runtimeProcesses, sleep, waitFor } from './lifecycle-fixtures'

// The real BFF as a child process (compiled, as `pnpm start` runs it), SIGKILLed mid-provisioning and started again on the same
// data dir. Orphans are looked for in the OS (/proc), not in the database.

const LEASE_MS = 3_000

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'exocorp-crash-'))
const bff = await bffProcess(dataDir, {
  EXOCORP_JOB_LEASE_MS: String(LEASE_MS),
  EXOCORP_HEALTH_INTERVAL_MS: '500',
})
const { api } = bff
const startBff = () => bff.start()
const killBff = (signal: NodeJS.Signals) => bff.stop(signal)

async function provisionable(slug: string) {
  const c = await api('POST', '/api/registry/companies', { name: slug, slug })
  expect(c.status).toBe(201)
  const d = await api('POST', `/api/registry/companies/${c.json.id}/draft`, {
    baseVersion: 1,
    config: { agents: AGENTS, providers: [], settings: {} },
  })
  expect(d.status).toBe(200)
  return c.json.id as string
}

/** Every runtime process of this data dir belongs to a running exocorp, one each; none for the others. */
async function assertNoOrphans() {
  const list = await api('GET', '/api/registry/my-companies')
  for (const c of list.json.items as { id: string; status: string }[]) {
    const pids = runtimeProcesses(dataDir, c.id)
    if (c.status === 'running' || c.status === 'paused') {
      expect(pids, `${c.id} (${c.status})`).toHaveLength(1)
      const rt = await api('GET', `/api/admin/companies/${c.id}/runtime`)
      expect(rt.json.pid).toBe(pids[0])
    } else {
      expect(pids, `${c.id} (${c.status})`).toHaveLength(0)
    }
  }
}

afterAll(async () => {
  await killBff('SIGTERM')
  // A graceful stop leaves runtimes running by design; this data dir is going away, so they go too.
  for (const pid of runtimeProcesses(dataDir)) process.kill(pid, 'SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
})

type KillPoint = 'right-after-accept' | 'allocate_runtime' | 'start_control_plane' | 'after-running'

describe('SIGKILL during provisioning', () => {
  it('every job ends running or failed within twice its lease after a restart, with no orphan runtime', async () => {
    await startBff()
    await signUpWithCredentials(bff, 'Crash')

    const points: KillPoint[] = ['right-after-accept', 'allocate_runtime', 'start_control_plane', 'after-running']
    for (const [i, point] of points.entries()) {
      const id = await provisionable(`crash-${i}`)
      const accepted = await api('POST', `/api/registry/companies/${id}/provision`, {})
      expect(accepted.status).toBe(202)
      if (point === 'after-running') {
        await waitFor(async () => (await api('GET', `/api/registry/companies/${id}`)).json.status === 'running', 10_000, 20)
      } else if (point !== 'right-after-accept') {
        const reached = (phases: { name: string; status: string }[]) => {
          const at = phases.findIndex((p) => p.name === point)
          return phases.slice(at).some((p) => p.status !== 'pending')
        }
        await waitFor(
          async () => reached((await api('GET', `/api/registry/companies/${id}/jobs/current`)).json.phases),
          10_000,
          5,
        )
      }
      const before = runtimeProcesses(dataDir)
      await killBff('SIGKILL')
      // The BFF is gone; its runtimes are not (yet): that is what recovery has to deal with.
      for (const pid of before) expect(pidAlive(pid)).toBe(true)

      const readyAt = await startBff()
      const detail = await waitFor(
        async () => {
          const d = (await api('GET', `/api/registry/companies/${id}`)).json
          return d.currentJob === null && ['running', 'failed'].includes(d.status) ? d : null
        },
        2 * LEASE_MS + 2_000,
        25,
      )
      const elapsed = Date.now() - readyAt
      expect(elapsed, `${point}: settled after ${elapsed} ms`).toBeLessThan(2 * LEASE_MS)
      const job = (await api('GET', `/api/registry/companies/${id}/jobs/current`)).json
      expect(['succeeded', 'failed']).toContain(job.status)
      if (job.status === 'failed') expect(job.error).toEqual(expect.any(String))
      if (detail.status === 'failed') expect(detail.lastError).toEqual(expect.any(String))

      // No stuck exocorp, no orphan: old runtimes are either adopted or gone.
      await sleep(200)
      await assertNoOrphans()
      for (const pid of before) {
        if (pidAlive(pid)) expect(runtimeProcesses(dataDir)).toContain(pid)
      }
      const stuck = (await api('GET', '/api/dashboard/summary')).json.byStatus
      expect(stuck.provisioning + stuck.starting).toBe(0)
    }

    // A graceful stop leaves the runtimes running for the next start (graceful-restart.test.ts).
    const pids = runtimeProcesses(dataDir)
    expect(pids.length).toBeGreaterThan(0)
    await killBff('SIGTERM')
    await sleep(500)
    expect(runtimeProcesses(dataDir).sort()).toEqual(pids.sort())
  }, 120_000)
})
