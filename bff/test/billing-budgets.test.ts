import { describe, expect, it } from 'vitest'
import { count, eq } from 'drizzle-orm'
import { auditEvents } from '../src/db/schema/audit'
import { budgetAlerts, budgets } from '../src/db/schema/budgets'
import { companies } from '../src/db/schema/companies'
import type { RuntimeDriver } from '../src/runtime/driver'
import { evaluateAllAccounts } from '../src/services/billing/state'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { addCompany, billingWorld, signInAgain } from './billing-fixtures'
import { addMembership, newUser } from './catalog-helpers'
import { ORIGIN, type Harness } from './harness'

function recordingDriver() {
  const calls: string[] = []
  const unused = () => Promise.reject(new Error('not used in budget tests'))
  const driver: RuntimeDriver = {
    name: 'recording',
    allocate: unused,
    start: unused,
    stop: async (id) => void calls.push(`stop:${id}`),
    pause: async (id) => void calls.push(`pause:${id}`),
    resume: async (id) => void calls.push(`resume:${id}`),
    destroy: async (id) => void calls.push(`destroy:${id}`),
    probe: async () => ({ healthy: true, paused: false, version: '1.5.0', detail: null }),
    handle: (id) => ({ companyId: id, endpoint: 'http://127.0.0.1:1', pid: null, controlToken: null }),
    reconcile: async () => [],
    capacity: () => ({ driver: 'recording', maxRuntimes: 10, running: 0 }),
    shutdownAll: async () => undefined,
    releaseAll: async () => 0,
  }
  return { driver, calls }
}

