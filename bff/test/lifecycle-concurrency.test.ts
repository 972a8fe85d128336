import { and, asc, eq } from 'drizzle-orm'
import type { LifecycleAction } from '@exocorp/shared/companies'
import { afterEach, describe, expect, it } from 'vitest'
import { auditEvents } from '../src/db/schema/audit'
import { billingAccounts } from '../src/db/schema/billing'
import { companies, jobs } from '../src/db/schema/companies'
import { priceBooks } from '../src/db/schema/catalog'
import { createLocalDriver } from '../src/runtime/local/local-driver'
import { SYSTEM_ACTOR } from '../src/services/audit'
import { requestLifecycleAction } from '../src/services/lifecycle/engine'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  provisionAndWait,
  runtimeProcesses,
  settled,
  signUp,
  waitFor,
  type LifecycleHarness,
} from './lifecycle-fixtures'

let h: LifecycleHarness
afterEach(async () => h?.cleanup())

function attempts(companyId: string, action: string) {
  return h.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetId, companyId), eq(auditEvents.action, `company.${action}`)))
    .orderBy(auditEvents.seq)
}

/** The company's jobs in the order they were taken. */
function jobsOf(companyId: string, action?: LifecycleAction) {
  return h.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.companyId, companyId), action ? eq(jobs.action, action) : undefined))
    .orderBy(asc(jobs.createdAt))
}

/**
 * Requests fired together are only concurrent if each one is decided while the winner is still
 * acting. On PostgreSQL (a pool of connections, not one) a late request could otherwise arrive after
 * a pause or stop had finished, and rightly win a second time. So the race harness's driver holds
 * its immediate actions until every other request of the race has its answer.
 */
let holdRuntime: Promise<void> | null = null

async function makeRaceHarness() {
  const held =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      await holdRuntime
      return fn(...args)
    }
  return makeLifecycleHarness({
    driver: (dataDir) => {
      const d = createLocalDriver({ dataDir, stopGraceMs: 1_000, orphanGraceMs: 2_000 })
      return { ...d, pause: held(d.pause), resume: held(d.resume), stop: held(d.stop), destroy: held(d.destroy) }
    },
  })
}

async function race<T>(count: number, send: () => Promise<T>): Promise<T[]> {
  let release!: () => void
  holdRuntime = new Promise<void>((r) => (release = r))
  let answered = 0
  try {
    return await Promise.all(
      Array.from({ length: count }, () =>
        send().finally(() => {
          if (++answered === count - 1) release()
        }),
      ),
    )
  } finally {
    release()
    holdRuntime = null
  }
}

describe('exactly one winner', () => {
  it('20 concurrent provisions: one job, one 202, 19 × 409, 20 audit rows', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'race')
    const results = await Promise.all(
      Array.from({ length: 20 }, () => h.client.post(`/api/registry/companies/${c.id}/provision`, {})),
    )
    const statuses = results.map((r) => r.status).sort()
    expect(statuses.filter((s) => s === 202)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
    for (const r of results.filter((r) => r.status === 409))
      expect(r.json.error.details.reason).toMatch(/job_in_flight|invalid_state/)
    expect(await jobsOf(c.id)).toHaveLength(1)
    const rows = await attempts(c.id, 'provision')
    expect(rows).toHaveLength(20)
    expect(rows.filter((r) => r.outcome === 'succeeded')).toHaveLength(1)
    expect((await settled(h.client, c.id)).status).toBe('running')
    expect(runtimeProcesses(h.dataDir, c.id)).toHaveLength(1)
  })

  it('20 concurrent mixed actions on a running exocorp: one wins, the rest are refused', async () => {
    h = await makeRaceHarness()
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'mixed')
    await provisionAndWait(h.client, c.id)
    // No stop in this mix: a stop decided after a restart won rightly cancels that start (see "stop
    // while starting" below), so with stop in it the outcome would depend on who came first.
    const actions = ['pause', 'restart', 'destroy', 'reprovision']
    let i = 0
    const results = await race(20, () =>
      h.client.post(`/api/registry/companies/${c.id}/actions`, { action: actions[i++ % 4], confirm: 'mixed' }),
    )
    expect(results.filter((r) => r.status === 200 || r.status === 202)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(19)
    // The provision job plus the one winner.
    expect(await jobsOf(c.id)).toHaveLength(2)
    const all = (await Promise.all(actions.map((a) => attempts(c.id, a)))).flat()
    expect(all).toHaveLength(20)
    expect(all.filter((r) => r.outcome === 'succeeded')).toHaveLength(1)
    await settled(h.client, c.id)
  })
})

