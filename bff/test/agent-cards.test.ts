import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import {
  AdminAgentWalletsSchema,
  AgentCardSchema,
  AgentWalletSchema,
  SpendDecisionSchema,
  SpendRequestPageSchema,
  SpendRequestSchema,
} from '@exocorp/shared/agent-wallets'
import { DraftResultSchema, RedeemApprovedSchema } from '@exocorp/shared/operator-clients'
import {
  agentCardAuthorizations,
  agentCards,
  agentCardTransactions,
  agentSpendRequests,
  agentWalletEntries,
} from '../src/db/schema/agent-wallets'
import { auditEvents } from '../src/db/schema/audit'
import { stepUp } from './billing-fixtures'
import { newUser } from './catalog-helpers'
import { ORIGIN, TestClient, type Harness } from './harness'
import { spend, world } from './wallet-fixtures'

// Issue 16 items 4–5, decision 048: virtual cards through the card issuer (the built-in test
// issuer), owner approval above a card's auto-approve limit, authorizations and transactions, the
// wallet's ledger (balance = Σ entries), admin paging, refunds and cancellations. Both databases.

type World = Awaited<ReturnType<typeof world>>

async function walletWithCard(w: World, card: Record<string, unknown> = {}, fundMinor = 5_000) {
  const set = await w.user.request('PUT', '/api/billing/agent-wallets', {
    companyId: w.acme,
    agent: 'buyer',
    monthlyLimitMinor: 100_000,
  })
  expect(set.status, set.text).toBe(200)
  const wallet = AgentWalletSchema.parse(set.json)
  const issued = await w.user.post(`/api/registry/companies/${w.acme}/agent-cards`, {
    agent: 'buyer',
    autoApproveMinor: 500,
    ...card,
  })
  expect(issued.status, issued.text).toBe(201)
  if (fundMinor) await fund(w, wallet.id, fundMinor, `initial-${wallet.id}`)
  return { wallet, card: AgentCardSchema.parse(issued.json) }
}

async function fund(w: World, walletId: string, amountMinor: number, idempotencyKey: string) {
  return w.user.post(`/api/registry/companies/${w.acme}/agent-wallets/${walletId}/funds`, { amountMinor, idempotencyKey })
}

const decide = (
  client: TestClient,
  w: World,
  id: string,
  decision: 'approve' | 'deny',
  note?: string,
  headers?: Record<string, string>,
) =>
  client.post(`/api/registry/companies/${w.acme}/spend-requests/${id}/decision`, { decision, ...(note ? { note } : {}) }, headers)

/** Σ of the wallet's entries, straight from the table. */
async function ledgerSum(h: Harness, walletId: string) {
  const [row] = await h.db
    .select({ total: sql<number>`coalesce(sum(${agentWalletEntries.amountMicros}), 0)`.mapWith(Number) })
    .from(agentWalletEntries)
    .where(eq(agentWalletEntries.walletId, walletId))
  return row!.total
}

async function walletView(w: World) {
  const items = (await w.user.get(`/api/billing/agent-wallets?companyId=${w.acme}`)).json.items
  return AgentWalletSchema.parse(items[0])
}

