import { spawn } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { RunnerListSchema, WorkloadListSchema } from '@exocorp/shared/workloads'
import type { ServerMessage } from '@exocorp/shared/events'
import { sweepOfflineRunners } from '../src/services/workloads'
import { freePort } from './bff-process'
import { addMembership, insertCompany, newUser } from './catalog-helpers'
import { isHello, openStream, serveWithEvents } from './events-fixtures'
import { makeHarness } from './harness'
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
    const args = ['runner', '--server', `http://127.0.0.1:${port}`, '--token', token, '--heartbeat-ms', '200']
    const runner = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    const output: string[] = []
    runner.stdout.on('data', (d: Buffer) => output.push(d.toString()))
    runner.stderr.on('data', (d: Buffer) => output.push(d.toString()))
    const exited = new Promise<number | null>((r) => runner.once('exit', (code) => r(code)))
    try {
      await own.waitFor((m) => m.type === 'runner.status' && m.data.status === 'enrolled', 15_000)
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
  })
})
