import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { EnrolledRunnerSchema, RunnerListSchema, WorkloadListSchema, WorkloadSchema } from '@exocorp/shared/workloads'
import type { ServerMessage } from '@exocorp/shared/events'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { reportWorkload, sweepOfflineRunners } from '../src/services/workloads'
import { freePort } from './bff-process'
import { addMembership, insertCompany, newUser } from './catalog-helpers'
import { isHello, openStream, serveWithEvents } from './events-fixtures'
import { makeHarness, ORIGIN } from './harness'
import { createCompany, makeLifecycleHarness, ownerWithCredentials, signUp, TestClient } from './lifecycle-fixtures'

// Issue 15 items 4 and 5, decision 037: workloads reported by the real reference runtime, and a
// real runner process enrolling and heartbeating, both observed over the event stream.

const isWorkload = (m: ServerMessage) => m.type === 'workload.status'
const isRunner = (m: ServerMessage) => m.type === 'runner.status'

describe('workloads', () => {
  it('the reference runtime reports its agents’ work; members see it live, another tenant never', async () => {
    const port = await freePort()
    const h = await makeLifecycleHarness({ env: { PORT: String(port) } })
    try {
      await ownerWithCredentials(h)
      const c = await createCompany(h.client, 'busy-one')
      const member = new TestClient(h.app)
      await addMembership(h, c.id, (await signUp(member, 'member@example.com')).me.user.id)
      const stranger = new TestClient(h.app)
      await signUp(stranger, 'stranger@example.com')
      const srv = await serveWithEvents(h, { port })
      const mem = await openStream(srv.port, { cookie: member.cookie })
      const str = await openStream(srv.port, { cookie: stranger.cookie })
      await Promise.all([mem, str].map((s) => s.waitFor(isHello)))

      expect((await h.client.post(`/api/registry/companies/${c.id}/provision`, {})).status).toBe(202)
      const done = await mem.waitFor(
        (m) => m.type === 'workload.status' && (m.data.status === 'stopped' || m.data.status === 'failed'),
        20_000,
      )
      if (done.type !== 'workload.status') throw new Error('unreachable')
      const seen = mem
        .events()
        .flatMap((e) => (e.type === 'workload.status' && e.data.workloadId === done.data.workloadId ? [e.data.status] : []))
      expect(seen.slice(0, 2)).toEqual(['starting', 'running'])
      expect(['Ada', 'Brunel']).toContain(done.data.agent)
      expect(str.events().filter(isWorkload)).toEqual([])

      const list = WorkloadListSchema.parse((await member.get(`/api/registry/companies/${c.id}/workloads`)).json)
      expect(list.items.find((w) => w.id === done.data.workloadId)).toMatchObject({
        status: done.data.status,
        finishedAt: expect.any(String),
      })
      const running = WorkloadListSchema.parse(
        (await h.client.get(`/api/registry/companies/${c.id}/workloads?status=running`)).json,
      )
      expect(running.items.every((w) => w.status === 'running')).toBe(true)
      expect((await stranger.get(`/api/registry/companies/${c.id}/workloads`)).status).toBe(404)
      expect((await member.get(`/api/registry/companies/${c.id}/workloads?sort=nope`)).status).toBe(400)
    } finally {
      await h.cleanup()
    }
  })
})

