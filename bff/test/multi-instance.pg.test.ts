import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bffProcess, type BffProcess } from './bff-process'
import { AGENTS, pidAlive, runtimeProcesses, sleep, waitFor } from './lifecycle-fixtures'

// Issue 9: two real BFF processes (compiled, as `pnpm start` runs them) on one PostgreSQL schema,
// with real runtime processes looked for in the OS. Runs in the `bff-pg` project only (*.pg.test.ts):
// SQLite is one instance's database by design.

const DATABASE_URL = process.env.DATABASE_URL
if (!DATABASE_URL) throw new Error('multi-instance tests run in the bff-pg project (DATABASE_URL is set there)')

const LEASE_MS = 3_000
const ORPHAN_GRACE_MS = 1_500
const schema = `mi_${process.pid}_${Date.now().toString(36)}`
const dirs = { a: mkdtempSync(path.join(os.tmpdir(), 'exocorp-a-')), b: mkdtempSync(path.join(os.tmpdir(), 'exocorp-b-')) }

function instance(name: 'a' | 'b') {
  return bffProcess(dirs[name], {
    EXOCORP_PG_SCHEMA: schema,
    EXOCORP_INSTANCE_ID: name,
    EXOCORP_JOB_LEASE_MS: String(LEASE_MS),
    EXOCORP_HEALTH_INTERVAL_MS: '300',
    EXOCORP_RUNTIME_ORPHAN_GRACE_MS: String(ORPHAN_GRACE_MS),
  })
}

let a: BffProcess
let b: BffProcess
const bffs = () => ({ a, b })
let cookie = ''
const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2, options: `-c search_path=${schema}` })

