import { and, eq, ne } from 'drizzle-orm'
import { adminNotifications } from '../src/db/schema/admin-notifications'
import { afterEach, describe, expect, it } from 'vitest'
import { agentCards, agentCardTransactions, agentWallets } from '../src/db/schema/agent-wallets'
import { auditEvents } from '../src/db/schema/audit'
import { fundAgentWallet, issueAgentCard, requestSpend, setAgentWallet } from '../src/services/agent-wallets'
import { billingAccounts, ledgerEntries } from '../src/db/schema/billing'
import { priceBooks, providerSecrets } from '../src/db/schema/catalog'
import { broadcasts, skillDocuments } from '../src/db/schema/operations'
import { createBroadcast } from '../src/services/operations/broadcasts'
import { saveSkillDocument } from '../src/services/operations/skill-documents'
import { companies } from '../src/db/schema/companies'
import { connectorEvents } from '../src/db/schema/connector-events'
import { deploymentTargets } from '../src/db/schema/deployments'
import { probeDeploymentTarget } from '../src/services/deployments/operations'
import { createDeploymentTarget, setTargetState } from '../src/services/deployments/targets'
import { sessions, users } from '../src/db/schema/accounts'
import { flagChanges, signalGroups, triageNotes } from '../src/db/schema/signals'
import { sitePages, sitePageVersions } from '../src/db/schema/site'
import { setUserRole } from '../src/services/accounts/users'
import { setFlag } from '../src/services/rollout/flags'
import { recordProbe } from '../src/services/signals/record'
import { createSitePage, publishSitePage } from '../src/services/site/pages'
import { createCompany, makeLifecycleHarness, provisionAndWait, type LifecycleHarness } from './lifecycle-fixtures'
import { ORIGIN, signUp, TestClient } from './harness'

const PASSWORD = 'correct horse battery'

let h: LifecycleHarness
afterEach(async () => h?.cleanup())

/** Every mutating route under /api/admin, read from the app itself, so a route added later is covered. */
function adminMutationRoutes(app: LifecycleHarness['app']) {
  const seen = new Set<string>()
  for (const r of app.routes) {
    if (r.method === 'ALL' || r.method === 'GET' || r.method === 'HEAD') continue
    if (!r.path.startsWith('/api/admin/')) continue
    seen.add(`${r.method} ${r.path}`)
  }
  return [...seen].sort()
}

interface World {
  companyId: string
  /** Another of the tenant's exocorps, for the bulk route to act on. */
  spareCompanyId: string
  slug: string
  accountId: string
  userId: string
  /** A payment the tenant made through the test checkout, for the refund route. */
  paymentEntryId: string
}

/** A fresh session of the tenant, for the session-cancel route to end. */
async function tenantSession(w: World): Promise<string> {
  const t = new TestClient(h.app)
  expect((await t.post('/api/auth/login', { email: 'tenant@example.com', password: PASSWORD })).status).toBe(200)
  const rows = await h.db.select().from(sessions).where(eq(sessions.userId, w.userId))
  return rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))[0]!.id
}
const sessionCount = async (w: World) => (await h.db.select().from(sessions).where(eq(sessions.userId, w.userId))).length
const userRow = async (w: World) => (await h.db.select().from(users).where(eq(users.id, w.userId)))[0]!

/**
 * A valid request per admin mutation, against another tenant's data. A new admin route fails the
 * test until it is given one here, and with it a check that it needs the step-up.
 */