describe('runners', () => {
  it('a real runner process enrolls and heartbeats: pending → enrolled → offline → revoked, live to owners only', async () => {
    const port = await freePort()
    const h = await makeHarness({ PORT: String(port) })
    await newUser(h, 'root@example.com')
    const owner = await newUser(h, 'owner@example.com')
    const member = await newUser(h, 'member@example.com')
    const stranger = await newUser(h, 'stranger@example.com')
    const c = await insertCompany(h, owner.id, { slug: 'fleet', status: 'running' })
    await addMembership(h, c.id, member.id)
    const srv = await serveWithEvents(h, { port })
    const own = await openStream(srv.port, { cookie: owner.client.cookie })
    const mem = await openStream(srv.port, { cookie: member.client.cookie })
    const str = await openStream(srv.port, { cookie: stranger.client.cookie })
    await Promise.all([own, mem, str].map((s) => s.waitFor(isHello)))

    const created = await owner.client.post(`/api/registry/companies/${c.id}/runners`, { name: 'build box' })
    expect(created.status).toBe(201)
    const token: string = created.json.enrollmentToken
    expect(token).toMatch(/^exo_run_/)
    expect((await member.client.post(`/api/registry/companies/${c.id}/runners`, { name: 'x' })).status).toBe(403)
    expect((await stranger.client.post(`/api/registry/companies/${c.id}/runners`, { name: 'x' })).status).toBe(404)
    const listed = RunnerListSchema.parse((await owner.client.get(`/api/registry/companies/${c.id}/runners`)).json)
    expect(listed.items.map((r) => r.status)).toEqual(['pending'])
    expect(JSON.stringify(listed)).not.toContain(token)
    await own.waitFor((m) => m.type === 'runner.status' && m.data.status === 'pending')

    const cli = path.join(process.env.EXOCORP_TEST_BUILD_DIR!, 'cli.mjs')
    const args = [
      'runner',
      '--server',
      `http://127.0.0.1:${port}`,
      '--token',
      token,
      '--heartbeat-ms',
      '200',
      '--work-every-ms',
      '300',
    ]
    const runner = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    const output: string[] = []
    runner.stdout.on('data', (d: Buffer) => output.push(d.toString()))
    runner.stderr.on('data', (d: Buffer) => output.push(d.toString()))
    const exited = new Promise<number | null>((r) => runner.once('exit', (code) => r(code)))
    try {
      await own.waitFor((m) => m.type === 'runner.status' && m.data.status === 'enrolled', 15_000)
      // It executes reference workloads and reports them with its secret: they are placed on it,
      // and members see where their exocorp's work runs (decision 039).
      const done = await mem.waitFor((m) => m.type === 'workload.status' && m.data.status === 'stopped', 15_000)
      if (done.type !== 'workload.status') throw new Error('unreachable')
      expect(done.data.runner).toEqual({ id: listed.items[0]!.id, name: 'build box' })
      expect(done.data.title).toMatch(/^Reference workload/)
      const placed = WorkloadListSchema.parse((await member.client.get(`/api/registry/companies/${c.id}/workloads`)).json)
      expect(placed.items.find((w) => w.id === done.data.workloadId)).toMatchObject({
        status: 'stopped',
        runner: { id: listed.items[0]!.id, name: 'build box' },
      })
      // The one-time token is spent: a second process with it is refused and exits.
      const again = spawn(process.execPath, [cli, ...args], { stdio: 'ignore' })
      expect(await new Promise((r) => again.once('exit', r))).toBe(1)
      // Heartbeats arrive (the row's lastHeartbeatAt is the manual clock's; advance it to see a new one).
      h.clock.advance(1_000)
      const beatAt = h.clock.now().toISOString()
      await expect
        .poll(
          async () =>
            RunnerListSchema.parse((await owner.client.get(`/api/registry/companies/${c.id}/runners`)).json).items[0]!
              .lastHeartbeatAt,
          {
            timeout: 10_000,
          },
        )
        .toBe(beatAt)
    } finally {
      runner.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    expect(output.join('')).toContain('enrolled as runner')
    // Three missed beats later it is offline.
    h.clock.advance(1_000)
    expect(await sweepOfflineRunners(h.deps)).toBe(1)
    await own.waitFor((m) => m.type === 'runner.status' && m.data.status === 'offline')

    const id = listed.items[0]!.id
    const revoked = await owner.client.post(`/api/registry/companies/${c.id}/runners/${id}/revoke`)
    expect(revoked.status).toBe(200)
    expect(revoked.json.status).toBe('revoked')
    await own.waitFor((m) => m.type === 'runner.status' && m.data.status === 'revoked')
    expect(own.events().flatMap((e) => (e.type === 'runner.status' ? [e.data.status] : []))).toEqual([
      'pending',
      'enrolled',
      'offline',
      'revoked',
    ])
    // Runners are an owner's business: a member and another tenant hear nothing of them.
    expect(mem.events().filter(isRunner)).toEqual([])
    expect(str.events()).toEqual([])
    expect((await member.client.get(`/api/registry/companies/${c.id}/runners`)).status).toBe(403)
    // Whatever it had not finished when it went silent is failed, not left "running" forever.
    const after = WorkloadListSchema.parse((await owner.client.get(`/api/registry/companies/${c.id}/workloads?limit=200`)).json)
    expect(after.items.length).toBeGreaterThan(0)
    expect(after.items.filter((w) => w.status === 'starting' || w.status === 'running')).toEqual([])
  })

  it('a revoked runner’s unfinished workloads fail, its secret reports nothing more, and a runtime cannot take over its ids', async () => {
    const h = await makeHarness()
    const owner = await newUser(h, 'owner@example.com')
    const c = await insertCompany(h, owner.id, { slug: 'placed', status: 'running' })
    const { runner, enrollmentToken } = (await owner.client.post(`/api/registry/companies/${c.id}/runners`, { name: 'gpu-1' }))
      .json
    const enroll = await post(h, '/api/runtime/runners/enroll', {
      token: enrollmentToken,
      hostname: 'gpu-1.local',
      version: '0.1.0',
      heartbeatMs: 10_000,
    })
    expect(enroll.status).toBe(200)
    const { secret } = EnrolledRunnerSchema.parse(await enroll.json())
    const base = { agent: 'Runner', title: 'Reference workload', startedAt: '2026-11-29T12:00:00.000Z' }
    for (const [id, status] of [
      ['wl_runner_done', 'starting'],
      ['wl_runner_done', 'stopped'],
      ['wl_runner_busy', 'running'],
    ] as const) {
      const r = await post(h, '/api/runtime/runners/workloads', { ...base, id, status }, secret)
      expect(r.status).toBe(200)
      expect(WorkloadSchema.parse(await r.json()).runner).toEqual({ id: runner.id, name: 'gpu-1' })
    }
    // The exocorp's runtime reports its own work: no runner; and it cannot move the runner's.
    const token = await issueUsageToken(h.deps, c.id)
    expect((await post(h, '/api/runtime/workloads', { ...base, id: 'wl_runtime_own', status: 'running' }, token)).status).toBe(
      200,
    )
    const takeover = await post(h, '/api/runtime/workloads', { ...base, id: 'wl_runner_busy', status: 'stopped' }, token)
    expect(takeover.status).toBe(409)

    expect((await owner.client.post(`/api/registry/companies/${c.id}/runners/${runner.id}/revoke`)).status).toBe(200)
    const list = WorkloadListSchema.parse(
      (await owner.client.get(`/api/registry/companies/${c.id}/workloads?sort=agent&order=asc`)).json,
    )
    expect(list.items.map((w) => [w.id, w.status, w.runner?.name ?? null])).toEqual([
      ['wl_runner_busy', 'failed', 'gpu-1'],
      ['wl_runner_done', 'stopped', 'gpu-1'],
      ['wl_runtime_own', 'running', null],
    ])
    const refused = await post(h, '/api/runtime/runners/workloads', { ...base, id: 'wl_runner_next', status: 'starting' }, secret)
    expect(refused.status).toBe(401)
    expect((await post(h, '/api/runtime/runners/workloads', { ...base, id: 'x', status: 'starting' }, secret)).status).toBe(400)
  })
})

describe('workload paging', () => {
  it('pages through every workload once with a cursor, in each sort and order, filters kept', async () => {
    const h = await makeHarness()
    const owner = await newUser(h, 'owner@example.com')
    const c = await insertCompany(h, owner.id, { slug: 'paged', status: 'running' })
    const agents = ['Ada', 'Brunel', 'Curie']
    const statuses = ['starting', 'running', 'stopped', 'failed'] as const
    for (let i = 0; i < 11; i++) {
      await reportWorkload(h.deps, c.id, {
        id: `wl_page_${String(i).padStart(2, '0')}`,
        agent: agents[i % 3]!,
        title: `Task ${i}`,
        // Two share each start time, so the id breaks ties.
        startedAt: `2026-11-29T12:00:${String(Math.floor(i / 2)).padStart(2, '0')}.000Z`,
        status: statuses[i % 4]!,
      })
    }
    const all = async (query: string) => {
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const url = `/api/registry/companies/${c.id}/workloads?limit=3&${query}${cursor ? `&cursor=${cursor}` : ''}`
        const page = WorkloadListSchema.parse((await owner.client.get(url)).json)
        expect(page.items.length).toBeLessThanOrEqual(3)
        seen.push(...page.items.map((w) => w.id))
        cursor = page.nextCursor
        pages++
      } while (cursor)
      return { seen, pages }
    }
    const newest = await all('')
    expect(newest.pages).toBe(4)
    expect(newest.seen).toEqual(Array.from({ length: 11 }, (_, i) => `wl_page_${String(10 - i).padStart(2, '0')}`))
    const byAgent = await all('sort=agent&order=asc')
    expect(byAgent.seen).toHaveLength(11)
    expect(new Set(byAgent.seen).size).toBe(11)
    expect(byAgent.seen.slice(0, 4)).toEqual(['wl_page_00', 'wl_page_03', 'wl_page_06', 'wl_page_09'])
    const running = await all('status=running&sort=startedAt&order=asc')
    expect(running.seen).toEqual(['wl_page_01', 'wl_page_05', 'wl_page_09'])
    const bad = await owner.client.get(`/api/registry/companies/${c.id}/workloads?cursor=not-a-cursor`)
    expect(bad.status).toBe(400)
    expect(bad.json.error.details.fields).toHaveProperty('cursor')
  })
})

function post(h: Awaited<ReturnType<typeof makeHarness>>, path: string, body: unknown, bearer?: string) {
  return h.app.request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  })
}
