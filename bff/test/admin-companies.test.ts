import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { users } from '../src/db/schema/accounts'
import { auditEvents } from '../src/db/schema/audit'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  provisionAndWait,
  runtimeProcesses,
  signUp,
  TestClient,
  type LifecycleHarness,
} from './lifecycle-fixtures'

let h: LifecycleHarness
afterEach(async () => h?.cleanup())

const PASSWORD = 'correct horse battery'

/** Platform owner (first signup), a read-only admin, and a customer with a few exocorps. */
async function platform() {
  h = await makeLifecycleHarness()
  const po = h.client
  await signUp(po, 'root@example.com')
  const admin = new TestClient(h.app)
  const adminMe = await signUp(admin, 'admin@example.com')
  await h.db.write(async (tx) => {
    await tx.update(users).set({ role: 'admin' }).where(eq(users.id, adminMe.me.user.id))
  })
  const customer = new TestClient(h.app)
  await ownerWithCredentials({ client: customer }, 'customer@example.com')
  const names = ['delta', 'alpha', 'echo', 'charlie', 'bravo']
  const made: Record<string, string> = {}
  for (const n of names) made[n] = (await createCompany(customer, n, n[0]!.toUpperCase() + n.slice(1))).id
  return { po, admin, customer, made }
}

describe('admin companies', () => {
  it('lists every exocorp with owner and latest job; sorted, filtered and cursor-paged server-side', async () => {
    const { po, admin, customer, made } = await platform()
    await provisionAndWait(customer, made.alpha!)
    expect((await customer.get('/api/admin/companies')).status).toBe(403)

    const first = await admin.get('/api/admin/companies?sort=name&order=asc&limit=2')
    expect(first.status).toBe(200)
    expect(first.json.items.map((i: { slug: string }) => i.slug)).toEqual(['alpha', 'bravo'])
    expect(first.json.items[0]).toMatchObject({
      owner: { email: 'customer@example.com' },
      memberCount: 1,
      status: 'running',
      latestJob: { action: 'provision', status: 'succeeded' },
    })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { json: { items: { slug: string }[]; nextCursor: string | null } } = await po.get(
        `/api/admin/companies?sort=name&order=desc&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      seen.push(...page.json.items.map((i) => i.slug))
      cursor = page.json.nextCursor
    } while (cursor)
    expect(seen).toEqual(['echo', 'delta', 'charlie', 'bravo', 'alpha'])

    expect((await po.get('/api/admin/companies?status=running')).json.items.map((i: { slug: string }) => i.slug)).toEqual([
      'alpha',
    ])
    expect((await po.get('/api/admin/companies?q=HAR')).json.items.map((i: { slug: string }) => i.slug)).toEqual(['charlie'])
    expect((await po.get('/api/admin/companies?sort=owner&limit=10')).json.items).toHaveLength(5)
    expect((await po.get('/api/admin/companies?sort=secret')).status).toBe(400)
    expect((await po.get('/api/admin/companies?cursor=not-a-cursor')).status).toBe(400)
  })

  it('shows details and runtime of any exocorp; 404 for missing ids', async () => {
    const { po, admin, customer, made } = await platform()
    await provisionAndWait(customer, made.echo!)
    const details = await admin.get(`/api/admin/companies/${made.echo}/details`)
    expect(details.status).toBe(200)
    expect(details.json).toMatchObject({
      slug: 'echo',
      owner: { email: 'customer@example.com' },
      memberCount: 1,
      status: 'running',
    })
    // Admins read only; the platform owner may act.
    expect(details.json.allowedActions.some((a: { allowed: boolean }) => a.allowed)).toBe(false)
    const asOwner = await po.get(`/api/admin/companies/${made.echo}/details`)
    expect(asOwner.json.allowedActions.find((a: { action: string }) => a.action === 'pause')).toMatchObject({ allowed: true })
    const rt = await admin.get(`/api/admin/companies/${made.echo}/runtime`)
    expect(rt.json).toMatchObject({
      status: 'running',
      health: 'healthy',
      driver: 'local',
      endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:/),
    })
    expect(runtimeProcesses(h.dataDir, made.echo)).toEqual([rt.json.pid])
    expect((await admin.get('/api/admin/companies/nope/details')).status).toBe(404)
    expect((await admin.get('/api/admin/companies/nope/runtime')).status).toBe(404)
    expect((await customer.get(`/api/admin/companies/${made.echo}/details`)).status).toBe(403)
  })

  it('lets the platform owner act through the same engine; admins may not; all attempts audited', async () => {
    const { po, admin, customer, made } = await platform()
    await provisionAndWait(customer, made.bravo!)
    const denied = await admin.post(`/api/admin/companies/${made.bravo}/actions`, { action: 'pause' })
    expect(denied.status).toBe(403)
    expect(await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'access.denied'))).toHaveLength(1)

    const paused = await po.post(`/api/admin/companies/${made.bravo}/actions`, { action: 'pause' })
    expect(paused.status).toBe(200)
    expect(paused.json.company).toMatchObject({ status: 'paused', owner: { email: 'customer@example.com' } })
    const conflict = await po.post(`/api/admin/companies/${made.bravo}/actions`, { action: 'pause' })
    expect(conflict.status).toBe(409)
    expect(conflict.json.error.details.reason).toBe('invalid_state')
    expect((await po.post(`/api/admin/companies/${made.bravo}/actions`, { action: 'explode' })).status).toBe(400)
    const rows = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, made.bravo!), eq(auditEvents.action, 'company.pause')))
      .orderBy(auditEvents.seq)
    expect(rows.map((r) => [r.outcome, r.actorLabel])).toEqual([
      ['succeeded', 'root@example.com'],
      ['failed', 'root@example.com'],
    ])
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ via: 'admin' })
  })

  it('needs a fresh step-up to destroy someone else’s exocorp (403 reauth_required, audited)', async () => {
    const { po, customer, made } = await platform()
    await provisionAndWait(customer, made.delta!)
    // Step-up at sign-up is not a re-entered password; ten minutes later it is stale anyway.
    h.clock.advance(11 * 60_000)
    const body = { action: 'destroy', confirm: 'delta' }
    const refused = await po.post(`/api/admin/companies/${made.delta}/actions`, body)
    expect(refused.status).toBe(403)
    expect(refused.json.error.code).toBe('reauth_required')
    expect(runtimeProcesses(h.dataDir, made.delta)).toHaveLength(1)
    expect((await po.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
    const done = await po.post(`/api/admin/companies/${made.delta}/actions`, body)
    expect(done.status).toBe(200)
    expect(done.json.company.status).toBe('destroyed')
    expect(runtimeProcesses(h.dataDir, made.delta)).toHaveLength(0)
    const attempts = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, made.delta!), eq(auditEvents.action, 'company.destroy')))
      .orderBy(auditEvents.seq)
    expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'succeeded'])
    expect(JSON.parse(attempts[0]!.details)).toMatchObject({ status: 403, reason: 'reauth_required' })
  })

  it('needs the same step-up for the other destructive actions on someone else’s exocorp, but not for pause', async () => {
    const { po, customer, made } = await platform()
    await provisionAndWait(customer, made.delta!)
    h.clock.advance(11 * 60_000)
    for (const action of ['stop', 'reprovision']) {
      const refused = await po.post(`/api/admin/companies/${made.delta}/actions`, { action, confirm: 'delta' })
      expect(refused.status).toBe(403)
      expect(refused.json.error.code).toBe('reauth_required')
    }
    expect(runtimeProcesses(h.dataDir, made.delta)).toHaveLength(1)
    expect((await po.post(`/api/admin/companies/${made.delta}/actions`, { action: 'pause' })).status).toBe(200)
    expect((await po.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
    const stopped = await po.post(`/api/admin/companies/${made.delta}/actions`, { action: 'stop', confirm: 'delta' })
    expect(stopped.status).toBe(200)
    expect(stopped.json.company.status).toBe('stopped')
  })

  it('reports fleet-wide runtime stats', async () => {
    const { admin, customer, made } = await platform()
    await provisionAndWait(customer, made.alpha!)
    const res = await admin.get('/api/admin/runtime-stats')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      total: 5,
      byStatus: { running: 1, draft: 4 },
      byHealth: { healthy: 1, unreachable: 0 },
      jobs: { inFlight: 0, failedLast24h: 0, succeededLast24h: 1 },
      provisioningMs: { samples: 1 },
      capacity: { driver: 'local', running: 1 },
    })
    expect((await customer.get('/api/admin/runtime-stats')).status).toBe(403)
  })
})