type Req = { path: string; body?: unknown; state: () => Promise<unknown> }
const REQUESTS: Record<string, (w: World, i: number) => Req | Promise<Req>> = {
  'DELETE /api/admin/users/:userId/sessions/:sessionId': async (w) => ({
    path: `/api/admin/users/${w.userId}/sessions/${await tenantSession(w)}`,
    state: () => sessionCount(w),
  }),
  'POST /api/admin/users/:userId/disable': (w) => ({
    path: `/api/admin/users/${w.userId}/disable`,
    state: async () => (await userRow(w)).disabledAt,
  }),
  'POST /api/admin/users/:userId/enable': (w) => ({
    path: `/api/admin/users/${w.userId}/enable`,
    state: async () => (await userRow(w)).disabledAt,
  }),
  'POST /api/admin/users/:userId/role': (w) => ({
    path: `/api/admin/users/${w.userId}/role`,
    body: { role: 'admin' },
    state: async () => (await userRow(w)).role,
  }),
  'POST /api/admin/agent-wallet/transactions/:id/refund': async (w, i) => {
    // A captured transaction of the tenant's agent: a card that approves on its own, money on the wallet.
    const agent = `refund-${i}`
    const wallet = await setAgentWallet(h.deps, w.userId, { companyId: w.companyId, agent, monthlyLimitMinor: 5000 })
    await issueAgentCard(h.deps, w.companyId, { agent, autoApproveMinor: 5000 })
    await fundAgentWallet(h.deps, w.companyId, wallet.id, { amountMinor: 1000, idempotencyKey: `fund-${i}` })
    const { decision } = await requestSpend(h.deps, w.companyId, {
      agent,
      amountMinor: 300,
      merchant: 'Cloud GPUs Ltd',
      category: 'compute',
      reason: 'Fine-tuning',
      idempotencyKey: `spend-${i}`,
    })
    const id = decision.transaction!.id
    return {
      path: `/api/admin/agent-wallet/transactions/${id}/refund`,
      body: { reason: 'Disputed charge' },
      state: async () => (await h.db.select().from(agentCardTransactions).where(eq(agentCardTransactions.id, id)))[0]?.status,
    }
  },
  'POST /api/admin/agent-wallet/cards/:id/cancel': async (w, i) => {
    const agent = `cancel-${i}`
    await setAgentWallet(h.deps, w.userId, { companyId: w.companyId, agent, monthlyLimitMinor: 5000 })
    const card = await issueAgentCard(h.deps, w.companyId, { agent, autoApproveMinor: 0 })
    return {
      path: `/api/admin/agent-wallet/cards/${card.id}/cancel`,
      body: { reason: 'Lost card' },
      state: async () => (await h.db.select().from(agentCards).where(eq(agentCards.id, card.id)))[0]?.status,
    }
  },
  'POST /api/admin/agent-wallet/:id/status': async (w) => {
    // The tenant's agent wallet, active again before each attempt.
    const wallet = await setAgentWallet(h.deps, w.userId, {
      companyId: w.companyId,
      agent: 'buyer',
      monthlyLimitMinor: 500,
      status: 'active',
    })
    return {
      path: `/api/admin/agent-wallet/${wallet.id}/status`,
      body: { status: 'frozen', reason: 'Disputed charge' },
      state: async () => (await h.db.select().from(agentWallets).where(eq(agentWallets.id, wallet.id)))[0]?.status,
    }
  },
  'POST /api/admin/billing/accounts/:id/refunds': (w, i) => ({
    path: `/api/admin/billing/accounts/${w.accountId}/refunds`,
    body: { paymentEntryId: w.paymentEntryId, amountMicros: 1_000_000, reason: 'Charged twice', idempotencyKey: `step-up-${i}` },
    state: async () => (await h.db.select().from(ledgerEntries).where(eq(ledgerEntries.kind, 'refund'))).length,
  }),
  'POST /api/admin/billing/accounts/:id/adjustments': (w, i) => ({
    path: `/api/admin/billing/accounts/${w.accountId}/adjustments`,
    body: { amountMicros: 1_000_000, reason: 'Goodwill', idempotencyKey: `step-up-${i}` },
    state: async () => (await h.db.select().from(ledgerEntries).where(eq(ledgerEntries.kind, 'adjustment'))).length,
  }),
  'PUT /api/admin/billing/accounts/:id/policy': (w) => ({
    path: `/api/admin/billing/accounts/${w.accountId}/policy`,
    body: { graceDays: 9, restrictAfterDays: 10, suspendAfterDays: 20 },
    state: () => policyOf(w.accountId),
  }),
  'POST /api/admin/billing/accounts/:id/policy': (w) => ({
    path: `/api/admin/billing/accounts/${w.accountId}/policy`,
    body: { graceDays: 8, restrictAfterDays: 10, suspendAfterDays: 20 },
    state: () => policyOf(w.accountId),
  }),
  'DELETE /api/admin/billing/accounts/:id/policy': (w) => ({
    path: `/api/admin/billing/accounts/${w.accountId}/policy`,
    state: () => policyOf(w.accountId),
  }),
  'POST /api/admin/billing/evaluate': () => ({
    path: '/api/admin/billing/evaluate',
    body: {},
    state: async () => (await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'billing.evaluated'))).length,
  }),
  'POST /api/admin/bulk-actions': (w) => ({
    path: '/api/admin/bulk-actions',
    body: { action: 'destroy', companyIds: [w.spareCompanyId], confirm: '1' },
    state: async () => (await h.db.select().from(companies).where(eq(companies.id, w.spareCompanyId)))[0]?.status,
  }),
  'POST /api/admin/price-books': (_w, i) => ({
    path: '/api/admin/price-books',
    body: { models: { 'gpt-4o': { inputMicrosPerMTok: 2_000_000 + i, outputMicrosPerMTok: 8_000_000 } } },
    state: async () => (await h.db.select().from(priceBooks)).length,
  }),
  'PATCH /api/admin/feedback/:id': async (_w, i) => {
    const id = await probeGroup(i)
    return { path: `/api/admin/feedback/${id}`, body: { state: 'triaged' }, state: () => groupState(id) }
  },
  'POST /api/admin/feedback/:id/notes': async (_w, i) => {
    const id = await probeGroup(i)
    return {
      path: `/api/admin/feedback/${id}/notes`,
      body: { body: 'Known scanner' },
      state: async () => (await h.db.select().from(triageNotes).where(eq(triageNotes.groupId, id))).length,
    }
  },
  'POST /api/admin/feedback/bulk': async (_w, i) => {
    const id = await probeGroup(i)
    return { path: '/api/admin/feedback/bulk', body: { ids: [id], state: 'archived' }, state: () => groupState(id) }
  },
  'PATCH /api/admin/notifications/:id': async (w) => {
    const id = await unreachableNotice(w)
    return { path: `/api/admin/notifications/${id}`, body: { state: 'acknowledged' }, state: () => noticeState(id) }
  },
  'POST /api/admin/notifications/bulk': async (w) => {
    const id = await unreachableNotice(w)
    return { path: '/api/admin/notifications/bulk', body: { ids: [id], state: 'resolved' }, state: () => noticeState(id) }
  },
  'POST /api/admin/runtime/flags': (_w, i) => ({
    path: '/api/admin/runtime/flags',
    body: { key: 'ai.loop.max_steps', scope: 'global', value: 10 + i, reason: 'Step-up check' },
    state: async () => (await h.db.select().from(flagChanges)).length,
  }),
  'POST /api/admin/runtime/flags/history/:changeId/revert': async (_w, i) => {
    const change = await setFlag(
      h.deps,
      { id: 'seed', email: 'seed@example.com' },
      {
        key: 'ai.loop.context_pruning',
        scope: 'channel',
        scopeId: 'canary',
        value: i % 2 === 0,
        reason: 'Seeded for the revert',
      },
    )
    return {
      path: `/api/admin/runtime/flags/history/${change.id}/revert`,
      body: {},
      state: async () => (await h.db.select().from(flagChanges)).length,
    }
  },
  'POST /api/admin/site/pages': (_w, i) => ({
    path: '/api/admin/site/pages',
    body: { slug: `step-up-${i}`, title: 'Step-up', body: 'x' },
    state: async () => (await h.db.select().from(sitePages)).length,
  }),
  'PATCH /api/admin/site/pages/:id': async (_w, i) => {
    const id = await sitePage(i)
    return { path: `/api/admin/site/pages/${id}`, body: { title: 'Changed' }, state: () => pageRow(id) }
  },
  'POST /api/admin/site/pages/:id/publish': async (_w, i) => {
    const id = await sitePage(i)
    return { path: `/api/admin/site/pages/${id}/publish`, body: {}, state: () => pageRow(id) }
  },
  'POST /api/admin/site/pages/:id/archive': async (_w, i) => {
    const id = await sitePage(i)
    return { path: `/api/admin/site/pages/${id}/archive`, body: {}, state: () => pageRow(id) }
  },
  'POST /api/admin/site/pages/:id/revert': async (_w, i) => {
    const id = await sitePage(i, true)
    return {
      path: `/api/admin/site/pages/${id}/revert`,
      body: { version: 1 },
      state: async () => (await h.db.select().from(sitePageVersions).where(eq(sitePageVersions.pageId, id))).length,
    }
  },
  'POST /api/admin/credentials/:id/revoke': async (_w, i) => {
    const secret = await tenantSecret(i)
    return {
      path: `/api/admin/credentials/${secret}/revoke`,
      body: { reason: 'Leaked in a public repository' },
      state: async () => (await h.db.select().from(providerSecrets).where(eq(providerSecrets.id, secret))).length,
    }
  },
  'POST /api/admin/broadcasts': (_w, i) => ({
    path: '/api/admin/broadcasts',
    body: {
      title: `Maintenance ${i}`,
      body: 'Short pause.',
      segment: 'all',
      endsAt: new Date(h.clock.now().getTime() + 3600_000).toISOString(),
    },
    state: async () => (await h.db.select().from(broadcasts)).length,
  }),
  'POST /api/admin/broadcasts/:id/cancel': async (_w, i) => {
    const b = await createBroadcast(
      h.deps,
      { id: 'seed' },
      {
        title: `Seeded ${i}`,
        body: 'To cancel',
        segment: 'admins',
        severity: 'info',
        endsAt: new Date(h.clock.now().getTime() + 3600_000).toISOString(),
      },
    )
    return {
      path: `/api/admin/broadcasts/${b.id}/cancel`,
      body: {},
      state: async () => (await h.db.select().from(broadcasts).where(eq(broadcasts.id, b.id)))[0]?.cancelledAt,
    }
  },
  'POST /api/admin/newsletter/export': () => ({
    path: '/api/admin/newsletter/export',
    body: {},
    state: async () => (await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'newsletter.exported'))).length,
  }),
  'PUT /api/admin/skills/:slug': (_w, i) => ({
    path: `/api/admin/skills/step-up-${i}`,
    body: { title: 'Step-up check', body: '# A skill' },
    state: async () => (await h.db.select().from(skillDocuments)).length,
  }),
  'DELETE /api/admin/skills/:slug': async (_w, i) => {
    await saveSkillDocument(h.deps, { id: 'seed' }, `to-delete-${i}`, { title: 'To delete', body: '# Bye' })
    return {
      path: `/api/admin/skills/to-delete-${i}`,
      state: async () =>
        (
          await h.db
            .select()
            .from(skillDocuments)
            .where(eq(skillDocuments.slug, `to-delete-${i}`))
        )[0]?.deletedAt,
    }
  },
  'POST /api/admin/connector-events/replay': () => ({
    // The tenant's checkout payment arrived as a signed delivery: replaying it books nothing, adds an attempt.
    path: '/api/admin/connector-events/replay',
    body: { filter: { source: 'payment', verification: 'verified' }, limit: 1, reason: 'Step-up check' },
    state: async () => (await h.db.select().from(connectorEvents)).reduce((n, e) => n + e.attempts, 0),
  }),
  'POST /api/admin/deployments': (_w, i) => ({
    path: '/api/admin/deployments',
    body: {
      name: `step-up-${i}`,
      config: { driver: 'local', dataSubdir: `step-up-${i}` },
      routingMode: 'subdomain',
      isolationMode: 'shared',
      capacity: 3,
    },
    state: async () => (await h.db.select().from(deploymentTargets)).length,
  }),
  'PATCH /api/admin/deployments/:id': async (_w, i) => {
    const id = await deploymentTarget(i)
    return { path: `/api/admin/deployments/${id}`, body: { capacity: 7 }, state: () => targetRow(id) }
  },
  'POST /api/admin/deployments/:id/drain': async (_w, i) => {
    const id = await deploymentTarget(i)
    return { path: `/api/admin/deployments/${id}/drain`, body: {}, state: () => targetRow(id) }
  },
  'POST /api/admin/deployments/:id/activate': async (_w, i) => {
    const id = await deploymentTarget(i, 'draining')
    return { path: `/api/admin/deployments/${id}/activate`, body: {}, state: () => targetRow(id) }
  },
  'POST /api/admin/deployments/:id/probe': async (_w, i) => {
    const id = await deploymentTarget(i)
    return { path: `/api/admin/deployments/${id}/probe`, body: {}, state: () => targetRow(id) }
  },
  'DELETE /api/admin/deployments/:id': async (_w, i) => {
    const id = await deploymentTarget(i)
    return { path: `/api/admin/deployments/${id}`, state: () => targetRow(id) }
  },
  'POST /api/admin/deployments/moves': async (w, i) => {
    // A running exocorp of the tenant (on the default target), moved to a target of its own.
    const t = new TestClient(h.app)
    expect((await t.post('/api/auth/login', { email: 'tenant@example.com', password: PASSWORD })).status).toBe(200)
    // One credential per provider (with two, provisioning would not know which to bind).
    const keys = (await t.get('/api/registry/provider-secrets')).json.items as { provider: string }[]
    for (const provider of ['openai', 'anthropic'].filter((p) => !keys.some((k) => k.provider === p))) {
      const res = await t.post('/api/registry/provider-secrets', {
        provider,
        label: 'Move',
        value: `sk-${provider}-${'m'.repeat(24)}`,
      })
      expect(res.status, res.text).toBe(201)
    }
    const c = await createCompany(t, `move-${i}`)
    expect((await provisionAndWait(t, c.id)).status).toBe('running')
    // A healthy target of its own to move to.
    const target = await deploymentTarget(i)
    await probeDeploymentTarget(h.deps, target)
    return {
      path: '/api/admin/deployments/moves',
      body: { companyId: c.id, targetId: target, confirm: `move-${i}` },
      state: async () => (await h.db.select().from(companies).where(eq(companies.id, c.id)))[0]?.deploymentTargetId,
    }
  },
  'POST /api/admin/companies/:id/actions': (w) => ({
    path: `/api/admin/companies/${w.companyId}/actions`,
    body: { action: 'destroy', confirm: w.slug },
    state: async () => (await h.db.select().from(companies).where(eq(companies.id, w.companyId)))[0]?.status,
  }),
}