/** One signed-in person talking to either instance (the session lives in the shared database). */
async function call(to: BffProcess, method: string, p: string, body?: unknown) {
  const origin = `http://127.0.0.1:${to.port}`
  const res = await fetch(`${origin}${p}`, {
    method,
    headers: { origin, cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const set = res.headers.get('set-cookie')
  if (set) cookie = set.split(';')[0]!
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : undefined }
}

async function draftCompany(via: BffProcess, slug: string): Promise<string> {
  const c = await call(via, 'POST', '/api/registry/companies', { name: slug, slug })
  expect(c.status).toBe(201)
  const d = await call(via, 'POST', `/api/registry/companies/${c.json.id}/draft`, {
    baseVersion: 1,
    config: { agents: AGENTS, providers: [], settings: {} },
  })
  expect(d.status).toBe(200)
  return c.json.id as string
}

async function settledAs(via: BffProcess, id: string, status: string, timeoutMs = 15_000) {
  return waitFor(
    async () => {
      const d = (await call(via, 'GET', `/api/registry/companies/${id}`)).json
      return d.currentJob === null && d.status === status ? d : null
    },
    timeoutMs,
    50,
  )
}

async function runningCompany(via: BffProcess, slug: string) {
  const id = await draftCompany(via, slug)
  expect((await call(via, 'POST', `/api/registry/companies/${id}/provision`, {})).status).toBe(202)
  await settledAs(via, id, 'running')
  return id
}

/** Which instance's machine runs this exocorp's runtime process (its data dir). */
function ownerOf(id: string): 'a' | 'b' | null {
  const inA = runtimeProcesses(dirs.a, id).length
  const inB = runtimeProcesses(dirs.b, id).length
  expect(inA + inB, `runtime processes of ${id}`).toBeLessThanOrEqual(1)
  return inA ? 'a' : inB ? 'b' : null
}

beforeAll(async () => {
  a = await instance('a')
  b = await instance('b')
  // Both start on an empty schema at once: one migrates under the advisory lock, the other waits.
  await Promise.all([a.start(), b.start()])
  expect(
    (await call(a, 'POST', '/api/auth/signup', { email: 'ops@example.com', name: 'Ops', password: 'correct horse battery' }))
      .status,
  ).toBe(201)
  for (const provider of ['openai', 'anthropic']) {
    const value = `sk-ops-${provider}-000000000001`
    expect((await call(b, 'POST', '/api/registry/provider-secrets', { provider, label: provider, value })).status).toBe(201)
  }
}, 60_000)

afterAll(async () => {
  await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')])
  for (const dir of Object.values(dirs)) {
    for (const pid of runtimeProcesses(dir)) process.kill(pid, 'SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await db.end()
})

describe('two BFF instances on one PostgreSQL', () => {
  it('20 concurrent conflicting actions over both instances: one job, one success, 19 × 409', async () => {
    const id = await draftCompany(a, 'contended')
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(i % 2 ? b : a, 'POST', `/api/registry/companies/${id}/provision`, {})),
    )
    const statuses = answers.map((r) => r.status).sort()
    expect(statuses).toEqual([202, ...Array.from({ length: 19 }, () => 409)])
    const { rows } = await db.query('SELECT count(*)::int AS n FROM jobs WHERE company_id = $1', [id])
    expect(rows[0].n).toBe(1)
    await settledAs(b, id, 'running')
    expect(ownerOf(id)).not.toBeNull()
  })

  it('neither instance marks the runtimes the other owns unreachable', async () => {
    const ids = [
      await runningCompany(a, 'healthy-a1'),
      await runningCompany(b, 'healthy-b1'),
      await runningCompany(a, 'healthy-a2'),
      await runningCompany(b, 'healthy-b2'),
    ]
    const owners = new Set(ids.map(ownerOf))
    expect(owners).toEqual(new Set(['a', 'b']))
    // Many probe intervals (300 ms) of both monitors.
    for (let round = 0; round < 8; round++) {
      await sleep(300)
      for (const via of [a, b]) {
        for (const id of ids) {
          const d = (await call(via, 'GET', `/api/registry/companies/${id}`)).json
          expect([d.status, d.health], `${d.slug} seen through ${via === a ? 'a' : 'b'}`).toEqual(['running', 'healthy'])
        }
      }
    }
  })

  it('a runtime killed under instance A shows unreachable through B within 5 s; a restart asked of B is carried out by A', async () => {
    let id = ''
    for (let i = 0; !id && i < 4; i++) {
      const candidate = await runningCompany(a, `killed-runtime-${i}`)
      if (ownerOf(candidate) === 'a') id = candidate
    }
    expect(id, 'an exocorp whose runtime instance A owns').not.toBe('')
    const [pid] = runtimeProcesses(dirs.a, id)
    process.kill(pid!, 'SIGKILL')
    await waitFor(async () => (await call(b, 'GET', `/api/registry/companies/${id}`)).json.health === 'unreachable', 5_000, 50)

    expect((await call(b, 'POST', `/api/registry/companies/${id}/restart`, {})).status).toBe(202)
    const back = await settledAs(b, id, 'running')
    expect(back.health).not.toBe('unreachable')
    // Carried out by the owner: the new runtime process runs on A's machine, none on B's.
    const [again] = runtimeProcesses(dirs.a, id)
    expect(again).toBeDefined()
    expect(again).not.toBe(pid)
    expect(runtimeProcesses(dirs.b, id)).toEqual([])
  })

  it('SIGKILL of the instance running a provisioning job: the other finishes or fails it within twice the lease, no orphan runtime', async () => {
    // Kill while the job is mid-way: its runtime process exists, the job has not finished.
    let id = ''
    let runner: 'a' | 'b' | null = null
    for (let attempt = 0; !runner && attempt < 5; attempt++) {
      id = await draftCompany(a, `orphan-check-${attempt}`)
      expect((await call(a, 'POST', `/api/registry/companies/${id}/provision`, {})).status).toBe(202)
      // The instance whose machine got the runtime process is the one running the job.
      const owner = await waitFor(() => ownerOf(id), 10_000, 5)
      const d = (await call(a, 'GET', `/api/registry/companies/${id}`)).json
      if (d.currentJob !== null) runner = owner
      else await settledAs(a, id, 'running')
    }
    if (!runner) throw new Error('every provisioning job finished before it could be interrupted')
    const survivor = runner === 'a' ? b : a
    const [firstPid] = runtimeProcesses(dirs[runner], id)
    await bffs()[runner].stop('SIGKILL')
    const killedAt = Date.now()
    const settled = await waitFor(
      async () => {
        const d = (await call(survivor, 'GET', `/api/registry/companies/${id}`)).json
        return d.currentJob === null && (d.status === 'running' || d.status === 'failed') ? d : null
      },
      2 * LEASE_MS + 2_000,
      50,
    )
    expect(Date.now() - killedAt).toBeLessThanOrEqual(2 * LEASE_MS + 2_000)
    // The dead instance's runtime does not outlive its orphan grace…
    await waitFor(() => !pidAlive(firstPid!), ORPHAN_GRACE_MS + 3_000, 50)
    // …and what runs now is exactly one runtime, on the survivor's machine, or nothing if it failed.
    const survivorName = runner === 'a' ? 'b' : 'a'
    expect(runtimeProcesses(dirs[runner], id)).toEqual([])
    expect(runtimeProcesses(dirs[survivorName], id)).toHaveLength(settled.status === 'running' ? 1 : 0)
    // The killed instance comes back with nothing to re-attach for this exocorp and the fleet intact.
    await bffs()[runner].start()
    expect(ownerOf(id)).toBe(settled.status === 'running' ? survivorName : null)
  })
})
