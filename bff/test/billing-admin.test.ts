import { describe, expect, it } from 'vitest'
import {
  AdjustmentResultSchema,
  BillingAccountDetailSchema,
  BillingAccountPageSchema,
  CollectionsPageSchema,
  OwnerBillingSchema,
  ProviderEventPageSchema,
} from '@exocorp/shared/billing'
import { count, eq } from 'drizzle-orm'
import { auditEvents } from '../src/db/schema/audit'
import { ledgerEntries } from '../src/db/schema/billing'
import { seedDemo } from '../src/demo/seed'
import { makeHarness } from './harness'
import { balanceOf, billingWorld, sendPayment } from './billing-fixtures'

type World = Awaited<ReturnType<typeof billingWorld>>

const reads = (w: World) => [
  { method: 'GET', path: '/api/admin/billing/accounts' },
  { method: 'GET', path: `/api/admin/billing/accounts/${w.userAccountId}` },
  { method: 'GET', path: '/api/admin/billing/collections' },
  { method: 'GET', path: '/api/admin/billing/provider-events' },
]
let keyN = 0
const writes = (w: World) => [
  {
    method: 'POST',
    path: `/api/admin/billing/accounts/${w.userAccountId}/adjustments`,
    body: () => ({ amountMicros: 1_000_000, reason: 'Goodwill credit', idempotencyKey: `matrix-key-${++keyN}` }),
  },
  {
    method: 'PUT',
    path: `/api/admin/billing/accounts/${w.userAccountId}/policy`,
    body: () => ({ graceDays: 3, suspendAfterDays: 10 }),
  },
  {
    method: 'POST',
    path: `/api/admin/billing/accounts/${w.userAccountId}/policy`,
    body: () => ({ graceDays: 3, suspendAfterDays: 10 }),
  },
  { method: 'DELETE', path: `/api/admin/billing/accounts/${w.userAccountId}/policy`, body: () => undefined },
  { method: 'POST', path: '/api/admin/billing/evaluate', body: () => ({}) },
]

describe('admin billing: role × route matrix', () => {
  it('anonymous 401, user 403, admin reads but may not write, platform owner does both', async () => {
    const w = await billingWorld()
    for (const r of reads(w)) {
      expect((await w.anon.request(r.method, r.path)).status, `anon ${r.path}`).toBe(401)
      expect((await w.user.request(r.method, r.path)).status, `user ${r.path}`).toBe(403)
      expect((await w.admin.request(r.method, r.path)).status, `admin ${r.path}`).toBe(200)
      expect((await w.owner.request(r.method, r.path)).status, `owner ${r.path}`).toBe(200)
    }
    for (const r of writes(w)) {
      expect((await w.anon.request(r.method, r.path, r.body())).status, `anon ${r.method} ${r.path}`).toBe(401)
      expect((await w.user.request(r.method, r.path, r.body())).status, `user ${r.method} ${r.path}`).toBe(403)
      expect((await w.admin.request(r.method, r.path, r.body())).status, `admin ${r.method} ${r.path}`).toBe(403)
      expect([200, 201], `owner ${r.method} ${r.path}`).toContain((await w.owner.request(r.method, r.path, r.body())).status)
    }
    // Refusals are audited.
    const denied = (await w.h.db.select().from(auditEvents).orderBy(auditEvents.seq)).filter((e) => e.action === 'access.denied')
    expect(denied.length).toBeGreaterThanOrEqual(reads(w).length * 1 + writes(w).length * 2)
  })

  it('lists accounts with state and balance, pages with a cursor, and filters', async () => {
    const w = await billingWorld()
    const all = BillingAccountPageSchema.parse((await w.admin.get('/api/admin/billing/accounts?limit=2')).json)
    expect(all.items).toHaveLength(2)
    expect(all.items[0]).toMatchObject({ state: 'current', balanceMicros: 25_000_000, owner: { email: 'owner@example.com' } })
    expect(all.nextCursor).not.toBeNull()
    const rest = BillingAccountPageSchema.parse(
      (await w.admin.get(`/api/admin/billing/accounts?limit=2&cursor=${all.nextCursor}`)).json,
    )
    expect(rest.items.map((a) => a.owner.email)).toEqual(['user@example.com'])
    expect(rest.nextCursor).toBeNull()
    const found = BillingAccountPageSchema.parse((await w.admin.get('/api/admin/billing/accounts?q=admin%40')).json)
    expect(found.items.map((a) => a.owner.email)).toEqual(['admin@example.com'])
    const graced = BillingAccountPageSchema.parse((await w.admin.get('/api/admin/billing/accounts?state=grace')).json)
    expect(graced.items).toEqual([])
    expect((await w.admin.get('/api/admin/billing/accounts?state=broke')).status).toBe(400)
    expect((await w.admin.get('/api/admin/billing/accounts/nope')).status).toBe(404)
  })

  it('shows the ledger on the account detail', async () => {
    const w = await billingWorld()
    const detail = BillingAccountDetailSchema.parse((await w.admin.get(`/api/admin/billing/accounts/${w.userAccountId}`)).json)
    expect(detail.ledger.items).toMatchObject([{ kind: 'signup_credit', amountMicros: 25_000_000 }])
  })
})