/** A deployment target of its own per request (decision 054). */
async function deploymentTarget(i: number, state: 'active' | 'draining' = 'active'): Promise<string> {
  const t = await createDeploymentTarget(h.deps, {
    name: `seeded-${i}`,
    config: { driver: 'local', dataSubdir: `seeded-${i}`, minFreeDiskMb: 1 },
    routingMode: 'path',
    isolationMode: 'shared',
    capacity: 2,
    defaultHosts: [],
  })
  if (state === 'draining') await setTargetState(h.deps, t.id, 'draining')
  return t.id
}
const targetRow = async (id: string) => (await h.db.select().from(deploymentTargets).where(eq(deploymentTargets.id, id)))[0]
/** A site page of its own per request (published once when asked). */
async function sitePage(i: number, published = false): Promise<string> {
  const page = await createSitePage(h.deps, { slug: `seeded-${i}-${published ? 'p' : 'd'}`, title: 'Seeded', body: 'x' })
  if (published) await publishSitePage(h.deps, 'seed@example.com', page.id)
  return page.id
}
const pageRow = async (id: string) => (await h.db.select().from(sitePages).where(eq(sitePages.id, id)))[0]

/** A credential of the tenant's own per request, for the revoke route to take away. */
async function tenantSecret(i: number): Promise<string> {
  const t = new TestClient(h.app)
  expect((await t.post('/api/auth/login', { email: 'tenant@example.com', password: PASSWORD })).status).toBe(200)
  const res = await t.post('/api/registry/provider-secrets', {
    provider: 'mistral',
    label: `Step-up ${i}`,
    value: `sk-mistral-${'x'.repeat(24)}${i}`,
  })
  expect(res.status, res.text).toBe(201)
  return res.json.id as string
}

