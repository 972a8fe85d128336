import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { auditEvents } from '../src/db/schema/audit'
import { systemClock } from '../src/lib/clock'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  provisionAndWait,
  runtimeProcesses,
  settled,
  waitFor,
  type LifecycleHarness,
} from './lifecycle-fixtures'

let h: LifecycleHarness
afterEach(async () => h?.cleanup())

describe('health monitor', () => {
  it('shows unreachable within 5 s of the runtime being killed, and healthy again after a restart', async () => {
    h = await makeLifecycleHarness()
    // Real time for the monitor's "checked at" bookkeeping.
    h.deps.clock = systemClock
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'fragile')
    await provisionAndWait(h.client, c.id)
    h.host.monitor.start()
    const [pid] = runtimeProcesses(h.dataDir, c.id)
    expect(pid).toBeDefined()

    process.kill(pid!, 'SIGKILL')
    const killedAt = Date.now()
    const down = await waitFor(async () => {
      const res = await h.client.get(`/api/registry/companies/${c.id}`)
      return res.json.health === 'unreachable' ? res.json : null
    }, 5_000)
    expect(Date.now() - killedAt).toBeLessThan(5_000)
    expect(down.status).toBe('running')
    const transitions = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, c.id), eq(auditEvents.action, 'company.health_changed')))
    expect(transitions).toEqual([expect.objectContaining({ outcome: 'failed', actorType: 'system' })])

    expect((await h.client.post(`/api/registry/companies/${c.id}/restart`, {})).status).toBe(202)
    const back = await settled(h.client, c.id)
    expect(back).toMatchObject({ status: 'running', health: 'healthy' })
    expect(runtimeProcesses(h.dataDir, c.id)).toHaveLength(1)
  })

  it('keeps a paused runtime healthy: status and health are separate', async () => {
    h = await makeLifecycleHarness()
    h.deps.clock = systemClock
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'paused-one')
    await provisionAndWait(h.client, c.id)
    expect((await h.client.post(`/api/registry/companies/${c.id}/actions`, { action: 'pause' })).status).toBe(200)
    await h.host.monitor.probeAll()
    const res = await h.client.get(`/api/registry/companies/${c.id}`)
    // A paused runtime still answers: paused and healthy are independent.
    expect(res.json).toMatchObject({ status: 'paused', health: 'healthy' })
  })
})
