import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  AdminNotificationKindSchema,
  AdminNotificationPageSchema,
  AdminNotificationQuerySchema,
  type AdminNotification,
} from '@exocorp/shared/admin-notifications'
import { ADMIN_NOTICE_KEYS } from '@exocorp/shared/admin-notice-messages'
import type { LifecycleAction } from '@exocorp/shared/companies'
import type { ServerMessage } from '@exocorp/shared/events'
import { adminNotifications } from '../src/db/schema/admin-notifications'
import { billingAccounts } from '../src/db/schema/billing'
import { budgetAlerts, budgets } from '../src/db/schema/budgets'
import { jobs } from '../src/db/schema/companies'
import { setUserRole } from '../src/services/accounts/users'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { newId } from '../src/lib/crypto'
import { startBillingEvaluator } from '../src/services/billing/state'
import { listAdminNotifications } from '../src/services/admin-notifications'
import { recordUsageEvent } from '../src/services/catalog/pricing'
import { waitFor } from './lifecycle-fixtures'
import { auditRows, insertCompany, newUser, setCompany } from './catalog-helpers'
import { isHello, openStream, serveWithEvents } from './events-fixtures'
import { makeHarness, TestClient, type Harness } from './harness'

// Issue 17 item 3, decision 041: the admins' notifications queue — raised by the database from
// real changes (a job failed, a runtime unreachable, a budget crossed) and by runtimes (schedule
// runs, messages), deduplicated while unresolved, pushed live to admins only. Both databases.

const PASSWORD = 'correct horse battery'

async function world() {
  const h = await makeHarness()
  const root = await newUser(h, 'root@example.com') // the first account: the platform owner
  const admin = await newUser(h, 'admin@example.com')
  await setUserRole(h.deps, admin.id, 'admin')
  const tenant = await newUser(h, 'tenant@example.com')
  const acme = await insertCompany(h, tenant.id, { slug: 'acme-labs', status: 'running' })
  return { h, root, admin, tenant, acme }
}

async function runJob(h: Harness, companyId: string, action: LifecycleAction, outcome: 'failed' | 'succeeded', error = 'boom') {
  const id = newId()
  const now = h.clock.now().toISOString()
  await h.db.write(async (tx) => {
    await tx
      .insert(jobs)
      .values({ id, companyId, action, status: 'running', phases: '[]', attempts: 1, maxAttempts: 2, createdAt: now })
  })
  await h.db.write(async (tx) => {
    await tx
      .update(jobs)
      .set({ status: outcome, error: outcome === 'failed' ? error : null, finishedAt: now })
      .where(eq(jobs.id, id))
  })
}

async function list(client: TestClient, query = '') {
  const res = await client.get(`/api/admin/notifications${query}`)
  expect(res.status, res.text).toBe(200)
  return AdminNotificationPageSchema.parse(res.json)
}
const byKind = (items: AdminNotification[], kind: AdminNotification['kind']) => items.filter((n) => n.kind === kind)