/** A probe group of its own per request (recorded as the product records them). */
async function probeGroup(i: number): Promise<string> {
  await recordProbe(h.deps, {
    matches: [{ probeClass: 'sql', rule: 'sql-tautology' }],
    source: { key: `ip:192.0.2.${i}`, label: `anonymous (192.0.2.${i})` },
    endpoint: 'POST /api/auth/login',
    sample: "' OR '1'='1",
    location: 'refused:body',
    stored: false,
  })
  const [g] = await h.db
    .select()
    .from(signalGroups)
    .where(eq(signalGroups.sourceKey, `ip:192.0.2.${i}`))
  return g!.id
}
/** The tenant's exocorp turns unreachable (as the health monitor writes it): an open notice, new or repeated. */
async function unreachableNotice(w: World): Promise<string> {
  for (const health of ['unknown', 'unreachable'] as const) {
    await h.db.write(async (tx) => {
      await tx.update(companies).set({ health }).where(eq(companies.id, w.spareCompanyId))
    })
  }
  const [n] = await h.db
    .select()
    .from(adminNotifications)
    .where(and(eq(adminNotifications.dedupKey, `unreachable:${w.spareCompanyId}`), ne(adminNotifications.state, 'resolved')))
  return String(n!.id)
}
const noticeState = async (id: string) =>
  (
    await h.db
      .select()
      .from(adminNotifications)
      .where(eq(adminNotifications.id, Number(id)))
  )[0]?.state
