import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { auditEvents } from '../src/db/schema/audit'
import { companies, jobs } from '../src/db/schema/companies'
import { freshPhases } from '../src/services/lifecycle/jobs'
import { ALL_PHASES } from '../src/services/lifecycle/state-machine'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  runtimeProcesses,
  settled,
  type LifecycleHarness,
} from './lifecycle-fixtures'

// A worker that died (SIGKILL) leaves a `running` job whose lease nobody renews. The real-process
// version is crash-recovery.test.ts; here the clock is moved by hand to cover both outcomes.

let h: LifecycleHarness
afterEach(async () => h?.cleanup())

async function orphanedJob(attempts: number) {
  h = await makeLifecycleHarness({ leaseMs: 2_000 })
  await ownerWithCredentials(h)
  const c = await createCompany(h.client, `orphan-${attempts}`)
  const now = h.clock.now()
  await h.db.write(async (tx) => {
    await tx.update(companies).set({ status: 'provisioning' }).where(eq(companies.id, c.id))
    await tx.insert(jobs).values({
      id: `job-${c.id}`,
      companyId: c.id,
      action: 'provision',
      status: 'running',
      phases: JSON.stringify(freshPhases(ALL_PHASES)),
      attempts,
      maxAttempts: 2,
      leaseOwner: 'dead-worker',
      leaseExpiresAt: new Date(now.getTime() + 2_000).toISOString(),
      heartbeatAt: now.toISOString(),
      targetVersion: '1.5.0',
      createdAt: now.toISOString(),
      startedAt: now.toISOString(),
    })
  })
  return c
}

describe('expired leases', () => {
  it('leaves a job alone while its lease is live', async () => {
    const c = await orphanedJob(1)
    await h.host.worker.tick()
    await h.host.worker.idle()
    expect((await h.db.select().from(jobs).where(eq(jobs.companyId, c.id)))[0]).toMatchObject({
      leaseOwner: 'dead-worker',
      attempts: 1,
    })
  })

  it('resumes a job with attempts left once its lease expired, to running', async () => {
    const c = await orphanedJob(1)
    h.clock.advance(2_001)
    await h.host.worker.tick()
    const done = await settled(h.client, c.id)
    expect(done.status).toBe('running')
    const job = (await h.client.get(`/api/registry/companies/${c.id}/jobs/current`)).json
    expect(job).toMatchObject({ status: 'succeeded', attempts: 2 })
    expect(job.phases.every((p: { status: string }) => p.status === 'succeeded')).toBe(true)
    expect(runtimeProcesses(h.dataDir, c.id)).toHaveLength(1)
  })

  it('fails a job with no attempts left, with a reason, and never leaves it in flight', async () => {
    const c = await orphanedJob(2)
    h.clock.advance(2_001)
    await h.host.worker.tick()
    const done = await settled(h.client, c.id)
    expect(done.status).toBe('failed')
    expect(done.lastError).toMatch(/Interrupted 2 times/)
    const job = (await h.client.get(`/api/registry/companies/${c.id}/jobs/current`)).json
    expect(job).toMatchObject({ status: 'failed', error: expect.stringMatching(/gave up/) })
    expect(runtimeProcesses(h.dataDir, c.id)).toHaveLength(0)
    const audited = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, c.id), eq(auditEvents.action, 'lifecycle.job_failed')))
    expect(audited).toHaveLength(1)
  })
})