describe('adjustments', () => {
  it('books one entry with a reason, audited; the same key and body replays it; another body is 409', async () => {
    const w = await billingWorld()
    const body = { amountMicros: -5_000_000, reason: 'Refund reversal', idempotencyKey: 'adj-2026-06-01-a' }
    const first = await w.owner.post(`/api/admin/billing/accounts/${w.userAccountId}/adjustments`, body)
    expect(first.status).toBe(201)
    const parsed = AdjustmentResultSchema.parse(first.json)
    expect(parsed).toMatchObject({
      created: true,
      entry: { kind: 'adjustment', amountMicros: -5_000_000, reason: 'Refund reversal' },
    })
    expect(parsed.account.balanceMicros).toBe(20_000_000)

    const replay = await w.owner.post(`/api/admin/billing/accounts/${w.userAccountId}/adjustments`, body)
    expect(replay.status).toBe(200)
    expect(replay.json.created).toBe(false)
    expect(replay.json.entry.id).toBe(parsed.entry.id)

    const conflict = await w.owner.post(`/api/admin/billing/accounts/${w.userAccountId}/adjustments`, {
      ...body,
      amountMicros: -6_000_000,
    })
    expect(conflict.status).toBe(409)
    expect(conflict.json.error.details.reason).toBe('idempotency_key_reused')
    expect(await balanceOf(w.h, w.userAccountId)).toBe(20_000_000)

    const rows = (await w.h.db.select().from(auditEvents).orderBy(auditEvents.seq)).filter(
      (e) => e.action === 'billing.adjustment',
    )
    expect(rows.map((r) => r.outcome)).toEqual(['succeeded', 'succeeded', 'failed'])
    expect(rows[0]!.actorLabel).toBe('owner@example.com')
  })

  it('refuses a zero amount, a missing reason and unknown fields', async () => {
    const w = await billingWorld()
    const res = await w.owner.post(`/api/admin/billing/accounts/${w.userAccountId}/adjustments`, {
      amountMicros: 0,
      reason: '',
      idempotencyKey: 'k',
      extra: 1,
    })
    expect(res.status).toBe(400)
    expect(Object.keys(res.json.error.details.fields)).toEqual(
      expect.arrayContaining(['amountMicros', 'reason', 'idempotencyKey', 'extra']),
    )
  })

  it('20 concurrent adjustments with one key make one entry', async () => {
    const w = await billingWorld()
    const body = { amountMicros: 3_000_000, reason: 'Outage credit', idempotencyKey: 'outage-2026-06-01' }
    const results = await Promise.all(
      Array.from({ length: 20 }, () => w.owner.post(`/api/admin/billing/accounts/${w.userAccountId}/adjustments`, body)),
    )
    expect(results.filter((r) => r.status === 201)).toHaveLength(1)
    expect(results.filter((r) => r.status === 200)).toHaveLength(19)
    expect(new Set(results.map((r) => r.json.entry.id)).size).toBe(1)
    const adjustments = await w.h.db.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.kind, 'adjustment'))
    expect(adjustments).toEqual([{ n: 1 }])
    expect(await balanceOf(w.h, w.userAccountId)).toBe(28_000_000)
  })
})

describe('owner billing page and lists', () => {
  it('shows the owner their own account, with a notice when not current', async () => {
    const w = await billingWorld()
    const mine = OwnerBillingSchema.parse((await w.user.get('/api/billing/account')).json)
    expect(mine).toMatchObject({ account: { id: w.userAccountId, state: 'current' }, notice: null, amountDueMicros: 0 })
    await w.owner.post(`/api/admin/billing/accounts/${w.userAccountId}/adjustments`, {
      amountMicros: -30_000_000,
      reason: 'Usage backfill',
      idempotencyKey: 'backfill-1',
    })
    const overdue = OwnerBillingSchema.parse((await w.user.get('/api/billing/account')).json)
    expect(overdue.account.state).toBe('grace')
    expect(overdue.amountDueMicros).toBe(5_000_000)
    expect(overdue.notice?.action).toMatch(/Add funds/)
    expect(overdue.nextState).toBe('restricted')
    expect((await w.anon.get('/api/billing/account')).status).toBe(401)

    const queue = CollectionsPageSchema.parse((await w.admin.get('/api/admin/billing/collections')).json)
    expect(queue.items).toHaveLength(1)
    expect(queue.items[0]).toMatchObject({
      account: { id: w.userAccountId, state: 'grace' },
      amountDueMicros: 5_000_000,
      daysInState: 0,
    })

    await sendPayment(w.h, w.userAccountId, 5_000_000)
    const events = ProviderEventPageSchema.parse((await w.admin.get('/api/admin/billing/provider-events')).json)
    expect(events.items).toMatchObject([{ provider: 'stripe', status: 'booked', amountMicros: 5_000_000, deliveries: 1 }])
    expect(CollectionsPageSchema.parse((await w.admin.get('/api/admin/billing/collections')).json).items).toEqual([])
  })
})

describe('demo data', () => {
  it('the demo seed leaves a payment, a credit and one account in the collections queue', async () => {
    const h = await makeHarness()
    await seedDemo(h.deps)
    const login = await h.client.post('/api/auth/login', { email: 'admin@demo.exocorp.dev', password: 'demo-admin-pass' })
    expect(login.status).toBe(200)
    const queue = CollectionsPageSchema.parse((await h.client.get('/api/admin/billing/collections')).json)
    expect(queue.items).toHaveLength(1)
    expect(queue.items[0]).toMatchObject({
      account: { owner: { email: 'late@demo.exocorp.dev' }, state: 'grace' },
      daysInState: 3,
      amountDueMicros: 17_500_000,
    })
    const events = ProviderEventPageSchema.parse((await h.client.get('/api/admin/billing/provider-events')).json)
    expect(events.items).toMatchObject([{ status: 'booked', amountMicros: 10_000_000 }])
    const accounts = BillingAccountPageSchema.parse((await h.client.get('/api/admin/billing/accounts?q=owner%40demo')).json)
    expect(accounts.items[0]?.balanceMicros).toBe(40_000_000)
  })
})