describe('stop while starting', () => {
  it('cancels the start in flight and leaves no process', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'flaky-start')
    await provisionAndWait(h.client, c.id)
    expect((await h.client.post(`/api/registry/companies/${c.id}/stop`, { confirm: 'flaky-start' })).status).toBe(200)
    const start = await h.client.post(`/api/registry/companies/${c.id}/provision`, {})
    expect(start.status).toBe(202)
    expect(start.json.company.status).toBe('starting')
    const stop = await h.client.post(`/api/registry/companies/${c.id}/stop`, { confirm: 'flaky-start' })
    expect(stop.status).toBe(200)
    expect(stop.json.company.status).toBe('stopped')
    await h.host.worker.idle()
    await waitFor(() => runtimeProcesses(h.dataDir, c.id).length === 0, 5_000)
    const after = (await h.client.get(`/api/registry/companies/${c.id}`)).json
    expect(after).toMatchObject({ status: 'stopped', currentJob: null })
    const cancelled = (await jobsOf(c.id, 'provision')).at(-1)!
    expect(cancelled).toMatchObject({ status: 'failed', error: expect.stringMatching(/Cancelled/) })
  })

  // Red-team finding 7: each stop used to cancel the previous stop's job, so callers got runtime_failed.
  it('20 concurrent stops of a starting exocorp: one stop job, one 200, 19 × 409 job_in_flight', async () => {
    h = await makeRaceHarness()
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'stop-race')
    await provisionAndWait(h.client, c.id)
    expect((await h.client.post(`/api/registry/companies/${c.id}/stop`, { confirm: 'stop-race' })).status).toBe(200)
    const start = await h.client.post(`/api/registry/companies/${c.id}/provision`, {})
    expect(start.json.company.status).toBe('starting')
    const stopJobsBefore = (await jobsOf(c.id, 'stop')).length

    const results = await race(20, () => h.client.post(`/api/registry/companies/${c.id}/stop`, { confirm: 'stop-race' }))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    const refused = results.filter((r) => r.status === 409)
    expect(refused).toHaveLength(19)
    for (const r of refused) expect(r.json.error.details.reason).toBe('job_in_flight')
    const stopJobs = await jobsOf(c.id, 'stop')
    expect(stopJobs).toHaveLength(stopJobsBefore + 1)
    expect(stopJobs.at(-1)).toMatchObject({ status: 'succeeded' })
    await h.host.worker.idle()
    await waitFor(() => runtimeProcesses(h.dataDir, c.id).length === 0, 5_000)
    expect((await h.client.get(`/api/registry/companies/${c.id}`)).json).toMatchObject({ status: 'stopped', currentJob: null })
    expect((await attempts(c.id, 'stop')).filter((r) => r.outcome === 'failed')).toHaveLength(19)
  })
})

function setBillingState(ownerUserId: string, state: 'restricted' | 'suspended') {
  return h.db.write(async (tx) => {
    await tx.update(billingAccounts).set({ state }).where(eq(billingAccounts.ownerUserId, ownerUserId))
  })
}