const groupState = async (id: string) => (await h.db.select().from(signalGroups).where(eq(signalGroups.id, id)))[0]?.state

async function policyOf(accountId: string) {
  return (await h.db.select().from(billingAccounts).where(eq(billingAccounts.id, accountId)))[0]!.graceDays
}

describe('step-up on every admin mutation (red-team finding 15)', () => {
  it('every admin mutation on another tenant answers 403 reauth_required without a fresh password, and works with one', async () => {
    h = await makeLifecycleHarness()
    const owner = h.client
    await signUp(owner, 'owner@example.com', PASSWORD)
    const tenant = new TestClient(h.app)
    const tenantMe = await signUp(tenant, 'tenant@example.com', PASSWORD)
    const company = await createCompany(tenant, 'tenant-co')
    const [account] = await h.db.select().from(billingAccounts).where(eq(billingAccounts.ownerUserId, tenantMe.me.user.id))
    const accountId = account!.id
    const spare = await createCompany(tenant, 'tenant-spare')
    // The tenant pays $40 with the test provider's card form, as a browser would.
    const checkout = await tenant.post('/api/billing/checkout', { amountMinor: 4000 })
    expect(checkout.status, checkout.text).toBe(201)
    const paid = await h.app.request(`${ORIGIN}${checkout.json.checkoutUrl}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ number: '4242424242424242', expiry: '12/40', cvc: '123', name: 'Tenant' }).toString(),
    })
    expect(paid.status).toBeLessThan(400)
    const receipt = (await tenant.get('/api/billing/receipts')).json.items[0]
    const world: World = {
      paymentEntryId: receipt.paymentEntryId,
      companyId: company.id,
      spareCompanyId: spare.id,
      slug: company.slug,
      accountId,
      userId: tenantMe.me.user.id,
    }

    const routes = adminMutationRoutes(h.app)
    expect(routes.length).toBeGreaterThanOrEqual(6)
    expect(routes.filter((r) => !REQUESTS[r])).toEqual([])

    // Signed in, but the password was never re-entered: every mutation is refused, nothing changes.
    for (const [i, route] of routes.entries()) {
      const method = route.split(' ')[0]!
      const req = await REQUESTS[route]!(world, i)
      if (route.startsWith('DELETE /api/admin/billing')) {
        // Give the reset something to remove, through the route itself (with a step-up), then let it lapse.
        expect((await owner.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
        expect((await owner.request('PUT', req.path, { graceDays: 5, restrictAfterDays: 6, suspendAfterDays: 9 })).status).toBe(
          200,
        )
        h.clock.advance(10 * 60_000 + 1)
      }
      const before = await req.state()
      const res = await owner.request(method, req.path, req.body)
      expect({ route, status: res.status, code: res.json?.error?.code }).toEqual({
        route,
        status: 403,
        code: 'reauth_required',
      })
      expect(res.json.error.details.reauthenticateAt).toBe('/api/auth/reauthenticate')
      expect(await req.state(), `${route} changed something without a step-up`).toEqual(before)
    }
    const refusals = (await h.db.select().from(auditEvents).where(eq(auditEvents.outcome, 'failed'))).filter((r) =>
      r.details.includes('reauth_required'),
    )
    expect(refusals.length).toBeGreaterThanOrEqual(routes.length)

    // The password re-entered: each goes through (and a bearer token, with no password, never would).
    expect((await owner.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
    for (const [i, route] of routes.entries()) {
      const method = route.split(' ')[0]!
      const req = await REQUESTS[route]!(world, 100 + i)
      if (route.startsWith('DELETE /api/admin/billing')) {
        expect((await owner.request('PUT', req.path, { graceDays: 5, restrictAfterDays: 6, suspendAfterDays: 9 })).status).toBe(
          200,
        )
      }
      const before = await req.state()
      const res = await owner.request(method, req.path, req.body)
      expect({ route, ok: res.status >= 200 && res.status < 300 }, res.text).toEqual({ route, ok: true })
      expect(await req.state(), `${route} did nothing with a step-up`).not.toEqual(before)
    }

    // Ten minutes later the window has closed again.
    h.clock.advance(10 * 60_000 + 1)
    const late = await owner.post(`/api/admin/billing/accounts/${accountId}/adjustments`, {
      amountMicros: 1,
      reason: 'Late',
      idempotencyKey: 'late-1',
    })
    expect(late.status).toBe(403)
    expect(late.json.error.code).toBe('reauth_required')
    // Long on a loaded machine: two real moves of running exocorps are among the routes.
  }, 120_000)

  it('an admin without the owner role still gets 403 forbidden, not a password prompt', async () => {
    h = await makeLifecycleHarness()
    await signUp(h.client, 'owner@example.com', PASSWORD)
    const admin = new TestClient(h.app)
    const me = await signUp(admin, 'admin@example.com', PASSWORD)
    await setUserRole(h.deps, me.me.user.id, 'admin')
    const res = await admin.post('/api/admin/billing/evaluate', {})
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('forbidden')
  })
})