let n = 0
/** The runtime reports usage through the real ingest path; gpt-4o input is $2.50 per 1M tokens. */
async function reportUsage(h: Harness, token: string, dollars: number) {
  const res = await h.app.request(`${ORIGIN}/api/runtime/usage-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ model: 'gpt-4o', inputTokens: dollars * 400_000, outputTokens: 0, eventId: `u-${++n}` }),
  })
  expect(res.status, await res.clone().text()).toBeLessThan(300)
}

async function audits(h: Harness, action: string) {
  return (await h.db.select().from(auditEvents).orderBy(auditEvents.seq)).filter((e) => e.action === action)
}

async function statusOf(h: Harness, id: string) {
  const [row] = await h.db.select({ status: companies.status }).from(companies).where(eq(companies.id, id))
  return row?.status
}

/** Moves the clock to the first day of the next month (UTC), noon. */
function nextMonth(h: Harness) {
  const now = h.clock.now()
  const target = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 12)
  h.clock.advance(target - now.getTime())
}

async function world() {
  const { driver, calls } = recordingDriver()
  const w = await billingWorld({ lifecycle: { driver } })
  const acme = await addCompany(w.h, w.userId, 'acme', 'running')
  const token = await issueUsageToken(w.h.deps, acme)
  return { ...w, calls, acme, token }
}

describe('budgets, evaluated as usage arrives', () => {
  it('alerts once per period at the soft threshold, and again in the next period', async () => {
    const w = await world()
    const set = await w.user.request('PUT', '/api/billing/budgets', {
      companyId: w.acme,
      monthlyLimitMinor: 1000,
      softThresholdPct: 50,
      hardLimit: false,
    })
    expect(set.status, set.text).toBe(200)
    expect(set.json).toMatchObject({
      company: { slug: 'acme' },
      monthlyLimitMicros: 10_000_000,
      spentMicros: 0,
      period: '2026-06',
    })

    await reportUsage(w.h, w.token, 4)
    expect(await audits(w.h, 'budget.threshold_reached')).toHaveLength(0)
    await reportUsage(w.h, w.token, 1)
    const alerts = await audits(w.h, 'budget.threshold_reached')
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ targetType: 'company', targetId: w.acme })
    expect(alerts[0]!.summary).toBe('Spent $5.00 of its $10.00 monthly budget (50% alert)')
    await Promise.all([reportUsage(w.h, w.token, 1), reportUsage(w.h, w.token, 1), reportUsage(w.h, w.token, 1)])
    expect(await audits(w.h, 'budget.threshold_reached')).toHaveLength(1)
    const listed = (await w.user.get('/api/billing/budgets')).json.items
    expect(listed).toMatchObject([{ spentMicros: 8_000_000, softAlertedAt: expect.any(String), pausedAt: null }])
    expect(await statusOf(w.h, w.acme)).toBe('running')

    nextMonth(w.h)
    await signInAgain(w.user, 'user@example.com')
    expect((await w.user.get('/api/billing/budgets')).json.items).toMatchObject([
      { period: '2026-07', spentMicros: 0, softAlertedAt: null },
    ])
    await reportUsage(w.h, w.token, 5)
    expect(await audits(w.h, 'budget.threshold_reached')).toHaveLength(2)
  })

  it('a hard limit pauses the exocorp at 100% with the reason audited; the next period resumes it', async () => {
    const w = await world()
    const other = await addCompany(w.h, w.userId, 'other', 'running')
    await w.user.request('PUT', '/api/billing/budgets', {
      companyId: w.acme,
      monthlyLimitMinor: 500,
      softThresholdPct: 80,
      hardLimit: true,
    })
    await reportUsage(w.h, w.token, 4)
    expect(await statusOf(w.h, w.acme)).toBe('running')
    await reportUsage(w.h, w.token, 1)
    expect(await statusOf(w.h, w.acme)).toBe('paused')
    expect(await statusOf(w.h, other)).toBe('running')
    expect(w.calls).toEqual([`pause:${w.acme}`])
    const hard = await audits(w.h, 'budget.hard_limit_reached')
    expect(hard).toHaveLength(1)
    expect(hard[0]!.summary).toBe('Paused by its monthly budget: $5.00 of $5.00 spent; resumes on 2026-07-01')
    const pauseAudit = (await audits(w.h, 'company.pause')).at(-1)
    expect(pauseAudit).toMatchObject({ actorLabel: 'budget', outcome: 'succeeded', targetId: w.acme })
    expect((await w.user.get('/api/billing/budgets')).json.items[0].pausedAt).toEqual(expect.any(String))
    // Usage still in flight when it paused does not pause twice.
    await reportUsage(w.h, w.token, 1)
    expect(await audits(w.h, 'budget.hard_limit_reached')).toHaveLength(1)

    // The same month: nothing resumes it.
    w.h.clock.advance(86_400_000)
    await evaluateAllAccounts(w.h.deps)
    expect(await statusOf(w.h, w.acme)).toBe('paused')
    nextMonth(w.h)
    await evaluateAllAccounts(w.h.deps)
    expect(await statusOf(w.h, w.acme)).toBe('running')
    expect(w.calls).toEqual([`pause:${w.acme}`, `resume:${w.acme}`])
    expect(await audits(w.h, 'budget.resumed')).toHaveLength(1)
  })

  it('raising the budget lets a paused exocorp run again this month', async () => {
    const w = await world()
    const body = { companyId: w.acme, monthlyLimitMinor: 500, softThresholdPct: 80, hardLimit: true }
    await w.user.request('PUT', '/api/billing/budgets', body)
    await reportUsage(w.h, w.token, 6)
    expect(await statusOf(w.h, w.acme)).toBe('paused')
    const raised = await w.user.request('PUT', '/api/billing/budgets', { ...body, monthlyLimitMinor: 2000 })
    expect(raised.status).toBe(200)
    expect(raised.json.pausedAt).toBeNull()
    expect(await statusOf(w.h, w.acme)).toBe('running')
  })

  it('a fleet-wide budget counts every exocorp of the account and pauses them all', async () => {
    const w = await world()
    const beta = await addCompany(w.h, w.userId, 'beta', 'running')
    const betaToken = await issueUsageToken(w.h.deps, beta)
    const set = await w.user.request('PUT', '/api/billing/budgets', {
      companyId: null,
      monthlyLimitMinor: 600,
      softThresholdPct: 50,
      hardLimit: true,
    })
    expect(set.json.company).toBeNull()
    await reportUsage(w.h, w.token, 3)
    expect(await audits(w.h, 'budget.threshold_reached')).toMatchObject([{ targetType: 'billing_account' }])
    await reportUsage(w.h, betaToken, 3)
    expect(await statusOf(w.h, w.acme)).toBe('paused')
    expect(await statusOf(w.h, beta)).toBe('paused')
    expect((await audits(w.h, 'budget.hard_limit_reached'))[0]!.summary).toMatch(
      /^Paused by the fleet monthly budget: \$6\.00 of \$6\.00/,
    )
  })

  it('role × route and bad input: 401 anonymous, 404 for exocorps and budgets not yours, 400 writes nothing', async () => {
    const w = await world()
    const path = '/api/billing/budgets'
    const ok = { companyId: w.acme, monthlyLimitMinor: 500, softThresholdPct: 80, hardLimit: true }
    expect((await w.anon.get(path)).status).toBe(401)
    expect((await w.anon.request('PUT', path, ok)).status).toBe(401)
    expect((await w.anon.request('DELETE', `${path}/x`)).status).toBe(401)
    // The platform owner is not an owner of this exocorp: same 404 as one that does not exist.
    expect((await w.owner.request('PUT', path, ok)).status).toBe(404)
    expect((await w.admin.request('PUT', path, { ...ok, companyId: 'nope' })).status).toBe(404)
    const before = (await w.h.db.select({ n: count() }).from(budgets))[0]?.n
    for (const body of [
      {},
      { ...ok, monthlyLimitMinor: 0 },
      { ...ok, monthlyLimitMinor: 12.5 },
      { ...ok, softThresholdPct: 0 },
      { ...ok, softThresholdPct: 101 },
      { ...ok, hardLimit: 'yes' },
      { ...ok, companyId: 7 },
      { ...ok, extra: 1 },
    ]) {
      const res = await w.user.request('PUT', path, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
    expect((await w.h.db.select({ n: count() }).from(budgets))[0]?.n).toBe(before)
    const mine = await w.user.request('PUT', path, ok)
    expect((await w.admin.request('DELETE', `${path}/${mine.json.id}`)).status).toBe(404)
    expect((await w.admin.get(path)).json.items).toEqual([])
    const removed = await w.user.request('DELETE', `${path}/${mine.json.id}`)
    expect(removed.status).toBe(200)
    expect(removed.json.items).toEqual([])
    expect(await w.h.db.select().from(budgetAlerts)).toEqual([])
    expect((await audits(w.h, 'budget.set')).length).toBe(1)
    expect((await audits(w.h, 'budget.deleted')).length).toBe(1)
  })
})

describe('budget alerts reach the bell, and members see why an exocorp is paused (decision 040)', () => {
  const budgetNotices = async (client: { get(path: string): Promise<{ json: any }> }) =>
    ((await client.get('/api/account/notifications')).json.items as { kind: string; companyId: string | null; title: string }[])
      .filter((n) => n.kind === 'budget')
      .map((n) => ({ companyId: n.companyId, title: n.title }))
      .reverse()

  it('notifies the owner once per alert (exocorp and fleet), never a member; the pause shows on the detail for both', async () => {
    const w = await world()
    const member = await newUser(w.h, 'member@example.com')
    await addMembership(w.h, w.acme, member.id)
    await w.user.request('PUT', '/api/billing/budgets', {
      companyId: w.acme,
      monthlyLimitMinor: 500,
      softThresholdPct: 80,
      hardLimit: true,
    })
    await w.user.request('PUT', '/api/billing/budgets', {
      companyId: null,
      monthlyLimitMinor: 1000,
      softThresholdPct: 50,
      hardLimit: false,
    })

    await reportUsage(w.h, w.token, 4)
    expect(await budgetNotices(w.user)).toEqual([{ companyId: w.acme, title: 'acme reached 80% of its monthly budget' }])
    await reportUsage(w.h, w.token, 1)
    await reportUsage(w.h, w.token, 1)
    expect(await budgetNotices(w.user)).toEqual([
      { companyId: w.acme, title: 'acme reached 80% of its monthly budget' },
      { companyId: w.acme, title: 'acme reached its monthly budget: the hard limit pauses it until next month' },
      { companyId: null, title: 'Your fleet reached 50% of its monthly budget' },
    ])
    expect(await budgetNotices(member.client)).toEqual([])
    const unread = (await w.user.get('/api/account/notifications')).json.unreadCount
    expect(unread).toBeGreaterThanOrEqual(3)

    const pause = {
      scope: 'company',
      spentMicros: 5_000_000,
      limitMicros: 5_000_000,
      pausedAt: expect.any(String),
      resumesAt: '2026-07-01T00:00:00.000Z',
    }
    const asOwner = await w.user.get(`/api/registry/companies/${w.acme}`)
    expect(asOwner.json).toMatchObject({ status: 'paused', budgetPause: pause })
    const asMember = await member.client.get(`/api/registry/companies/${w.acme}`)
    expect(asMember.status).toBe(200)
    expect(asMember.json).toMatchObject({ role: 'member', status: 'paused', budgetPause: pause })

    nextMonth(w.h)
    await evaluateAllAccounts(w.h.deps)
    await signInAgain(member.client, 'member@example.com')
    expect((await member.client.get(`/api/registry/companies/${w.acme}`)).json).toMatchObject({
      status: 'running',
      budgetPause: null,
    })
  })

  it('a fleet hard limit names the fleet on every paused exocorp', async () => {
    const w = await world()
    await w.user.request('PUT', '/api/billing/budgets', {
      companyId: null,
      monthlyLimitMinor: 300,
      softThresholdPct: 100,
      hardLimit: true,
    })
    await reportUsage(w.h, w.token, 3)
    expect(await budgetNotices(w.user)).toEqual([
      { companyId: null, title: 'Your fleet reached 100% of its monthly budget' },
      {
        companyId: null,
        title: 'Your fleet reached its monthly budget: the hard limit pauses your running exocorps until next month',
      },
    ])
    expect((await w.user.get(`/api/registry/companies/${w.acme}`)).json.budgetPause).toMatchObject({
      scope: 'fleet',
      spentMicros: 3_000_000,
      limitMicros: 3_000_000,
    })
  })
})