async function stepUp(client: TestClient) {
  expect((await client.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
}

describe('admin notifications: sources', () => {
  it('a failed job notifies once per exocorp and action, counts repeats, and a later success resolves it', async () => {
    const w = await world()
    await runJob(w.h, w.acme.id, 'provision', 'failed', 'Start runtime failed: port in use')
    w.h.clock.advance(1000)
    await runJob(w.h, w.acme.id, 'provision', 'failed', 'Start runtime failed again')
    await runJob(w.h, w.acme.id, 'update', 'failed')

    const open = await list(w.admin.client)
    const failed = byKind(open.items, 'job_failed')
    expect(failed).toHaveLength(2)
    const provision = failed.find((n) => n.title === 'The provision job of acme labs failed')
    expect(provision).toMatchObject({
      severity: 'warning',
      state: 'new',
      occurrences: 2,
      companyId: w.acme.id,
      companySlug: 'acme-labs',
      detail: 'Start runtime failed again',
      // Decision 063: the key and the facts of the English title; the detail (the job's error) is not keyed.
      messageKey: 'job_failed',
      messageParams: { action: 'provision', exocorp: 'acme labs' },
    })
    expect(open.counts).toEqual({ new: 2, acknowledged: 0 })

    // The next provision succeeds: that notice resolves itself; the update failure stays.
    await runJob(w.h, w.acme.id, 'provision', 'succeeded')
    const after = await list(w.admin.client)
    expect(byKind(after.items, 'job_failed').map((n) => n.title)).toEqual(['The update job of acme labs failed'])
    const resolved = await list(w.admin.client, '?state=resolved')
    expect(resolved.items).toEqual([expect.objectContaining({ id: provision!.id, state: 'resolved', stateChangedBy: 'system' })])

    // A failure after the resolution is a new notice, not a reopened one.
    await runJob(w.h, w.acme.id, 'provision', 'failed')
    const again = byKind((await list(w.admin.client)).items, 'job_failed').find((n) => n.title.startsWith('The provision'))
    expect(again?.id).not.toBe(provision!.id)
    expect(again?.occurrences).toBe(1)
  })

  it('an unreachable runtime is critical, repeats are counted, and reachable again resolves it', async () => {
    const w = await world()
    await setCompany(w.h, w.acme.id, { health: 'unreachable' })
    await setCompany(w.h, w.acme.id, { health: 'unknown' })
    await setCompany(w.h, w.acme.id, { health: 'unreachable' })
    const [n] = byKind((await list(w.admin.client)).items, 'unreachable')
    expect(n).toMatchObject({
      severity: 'critical',
      occurrences: 2,
      title: 'The runtime of acme labs is unreachable',
      messageKey: 'runtime_unreachable',
      messageParams: { exocorp: 'acme labs' },
    })
    await setCompany(w.h, w.acme.id, { health: 'healthy' })
    expect(byKind((await list(w.admin.client)).items, 'unreachable')).toEqual([])
  })

  it('a budget crossing its threshold or its hard limit is a usage notice', async () => {
    const w = await world()
    const [account] = await w.h.db.select().from(billingAccounts).where(eq(billingAccounts.ownerUserId, w.tenant.id))
    const now = w.h.clock.now().toISOString()
    const budgetId = newId()
    await w.h.db.write(async (tx) => {
      await tx.insert(budgets).values({
        id: budgetId,
        accountId: account!.id,
        companyId: w.acme.id,
        scopeKey: w.acme.id,
        monthlyLimitMicros: 20_000_000,
        softThresholdPct: 80,
        hardLimit: true,
        createdAt: now,
        updatedAt: now,
      })
      await tx.insert(budgetAlerts).values({ budgetId, period: '2026-06', kind: 'soft', spentMicros: 16_500_000, at: now })
      await tx.insert(budgetAlerts).values({ budgetId, period: '2026-06', kind: 'hard', spentMicros: 20_100_000, at: now })
    })
    const usage = byKind((await list(w.admin.client)).items, 'usage_threshold')
    expect(usage.map((n) => [n.severity, n.title, n.detail]).sort()).toEqual([
      ['critical', 'Hard budget limit reached: acme labs (2026-06)', 'Spent 20.10 of a 20.00 monthly budget (alert at 80%)'],
      ['warning', 'Budget threshold crossed: acme labs (2026-06)', 'Spent 16.50 of a 20.00 monthly budget (alert at 80%)'],
    ])
    // Decision 063: the same facts as the English, amounts as numbers so each language formats them.
    expect(usage.map((n) => [n.messageKey, n.messageParams]).sort()).toEqual([
      ['budget_limit', { exocorp: 'acme labs', period: '2026-06', spent: 20.1, limit: 20, pct: 80 }],
      ['budget_threshold', { exocorp: 'acme labs', period: '2026-06', spent: 16.5, limit: 20, pct: 80 }],
    ])

    // A fleet budget (no exocorp) names the account's owner.
    const fleetId = newId()
    await w.h.db.write(async (tx) => {
      await tx.insert(budgets).values({
        id: fleetId,
        accountId: account!.id,
        companyId: null,
        scopeKey: 'fleet',
        monthlyLimitMicros: 50_000_000,
        softThresholdPct: 50,
        hardLimit: false,
        createdAt: now,
        updatedAt: now,
      })
      await tx
        .insert(budgetAlerts)
        .values({ budgetId: fleetId, period: '2026-06', kind: 'soft', spentMicros: 25_004_000, at: now })
    })
    const fleet = byKind((await list(w.admin.client)).items, 'usage_threshold').find((n) => n.companyId === null)
    expect(fleet).toMatchObject({
      title: 'Budget threshold crossed: fleet of tenant@example.com (2026-06)',
      detail: 'Spent 25.00 of a 50.00 monthly budget (alert at 50%)',
      messageKey: 'budget_threshold_fleet',
      messageParams: { owner: 'tenant@example.com', period: '2026-06', spent: 25, limit: 50, pct: 50 },
    })
  })

  it('runtimes report schedule runs and messages with their own token; repeats count on the open notice', async () => {
    const w = await world()
    const token = await issueUsageToken(w.h.deps, w.acme.id)
    const runtime = new TestClient(w.h.app)
    const report = (body: unknown, auth: string | null = `Bearer ${token}`) =>
      runtime.request('POST', '/api/runtime/notices', body, auth ? { authorization: auth } : {})

    const first = await report({ kind: 'schedule_failed', name: 'Nightly report', agent: 'Ada', detail: 'model timed out' })
    expect(first.status, first.text).toBe(201)
    const second = await report({ kind: 'schedule_failed', name: 'nightly report', agent: 'Ada', detail: 'timed out again' })
    expect(second.json).toEqual({ notificationId: first.json.notificationId, occurrences: 2 })
    expect((await report({ kind: 'message', name: '#sales', agent: 'Brunel' })).status).toBe(201)
    expect((await report({ kind: 'schedule_completed', name: 'Inbox sweep' })).status).toBe(201)

    const items = (await list(w.admin.client)).items
    expect(items.find((n) => n.kind === 'schedule_failed')).toMatchObject({
      title: 'Schedule “nightly report” of Ada of acme labs failed',
      severity: 'warning',
      occurrences: 2,
      detail: 'timed out again',
      // The title is the platform's sentence (keyed); the detail stays the runtime's own words.
      messageKey: 'schedule_failed_agent',
      messageParams: { name: 'nightly report', agent: 'Ada', exocorp: 'acme labs' },
    })
    expect(items.find((n) => n.kind === 'message')).toMatchObject({
      title: 'Brunel of acme labs sent a message to #sales',
      messageKey: 'message_sent_agent',
      messageParams: { name: '#sales', agent: 'Brunel', exocorp: 'acme labs' },
    })
    expect(items.find((n) => n.kind === 'schedule_completed')).toMatchObject({
      severity: 'info',
      messageKey: 'schedule_completed',
      messageParams: { name: 'Inbox sweep', exocorp: 'acme labs' },
    })

    // No token, a wrong one, or a bad body: refused, audited, nothing stored.
    const before = (await w.h.db.select().from(adminNotifications)).length
    expect((await report({ kind: 'message', name: 'x' }, null)).status).toBe(401)
    expect((await report({ kind: 'message', name: 'x' }, 'Bearer exo_usage_nope')).status).toBe(401)
    for (const bad of [
      {},
      { kind: 'deploy', name: 'x' },
      { kind: 'message', name: '' },
      { kind: 'message', name: 'x', extra: 1 },
    ]) {
      expect((await report(bad)).status).toBe(400)
    }
    expect((await w.h.db.select().from(adminNotifications)).length).toBe(before)
    expect((await auditRows(w.h, 'notice.report')).filter((r) => r.outcome === 'failed').length).toBe(6)
  })
})

describe('admin notifications: queue', () => {
  it('admins read, platform owners acknowledge and resolve with a step-up; moves out of order are 409; audited', async () => {
    const w = await world()
    await runJob(w.h, w.acme.id, 'provision', 'failed')
    await setCompany(w.h, w.acme.id, { health: 'unreachable' })
    const [unreachable] = byKind((await list(w.admin.client)).items, 'unreachable')
    const [failed] = byKind((await list(w.admin.client)).items, 'job_failed')
    const path = `/api/admin/notifications/${unreachable!.id}`

    // Role × route: anonymous 401, a plain user 403, an admin reads but may not act.
    const anonymous = new TestClient(w.h.app)
    expect((await anonymous.get('/api/admin/notifications')).status).toBe(401)
    expect((await w.tenant.client.get('/api/admin/notifications')).status).toBe(403)
    expect((await w.tenant.client.request('PATCH', path, { state: 'acknowledged' })).status).toBe(403)
    expect((await w.admin.client.request('PATCH', path, { state: 'acknowledged' })).status).toBe(403)
    expect((await w.admin.client.post('/api/admin/notifications/bulk', { ids: [failed!.id], state: 'resolved' })).status).toBe(
      403,
    )
    expect((await anonymous.request('PATCH', path, { state: 'acknowledged' })).status).toBe(401)
    // The platform owner without a fresh password: 403 reauth_required.
    const stale = await w.root.client.request('PATCH', path, { state: 'acknowledged' })
    expect([stale.status, stale.json.error.code]).toEqual([403, 'reauth_required'])
    expect((await list(w.admin.client)).counts).toEqual({ new: 2, acknowledged: 0 })

    await stepUp(w.root.client)
    const acked = await w.root.client.request('PATCH', path, { state: 'acknowledged' })
    expect(acked.status, acked.text).toBe(200)
    expect(acked.json).toMatchObject({ state: 'acknowledged', stateChangedBy: 'root@example.com' })
    // Acknowledged stays acknowledged while it repeats.
    await setCompany(w.h, w.acme.id, { health: 'unknown' })
    await setCompany(w.h, w.acme.id, { health: 'unreachable' })
    expect(byKind((await list(w.admin.client)).items, 'unreachable')[0]).toMatchObject({ state: 'acknowledged', occurrences: 2 })
    const back = await w.root.client.request('PATCH', path, { state: 'new' })
    expect(back.status).toBe(400)
    expect((await w.root.client.request('PATCH', path, { state: 'resolved' })).status).toBe(200)
    const twice = await w.root.client.request('PATCH', path, { state: 'acknowledged' })
    expect([twice.status, twice.json.error.details.reason]).toEqual([409, 'invalid_transition'])
    expect((await w.root.client.request('PATCH', '/api/admin/notifications/999999', { state: 'resolved' })).status).toBe(404)
    for (const bad of [{}, { state: 'done' }, { state: 'resolved', note: 'x' }]) {
      expect((await w.root.client.request('PATCH', `/api/admin/notifications/${failed!.id}`, bad)).status).toBe(400)
    }
    expect((await w.root.client.request('PATCH', '/api/admin/notifications/abc', { state: 'resolved' })).status).toBe(400)

    const bulk = await w.root.client.post('/api/admin/notifications/bulk', {
      ids: [failed!.id, unreachable!.id, '424242'],
      state: 'resolved',
    })
    expect(bulk.status).toBe(200)
    expect(bulk.json.updated).toEqual([failed!.id])
    // Already resolved: nothing to do, not a refusal (the move is idempotent); an unknown id is refused.
    expect(bulk.json.refused.map((r: { id: string }) => r.id)).toEqual(['424242'])
    for (const bad of [
      { ids: [], state: 'resolved' },
      { ids: ['1'], state: 'new' },
      { ids: ['x'], state: 'resolved' },
    ]) {
      expect((await w.root.client.post('/api/admin/notifications/bulk', bad)).status).toBe(400)
    }
    expect((await list(w.admin.client)).items).toEqual([])
    expect((await list(w.admin.client, '?state=resolved')).items).toHaveLength(2)

    const audited = await auditRows(w.h)
    const updates = audited.filter((r) => r.action === 'admin_notification.updated')
    expect(updates.filter((r) => r.outcome === 'succeeded')).toHaveLength(2)
    // The refused bodies (4), the 409 and the 404; guard refusals are audited by the guard under its own action.
    expect(updates.filter((r) => r.outcome === 'failed').length).toBe(6)
    expect(audited.filter((r) => r.action === 'admin_notification.bulk_updated' && r.outcome === 'succeeded')).toHaveLength(1)
  })

  it('filters and pages by cursor, most recent activity first; bad queries are 400', async () => {
    const w = await world()
    const others = []
    for (let i = 0; i < 5; i++) others.push(await insertCompany(w.h, w.tenant.id, { slug: `exo-${i}`, status: 'running' }))
    for (const c of others) {
      w.h.clock.advance(1000)
      await setCompany(w.h, c.id, { health: 'unreachable' })
    }
    await runJob(w.h, w.acme.id, 'provision', 'failed')
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(w.admin.client, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.items.map((n) => n.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(6)
    expect(new Set(seen).size).toBe(6)
    expect((await list(w.admin.client, '?kind=job_failed')).items.map((n) => n.kind)).toEqual(['job_failed'])
    expect((await list(w.admin.client, '?severity=critical')).items).toHaveLength(5)
    expect((await list(w.admin.client, `?companyId=${others[0]!.id}`)).items).toHaveLength(1)
    for (const bad of ['?state=open', '?kind=nope', '?limit=0', '?cursor=%%%', '?extra=1']) {
      expect((await w.admin.client.get(`/api/admin/notifications${bad}`)).status, bad).toBe(400)
    }
  })

  it('is pushed live to admins only', async () => {
    const w = await world()
    const srv = await serveWithEvents(w.h)
    const admin = await openStream(srv.port, { cookie: w.admin.client.cookie })
    const tenant = await openStream(srv.port, { cookie: w.tenant.client.cookie })
    await Promise.all([admin, tenant].map((s) => s.waitFor(isHello)))
    await setCompany(w.h, w.acme.id, { health: 'unreachable' })
    await srv.hub.pump()
    const pushed = await admin.waitFor((m) => m.type === 'admin_notification.changed')
    expect(pushed).toMatchObject({ data: { kind: 'unreachable', state: 'new', severity: 'critical', occurrences: 1 } })
    // The tenant gets the status change of its own exocorp, and nothing of the admins' queue.
    await tenant.waitFor((m) => m.type === 'company.status')
    const adminOnly = (m: ServerMessage) => m.type === 'admin_notification.changed'
    expect(tenant.messages.filter(adminOnly)).toEqual([])
    admin.close()
    tenant.close()
  })
})

describe('admin notifications: retention', () => {
  it('the periodic worker deletes notices resolved more than 30 days ago and keeps the rest, however old', async () => {
    const w = await world()
    const daysAgo = (d: number) => new Date(w.h.clock.now().getTime() - d * 86_400_000).toISOString()
    const notice = (
      key: string,
      state: 'new' | 'acknowledged' | 'resolved',
      seenDaysAgo: number,
      resolvedDaysAgo: number | null,
    ) => ({
      kind: 'job_failed' as const,
      severity: 'warning' as const,
      companyId: w.acme.id,
      dedupKey: key,
      title: key,
      state,
      firstAt: daysAgo(seenDaysAgo + 1),
      lastAt: daysAgo(seenDaysAgo),
      stateChangedAt: resolvedDaysAgo === null ? null : daysAgo(resolvedDaysAgo),
      stateChangedBy: resolvedDaysAgo === null ? null : 'system',
    })
    await w.h.db.write(async (tx) => {
      await tx.insert(adminNotifications).values([
        notice('resolved-long-ago', 'resolved', 40, 31),
        // Seen long ago but resolved recently: history still inside the window.
        notice('resolved-lately', 'resolved', 45, 29),
        notice('still-new', 'new', 90, null),
        notice('still-acknowledged', 'acknowledged', 60, 59),
      ])
    })
    const stop = startBillingEvaluator(w.h.deps, { holder: 'retention-test', intervalMs: 20 })
    try {
      await waitFor(async () => (await list(w.admin.client, '?state=resolved')).items.length === 1)
    } finally {
      await stop()
    }
    const titles = async (state: string) => (await list(w.admin.client, `?state=${state}`)).items.map((n) => n.title)
    expect(await titles('resolved')).toEqual(['resolved-lately'])
    expect(await titles('new')).toEqual(['still-new'])
    expect(await titles('acknowledged')).toEqual(['still-acknowledged'])
  })
})

describe('admin notifications: usage spikes', () => {
  // gpt-4o is priced 2.50 / 10.00 per million input / output tokens in the test price book.
  const call = (dollars: number) => ({ model: 'gpt-4o', inputTokens: dollars * 400_000, outputTokens: 0 })

  it('a last hour above 3× the trailing hourly average and the floor raises one notice as usage arrives, counted at most hourly', async () => {
    const w = await world()
    const token = await issueUsageToken(w.h.deps, w.acme.id)
    const runtime = new TestClient(w.h.app)
    const report = async (dollars: number) => {
      const res = await runtime.request('POST', '/api/runtime/usage-events', call(dollars), { authorization: `Bearer ${token}` })
      expect(res.status, res.text).toBe(201)
    }
    // Read through the service: a day on the clock has ended every session (the HTTP read is covered above).
    const spikes = async () =>
      (await listAdminNotifications(w.h.deps, AdminNotificationQuerySchema.parse({ kind: 'usage_threshold' }))).items

    // A steady day: 1.00 an hour for 24 hours (recorded as the clock moves), no notice.
    for (let hour = 0; hour < 24; hour++) {
      await recordUsageEvent(w.h.deps, { companyId: w.acme.id, ...call(1) })
      w.h.clock.advance(3_600_000)
    }
    await report(1)
    await report(1)
    // 2.00 this hour against an average of ~1.00: busy, not a spike.
    expect(await spikes()).toEqual([])

    await report(2) // 4.00 in the last hour: above 3× the average and the 1.00 floor.
    const [spike] = await spikes()
    expect(spike).toMatchObject({
      severity: 'warning',
      state: 'new',
      occurrences: 1,
      companyId: w.acme.id,
      title: 'Usage spike: acme labs spent 4.00 in the last hour',
      detail:
        '4.00 in the last hour against an hourly average of 1.00 over the 24 hours before (rule: more than 3× the average and at least 1.00)',
      messageKey: 'usage_spike',
      messageParams: { exocorp: 'acme labs', spent: 4, average: 1, hours: 24, factor: 3, floor: 1 },
    })

    // More usage in the same hour does not repeat it; an hour on, still spiking, counts once more.
    w.h.clock.advance(60_000)
    await report(3)
    expect(await spikes()).toEqual([expect.objectContaining({ id: spike!.id, occurrences: 1 })])
    w.h.clock.advance(3_600_000)
    await report(5)
    expect(await spikes()).toEqual([
      expect.objectContaining({
        id: spike!.id,
        occurrences: 2,
        title: expect.stringContaining('spent 5.00'),
        // The facts follow the title they word.
        messageParams: expect.objectContaining({ spent: 5 }),
      }),
    ])
  })

  it('a small exocorp under the floor never spikes, whatever its ratio', async () => {
    const w = await world()
    const token = await issueUsageToken(w.h.deps, w.acme.id)
    const runtime = new TestClient(w.h.app)
    // 0.50 in its first hour, against nothing before: infinitely more, but under 1.00.
    const res = await runtime.request(
      'POST',
      '/api/runtime/usage-events',
      { model: 'gpt-4o', inputTokens: 200_000, outputTokens: 0 },
      {
        authorization: `Bearer ${token}`,
      },
    )
    expect(res.status).toBe(201)
    expect(byKind((await list(w.admin.client)).items, 'usage_threshold')).toEqual([])
  })

  it('states an amount the same in the English and the param, rounded on the integer micros', async () => {
    const w = await world()
    const token = await issueUsageToken(w.h.deps, w.acme.id)
    const runtime = new TestClient(w.h.app)
    // 1,045,000 micros: as a float 1.045 is 1.04499…, so toFixed says "1.04" while rounding the
    // float ×100 gave 1.05 — the English and the param a cent apart. On the micros, both are 1.05.
    const res = await runtime.request(
      'POST',
      '/api/runtime/usage-events',
      { model: 'gpt-4o', inputTokens: 418_000, outputTokens: 0 },
      { authorization: `Bearer ${token}` },
    )
    expect(res.status, res.text).toBe(201)
    const [spike] = byKind((await list(w.admin.client)).items, 'usage_threshold')
    expect(spike).toMatchObject({
      title: 'Usage spike: acme labs spent 1.05 in the last hour',
      detail:
        '1.05 in the last hour against an hourly average of 0.00 over the 24 hours before (rule: more than 3× the average and at least 1.00)',
      messageKey: 'usage_spike',
    })
    expect(spike!.messageParams).toEqual({ exocorp: 'acme labs', spent: 1.05, average: 0, hours: 24, factor: 3, floor: 1 })
  })
})

describe('admin notifications: message keys (decision 063)', () => {
  const migrations = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/db/migrations')

  it('the triggers set only keys the contract lists (every migration that writes message_key, both dialects)', () => {
    const files = [
      ...readdirSync(migrations).map((f) => path.join(migrations, f)),
      ...readdirSync(path.join(migrations, 'pg')).map((f) => path.join(migrations, 'pg', f)),
    ].filter((f) => f.endsWith('.sql'))
    const keyed = files.map((f) => readFileSync(f, 'utf8')).filter((sql) => /\bmessage_key\b/.test(sql))
    expect(keyed.length).toBeGreaterThanOrEqual(2)
    // Every snake_case literal in them that is not a notice kind (the kind column's values) is a
    // message key: `'budget_limit_fleet'`, not `'warning'`, `'an account'` or `'job_failed:'`.
    const kinds = new Set<string>(AdminNotificationKindSchema.options)
    const literals = new Set(keyed.flatMap((sql) => [...sql.matchAll(/'([a-z]+(?:_[a-z]+)+)'/g)].map((m) => m[1]!)))
    const used = [...literals].filter((l) => !kinds.has(l))
    expect(used.filter((k) => !(ADMIN_NOTICE_KEYS as readonly string[]).includes(k))).toEqual([])
    // The scan does see the triggers' keys (a key that is also a kind, `job_failed`, is checked by the tests above).
    expect(used).toEqual(expect.arrayContaining(['runtime_unreachable', 'budget_threshold', 'budget_limit_fleet']))
  })

  it('reads a known key only with its own facts, and passes a key it does not know on as sent', async () => {
    const w = await world()
    const at = w.h.clock.now().toISOString()
    const row = (dedupKey: string, title: string, messageKey: string, messageParams: string) => ({
      kind: 'message' as const,
      severity: 'info' as const,
      dedupKey,
      title,
      detail: null,
      messageKey,
      messageParams,
      firstAt: at,
      lastAt: at,
    })
    await w.h.db.write(async (tx) => {
      await tx.insert(adminNotifications).values([
        row('a', 'complete', 'runtime_unreachable', JSON.stringify({ exocorp: 'Initech' })),
        // A placeholder missing: worded, the page would show a raw {{exocorp}}.
        row('b', 'missing a fact', 'domain_stopped', JSON.stringify({ domain: 'shop.example' })),
        row('c', 'a fact of another type', 'runtime_unreachable', JSON.stringify({ exocorp: 42 })),
        row('d', 'not JSON', 'runtime_unreachable', '{'),
        // Written by a newer instance on the same database: a key, and a fact type, this build does not know.
        row('e', 'from a newer instance', 'quantum_flux', JSON.stringify({ exocorp: 'Initech', at: { hour: 3 } })),
      ])
    })
    const page = await list(w.admin.client)
    const byTitle = Object.fromEntries(page.items.map((n) => [n.title, [n.messageKey, n.messageParams]]))
    expect(byTitle).toEqual({
      complete: ['runtime_unreachable', { exocorp: 'Initech' }],
      'missing a fact': [null, null],
      'a fact of another type': [null, null],
      'not JSON': [null, null],
      'from a newer instance': ['quantum_flux', { exocorp: 'Initech', at: { hour: 3 } }],
    })
  })
})
