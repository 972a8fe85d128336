import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createLocalDriver } from '../src/runtime/local/local-driver'
import type { RuntimeDriver } from '../src/runtime/driver'
import { lifecycleOf } from '../src/services/lifecycle/context'
import { createLifecycleHost, type LifecycleHost } from '../src/worker/lifecycle-host'
import { makeHarness, signUp, TestClient } from './harness'

/**
 * A harness with the real local runtime driver (child processes on loopback), the job worker
 * running, and the health monitor driven by hand. `cleanup()` ends every runtime it started.
 */
export async function makeLifecycleHarness(
  options: { driver?: (dataDir: string) => RuntimeDriver; leaseMs?: number; env?: Record<string, string> } = {},
) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'exocorp-lc-'))
  const driver = options.driver?.(dataDir) ?? createLocalDriver({ dataDir, stopGraceMs: 1_000, orphanGraceMs: 2_000 })
  const h = await makeHarness(
    { EXOCORP_DATA_DIR: dataDir, ...options.env },
    {},
    { lifecycle: { driver, leaseMs: options.leaseMs ?? 5_000 } },
  )
  const host: LifecycleHost = createLifecycleHost({ ...h.deps, lifecycle: lifecycleOf(h.deps) }, { healthMonitor: false })
  host.start()
  return {
    ...h,
    dataDir,
    driver,
    host,
    async cleanup() {
      await host.shutdown()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export type LifecycleHarness = Awaited<ReturnType<typeof makeLifecycleHarness>>

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, stepMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await fn()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await sleep(stepMs)
  }
}

/** Alive and not a zombie. */
export function pidAlive(pid: number): boolean {
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

/** Runtime processes started from `dataDir`, found through the OS (/proc), not the database. */
export function runtimeProcesses(dataDir: string, companyId?: string): number[] {
  const marker = `--runtime-dir=${path.join(dataDir, 'runtimes')}`
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    let args: string[]
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    } catch {
      continue
    }
    if (!args.some((a) => a.startsWith(marker))) continue
    if (companyId && !args.includes(`--company=${companyId}`)) continue
    if (pidAlive(pid)) pids.push(pid)
  }
  return pids
}

const SECRET_A = 'sk-test-openai-000000000000000000000001'
const SECRET_B = 'sk-ant-test-00000000000000000000000002'

/** Signs up an owner with one openai and one anthropic credential (what the stable channel needs). */
export async function ownerWithCredentials(h: { client: TestClient }, email = 'owner@example.com') {
  const me = await signUp(h.client, email)
  for (const [provider, value] of [
    ['openai', SECRET_A],
    ['anthropic', SECRET_B],
  ] as const) {
    const res = await h.client.post('/api/registry/provider-secrets', { provider, label: `${provider} key`, value })
    if (res.status !== 201) throw new Error(`secret failed: ${res.status} ${res.text}`)
  }
  return me
}

export const AGENTS = [
  { name: 'Ada', role: 'Chief executive', model: 'gpt-4o' },
  { name: 'Brunel', role: 'Engineer', model: 'claude-sonnet-4' },
]

/** A draft exocorp with two agents saved (provisioning refuses a draft without agents). */
export async function createCompany(client: TestClient, slug: string, name = slug, agents = AGENTS) {
  const res = await client.post('/api/registry/companies', { name, slug })
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`)
  if (agents.length) {
    const draft = await client.post(`/api/registry/companies/${res.json.id}/draft`, {
      baseVersion: 1,
      config: { agents, providers: [], settings: {} },
    })
    if (draft.status !== 200) throw new Error(`draft failed: ${draft.status} ${draft.text}`)
  }
  return res.json as { id: string; slug: string; status: string }
}

/** Waits for the company's job to finish and returns the settled detail. */
export async function settled(client: TestClient, id: string, timeoutMs = 15_000) {
  return waitFor(
    async () => {
      const res = await client.get(`/api/registry/companies/${id}`)
      return res.json.currentJob === null && !['provisioning', 'starting'].includes(res.json.status) ? res.json : null
    },
    timeoutMs,
    50,
  )
}

export async function provisionAndWait(client: TestClient, id: string) {
  const res = await client.post(`/api/registry/companies/${id}/provision`, {})
  if (res.status !== 202) throw new Error(`provision failed: ${res.status} ${res.text}`)
  return settled(client, id)
}

export { makeHarness, signUp, TestClient }
