import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { AdminAgentWalletsSchema, AgentWalletSchema, SpendDecisionSchema } from '@exocorp/shared/agent-wallets'
import { agentSpendRequests, agentWallets } from '../src/db/schema/agent-wallets'
import { auditEvents } from '../src/db/schema/audit'
import { stepUp } from './billing-fixtures'
import { ORIGIN, type Harness } from './harness'
import { equip, spend, world } from './wallet-fixtures'

// Issue 16 items 4–5, decision 040: an owner sets an agent's monthly allowance; the runtime's spend
// requests are decided against it, once per idempotency key, never over it even when they race;
// platform owners read every wallet and freeze one after a fresh step-up. Both databases.

const sumApproved = async (h: Harness, walletId: string) =>
  (
    await h.db
      .select({ total: sql<number>`coalesce(sum(${agentSpendRequests.amountMicros}), 0)`.mapWith(Number) })
      .from(agentSpendRequests)
      .where(sql`${agentSpendRequests.walletId} = ${walletId} AND ${agentSpendRequests.status} = 'approved'`)
  )[0]!.total

describe('agent wallets (decision 040)', () => {
  it('decides spend requests against the allowance: approved, then over the request limit, the month, frozen, no wallet', async () => {
    const w = await world()
    const set = await w.user.request('PUT', '/api/billing/agent-wallets', {
      companyId: w.acme,
      agent: 'buyer',
      monthlyLimitMinor: 500,
      perRequestLimitMinor: 300,
    })
    expect(set.status, set.text).toBe(200)
    const wallet = AgentWalletSchema.parse(set.json)
    await equip(w)
    expect(wallet).toMatchObject({
      status: 'active',
      monthlyLimitMicros: 5_000_000,
      perRequestLimitMicros: 3_000_000,
      spentMicros: 0,
    })

    const first = await spend(w.h, w.token, { amountMinor: 200 })
    expect(first.status).toBe(201)
    expect(SpendDecisionSchema.parse(first.json)).toMatchObject({
      status: 'approved',
      declineReason: null,
      remainingMicros: 3_000_000,
    })
    expect((await spend(w.h, w.token, { amountMinor: 301 })).json).toMatchObject({
      status: 'declined',
      declineReason: 'over_request_limit',
    })
    expect((await spend(w.h, w.token, { amountMinor: 300 })).json).toMatchObject({ status: 'approved', remainingMicros: 0 })
    expect((await spend(w.h, w.token, { amountMinor: 1 })).json).toMatchObject({
      status: 'declined',
      declineReason: 'over_monthly_allowance',
    })
    expect((await spend(w.h, w.token, { agent: 'nobody' })).json).toMatchObject({
      status: 'declined',
      declineReason: 'no_wallet',
      walletId: null,
    })

    await w.user.request('PUT', '/api/billing/agent-wallets', {
      companyId: w.acme,
      agent: 'buyer',
      monthlyLimitMinor: 5000,
      status: 'frozen',
    })
    expect((await spend(w.h, w.token, { amountMinor: 1 })).json).toMatchObject({ status: 'declined', declineReason: 'frozen' })

    const listed = (await w.user.get(`/api/billing/agent-wallets?companyId=${w.acme}`)).json.items
    expect(listed).toMatchObject([{ agent: 'buyer', status: 'frozen', spentMicros: 5_000_000, remainingMicros: 45_000_000 }])
    expect(await sumApproved(w.h, wallet.id)).toBe(5_000_000)
    // Every decision is in the audit trail, with the runtime as the actor.
    const audited = (await w.h.db.select().from(auditEvents)).filter((e) => e.action === 'wallet.spend_request')
    expect(audited).toHaveLength(6)
    expect(audited.map((a) => JSON.parse(a.details).decision)).toEqual([
      'approved',
      'declined',
      'approved',
      'declined',
      'declined',
      'declined',
    ])
    expect(audited.every((a) => a.actorType === 'runtime')).toBe(true)
  })

  it('books a retried request once, refuses a reused key with another body, and never overspends under 20 concurrent requests', async () => {
    const w = await world()
    await w.user.request('PUT', '/api/billing/agent-wallets', { companyId: w.acme, agent: 'buyer', monthlyLimitMinor: 1000 })
    await equip(w)
    const [wallet] = await w.h.db.select().from(agentWallets).where(eq(agentWallets.companyId, w.acme))

    const replays = await Promise.all(
      Array.from({ length: 20 }, () => spend(w.h, w.token, { idempotencyKey: 'same', amountMinor: 150 })),
    )
    expect(replays.filter((r) => r.status === 201)).toHaveLength(1)
    expect(replays.filter((r) => r.status === 200)).toHaveLength(19)
    expect(new Set(replays.map((r) => r.json.id)).size).toBe(1)
    expect(await sumApproved(w.h, wallet!.id)).toBe(1_500_000)
    const reused = await spend(w.h, w.token, { idempotencyKey: 'same', amountMinor: 151 })
    expect(reused.status).toBe(409)
    expect(reused.json.error.code).toBe('conflict')

    // $8.50 left; 20 requests of $1 at once: exactly 8 approved, the rest declined, nothing over.
    const raced = await Promise.all(Array.from({ length: 20 }, (_, i) => spend(w.h, w.token, { idempotencyKey: `race-${i}` })))
    expect(raced.every((r) => r.status === 201)).toBe(true)
    expect(raced.filter((r) => r.json.status === 'approved')).toHaveLength(8)
    expect(raced.filter((r) => r.json.declineReason === 'over_monthly_allowance')).toHaveLength(12)
    expect(await sumApproved(w.h, wallet!.id)).toBe(9_500_000)
    const listed = (await w.user.get(`/api/billing/agent-wallets?companyId=${w.acme}`)).json.items[0]
    expect(listed).toMatchObject({ spentMicros: 9_500_000, remainingMicros: 500_000 })
  })

  it('role × route and bad input: owners only, runtimes only with their token, 400 writes nothing', async () => {
    const w = await world()
    const ok = { companyId: w.acme, agent: 'buyer', monthlyLimitMinor: 500 }
    expect((await w.anon.request('PUT', '/api/billing/agent-wallets', ok)).status).toBe(401)
    expect((await w.anon.get(`/api/billing/agent-wallets?companyId=${w.acme}`)).status).toBe(401)
    expect((await w.member.client.request('PUT', '/api/billing/agent-wallets', ok)).status).toBe(403)
    expect((await w.member.client.get(`/api/billing/agent-wallets?companyId=${w.acme}`)).status).toBe(403)
    expect((await w.admin.request('PUT', '/api/billing/agent-wallets', ok)).status).toBe(404)
    for (const bad of [
      {},
      { ...ok, monthlyLimitMinor: 0 },
      { ...ok, monthlyLimitMinor: 1.5 },
      { ...ok, perRequestLimitMinor: -1 },
      { ...ok, agent: '' },
      { ...ok, status: 'gone' },
      { ...ok, extra: true },
    ]) {
      expect((await w.user.request('PUT', '/api/billing/agent-wallets', bad)).status, JSON.stringify(bad)).toBe(400)
    }
    expect(await w.h.db.select().from(agentWallets)).toEqual([])
    const noToken = await w.h.app.request(`${ORIGIN}/api/runtime/spend-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(noToken.status).toBe(401)
    for (const bad of [{ amountMinor: 0 }, { amountMinor: 'ten' }, { merchant: '' }, { idempotencyKey: '' }, { extra: 1 }]) {
      expect((await spend(w.h, w.token, bad)).status, JSON.stringify(bad)).toBe(400)
    }
    expect(await w.h.db.select().from(agentSpendRequests)).toEqual([])
  })

  it('admins read every wallet and request; platform owners freeze one with a fresh step-up, audited', async () => {
    const w = await world()
    const wallet = (
      await w.user.request('PUT', '/api/billing/agent-wallets', { companyId: w.acme, agent: 'buyer', monthlyLimitMinor: 500 })
    ).json
    await equip(w)
    await spend(w.h, w.token, { amountMinor: 200 })
    // A second apart: the list is newest first.
    w.h.clock.advance(1000)
    await spend(w.h, w.token, { amountMinor: 900 })
    const asAdmin = await w.admin.get('/api/admin/agent-wallet')
    expect(asAdmin.status).toBe(200)
    const view = AdminAgentWalletsSchema.parse(asAdmin.json)
    expect(view.wallets).toMatchObject([{ id: wallet.id, companyName: 'acme', spentMicros: 2_000_000 }])
    expect(view.requests.map((r) => r.status)).toEqual(['declined', 'approved'])
    const declined = AdminAgentWalletsSchema.parse(
      (await w.admin.get(`/api/admin/agent-wallet?status=declined&companyId=${w.acme}`)).json,
    )
    expect(declined.requests).toHaveLength(1)
    expect((await w.user.get('/api/admin/agent-wallet')).status).toBe(403)
    expect((await w.admin.get('/api/admin/agent-wallet?status=maybe')).status).toBe(400)

    // An admin may read but not act; the platform owner acts after re-entering the password.
    const body = { status: 'frozen', reason: 'Disputed charge' }
    expect((await w.admin.post(`/api/admin/agent-wallet/${wallet.id}/status`, body)).status).toBe(403)
    expect((await w.owner.post(`/api/admin/agent-wallet/missing/status`, body)).status).toBe(404)
    expect((await w.owner.post(`/api/admin/agent-wallet/${wallet.id}/status`, { status: 'gone', reason: 'x' })).status).toBe(400)
    await stepUp(w.owner)
    const frozen = await w.owner.post(`/api/admin/agent-wallet/${wallet.id}/status`, body)
    expect(frozen.status, frozen.text).toBe(200)
    expect(frozen.json.status).toBe('frozen')
    expect((await spend(w.h, w.token, { amountMinor: 1 })).json.declineReason).toBe('frozen')
    const audit = (await w.h.db.select().from(auditEvents)).filter((e) => e.action === 'agent_wallet.status')
    expect(audit.map((a) => a.outcome)).toEqual(['failed', 'succeeded'])
    expect(audit[1]!.summary).toBe('Agent wallet of buyer set frozen: Disputed charge')
  })
})