function mulberry32(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('agent cards and spend approvals (decision 048)', () => {
  it('auto-approves under the limit, waits above it, and the owner approves or denies with a note; each step audited', async () => {
    const w = await world()
    const { wallet, card } = await walletWithCard(w)
    expect(card).toMatchObject({
      issuer: 'test',
      status: 'active',
      autoApproveMicros: 5_000_000,
      last4: expect.stringMatching(/^\d{4}$/),
    })

    const auto = SpendDecisionSchema.parse((await spend(w.h, w.token, { amountMinor: 500 })).json)
    expect(auto).toMatchObject({
      status: 'approved',
      decidedBy: 'auto',
      cardId: card.id,
      authorization: { outcome: 'approved', declineReason: null, issuerAuthorizationId: `iauth_test_${auto.id}` },
      transaction: { status: 'captured', amountMicros: 5_000_000 },
    })

    const waiting = await spend(w.h, w.token, { amountMinor: 501, idempotencyKey: 'big-one' })
    expect(waiting.status).toBe(201)
    expect(waiting.json).toMatchObject({ status: 'pending_approval', decidedBy: null, authorization: null, transaction: null })
    // The runtime reads it again: still waiting.
    const read = async (id: string) => {
      const res = await w.h.app.request(`${ORIGIN}/api/runtime/spend-requests/${id}`, {
        headers: { authorization: `Bearer ${w.token}` },
      })
      return { json: () => res.json().then((j) => SpendDecisionSchema.parse(j)) }
    }
    expect((await (await read(waiting.json.id)).json()).status).toBe('pending_approval')
    expect(await walletView(w)).toMatchObject({ spentMicros: 5_000_000, pendingMicros: 5_010_000, balanceMicros: 45_000_000 })

    const pending = SpendRequestPageSchema.parse(
      (await w.user.get(`/api/registry/companies/${w.acme}/spend-requests?status=pending_approval`)).json,
    )
    expect(pending.items.map((r) => r.id)).toEqual([waiting.json.id])

    const approved = await decide(w.user, w, waiting.json.id, 'approve', 'Needed for the launch')
    expect(approved.status, approved.text).toBe(200)
    expect(SpendRequestSchema.parse(approved.json)).toMatchObject({
      status: 'approved',
      decidedBy: 'user@example.com',
      decisionNote: 'Needed for the launch',
      authorization: { outcome: 'approved' },
      transaction: { status: 'captured', amountMicros: 5_010_000 },
    })
    expect((await (await read(waiting.json.id)).json()).transaction?.status).toBe('captured')
    expect((await decide(w.user, w, waiting.json.id, 'deny')).status).toBe(409)

    const denied = await spend(w.h, w.token, { amountMinor: 900 })
    const deniedRes = await decide(w.user, w, denied.json.id, 'deny', 'Not this month')
    expect(deniedRes.json).toMatchObject({ status: 'denied', decisionNote: 'Not this month', authorization: null })

    const view = await walletView(w)
    expect(view).toMatchObject({ spentMicros: 10_010_000, pendingMicros: 0, balanceMicros: 50_000_000 - 10_010_000 })
    expect(view.balanceMicros).toBe(await ledgerSum(w.h, wallet.id))

    const actions = (await w.h.db.select().from(auditEvents)).map((e) => e.action)
    expect(actions.filter((a) => a === 'agent_card.issued')).toHaveLength(1)
    expect(actions.filter((a) => a === 'agent_wallet.funded')).toHaveLength(1)
    expect(actions.filter((a) => a === 'wallet.spend_request')).toHaveLength(3)
    expect(actions.filter((a) => a === 'wallet.spend_decision')).toHaveLength(3) // approve, the refused second decision, deny
    const decisions = (await w.h.db.select().from(auditEvents)).filter((e) => e.action === 'wallet.spend_decision')
    expect(decisions.map((d) => d.outcome)).toEqual(['succeeded', 'failed', 'succeeded'])
    expect(decisions[0]!.summary).toContain('authorization approved, captured')
  })

  it('the test issuer declines for a frozen card, a blocked category, over a limit and over the balance; a dispute merchant is disputed', async () => {
    const w = await world()
    const { wallet, card } = await walletWithCard(
      w,
      { autoApproveMinor: 10_000, perTransactionLimitMinor: 3_000, dailyLimitMinor: 4_000, blockedCategories: ['gambling'] },
      3_500,
    )
    const reason = async (body: Record<string, unknown>) => {
      const d = SpendDecisionSchema.parse((await spend(w.h, w.token, body)).json)
      return d.authorization?.declineReason ?? d.authorization?.outcome
    }
    expect(await reason({ category: 'gambling' })).toBe('blocked_category')
    expect(await reason({ amountMinor: 3_001 })).toBe('over_limit')
    expect(await reason({ amountMinor: 3_000 })).toBe('approved')
    expect(await reason({ amountMinor: 1_001 })).toBe('over_limit') // today: 30 + 10.01 > 40
    expect(await reason({ amountMinor: 600 })).toBe('insufficient_balance') // 5 left
    expect(await reason({ amountMinor: 100, merchant: 'Test Dispute Merchant' })).toBe('approved')
    const disputed = (await w.h.db.select().from(agentCardTransactions)).filter((t) => t.status === 'disputed')
    expect(disputed).toHaveLength(1)

    const frozen = await w.user.request('PATCH', `/api/registry/companies/${w.acme}/agent-cards/${card.id}`, {
      status: 'frozen',
      blockedCategories: [],
      allowedCategories: ['compute'],
    })
    expect(frozen.status, frozen.text).toBe(200)
    expect(frozen.json).toMatchObject({ status: 'frozen', allowedCategories: ['compute'] })
    expect(await reason({ amountMinor: 100 })).toBe('frozen')
    await w.user.request('PATCH', `/api/registry/companies/${w.acme}/agent-cards/${card.id}`, { status: 'active' })
    expect(await reason({ amountMinor: 100, category: 'travel' })).toBe('blocked_category')
    // A declined authorization declines the request with the issuer's reason and books nothing.
    const requests = await w.h.db.select().from(agentSpendRequests)
    expect(
      requests
        .filter((r) => r.status === 'declined')
        .map((r) => r.declineReason)
        .sort(),
    ).toEqual(['blocked_category', 'blocked_category', 'frozen', 'insufficient_balance', 'over_limit', 'over_limit'].sort())
    expect(await ledgerSum(w.h, wallet.id)).toBe(35_000_000 - 30_000_000 - 1_000_000)
    expect((await walletView(w)).balanceMicros).toBe(4_000_000)

    // Cancel: the wallet has no live card and the next request is declined `no_card`; a new card can be issued.
    const canceled = await w.user.post(`/api/registry/companies/${w.acme}/agent-cards/${card.id}/cancel`, {})
    expect(canceled.json).toMatchObject({ status: 'canceled', canceledAt: expect.any(String) })
    expect((await w.user.post(`/api/registry/companies/${w.acme}/agent-cards/${card.id}/cancel`, {})).status).toBe(409)
    expect((await spend(w.h, w.token, {})).json.declineReason).toBe('no_card')
    expect((await walletView(w)).card).toBeNull()
    expect(
      (await w.user.post(`/api/registry/companies/${w.acme}/agent-cards`, { agent: 'buyer', autoApproveMinor: 0 })).status,
    ).toBe(201)
    expect(
      (await w.user.post(`/api/registry/companies/${w.acme}/agent-cards`, { agent: 'buyer', autoApproveMinor: 0 })).status,
    ).toBe(409)
  })

  it('20 concurrent approvals of one request approve it once: one authorization, one capture', async () => {
    const w = await world()
    const { wallet } = await walletWithCard(w, { autoApproveMinor: 0 })
    const req = (await spend(w.h, w.token, { amountMinor: 700 })).json
    expect(req.status).toBe('pending_approval')
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => decide(w.user, w, req.id, 'approve', `click ${i}`)))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409 && r.json.error.code === 'conflict')).toHaveLength(19)
    expect(await w.h.db.select().from(agentCardAuthorizations)).toHaveLength(1)
    expect(await w.h.db.select().from(agentCardTransactions)).toHaveLength(1)
    expect((await w.h.db.select().from(agentWalletEntries)).filter((e) => e.kind === 'capture')).toHaveLength(1)
    expect(await ledgerSum(w.h, wallet.id)).toBe(50_000_000 - 7_000_000)
    const audited = (await w.h.db.select().from(auditEvents)).filter((e) => e.action === 'wallet.spend_decision')
    expect(audited.map((a) => a.outcome).sort()).toEqual(['succeeded', ...Array(19).fill('failed')].sort())
  })

  for (const seed of [3, 11, 29]) {
    it(`random requests, approvals, denials, fundings, refunds and replays keep balance = Σ entries (seed ${seed})`, async () => {
      const w = await world()
      const { wallet } = await walletWithCard(w, { autoApproveMinor: 300, dailyLimitMinor: 1_000_000 }, 2_000)
      const rnd = mulberry32(seed)
      let expected = 20_000_000
      const pending: string[] = []
      const captured: { id: string; amount: number }[] = []
      const sent: { key: string; amount: number }[] = []
      const fundings: { key: string; amount: number }[] = []
      for (let step = 0; step < 30; step++) {
        const r = rnd()
        const amount = 1 + Math.floor(rnd() * 800)
        if (r < 0.35) {
          const replay = sent.length > 0 && rnd() < 0.25
          const item = replay ? sent[Math.floor(rnd() * sent.length)]! : { key: `s${seed}-${step}`, amount }
          const res = await spend(w.h, w.token, { amountMinor: item.amount, idempotencyKey: item.key })
          expect(res.status).toBe(replay ? 200 : 201)
          if (!replay) {
            sent.push(item)
            const d = SpendDecisionSchema.parse(res.json)
            if (d.status === 'pending_approval') pending.push(d.id)
            if (d.transaction) {
              expected -= d.transaction.amountMicros
              captured.push({ id: d.transaction.id, amount: d.transaction.amountMicros })
            }
          }
        } else if (r < 0.6 && pending.length) {
          const id = pending.splice(Math.floor(rnd() * pending.length), 1)[0]!
          const res = await decide(w.user, w, id, rnd() < 0.7 ? 'approve' : 'deny')
          expect(res.status).toBe(200)
          const d = SpendRequestSchema.parse(res.json)
          if (d.transaction) {
            expected -= d.transaction.amountMicros
            captured.push({ id: d.transaction.id, amount: d.transaction.amountMicros })
          }
        } else if (r < 0.75) {
          const replay = fundings.length > 0 && rnd() < 0.3
          const item = replay ? fundings[Math.floor(rnd() * fundings.length)]! : { key: `f${seed}-${step}`, amount }
          const res = await fund(w, wallet.id, item.amount, item.key)
          expect(res.status).toBe(replay ? 200 : 201)
          if (!replay) {
            fundings.push(item)
            expected += item.amount * 10_000
          }
        } else if (captured.length) {
          const t = captured[Math.floor(rnd() * captured.length)]!
          await stepUp(w.owner)
          const res = await w.owner.post(`/api/admin/agent-wallet/transactions/${t.id}/refund`, { reason: 'Test refund' })
          const already = (await w.h.db.select().from(agentCardTransactions).where(eq(agentCardTransactions.id, t.id)))[0]!
          expect(already.status).toBe('refunded')
          if (res.status === 200) expected += t.amount
          else expect(res.status).toBe(409)
        }
        const view = await walletView(w)
        expect(view.balanceMicros).toBe(expected)
        expect(await ledgerSum(w.h, wallet.id)).toBe(expected)
        expect(view.balanceMicros).toBeGreaterThanOrEqual(0)
      }
      // Every capture has its entry, every refund its own, never twice.
      const entries = await w.h.db.select().from(agentWalletEntries)
      const txs = await w.h.db.select().from(agentCardTransactions)
      expect(entries.filter((e) => e.kind === 'capture')).toHaveLength(txs.length)
      expect(entries.filter((e) => e.kind === 'refund')).toHaveLength(txs.filter((t) => t.status === 'refunded').length)
    })
  }

  it('admins page through requests with filters; platform owners refund and cancel only after a fresh step-up, audited', async () => {
    const w = await world()
    const { card } = await walletWithCard(w, { autoApproveMinor: 10_000 })
    for (let i = 0; i < 5; i++) {
      w.h.clock.advance(1000)
      await spend(w.h, w.token, { amountMinor: 100 + i })
    }
    w.h.clock.advance(1000)
    await spend(w.h, w.token, { amountMinor: 100, category: 'Gambling', merchant: 'Test Dispute Merchant' })
    const pages: string[][] = []
    let cursor: string | null = null
    do {
      const res = await w.admin.get(`/api/admin/agent-wallet?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status, res.text).toBe(200)
      const view = AdminAgentWalletsSchema.parse(res.json)
      pages.push(view.requests.map((r) => r.id))
      cursor = view.nextCursor
      expect(view.cards).toMatchObject([{ id: card.id, companyName: 'acme', status: 'active' }])
    } while (cursor)
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2])
    expect(new Set(pages.flat()).size).toBe(6)
    const disputed = AdminAgentWalletsSchema.parse((await w.admin.get('/api/admin/agent-wallet?transaction=disputed')).json)
    expect(disputed.requests).toHaveLength(1)
    const txId = disputed.requests[0]!.transaction!.id
    expect(
      AdminAgentWalletsSchema.parse((await w.admin.get('/api/admin/agent-wallet?authorization=declined')).json).requests,
    ).toEqual([])
    expect(
      AdminAgentWalletsSchema.parse((await w.admin.get(`/api/admin/agent-wallet?status=approved&companyId=${w.acme}`)).json)
        .requests,
    ).toHaveLength(6)
    for (const bad of ['status=maybe', 'transaction=lost', 'authorization=x', 'cursor=!!', 'limit=abc', 'extra=1']) {
      expect((await w.admin.get(`/api/admin/agent-wallet?${bad}`)).status, bad).toBe(400)
    }

    // Refund: an admin may not; the platform owner needs a fresh step-up; bad input 400; twice 409.
    const refund = { reason: 'Merchant confirmed the dispute' }
    expect((await w.admin.post(`/api/admin/agent-wallet/transactions/${txId}/refund`, refund)).status).toBe(403)
    w.h.clock.advance(11 * 60_000)
    const stale = await w.owner.post(`/api/admin/agent-wallet/transactions/${txId}/refund`, refund)
    expect(stale.status).toBe(403)
    expect(stale.json.error.code).toBe('reauth_required')
    await stepUp(w.owner)
    expect((await w.owner.post(`/api/admin/agent-wallet/transactions/${txId}/refund`, {})).status).toBe(400)
    expect((await w.owner.post(`/api/admin/agent-wallet/transactions/missing/refund`, refund)).status).toBe(404)
    const done = await w.owner.post(`/api/admin/agent-wallet/transactions/${txId}/refund`, refund)
    expect(done.status, done.text).toBe(200)
    expect(done.json).toMatchObject({ status: 'refunded' })
    expect((await w.owner.post(`/api/admin/agent-wallet/transactions/${txId}/refund`, refund)).status).toBe(409)
    expect((await w.h.db.select().from(agentWalletEntries)).filter((e) => e.kind === 'refund')).toHaveLength(1)

    expect((await w.admin.post(`/api/admin/agent-wallet/cards/${card.id}/cancel`, { reason: 'Fraud' })).status).toBe(403)
    expect((await w.owner.post(`/api/admin/agent-wallet/cards/${card.id}/cancel`, { reason: '' })).status).toBe(400)
    const canceled = await w.owner.post(`/api/admin/agent-wallet/cards/${card.id}/cancel`, { reason: 'Fraud' })
    expect(canceled.status, canceled.text).toBe(200)
    expect((await w.h.db.select().from(agentCards))[0]!.status).toBe('canceled')
    const audit = (await w.h.db.select().from(auditEvents)).filter((e) => e.action.startsWith('agent_card.'))
    expect(audit.map((a) => `${a.action} ${a.outcome}`)).toEqual([
      'agent_card.issued succeeded',
      'agent_card.transaction_refunded failed', // 404
      'agent_card.transaction_refunded succeeded',
      'agent_card.transaction_refunded failed', // 409
      'agent_card.canceled succeeded',
    ])
    expect(audit[2]!.summary).toContain('Merchant confirmed the dispute')
  })

  it('role × route: owners and their writing operator clients decide; members, strangers, read-only agents and bad input are refused, nothing written', async () => {
    const w = await world()
    const { wallet, card } = await walletWithCard(w, { autoApproveMinor: 0 }, 0)
    const req = (await spend(w.h, w.token, { amountMinor: 100 })).json
    const stranger = await newUser(w.h, 'stranger@example.com')
    const base = `/api/registry/companies/${w.acme}`
    const writes: [string, string, unknown][] = [
      ['POST', `${base}/spend-requests/${req.id}/decision`, { decision: 'approve' }],
      ['POST', `${base}/agent-cards`, { agent: 'buyer', autoApproveMinor: 0 }],
      ['PATCH', `${base}/agent-cards/${card.id}`, { status: 'frozen' }],
      ['POST', `${base}/agent-cards/${card.id}/cancel`, {}],
      ['POST', `${base}/agent-wallets/${wallet.id}/funds`, { amountMinor: 1, idempotencyKey: 'x' }],
    ]
    const before = {
      entries: (await w.h.db.select().from(agentWalletEntries)).length,
      cards: await w.h.db.select().from(agentCards),
    }
    for (const [method, path, body] of writes) {
      expect((await w.anon.request(method, path, body)).status, `anon ${path}`).toBe(401)
      expect((await w.member.client.request(method, path, body)).status, `member ${path}`).toBe(403)
      expect((await stranger.client.request(method, path, body)).status, `stranger ${path}`).toBe(404)
      expect((await w.admin.request(method, path, body)).status, `admin ${path}`).toBe(404)
    }
    expect((await w.anon.get(`${base}/spend-requests`)).status).toBe(401)
    expect((await w.member.client.get(`${base}/spend-requests`)).status).toBe(403)
    expect((await stranger.client.get(`${base}/spend-requests`)).status).toBe(404)
    const bad: [string, string, unknown][] = [
      ['POST', `${base}/spend-requests/${req.id}/decision`, { decision: 'maybe' }],
      ['POST', `${base}/spend-requests/${req.id}/decision`, { decision: 'approve', note: 'x'.repeat(501) }],
      ['POST', `${base}/spend-requests/${req.id}/decision`, { decision: 'approve', extra: 1 }],
      ['POST', `${base}/agent-cards`, { agent: 'buyer', autoApproveMinor: -1 }],
      ['POST', `${base}/agent-cards`, { agent: 'buyer', autoApproveMinor: 1, blockedCategories: ['Not Valid'] }],
      ['POST', `${base}/agent-cards`, { agent: 'buyer', autoApproveMinor: 1, dailyLimitMinor: 0.5 }],
      ['PATCH', `${base}/agent-cards/${card.id}`, { status: 'canceled' }],
      ['PATCH', `${base}/agent-cards/${card.id}`, { perTransactionLimitMinor: 'ten' }],
      ['POST', `${base}/agent-cards/${card.id}/cancel`, { now: true }],
      ['POST', `${base}/agent-wallets/${wallet.id}/funds`, { amountMinor: 0, idempotencyKey: 'x' }],
      ['POST', `${base}/agent-wallets/${wallet.id}/funds`, { amountMinor: 5 }],
    ]
    for (const [method, path, body] of bad) {
      const res = await w.user.request(method, path, body)
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400)
      expect(res.json.error.code).toBe('validation_failed')
    }
    expect((await w.user.get(`${base}/spend-requests?status=lost`)).status).toBe(400)
    expect((await w.user.get(`${base}/spend-requests?cursor=nope`)).status).toBe(400)
    expect((await w.h.db.select().from(agentWalletEntries)).length).toBe(before.entries)
    expect(await w.h.db.select().from(agentCards)).toEqual(before.cards)
    expect((await w.h.db.select().from(agentSpendRequests))[0]!.status).toBe('pending_approval')
    // A runtime reads only its own exocorp's requests.
    const other = await w.h.app.request(`${ORIGIN}/api/runtime/spend-requests/missing`, {
      headers: { authorization: `Bearer ${w.token}` },
    })
    expect(other.status).toBe(404)

    // Operator clients: read-only is refused the decision (403); `operate` approves, named as the agent for its human.
    const agentFor = async (access: 'read' | 'operate') => {
      const d = DraftResultSchema.parse(
        (await new TestClient(w.h.app).post('/api/operator-clients/drafts', { name: `bot-${access}` })).json,
      )
      expect((await w.user.post(`/api/operator-clients/approvals/${d.userCode}/approve`, { access })).status).toBe(200)
      const granted = RedeemApprovedSchema.parse(
        (await new TestClient(w.h.app).post('/api/operator-clients/redeem', { draftToken: d.draftToken })).json,
      )
      return { authorization: `Bearer ${granted.token}` }
    }
    const reader = await agentFor('read')
    const agentClient = new TestClient(w.h.app)
    expect((await agentClient.get(`${base}/spend-requests`, reader)).status).toBe(200)
    expect((await decide(agentClient, w, req.id, 'approve', undefined, reader)).status).toBe(403)
    expect(
      (
        await agentClient.post(
          `${base}/agent-wallets/${wallet.id}/funds`,
          { amountMinor: 1, idempotencyKey: 'y' },
          await agentFor('operate'),
        )
      ).status,
    ).toBe(403)
    const approved = await decide(agentClient, w, req.id, 'approve', 'ok', await agentFor('operate'))
    expect(approved.status, approved.text).toBe(200)
    expect(approved.json.decidedBy).toBe('bot-operate (for user@example.com)')
    // No money on the wallet: the issuer declines it.
    expect(approved.json).toMatchObject({
      status: 'declined',
      authorization: { outcome: 'declined', declineReason: 'insufficient_balance' },
    })
  })
})