describe('refusals beyond the state table', () => {
  it('409 blocked when a required credential is missing, nothing changes', async () => {
    h = await makeLifecycleHarness()
    await signUp(h.client)
    const c = await createCompany(h.client, 'nocreds')
    const res = await h.client.post(`/api/registry/companies/${c.id}/provision`, {})
    expect(res.status).toBe(409)
    expect(res.json.error.details.reason).toBe('blocked')
    expect(res.json.error.message).toMatch(/openai/)
    expect(await h.db.select().from(jobs)).toHaveLength(0)
    expect((await h.client.get(`/api/registry/companies/${c.id}`)).json.status).toBe('draft')
  })

  it('409 no_price_book without an active price book', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'nobook')
    await h.db.write(async (tx) => {
      await tx.update(priceBooks).set({ active: false })
    })
    const res = await h.client.post(`/api/registry/companies/${c.id}/provision`, {})
    expect(res.status).toBe(409)
    expect(res.json.error.details.reason).toBe('no_price_book')
    expect(await h.db.select().from(jobs)).toHaveLength(0)
  })

  it('409 release_lookup_failed when the installed release left the catalog', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'norelease')
    await h.db.write(async (tx) => {
      await tx.update(companies).set({ status: 'stopped', installedVersion: '0.0.1-gone' }).where(eq(companies.id, c.id))
    })
    const res = await h.client.post(`/api/registry/companies/${c.id}/provision`, {})
    expect(res.status).toBe(409)
    expect(res.json.error.details.reason).toBe('release_lookup_failed')
  })

  it('409 billing_restricted for a restricted or suspended owner; stop still works', async () => {
    h = await makeLifecycleHarness()
    const me = await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'owes')
    await provisionAndWait(h.client, c.id)
    await setBillingState(me.me.user.id, 'restricted')
    const restart = await h.client.post(`/api/registry/companies/${c.id}/restart`, {})
    expect(restart.status).toBe(409)
    expect(restart.json.error.details.reason).toBe('billing_restricted')
    expect((await h.client.post(`/api/registry/companies/${c.id}/actions`, { action: 'pause' })).status).toBe(200)
    await setBillingState(me.me.user.id, 'suspended')
    const resume = await h.client.post(`/api/registry/companies/${c.id}/actions`, { action: 'resume' })
    expect(resume.status).toBe(409)
    expect(resume.json.error.details.reason).toBe('billing_restricted')
    expect((await h.client.post(`/api/registry/companies/${c.id}/stop`, { confirm: 'owes' })).status).toBe(200)
    expect(runtimeProcesses(h.dataDir, c.id)).toHaveLength(0)
  })

  it('destructive actions need the slug: 400 with a field error, nothing changes', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'careful')
    await provisionAndWait(h.client, c.id)
    for (const confirm of [undefined, 'wrong', 'CAREFUL']) {
      const res = await h.client.post(`/api/registry/companies/${c.id}/stop`, confirm === undefined ? {} : { confirm })
      expect(res.status).toBe(400)
      expect(res.json.error.details.fields.confirm).toBeDefined()
    }
    expect((await h.client.get(`/api/registry/companies/${c.id}`)).json.status).toBe('running')
    expect(runtimeProcesses(h.dataDir, c.id)).toHaveLength(1)
    expect((await attempts(c.id, 'stop')).map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed'])
  })

  it('a failed phase fails the job with a reason and leaves no process', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'noagents', 'No agents', [])
    const done = await provisionAndWait(h.client, c.id)
    expect(done.status).toBe('failed')
    expect(done.lastError).toMatch(/no agents/)
    const job = (await h.client.get(`/api/registry/companies/${c.id}/jobs/current`)).json
    expect(job.status).toBe('failed')
    expect(job.phases[0]).toMatchObject({ name: 'validate_draft', status: 'failed' })
    expect(runtimeProcesses(h.dataDir, c.id)).toHaveLength(0)
  })

  it('billing can call the engine without HTTP (bypassing the typed confirmation)', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'billed')
    await provisionAndWait(h.client, c.id)
    const out = await requestLifecycleAction(h.deps, {
      companyId: c.id,
      action: 'stop',
      actor: SYSTEM_ACTOR,
      bypassConfirm: true,
      via: 'billing',
    })
    expect(out.company.status).toBe('stopped')
    expect(runtimeProcesses(h.dataDir, c.id)).toHaveLength(0)
    expect(await attempts(c.id, 'stop')).toEqual([expect.objectContaining({ outcome: 'succeeded', actorType: 'system' })])
  })
})
