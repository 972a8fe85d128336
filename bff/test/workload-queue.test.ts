import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  ClaimedWorkloadSchema,
  EnrolledRunnerSchema,
  QueuedWorkloadListSchema,
  QueuedWorkloadSchema,
  WorkloadListSchema,
} from '@exocorp/shared/workloads'
import { sweepOfflineRunners } from '../src/services/workloads'
import { freePort } from './bff-process'
import { addMembership, insertCompany, newUser } from './catalog-helpers'
import { isHello, openStream, serveWithEvents } from './events-fixtures'
import { makeHarness, ORIGIN } from './harness'

// Issue 15 item 5, decision 053: the platform places queued workloads on enrolled runners. Real
// runner processes claim them with their secret, run the reference workload and report back.

type Harness = Awaited<ReturnType<typeof makeHarness>>

function post(h: Harness, p: string, body: unknown, bearer?: string) {
  return h.app.request(`${ORIGIN}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  })
}

function startRunner(port: number, token: string) {
  const cli = path.join(process.env.EXOCORP_TEST_BUILD_DIR!, 'cli.mjs')
  const args = ['runner', '--server', `http://127.0.0.1:${port}`, '--token', token]
  const proc = spawn(process.execPath, [cli, ...args, '--heartbeat-ms', '200', '--work-every-ms', '0', '--poll-ms', '150'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()))
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()))
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)))
  return { proc, output, exited }
}

async function enrolledSecret(
  h: Harness,
  ownerClient: { post: (p: string, b?: unknown) => Promise<{ json: any }> },
  companyId: string,
  name: string,
) {
  const { enrollmentToken } = (await ownerClient.post(`/api/registry/companies/${companyId}/runners`, { name })).json
  const r = await post(h, '/api/runtime/runners/enroll', {
    token: enrollmentToken,
    hostname: `${name}.local`,
    version: '0.1.0',
    heartbeatMs: 10_000,
  })
  expect(r.status).toBe(200)
  return EnrolledRunnerSchema.parse(await r.json())
}

