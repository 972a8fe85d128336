import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { AdminNotificationPageSchema, type AdminNotification } from '@exocorp/shared/admin-notifications'
import { deploymentTargets } from '../src/db/schema/deployments'
import { setUserRole } from '../src/services/accounts/users'
import { probeAllTargets, probeTarget } from '../src/services/deployments/probe'
import { makeHarness, signUp, TestClient, type Harness } from './harness'

// Decision 060: a deployment target's probed health turning unhealthy, and back, raises one admin
// notice per transition — however often, and on however many instances, the target is probed. Each
// "instance" here is its own deps on the same database (on PostgreSQL, concurrent transactions from
// the pool), probing the same target at once. Both databases.

const PASSWORD = 'correct horse battery'
let dataDir: string | null = null
afterEach(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  dataDir = null
})

async function world() {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'exocorp-notices-'))
  const h = await makeHarness({ EXOCORP_DATA_DIR: dataDir })
  const po = h.client
  await signUp(po, 'po@example.com', PASSWORD)
  expect((await po.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
  const admin = new TestClient(h.app)
  await setUserRole(h.deps, (await signUp(admin, 'admin@example.com', PASSWORD)).me.user.id, 'admin')
  const created = await po.post('/api/admin/deployments', {
    name: 'edge',
    config: { driver: 'local', dataSubdir: 'edge' },
    routingMode: 'subdomain',
    isolationMode: 'shared',
    capacity: 5,
    defaultHosts: [],
  })
  expect(created.status, created.text).toBe(201)
  const id = created.json.id as string
  return { h, po, admin, id, edgeDir: path.join(dataDir, 'targets', 'edge') }
}

/** What an admin sees in the notifications queue for deployment targets (every state). */
async function notices(admin: TestClient): Promise<AdminNotification[]> {
  const all: AdminNotification[] = []
  for (const state of ['new', 'acknowledged', 'resolved'] as const) {
    const res = await admin.get(`/api/admin/notifications?kind=deployment_target&state=${state}`)
    expect(res.status, res.text).toBe(200)
    all.push(...AdminNotificationPageSchema.parse(res.json).items)
  }
  return all.sort((a, b) => Number(a.id) - Number(b.id))
}

/** `n` instances probing the target at once, each from the row as it read it before any of them wrote. */
async function probeConcurrently(h: Harness, id: string, n: number) {
  const [row] = await h.db.select().from(deploymentTargets).where(eq(deploymentTargets.id, id))
  const instances = Array.from({ length: n }, () => ({ ...h.deps }))
  return Promise.all(instances.map((deps) => probeTarget(deps, row!)))
}

describe('deployment target health notices', () => {
  it('a target turning unhealthy raises exactly one notice, however often and concurrently it is probed', async () => {
    const { h, po, admin, id, edgeDir } = await world()
    // Found healthy at its first probe: nothing to tell anyone.
    expect((await po.post(`/api/admin/deployments/${id}/probe`)).json).toMatchObject({ health: 'healthy' })
    expect(await notices(admin)).toEqual([])

    // The target's data dir turns into a file; four instances probe at once, then the periodic probe twice more.
    // On SQLite the four cannot race (one write connection serializes them), so this run only shows
    // the outcome; the PostgreSQL run (bff-pg, concurrent transactions from the pool) is the one that
    // proves the notice is raised exactly once.
    rmSync(edgeDir, { recursive: true, force: true })
    writeFileSync(edgeDir, 'not a directory')
    const results = await probeConcurrently(h, id, 4)
    expect(results.map((r) => r.health)).toEqual(['unhealthy', 'unhealthy', 'unhealthy', 'unhealthy'])
    expect(results.filter((r) => r.transitionFrom !== null).map((r) => r.transitionFrom)).toEqual(['healthy'])
    await probeAllTargets(h.deps)
    await probeAllTargets(h.deps)

    const raised = await notices(admin)
    expect(raised).toHaveLength(1)
    expect(raised[0]).toMatchObject({
      kind: 'deployment_target',
      severity: 'critical',
      state: 'new',
      title: 'Deployment target edge is unhealthy',
      occurrences: 1,
      link: `/admin/deployments/${id}`,
      companyId: null,
    })
    // The probe's reason, as the target's page shows it.
    const target = (await admin.get(`/api/admin/deployments/${id}`)).json.target
    expect(target.healthReason).toMatch(/^data dir: /)
    expect(raised[0]!.detail).toContain(target.healthReason)
    // Decision 063: the key and the facts of that English, so the console can word it in German.
    expect(raised[0]).toMatchObject({
      messageKey: 'target_unhealthy',
      messageParams: { target: 'edge', reason: target.healthReason },
    })
  })

  it('recovery raises one "recovered" notice and resolves the unhealthy one; a second outage opens a new one', async () => {
    const { h, admin, id, edgeDir } = await world()
    await probeAllTargets(h.deps)
    rmSync(edgeDir, { recursive: true, force: true })
    writeFileSync(edgeDir, 'not a directory')
    await probeConcurrently(h, id, 3)
    const [down] = await notices(admin)
    const reason = (await admin.get(`/api/admin/deployments/${id}`)).json.target.healthReason as string

    rmSync(edgeDir, { force: true })
    const back = await probeConcurrently(h, id, 4)
    expect(back.map((r) => r.health)).toEqual(['healthy', 'healthy', 'healthy', 'healthy'])
    expect(back.filter((r) => r.transitionFrom !== null)).toHaveLength(1)
    await probeAllTargets(h.deps)

    const after = await notices(admin)
    expect(after).toHaveLength(2)
    expect(after[0]).toMatchObject({ id: down!.id, state: 'resolved', stateChangedBy: 'system', occurrences: 1 })
    expect(after[1]).toMatchObject({
      kind: 'deployment_target',
      severity: 'info',
      state: 'new',
      title: 'Deployment target edge recovered',
      occurrences: 1,
      link: `/admin/deployments/${id}`,
    })
    expect(after[1]!.detail).toContain(reason)
    expect(after[1]).toMatchObject({ messageKey: 'target_recovered', messageParams: { target: 'edge', reason } })

    // Down again, and back again: a new unhealthy notice (the last was resolved); the open
    // "recovered" one counts the second recovery.
    rmSync(edgeDir, { recursive: true, force: true })
    writeFileSync(edgeDir, 'not a directory')
    await probeConcurrently(h, id, 2)
    await probeAllTargets(h.deps)
    rmSync(edgeDir, { force: true })
    await probeConcurrently(h, id, 2)
    await probeAllTargets(h.deps)
    const twice = await notices(admin)
    expect(twice.map((n) => [n.title, n.state, n.occurrences])).toEqual([
      ['Deployment target edge is unhealthy', 'resolved', 1],
      ['Deployment target edge recovered', 'new', 2],
      ['Deployment target edge is unhealthy', 'resolved', 1],
    ])
  })

  it('a target that was unhealthy with no reason recorded recovers with a key of its own, no English passed as a fact', async () => {
    const { h, admin, id } = await world()
    await probeAllTargets(h.deps)
    // Marked unhealthy without a reason (as a row from before reasons were kept would be).
    await h.db.write(async (tx) => {
      await tx.update(deploymentTargets).set({ health: 'unhealthy', healthReason: null }).where(eq(deploymentTargets.id, id))
    })
    await probeAllTargets(h.deps)
    const [recovered] = await notices(admin)
    expect(recovered).toMatchObject({
      title: 'Deployment target edge recovered',
      detail: 'Healthy again (it was unhealthy: no reason recorded). It takes new exocorps and moves again.',
      // Decision 063: "no reason recorded" is the platform's English, so it is the catalog's (a variant key), not a param.
      messageKey: 'target_recovered_no_reason',
    })
    expect(recovered!.messageParams).toEqual({ target: 'edge' })
  })
})
