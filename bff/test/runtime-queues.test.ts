import { describe, expect, it } from 'vitest'
import type { LifecycleAction } from '@exocorp/shared/companies'
import { QueueJobPageSchema, RuntimeQueuesSchema, type ActionQueue } from '@exocorp/shared/runtime-queues'
import { jobs } from '../src/db/schema/companies'
import { workloads } from '../src/db/schema/workloads'
import { setUserRole } from '../src/services/accounts/users'
import { newId } from '../src/lib/crypto'
import { insertCompany, newUser, setCompany } from './catalog-helpers'
import { makeHarness, TestClient, type Harness } from './harness'

// Issue 17 item 5, decision 041: the runtime queues an operator clears before a rollout — per
// action: depth, in flight, oldest waiting, failures in the last hour, spikes flagged; runtimes by
// health against capacity; workloads; and a drill-down into the jobs. Both databases.

const MIN = 60_000

async function world() {
  const h = await makeHarness()
  await newUser(h, 'root@example.com')
  const admin = await newUser(h, 'admin@example.com')
  await setUserRole(h.deps, admin.id, 'admin')
  const tenant = await newUser(h, 'tenant@example.com')
  return { h, admin, tenant }
}

async function job(
  h: Harness,
  companyId: string,
  action: LifecycleAction,
  status: 'queued' | 'running' | 'failed' | 'succeeded',
  minutesAgo: number,
) {
  const at = new Date(h.clock.now().getTime() - minutesAgo * MIN).toISOString()
  const finished = status === 'failed' || status === 'succeeded'
  await h.db.write(async (tx) => {
    await tx.insert(jobs).values({
      id: newId(),
      companyId,
      action,
      status,
      phases: '[]',
      attempts: status === 'queued' ? 0 : 1,
      maxAttempts: 2,
      createdAt: at,
      startedAt: status === 'queued' ? null : at,
      finishedAt: finished ? at : null,
      error: status === 'failed' ? 'Start runtime failed' : null,
    })
  })
}

const row = (actions: ActionQueue[], action: LifecycleAction) => actions.find((a) => a.action === action)!

describe('runtime queues', () => {
  it('counts each action’s queue, in flight, oldest waiting and last-hour outcomes, and flags spikes', async () => {
    const { h, admin, tenant } = await world()
    const fleet: Awaited<ReturnType<typeof insertCompany>>[] = []
    for (let i = 0; i < 8; i++) fleet.push(await insertCompany(h, tenant.id, { slug: `exo-${i}`, status: 'running' }))
    // Six exocorps wait to provision (a deep queue); the oldest has waited 40 minutes.
    for (let i = 0; i < 6; i++) await job(h, fleet[i]!.id, 'provision', 'queued', 40 - i)
    await job(h, fleet[6]!.id, 'update', 'running', 2)
    // Restarts: 4 failures in the last hour, none the day before — a spike.
    for (let i = 0; i < 4; i++) await job(h, fleet[7]!.id, 'restart', 'failed', 5 + i)
    await job(h, fleet[7]!.id, 'restart', 'succeeded', 50)
    // Stops: 3 failures in the last hour, but 48 over the day before (2 an hour) — not a spike.
    for (let i = 0; i < 3; i++) await job(h, fleet[7]!.id, 'stop', 'failed', 10 + i)
    for (let i = 0; i < 48; i++) await job(h, fleet[7]!.id, 'stop', 'failed', 90 + i * 25)
    // Older than the last hour: not counted as recent.
    await job(h, fleet[7]!.id, 'update', 'failed', 61)
    await setCompany(h, fleet[0]!.id, { health: 'healthy' })
    await setCompany(h, fleet[1]!.id, { health: 'unreachable' })
    const now = h.clock.now().toISOString()
    await h.db.write(async (tx) => {
      await tx.insert(workloads).values([
        { id: 'wl_1', companyId: fleet[0]!.id, agent: 'Ada', title: 'Triage', status: 'running', startedAt: now, updatedAt: now },
        {
          id: 'wl_2',
          companyId: fleet[0]!.id,
          agent: 'Ada',
          title: 'Report',
          status: 'failed',
          startedAt: now,
          finishedAt: now,
          updatedAt: now,
        },
      ])
    })

    const res = await admin.client.get('/api/admin/runtime/queues')
    expect(res.status, res.text).toBe(200)
    const q = RuntimeQueuesSchema.parse(res.json)
    expect(row(q.actions, 'provision')).toMatchObject({
      queued: 6,
      running: 0,
      oldestQueuedAt: new Date(h.clock.now().getTime() - 40 * MIN).toISOString(),
      spike: 'queue_depth',
    })
    expect(row(q.actions, 'restart')).toMatchObject({
      failedLastHour: 4,
      succeededLastHour: 1,
      failedPerHourBefore: 0,
      spike: 'failures',
    })
    expect(row(q.actions, 'stop')).toMatchObject({ failedLastHour: 3, failedPerHourBefore: 2, spike: null })
    expect(row(q.actions, 'update')).toMatchObject({ running: 1, failedLastHour: 0, spike: null })
    // Spikes come first.
    expect(
      q.actions
        .slice(0, 2)
        .map((a) => a.action)
        .sort(),
    ).toEqual(['provision', 'restart'])
    expect(q.totals).toEqual({
      queued: 6,
      running: 1,
      failedLastHour: 7,
      oldestQueuedAt: row(q.actions, 'provision').oldestQueuedAt,
    })
    expect(q.runtimes.byHealth).toEqual({ healthy: 1, unreachable: 1, unknown: 6 })
    expect(q.runtimes.capacity.available).toBe(q.runtimes.capacity.maxRuntimes - q.runtimes.capacity.running)
    expect(q.workloads).toEqual({ starting: 0, running: 1, failedLastHour: 1, stoppedLastHour: 0 })
  })

  it('drills into the jobs of an action and status, newest first, paged by cursor; admins only; bad queries 400', async () => {
    const { h, admin, tenant } = await world()
    for (let i = 0; i < 5; i++) {
      const c = await insertCompany(h, tenant.id, { slug: `exo-${i}`, status: 'running' })
      await job(h, c.id, 'provision', 'queued', 10 + i)
      await job(h, c.id, 'restart', 'failed', 20 + i)
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res = await admin.client.get(
        `/api/admin/runtime/queues/jobs?action=provision&status=queued&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      expect(res.status, res.text).toBe(200)
      const page = QueueJobPageSchema.parse(res.json)
      for (const j of page.items) expect(j).toMatchObject({ action: 'provision', status: 'queued', companyStatus: 'running' })
      seen.push(...page.items.map((j) => j.companySlug))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(['exo-0', 'exo-1', 'exo-2', 'exo-3', 'exo-4'])
    const failed = QueueJobPageSchema.parse((await admin.client.get('/api/admin/runtime/queues/jobs?status=failed')).json)
    expect(failed.items).toHaveLength(5)
    expect(failed.items[0]).toMatchObject({ action: 'restart', error: 'Start runtime failed' })

    for (const bad of ['?action=explode', '?status=done', '?limit=0', '?cursor=%%', '?x=1']) {
      expect((await admin.client.get(`/api/admin/runtime/queues/jobs${bad}`)).status, bad).toBe(400)
    }
    const anonymous = new TestClient(h.app)
    for (const path of ['/api/admin/runtime/queues', '/api/admin/runtime/queues/jobs']) {
      expect((await anonymous.get(path)).status).toBe(401)
      expect((await tenant.client.get(path)).status).toBe(403)
      expect((await admin.client.get(path)).status).toBe(200)
    }
  })
})