describe('workload queue', () => {
  it('queued with no runner; runners that enroll later take every workload once and report starting → running → stopped', async () => {
    const port = await freePort()
    const h = await makeHarness({ PORT: String(port) })
    await newUser(h, 'root@example.com')
    const owner = await newUser(h, 'owner@example.com')
    const member = await newUser(h, 'member@example.com')
    const stranger = await newUser(h, 'stranger@example.com')
    const c = await insertCompany(h, owner.id, { slug: 'queued', status: 'running' })
    await addMembership(h, c.id, member.id)
    const srv = await serveWithEvents(h, { port })
    const mem = await openStream(srv.port, { cookie: member.client.cookie })
    await mem.waitFor(isHello)

    // Role × route and bad input: nothing is written.
    const url = `/api/registry/companies/${c.id}/workloads`
    expect((await member.client.post(url, { agent: 'Ada', title: 'Nope' })).status).toBe(403)
    expect((await stranger.client.post(url, { agent: 'Ada', title: 'Nope' })).status).toBe(404)
    const bad = await owner.client.post(url, { agent: '  ', title: 'x'.repeat(201) })
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.json.error.details.fields).sort()).toEqual(['agent', 'title'])
    expect((await owner.client.post(url, { agent: 'Ada', title: 'Ok', extra: 1 })).status).toBe(400)
    expect(QueuedWorkloadListSchema.parse((await owner.client.get(`${url}/queue`)).json).items).toEqual([])

    // No enrolled runner: the workloads stay queued, and members can see them waiting.
    const queued = []
    for (let i = 0; i < 6; i++) {
      h.clock.advance(1) // oldest first; within one millisecond the order is the id's
      const r = await owner.client.post(url, { agent: i % 2 ? 'Ada' : 'Brunel', title: `Crunch batch ${i}` })
      expect(r.status).toBe(201)
      queued.push(QueuedWorkloadSchema.parse(r.json))
    }
    const waiting = QueuedWorkloadListSchema.parse((await member.client.get(`${url}/queue`)).json)
    expect(waiting.items.map((w) => [w.id, w.status])).toEqual(queued.map((w) => [w.id, 'queued']))
    expect((await stranger.client.get(`${url}/queue`)).status).toBe(404)
    // A pending runner (created, not enrolled) takes nothing either.
    const one = (await owner.client.post(`/api/registry/companies/${c.id}/runners`, { name: 'box-1' })).json
    const two = (await owner.client.post(`/api/registry/companies/${c.id}/runners`, { name: 'box-2' })).json
    expect(QueuedWorkloadListSchema.parse((await owner.client.get(`${url}/queue`)).json).items).toHaveLength(6)
    expect(WorkloadListSchema.parse((await owner.client.get(url)).json).items).toEqual([])

    // Two real runner processes enroll and pull from the queue.
    const runners = [startRunner(port, one.enrollmentToken), startRunner(port, two.enrollmentToken)]
    try {
      for (const w of queued)
        await mem.waitFor(
          (m) => m.type === 'workload.status' && m.data.workloadId === w.id && m.data.status === 'stopped',
          30_000,
        )
    } finally {
      for (const r of runners) r.proc.kill('SIGTERM')
    }
    expect(await Promise.all(runners.map((r) => r.exited))).toEqual([0, 0])

    for (const w of queued) {
      const seen = mem
        .events()
        .flatMap((e) => (e.type === 'workload.status' && e.data.workloadId === w.id ? [e.data.status] : []))
      expect(seen).toEqual(['starting', 'running', 'stopped'])
    }
    const list = WorkloadListSchema.parse((await member.client.get(`${url}?limit=200&sort=startedAt&order=asc`)).json)
    expect(list.items).toHaveLength(6)
    const names = new Map([
      [one.runner.id, 'box-1'],
      [two.runner.id, 'box-2'],
    ])
    for (const w of queued) {
      const row = list.items.find((x) => x.id === w.id)!
      expect(row).toMatchObject({ agent: w.agent, title: w.title, status: 'stopped', finishedAt: expect.any(String) })
      expect(row.runner).not.toBeNull()
      expect(names.get(row.runner!.id)).toBe(row.runner!.name)
    }
    // Each workload was claimed by exactly one runner process.
    const claims = runners.flatMap((r) => r.output.join('').match(/claimed workload (\S+):/g) ?? [])
    expect(claims.map((l) => l.slice('claimed workload '.length, -1)).sort()).toEqual(queued.map((w) => w.id).sort())
    expect(QueuedWorkloadListSchema.parse((await owner.client.get(`${url}/queue`)).json).items).toEqual([])
  })

  it('concurrent claims never hand out the same workload; busy, offline and revoked runners take nothing; a revoked runner’s claimed work fails', async () => {
    const h = await makeHarness()
    const owner = await newUser(h, 'owner@example.com')
    const c = await insertCompany(h, owner.id, { slug: 'contended', status: 'running' })
    const other = await insertCompany(h, owner.id, { slug: 'elsewhere', status: 'running' })
    const url = `/api/registry/companies/${c.id}/workloads`
    const secrets = []
    for (let i = 0; i < 8; i++) secrets.push((await enrolledSecret(h, owner.client, c.id, `r${i}`)).secret)
    const outsider = await enrolledSecret(h, owner.client, other.id, 'outsider')
    for (let i = 0; i < 5; i++) expect((await owner.client.post(url, { agent: 'Ada', title: `Job ${i}` })).status).toBe(201)

    // Another exocorp's runner never sees this exocorp's queue.
    const foreign = ClaimedWorkloadSchema.parse(await (await post(h, '/api/runtime/runners/claim', {}, outsider.secret)).json())
    expect(foreign.workload).toBeNull()

    const answers = await Promise.all(
      secrets.map(async (s) => ClaimedWorkloadSchema.parse(await (await post(h, '/api/runtime/runners/claim', {}, s)).json())),
    )
    const ids = answers.flatMap((a) => (a.workload ? [a.workload.id] : []))
    expect(ids).toHaveLength(5)
    expect(new Set(ids).size).toBe(5)
    expect(QueuedWorkloadListSchema.parse((await owner.client.get(`${url}/queue`)).json).items).toEqual([])
    const claimed = WorkloadListSchema.parse((await owner.client.get(`${url}?limit=200`)).json).items
    expect(claimed.map((w) => w.status)).toEqual(Array(5).fill('starting'))
    expect(new Set(claimed.map((w) => w.runner!.id)).size).toBe(5)

    // A busy runner (its claim is unfinished) takes nothing more; an idle one takes the next.
    expect((await owner.client.post(url, { agent: 'Ada', title: 'Next' })).status).toBe(201)
    const busyIndex = answers.findIndex((a) => a.workload)
    const busy = ClaimedWorkloadSchema.parse(await (await post(h, '/api/runtime/runners/claim', {}, secrets[busyIndex])).json())
    expect(busy.workload).toBeNull()

    // A silent runner (offline) takes nothing until it beats again.
    const idleIndex = answers.findIndex((a) => !a.workload)
    h.clock.advance(60_000)
    expect(await sweepOfflineRunners(h.deps)).toBeGreaterThan(0)
    const offline = ClaimedWorkloadSchema.parse(
      await (await post(h, '/api/runtime/runners/claim', {}, secrets[idleIndex])).json(),
    )
    expect(offline.workload).toBeNull()
    // Going offline failed the claimed work (decision 053: failed, not requeued).
    const afterSweep = WorkloadListSchema.parse((await owner.client.get(`${url}?limit=200&status=starting`)).json).items
    expect(afterSweep).toEqual([])
    expect((await post(h, '/api/runtime/runners/heartbeat', {}, secrets[idleIndex])).status).toBe(200)
    const taken = ClaimedWorkloadSchema.parse(await (await post(h, '/api/runtime/runners/claim', {}, secrets[idleIndex])).json())
    expect(taken.workload?.title).toBe('Next')

    // Revoked: the secret is refused, and what it had claimed is failed.
    const list = (await owner.client.get(`/api/registry/companies/${c.id}/runners`)).json.items as { id: string; name: string }[]
    const revokedId = list.find((r) => r.name === `r${idleIndex}`)!.id
    expect((await owner.client.post(`/api/registry/companies/${c.id}/runners/${revokedId}/revoke`)).status).toBe(200)
    expect((await post(h, '/api/runtime/runners/claim', {}, secrets[idleIndex])).status).toBe(401)
    expect((await post(h, '/api/runtime/runners/claim', {})).status).toBe(401)
    const next = WorkloadListSchema.parse((await owner.client.get(`${url}?limit=200`)).json).items.find(
      (w) => w.id === taken.workload!.id,
    )
    expect(next).toMatchObject({ status: 'failed', runner: { id: revokedId } })
  })
})
