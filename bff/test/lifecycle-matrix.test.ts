import { existsSync } from 'node:fs'
import path from 'node:path'
import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CompanyStatus, LifecycleAction } from '@exocorp/shared/companies'
import { companies, jobs } from '../src/db/schema/companies'
import { runtimes } from '../src/db/schema/runtimes'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  provisionAndWait,
  runtimeProcesses,
  settled,
  type LifecycleHarness,
} from './lifecycle-fixtures'

// The (status × action) matrix of DESIGN.md, written out here by hand so a wrong table in the
// engine fails this test. Fixtures have an update available and a previous version, so the only
// refusals are the ones the table itself makes (and "a job is in flight" for the transitional ones).
const ALLOWED: Record<CompanyStatus, LifecycleAction[]> = {
  draft: ['provision', 'destroy'],
  provisioning: [],
  starting: ['stop'],
  running: ['update', 'restart', 'pause', 'stop', 'reprovision', 'rollback', 'destroy'],
  paused: ['update', 'restart', 'resume', 'stop', 'reprovision', 'rollback', 'destroy'],
  stopped: ['provision', 'reprovision', 'destroy'],
  failed: ['provision', 'restart', 'stop', 'reprovision', 'rollback', 'destroy'],
  destroyed: [],
}

const ENDS_IN: Record<LifecycleAction, CompanyStatus> = {
  provision: 'running',
  update: 'running',
  restart: 'running',
  pause: 'paused',
  resume: 'running',
  stop: 'stopped',
  reprovision: 'running',
  rollback: 'running',
  destroy: 'destroyed',
}

const ACTIONS = Object.keys(ENDS_IN) as LifecycleAction[]
const STATUSES = Object.keys(ALLOWED) as CompanyStatus[]

let h: LifecycleHarness
let n = 0

beforeAll(async () => {
  h = await makeLifecycleHarness()
  await ownerWithCredentials(h)
})
afterAll(async () => h.cleanup())

async function act(id: string, slug: string, action: LifecycleAction) {
  return h.client.post(`/api/registry/companies/${id}/actions`, { action, confirm: slug })
}

/** A company in `status`, reached through the engine (and the database for the states no API reaches on demand). */
async function companyIn(status: CompanyStatus) {
  const c = await createCompany(h.client, `m-${status}-${++n}`)
  const id = c.id
  const set = (patch: Partial<typeof companies.$inferInsert>) =>
    h.db.write(async (tx) => {
      await tx.update(companies).set(patch).where(eq(companies.id, id))
    })
  if (status === 'draft') return c
  if (status === 'destroyed') {
    expect((await act(id, c.slug, 'destroy')).status).toBe(200)
    return c
  }
  if (status === 'provisioning' || status === 'starting') {
    // A job held by another (live) worker: its lease is far in the future.
    await h.db.write(async (tx) => {
      await tx.insert(jobs).values({
        id: `held-${id}`,
        companyId: id,
        action: status === 'starting' ? 'restart' : 'provision',
        status: 'running',
        phases: '[]',
        attempts: 1,
        maxAttempts: 2,
        leaseOwner: 'another-worker',
        leaseExpiresAt: '2099-01-01T00:00:00.000Z',
        createdAt: h.clock.now().toISOString(),
      })
    })
    await set({ status, installedVersion: status === 'starting' ? '1.5.0' : null })
    return c
  }
  expect((await provisionAndWait(h.client, id)).status).toBe('running')
  // An update is available on beta, and there is a version to roll back to.
  expect((await h.client.request('PATCH', `/api/registry/companies/${id}`, { channel: 'beta' })).status).toBe(200)
  await set({ previousVersion: '1.4.2' })
  if (status === 'paused') expect((await act(id, c.slug, 'pause')).status).toBe(200)
  if (status === 'stopped') expect((await act(id, c.slug, 'stop')).status).toBe(200)
  if (status === 'failed') {
    await h.driver.stop(id)
    await h.db.write((tx) => tx.delete(runtimes).where(eq(runtimes.companyId, id)))
    await set({ status: 'failed', health: 'unknown', lastError: 'Health check failed' })
  }
  return c
}

async function jobCount(id: string) {
  return (await h.db.select({ n: count() }).from(jobs).where(eq(jobs.companyId, id)))[0]!.n
}

describe.each(STATUSES)('from %s', (status) => {
  it.each(ACTIONS.filter((a) => !ALLOWED[status].includes(a)))(`refuses %s with 409 and changes nothing`, async (action) => {
    const c = await companyIn(status)
    const before = (await h.client.get(`/api/registry/companies/${c.id}`)).json
    const pids = runtimeProcesses(h.dataDir, c.id)
    const jobsBefore = await jobCount(c.id)

    const res = await act(c.id, c.slug, action)
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('conflict')
    expect(res.json.error.details.reason).toEqual(expect.any(String))

    const after = (await h.client.get(`/api/registry/companies/${c.id}`)).json
    expect(after.status).toBe(before.status)
    expect(after.installedVersion).toBe(before.installedVersion)
    expect(await jobCount(c.id)).toBe(jobsBefore)
    expect(runtimeProcesses(h.dataDir, c.id)).toEqual(pids)
    expect(after.allowedActions.find((a: { action: string }) => a.action === action)).toMatchObject({ allowed: false })
    if (status !== 'destroyed' && status !== 'draft') await h.driver.stop(c.id)
  })

  it.each(ALLOWED[status])(`allows %s and reaches the documented state`, async (action) => {
    const c = await companyIn(status)
    const before = (await h.client.get(`/api/registry/companies/${c.id}`)).json
    expect(before.allowedActions.find((a: { action: string }) => a.action === action)).toMatchObject({ allowed: true })
    const oldPids = runtimeProcesses(h.dataDir, c.id)

    const res = await act(c.id, c.slug, action)
    expect([200, 202]).toContain(res.status)
    const after = await settled(h.client, c.id)
    expect(after.status).toBe(ENDS_IN[action])

    const procs = runtimeProcesses(h.dataDir, c.id)
    if (after.status === 'running' || after.status === 'paused') {
      expect(procs).toHaveLength(1)
      expect(after.health).toBe('healthy')
    } else {
      expect(procs).toHaveLength(0)
    }
    if (action === 'destroy') expect(existsSync(path.join(h.dataDir, 'runtimes', c.id))).toBe(false)
    if (action === 'update') expect(after.installedVersion).toBe(before.availableVersion)
    if (action === 'rollback') {
      expect(after.installedVersion).toBe('1.4.2')
      expect(after.previousVersion).toBe(before.installedVersion)
    }
    // Pause and resume keep the process; restart, update, reprovision and rollback replace it.
    if (action === 'pause' || action === 'resume') expect(procs).toEqual(oldPids)
    if (['restart', 'update', 'reprovision', 'rollback'].includes(action) && oldPids.length) {
      expect(oldPids).toHaveLength(1)
      expect(procs[0]).not.toBe(oldPids[0])
    }
    await h.driver.stop(c.id)
  })
})
