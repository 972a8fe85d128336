import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { auditEvents } from '../src/db/schema/audit'
import { companies } from '../src/db/schema/companies'
import { deploymentTargets } from '../src/db/schema/deployments'
import { setUserRole } from '../src/services/accounts/users'
import { probeAllTargets } from '../src/services/deployments/probe'
import { activeDomainIndex } from '../src/services/domains/custom-domains'
import { startDnsServer } from './dns-server'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  provisionAndWait,
  runtimeProcesses,
  settled,
  signUp,
  TestClient,
  waitFor,
  type LifecycleHarness,
} from './lifecycle-fixtures'

// Deployment targets (issue 18 item 3, decision 054) through the HTTP API, with the real local
// driver: placement on provisioning, probes that really check the machine, a real move of a running
// exocorp between two local targets, and the custom-domain cutover gate on the target's health.

const PASSWORD = 'correct horse battery'
let h: LifecycleHarness
afterEach(async () => h?.cleanup())

/** A platform owner (first account) with a fresh step-up, an admin, a tenant with credentials, and anonymous. */
async function world(env: Record<string, string> = {}) {
  h = await makeLifecycleHarness({ env })
  const po = h.client
  await signUp(po, 'po@example.com', PASSWORD)
  expect((await po.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
  const admin = new TestClient(h.app)
  const adminMe = await signUp(admin, 'admin@example.com', PASSWORD)
  await setUserRole(h.deps, adminMe.me.user.id, 'admin')
  const tenant = new TestClient(h.app)
  await ownerWithCredentials({ client: tenant }, 'tenant@example.com')
  return { po, admin, tenant, anonymous: new TestClient(h.app) }
}

const EDGE = {
  name: 'edge',
  config: { driver: 'local', dataSubdir: 'edge' },
  routingMode: 'subdomain',
  isolationMode: 'shared',
  capacity: 5,
  defaultHosts: ['*.edge.example.net'],
}

const targetRows = async () => (await h.db.select().from(deploymentTargets)).map((t) => t.name).sort()
const companyRow = async (id: string) => (await h.db.select().from(companies).where(eq(companies.id, id)))[0]!
const auditOf = async (action: string) =>
  (await h.db.select().from(auditEvents).where(eq(auditEvents.action, action))).map((r) => r.outcome)

describe('deployment targets: who may call what', () => {
  it('admins read, only a platform owner acts; anonymous 401, others 403; unknown ids 404', async () => {
    const { po, admin, tenant, anonymous } = await world()
    const created = await po.post('/api/admin/deployments', EDGE)
    expect(created.status, created.text).toBe(201)
    const id = created.json.id as string
    const company = await createCompany(tenant, 'matrix-co')

    type Role = 'anonymous' | 'tenant' | 'admin' | 'po'
    const clients: Record<Role, TestClient> = { anonymous, tenant, admin, po }
    const reads: [string, string][] = [
      ['GET', '/api/admin/deployments'],
      ['GET', `/api/admin/deployments/${id}`],
    ]
    for (const [method, p] of reads) {
      const seen = Object.fromEntries(
        await Promise.all(
          (Object.keys(clients) as Role[]).map(async (r) => [r, (await clients[r].request(method, p)).status] as const),
        ),
      )
      expect({ p, ...seen }).toEqual({ p, anonymous: 401, tenant: 403, admin: 200, po: 200 })
    }
    // Mutations, refused for everyone but the platform owner (who is tested on each below); nothing changes.
    const mutations: [string, string, unknown][] = [
      ['POST', '/api/admin/deployments', { ...EDGE, name: 'other', config: { driver: 'local', dataSubdir: 'other' } }],
      ['PATCH', `/api/admin/deployments/${id}`, { capacity: 9 }],
      ['POST', `/api/admin/deployments/${id}/drain`, {}],
      ['POST', `/api/admin/deployments/${id}/activate`, {}],
      ['POST', `/api/admin/deployments/${id}/probe`, {}],
      ['DELETE', `/api/admin/deployments/${id}`, undefined],
      ['POST', '/api/admin/deployments/moves', { companyId: company.id, targetId: id, confirm: 'matrix-co' }],
    ]
    for (const [method, p, body] of mutations) {
      for (const [role, expected] of [
        ['anonymous', 401],
        ['tenant', 403],
        ['admin', 403],
      ] as const) {
        const res = await clients[role].request(method, p, body)
        expect({ role, method, p, status: res.status }).toEqual({ role, method, p, status: expected })
      }
    }
    expect(await targetRows()).toEqual(['edge', 'local'])
    expect((await h.db.select().from(deploymentTargets).where(eq(deploymentTargets.id, id)))[0]).toMatchObject({
      capacity: 5,
      state: 'active',
      health: 'unknown',
    })
    // Unknown ids answer 404 to the platform owner too.
    expect((await po.get('/api/admin/deployments/nope')).status).toBe(404)
    expect((await po.request('PATCH', '/api/admin/deployments/nope', { capacity: 1 })).status).toBe(404)
    expect((await po.post('/api/admin/deployments/nope/probe')).status).toBe(404)
    expect((await po.request('DELETE', '/api/admin/deployments/nope')).status).toBe(404)
    expect((await po.post('/api/admin/deployments/moves', { companyId: 'nope', targetId: id, confirm: 'x' })).status).toBe(404)
  })

  it('refuses bad input with field errors and writes nothing', async () => {
    const { po } = await world()
    const auditBefore = (await h.db.select().from(auditEvents)).length
    const bad: [unknown, string][] = [
      [{ ...EDGE, name: 'Not A Name' }, 'name'],
      [{ ...EDGE, capacity: -1 }, 'capacity'],
      [{ ...EDGE, capacity: 1.5 }, 'capacity'],
      [{ ...EDGE, routingMode: 'anycast' }, 'routingMode'],
      [{ ...EDGE, isolationMode: 'private' }, 'isolationMode'],
      [{ ...EDGE, defaultHosts: ['not a host'] }, 'defaultHosts.0'],
      [{ ...EDGE, extra: 1 }, 'extra'],
      [{ ...EDGE, config: { driver: 'local', dataSubdir: '../escape' } }, 'config.dataSubdir'],
      [{ ...EDGE, config: { driver: 'local', dataSubdir: null } }, 'config.dataSubdir'],
      [
        { ...EDGE, config: { driver: 'kubernetes', kubeContext: 'prod', namespace: 'Bad_NS', ingressClass: 'nginx' } },
        'config.namespace',
      ],
      [{ ...EDGE, name: 'local' }, 'name'],
    ]
    for (const [body, field] of bad) {
      const res = await po.post('/api/admin/deployments', body)
      expect({ field, status: res.status, code: res.json?.error?.code }).toEqual({
        field,
        status: 400,
        code: 'validation_failed',
      })
      expect(Object.keys(res.json.error.details.fields), JSON.stringify(res.json.error)).toContain(field)
    }
    // A well-formed Kubernetes target: the shape is right, the driver is not there yet.
    const k8s = await po.post('/api/admin/deployments', {
      ...EDGE,
      name: 'k8s',
      config: { driver: 'kubernetes', kubeContext: 'prod-eu', namespace: 'exocorps', ingressClass: 'nginx' },
    })
    expect(k8s.status).toBe(400)
    expect(k8s.json.error).toMatchObject({
      code: 'validation_failed',
      details: { reason: 'driver_not_available', fields: { 'config.driver': ['The kubernetes driver is not available yet'] } },
    })
    expect(await targetRows()).toEqual(['local'])
    // Each refusal was audited, none wrote a target.
    expect((await h.db.select().from(auditEvents)).length).toBeGreaterThan(auditBefore)
    expect(await auditOf('deployment_target.created')).not.toContain('succeeded')

    const edge = (await po.post('/api/admin/deployments', EDGE)).json
    for (const [body, field] of [
      [{}, ''],
      [{ capacity: 'many' }, 'capacity'],
      [{ driver: 'kubernetes' }, 'driver'],
    ] as const) {
      const res = await po.request('PATCH', `/api/admin/deployments/${edge.id}`, body)
      expect({ field, status: res.status }).toEqual({ field, status: 400 })
    }
    expect((await po.post(`/api/admin/deployments/${edge.id}/drain`, { now: true })).status).toBe(400)
    expect((await h.db.select().from(deploymentTargets).where(eq(deploymentTargets.id, edge.id)))[0]).toMatchObject({
      capacity: 5,
      state: 'active',
    })
  })
})

describe('placement and health', () => {
  it('places new exocorps by the rule; a target probed unhealthy gets none; none with room blocks provisioning', async () => {
    const { po, tenant } = await world()
    const edge = (await po.post('/api/admin/deployments', EDGE)).json
    // Both probed healthy: the same load (none), so the name decides: edge before local.
    for (const id of [edge.id, 'local']) {
      const probed = await po.post(`/api/admin/deployments/${id}/probe`)
      expect(probed.status, probed.text).toBe(200)
      expect(probed.json).toMatchObject({ health: 'healthy', healthReason: null, placeable: true })
      expect(probed.json.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([
        ['data dir', true],
        ['free disk', true],
        ['loopback port', true],
        ['runtime executable', true],
      ])
      expect(probed.json.schemaVersion).toMatch(/^\d{4}_deployment_targets$|^\d{4}_/)
    }
    const a = await createCompany(tenant, 'alpha')
    expect((await provisionAndWait(tenant, a.id)).status).toBe('running')
    expect((await companyRow(a.id)).deploymentTargetId).toBe(edge.id)
    expect(runtimeProcesses(path.join(h.dataDir, 'targets', 'edge'), a.id)).toHaveLength(1)

    // The edge's data dir turns into a file: the periodic probe finds it unusable.
    const edgeDir = path.join(h.dataDir, 'targets', 'edge')
    await tenant.post(`/api/registry/companies/${a.id}/actions`, { action: 'destroy', confirm: 'alpha' })
    rmSync(edgeDir, { recursive: true, force: true })
    writeFileSync(edgeDir, 'not a directory')
    await probeAllTargets(h.deps)
    const listed = (await po.get('/api/admin/deployments')).json.items
    const edgeNow = listed.find((t: { name: string }) => t.name === 'edge')
    expect(edgeNow).toMatchObject({ health: 'unhealthy', placeable: false })
    expect(edgeNow.healthReason).toMatch(/^data dir: .*(ENOTDIR|EEXIST)/)
    expect(edgeNow.notPlaceableReason).toContain('edge is unhealthy')

    const b = await createCompany(tenant, 'bravo')
    expect((await provisionAndWait(tenant, b.id)).status).toBe('running')
    expect((await companyRow(b.id)).deploymentTargetId).toBe('local')
    expect(runtimeProcesses(h.dataDir, b.id)).toHaveLength(1)

    // Local drained too: nowhere to go, and the owner is told why.
    expect((await po.post('/api/admin/deployments/local/drain')).json.state).toBe('draining')
    const c = await createCompany(tenant, 'charlie')
    const blocked = await tenant.post(`/api/registry/companies/${c.id}/provision`, {})
    expect(blocked.status).toBe(409)
    expect(blocked.json.error.details.reason).toBe('placement_blocked')
    expect(blocked.json.error.message).toMatch(
      /^No deployment target can take a new exocorp: edge is unhealthy \(data dir: .*\); local is draining$/,
    )
    expect(await companyRow(c.id)).toMatchObject({ status: 'draft', deploymentTargetId: null })
    // The running exocorp on the drained target keeps running.
    expect((await companyRow(b.id)).status).toBe('running')
    expect((await po.post('/api/admin/deployments/local/drain')).status).toBe(409)
    expect((await po.post('/api/admin/deployments/local/activate')).json.state).toBe('active')
    expect((await tenant.post(`/api/registry/companies/${c.id}/provision`, {})).status).toBe(202)
    expect((await settled(tenant, c.id)).status).toBe('running')
    expect((await companyRow(c.id)).deploymentTargetId).toBe('local')

    // Load shows against capacity; the detail lists the exocorps placed there.
    const local = (await po.get('/api/admin/deployments/local')).json
    expect(local.target).toMatchObject({ placed: 2, running: 2, capacity: 1000 })
    expect(local.exocorps.map((e: { slug: string }) => e.slug)).toEqual(['bravo', 'charlie'])
    expect(await auditOf('deployment_target.drained')).toEqual(['succeeded', 'failed'])
  }, 120_000)
})

describe('moving an exocorp', () => {
  it('reprovisions a running exocorp onto another local target: it runs there, the old process is gone', async () => {
    const { po, tenant } = await world()
    const acme = await createCompany(tenant, 'acme', 'Acme Robotics')
    const running = await provisionAndWait(tenant, acme.id)
    expect(running.status).toBe('running')
    expect((await companyRow(acme.id)).deploymentTargetId).toBe('local')
    const [oldPid] = runtimeProcesses(h.dataDir, acme.id)
    expect(oldPid).toBeDefined()

    const edge = (await po.post('/api/admin/deployments', EDGE)).json
    // Not probed yet: a move there is refused until it shows healthy (a move probes stale targets first).
    await h.db.write((tx) =>
      tx
        .update(deploymentTargets)
        .set({ health: 'unhealthy', healthReason: 'test: down', healthCheckedAt: h.clock.now().toISOString() })
        .where(eq(deploymentTargets.id, edge.id)),
    )
    const sick = await po.post('/api/admin/deployments/moves', { companyId: acme.id, targetId: edge.id, confirm: 'acme' })
    expect(sick.status).toBe(409)
    expect(sick.json.error).toMatchObject({ details: { reason: 'move_refused' }, message: 'edge is unhealthy (test: down)' })
    expect((await po.post(`/api/admin/deployments/${edge.id}/probe`)).json.health).toBe('healthy')

    // The slug must be typed; the same target is refused.
    expect(
      (await po.post('/api/admin/deployments/moves', { companyId: acme.id, targetId: edge.id, confirm: 'nope' })).status,
    ).toBe(400)
    const same = await po.post('/api/admin/deployments/moves', { companyId: acme.id, targetId: 'local', confirm: 'acme' })
    expect(same.status).toBe(409)
    expect(same.json.error.message).toBe('The exocorp already runs on local')

    const moved = await po.post('/api/admin/deployments/moves', { companyId: acme.id, targetId: edge.id, confirm: 'acme' })
    expect(moved.status, moved.text).toBe(202)
    expect(moved.json).toMatchObject({ companyId: acme.id, fromTargetId: 'local', targetId: edge.id })
    // Mid-job: another move (or any action) is refused and changes nothing.
    const again = await po.post('/api/admin/deployments/moves', { companyId: acme.id, targetId: 'local', confirm: 'acme' })
    expect(again.status).toBe(409)
    expect(again.json.error.details.reason).toBe('job_in_flight')
    expect((await companyRow(acme.id)).deploymentTargetId).toBe(edge.id)

    const after = await settled(tenant, acme.id)
    expect(after).toMatchObject({ status: 'running', installedVersion: running.installedVersion, name: 'Acme Robotics' })
    const edgeDir = path.join(h.dataDir, 'targets', 'edge')
    await waitFor(() => runtimeProcesses(h.dataDir, acme.id).length === 0)
    const [newPid] = runtimeProcesses(edgeDir, acme.id)
    expect(newPid).toBeDefined()
    expect(newPid).not.toBe(oldPid)
    // The runtime on the new target answers its health check.
    const handle = h.deps.lifecycle!.driver.handle(acme.id)!
    expect(handle.pid).toBe(newPid)
    const health = await fetch(`${handle.endpoint}/healthz`)
    expect(((await health.json()) as { companyId: string }).companyId).toBe(acme.id)

    const edgeDetail = (await po.get(`/api/admin/deployments/${edge.id}`)).json
    expect(edgeDetail.exocorps.map((e: { slug: string }) => e.slug)).toEqual(['acme'])
    expect((await po.get('/api/admin/deployments/local')).json.exocorps).toEqual([])
    const moves = (await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'company.move'))).map((r) => ({
      outcome: r.outcome,
      details: JSON.parse(r.details) as Record<string, unknown>,
    }))
    expect(moves.map((m) => m.outcome)).toEqual(['failed', 'failed', 'failed', 'succeeded', 'failed'])
    expect(moves[3]!.details).toMatchObject({ via: 'admin-move', deploymentTargetId: edge.id, movedFrom: 'local' })

    // A target that holds an exocorp cannot be removed; an empty one can.
    const busy = await po.request('DELETE', `/api/admin/deployments/${edge.id}`)
    expect(busy.status).toBe(409)
    expect(busy.json.error.details.reason).toBe('target_not_empty')
    const spare = (
      await po.post('/api/admin/deployments', { ...EDGE, name: 'spare', config: { driver: 'local', dataSubdir: 'spare' } })
    ).json
    expect((await po.request('DELETE', `/api/admin/deployments/${spare.id}`)).status).toBe(200)
    expect(await targetRows()).toEqual(['edge', 'local'])
    expect(await auditOf('deployment_target.removed')).toEqual(['failed', 'succeeded'])
  }, 120_000)
})

describe('custom domains wait for a healthy deployment target before cutover', () => {
  it('keeps a verified domain verified, with the reason, while the target is unhealthy; cuts over once healthy', async () => {
    const dns = await startDnsServer()
    try {
      const { po, tenant } = await world({ EXOCORP_DNS_SERVERS: dns.address })
      const co = await createCompany(tenant, 'northwind', 'Northwind')
      expect((await provisionAndWait(tenant, co.id)).status).toBe('running')
      await h.host.monitor.probeAll()
      const added = await tenant.post(`/api/registry/companies/${co.id}/domains`, { domain: 'agents.example.com' })
      expect(added.status, added.text).toBe(201)
      dns.zone.set(added.json.challenge.name, { txt: [added.json.challenge.value] })
      dns.zone.set('agents.example.com', { cname: 'northwind.app.localhost' })

      // The local target needs more free disk than any machine has: the probe says unhealthy.
      const patched = await po.request('PATCH', '/api/admin/deployments/local', { minFreeDiskMb: 9_999_999 })
      expect(patched.status, patched.text).toBe(200)
      const probed = (await po.post('/api/admin/deployments/local/probe')).json
      expect(probed.health).toBe('unhealthy')
      expect(probed.healthReason).toMatch(/^free disk: only \d+ MB free in .* \(needs 9999999 MB\)$/)

      const check = async () => (await tenant.post(`/api/registry/companies/${co.id}/domains/${added.json.id}/check`)).json
      const held = await check()
      expect(held).toMatchObject({ state: 'verified', activatedAt: null })
      expect(held.reason).toMatch(
        /^DNS is verified; the domain goes live once deployment target local is healthy: it is unhealthy \(free disk: only/,
      )
      expect(await activeDomainIndex(h.deps)('agents.example.com')).toBeNull()

      expect((await po.request('PATCH', '/api/admin/deployments/local', { minFreeDiskMb: 1 })).status).toBe(200)
      expect((await po.post('/api/admin/deployments/local/probe')).json.health).toBe('healthy')
      expect(await check()).toMatchObject({ state: 'active', reason: null })
    } finally {
      await dns.close()
    }
  }, 120_000)
})
