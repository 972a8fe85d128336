import { describe, expect, it } from 'vitest'
import { DraftResultSchema, RedeemResultSchema } from '@exocorp/shared/operator-clients'
import { auditEvents } from '../src/db/schema/audit'
import { operatorClients } from '../src/db/schema/operator-clients'
import { makeHarness, signUp, TestClient, type Harness } from './harness'
import { makeLifecycleHarness } from './lifecycle-fixtures'

function agent(h: Harness) {
  return new TestClient(h.app)
}

async function draft(h: Harness, name = 'Claude Code on laptop', scopes?: string[]) {
  const res = await agent(h).post('/api/operator-clients/drafts', { name, ...(scopes ? { scopes } : {}) })
  expect(res.status).toBe(201)
  return DraftResultSchema.parse(res.json)
}

function redeem(h: Harness, draftToken: string) {
  return agent(h).post('/api/operator-clients/redeem', { draftToken })
}

function bearer(token: string) {
  return { authorization: `Bearer ${token}` }
}

async function connected(h: Harness, human: TestClient) {
  const d = await draft(h)
  expect((await human.post(`/api/operator-clients/approvals/${d.userCode}/approve`)).status).toBe(200)
  const res = await redeem(h, d.draftToken)
  expect(res.status).toBe(200)
  const parsed = RedeemResultSchema.parse(res.json)
  if (parsed.status !== 'approved') throw new Error('not approved')
  return parsed
}

const auditRows = (h: Harness) => h.db.select().from(auditEvents).orderBy(auditEvents.seq)

describe('operator clients: two-token signup', () => {
  it('drafts, shows the request, approves, hands out the token once and lets the agent act as the user', async () => {
    const h = await makeHarness()
    const human = h.client
    const me = await signUp(human, 'ada@example.com')
    const d = await draft(h, 'Claude Code on ada-laptop')
    expect(d.approvalUrl).toBe(`/connect/${d.userCode}`)
    expect(d.userCode).toMatch(/^[A-Z]{4}-\d{4}$/)
    expect(d.draftToken).toMatch(/^exo_draft_/)
    expect(Date.parse(d.expiresAt) - h.clock.now().getTime()).toBe(10 * 60_000)

    // Pending until the human decides.
    const pending = await redeem(h, d.draftToken)
    expect(pending.status).toBe(202)
    expect(pending.json.status).toBe('pending')

    const view = await human.get(`/api/operator-clients/approvals/${d.userCode.toLowerCase()}`)
    expect(view.status).toBe(200)
    expect(view.json).toMatchObject({
      name: 'Claude Code on ada-laptop',
      status: 'pending',
      scopes: ['registry:read', 'registry:write'],
    })

    expect((await human.post(`/api/operator-clients/approvals/${d.userCode}/approve`)).status).toBe(200)
    const ok = await redeem(h, d.draftToken)
    expect(ok.status).toBe(200)
    expect(ok.json).toMatchObject({
      status: 'approved',
      tokenType: 'Bearer',
      user: { id: me.me.user.id, email: 'ada@example.com' },
    })
    const token: string = ok.json.token
    expect(token).toMatch(/^exo_oc_/)

    // The bearer works as that user.
    const asAgent = agent(h)
    const who = await asAgent.get('/api/auth/me', bearer(token))
    expect(who.status).toBe(200)
    expect(who.json).toMatchObject({ user: { email: 'ada@example.com' }, via: 'operator_client' })
    // It lists the human's exocorps, and creates one as the human.
    expect((await human.post('/api/registry/companies', { name: 'Acme', slug: 'acme-co' })).status).toBe(201)
    const created = await asAgent.post('/api/registry/companies', { name: 'Agent Co', slug: 'agent-co' }, bearer(token))
    expect(created.status).toBe(201)
    const fleet = await asAgent.get('/api/registry/my-companies', bearer(token))
    expect(fleet.status).toBe(200)
    expect(fleet.json.items.map((co: { slug: string }) => co.slug).sort()).toEqual(['acme-co', 'agent-co'])
    const humanView = await human.get('/api/registry/my-companies')
    expect(humanView.json.items).toHaveLength(2)

    // A second redeem fails clearly.
    const again = await redeem(h, d.draftToken)
    expect(again.status).toBe(410)
    expect(again.json.error.code).toBe('draft_already_redeemed')

    // The token is stored only as a hash.
    const stored = JSON.stringify(await h.db.select().from(operatorClients))
    expect(stored).not.toContain(token)

    // Listed on the human's page with last use.
    const list = await human.get('/api/operator-clients')
    expect(list.status).toBe(200)
    expect(list.json.items).toHaveLength(1)
    expect(list.json.items[0]).toMatchObject({ name: 'Claude Code on ada-laptop', status: 'active' })
    expect(list.json.items[0].lastUsedAt).not.toBeNull()
  })

  it('audits reads once per token per minute, every write and every refusal; the human and the agent read them back', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    const { token, client } = await connected(h, h.client)
    const asAgent = agent(h)
    // Five reads in the same minute: one summary row.
    for (let i = 0; i < 5; i++) expect((await asAgent.get('/api/auth/me', bearer(token))).status).toBe(200)
    const reads = async () => (await auditRows(h)).filter((r) => r.action === 'operator_client.read')
    expect(await reads()).toHaveLength(1)
    expect((await reads())[0]).toMatchObject({
      actorType: 'operator_client',
      actorId: client.id,
      targetType: 'operator_client',
      targetId: client.id,
    })
    expect(JSON.parse((await reads())[0]!.details)).toMatchObject({ method: 'GET', path: '/api/auth/me', status: 200 })
    // The next minute writes the next one.
    h.clock.advance(60_000)
    expect((await asAgent.get('/api/registry/my-companies', bearer(token))).status).toBe(200)
    expect(await reads()).toHaveLength(2)

    // Refusals are recorded whatever the method: an admin read, an unknown exocorp.
    expect((await asAgent.get('/api/admin/audit-events', bearer(token))).status).toBe(403)
    expect((await asAgent.get('/api/registry/companies/nope', bearer(token))).status).toBe(404)
    // A write, recorded one by one.
    expect((await asAgent.post('/api/registry/companies', { name: 'Agent Co', slug: 'agent-co' }, bearer(token))).status).toBe(
      201,
    )
    const calls = (await auditRows(h)).filter((r) => r.action === 'operator_client.request')
    expect(calls.map((r) => JSON.parse(r.details))).toEqual([
      { method: 'GET', path: '/api/admin/audit-events', status: 403 },
      { method: 'GET', path: '/api/registry/companies/nope', status: 404 },
      { method: 'POST', path: '/api/registry/companies', status: 201 },
    ])
    for (const row of calls) expect(row).toMatchObject({ actorType: 'operator_client', actorId: client.id })

    // Readable through the registry's audit endpoint, by the human and by the agent itself.
    for (const reader of [h.client, asAgent]) {
      const page = await reader.get(
        '/api/registry/audit-events?actorType=operator_client&limit=100',
        reader === asAgent ? bearer(token) : {},
      )
      expect(page.status).toBe(200)
      const actions = (page.json.items as { action: string; actor: { id: string } }[]).map((e) => e.action)
      expect(actions.filter((a) => a === 'operator_client.read').length).toBeGreaterThanOrEqual(2)
      expect(actions.filter((a) => a === 'operator_client.request')).toHaveLength(3)
      expect(actions).toContain('company.create')
      expect((page.json.items as { actor: { id: string } }[]).every((e) => e.actor.id === client.id)).toBe(true)
    }
    // Another user sees none of it.
    const other = new TestClient(h.app)
    await signUp(other, 'bob@example.com')
    const theirs = await other.get('/api/registry/audit-events?actorType=operator_client')
    expect(theirs.status).toBe(200)
    expect(theirs.json.items).toEqual([])
  })

  it('the redeem answer names the granted scopes and says the token does not expire', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    const d = await draft(h, 'Reader', ['registry:read'])
    expect((await h.client.post(`/api/operator-clients/approvals/${d.userCode}/approve`)).status).toBe(200)
    const ok = await redeem(h, d.draftToken)
    expect(ok.status).toBe(200)
    expect(ok.json).toMatchObject({ status: 'approved', scopes: ['registry:read'], expiresAt: null })
    expect(RedeemResultSchema.parse(ok.json)).toMatchObject({ scopes: ['registry:read'] })
    const full = await connected(h, h.client)
    expect(full).toMatchObject({ scopes: ['registry:read', 'registry:write'], expiresAt: null })
  })

  it('the human chooses the level on approval, and the BFF holds the token to it (destroy needs full)', async () => {
    const lh = await makeLifecycleHarness()
    const h: Harness = lh
    await signUp(h.client, 'ada@example.com')
    const company = (await h.client.post('/api/registry/companies', { name: 'Acme', slug: 'acme' })).json as { id: string }
    const tokenFor = async (access: 'read' | 'operate' | 'full' | undefined) => {
      const d = await draft(h, `Agent ${access}`)
      const approved = await h.client.post(`/api/operator-clients/approvals/${d.userCode}/approve`, access ? { access } : {})
      expect(approved.status).toBe(200)
      const res = RedeemResultSchema.parse((await redeem(h, d.draftToken)).json)
      if (res.status !== 'approved') throw new Error('not approved')
      return res
    }
    // Narrowed by the human: the agent asked for read and write, and got read.
    const reader = await tokenFor('read')
    expect(reader.scopes).toEqual(['registry:read'])
    expect((await agent(h).get(`/api/registry/companies/${company.id}`, bearer(reader.token))).status).toBe(200)
    const readerWrite = await agent(h).request(
      'PATCH',
      `/api/registry/companies/${company.id}`,
      { name: 'X' },
      bearer(reader.token),
    )
    expect(readerWrite.status).toBe(403)

    // What was asked (operate) when the human leaves it: everything but destroy.
    const operator = await tokenFor(undefined)
    expect(operator.scopes).toEqual(['registry:read', 'registry:write'])
    const rename = await agent(h).request(
      'PATCH',
      `/api/registry/companies/${company.id}`,
      { name: 'Acme 2' },
      bearer(operator.token),
    )
    expect(rename.status).toBe(200)
    for (const [path, body] of [
      [`/api/registry/companies/${company.id}/actions`, { action: 'destroy', confirm: 'acme' }],
      ['/api/registry/bulk-actions', { action: 'destroy', companyIds: [company.id] }],
    ] as const) {
      const refused = await agent(h).post(path, body, bearer(operator.token))
      expect(refused.status, path).toBe(403)
      expect(refused.json.error.details).toMatchObject({ reason: 'scope_missing', scope: 'registry:destroy' })
    }
    expect((await h.client.get(`/api/registry/companies/${company.id}`)).json.status).toBe('draft')

    // Full access may destroy.
    const full = await tokenFor('full')
    expect(full.scopes).toEqual(['registry:read', 'registry:write', 'registry:destroy'])
    const destroyed = await agent(h).post(
      `/api/registry/companies/${company.id}/actions`,
      { action: 'destroy', confirm: 'acme' },
      bearer(full.token),
    )
    expect(destroyed.status, destroyed.text).toBe(200)
    expect((await h.client.get(`/api/registry/companies/${company.id}`)).json.status).toBe('destroyed')

    // Not a level: refused, nothing decided.
    const d = await draft(h)
    const bad = await h.client.post(`/api/operator-clients/approvals/${d.userCode}/approve`, { access: 'admin' })
    expect(bad.status).toBe(400)
    expect((await h.client.get(`/api/operator-clients/approvals/${d.userCode}`)).json.status).toBe('pending')
    await lh.cleanup()
  })

  it('denied drafts answer 403 draft_denied, expired ones 410 draft_expired, unknown ones 404', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    const denied = await draft(h)
    expect((await h.client.post(`/api/operator-clients/approvals/${denied.userCode}/deny`)).status).toBe(200)
    const r1 = await redeem(h, denied.draftToken)
    expect(r1.status).toBe(403)
    expect(r1.json.error.code).toBe('draft_denied')
    // A decided request cannot be approved afterwards.
    const late = await h.client.post(`/api/operator-clients/approvals/${denied.userCode}/approve`)
    expect(late.status).toBe(409)

    const slow = await draft(h)
    h.clock.advance(10 * 60_000)
    const r2 = await redeem(h, slow.draftToken)
    expect(r2.status).toBe(410)
    expect(r2.json.error.code).toBe('draft_expired')
    const view = await h.client.get(`/api/operator-clients/approvals/${slow.userCode}`)
    expect(view.json.status).toBe('expired')
    expect((await h.client.post(`/api/operator-clients/approvals/${slow.userCode}/approve`)).status).toBe(409)

    // Approved but not redeemed in time: still expired.
    const approvedLate = await draft(h)
    await h.client.post(`/api/operator-clients/approvals/${approvedLate.userCode}/approve`)
    h.clock.advance(10 * 60_000 + 1)
    expect((await redeem(h, approvedLate.draftToken)).json.error.code).toBe('draft_expired')

    const unknown = await redeem(h, 'exo_draft_nope')
    expect(unknown.status).toBe(404)
    expect(unknown.json.error.code).toBe('draft_not_found')
  })

  it('a revoked token answers 401 on the very next call', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    const { token, client } = await connected(h, h.client)
    expect((await agent(h).get('/api/auth/me', bearer(token))).status).toBe(200)
    const revoke = await h.client.post(`/api/operator-clients/${client.id}/revoke`)
    expect(revoke.status).toBe(200)
    expect(revoke.json.status).toBe('revoked')
    const after = await agent(h).get('/api/auth/me', bearer(token))
    expect(after.status).toBe(401)
    expect(after.json.error.code).toBe('unauthenticated')
  })

  it('keeps agents out of admin, signup, approvals and client management, even for a platform owner', async () => {
    const h = await makeHarness()
    const owner = await signUp(h.client, 'owner@example.com')
    expect(owner.me.user.role).toBe('platform_owner')
    const { token, client } = await connected(h, h.client)
    const a = agent(h)
    expect((await a.get('/api/admin/audit-events', bearer(token))).status).toBe(403)
    expect((await a.get('/api/admin/billing/accounts', bearer(token))).status).toBe(403)
    expect((await a.get('/api/admin/audit-events/export.csv', bearer(token))).status).toBe(403)
    const signup = await a.post(
      '/api/auth/signup',
      { email: 'bot@example.com', name: 'Bot', password: 'a long password' },
      bearer(token),
    )
    expect(signup.status).toBe(403)
    const other = await draft(h)
    expect((await a.post(`/api/operator-clients/approvals/${other.userCode}/approve`, {}, bearer(token))).status).toBe(403)
    expect((await a.get('/api/operator-clients', bearer(token))).status).toBe(403)
    expect((await a.post(`/api/operator-clients/${client.id}/revoke`, {}, bearer(token))).status).toBe(403)
    // The other draft is still pending: nothing was approved.
    expect((await redeem(h, other.draftToken)).status).toBe(202)
  })

  it('a read-only client cannot mutate', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    const d = await draft(h, 'Reader', ['registry:read'])
    await h.client.post(`/api/operator-clients/approvals/${d.userCode}/approve`)
    const { json } = await redeem(h, d.draftToken)
    const res = await agent(h).post('/api/registry/companies', { name: 'Nope', slug: 'nope-co' }, bearer(json.token))
    expect(res.status).toBe(403)
  })

  it('keeps the pending user code and the draft token out of the audit trail', async () => {
    const h = await makeHarness()
    const d = await draft(h)
    const rows = JSON.stringify(await h.db.select().from(auditEvents))
    expect(rows).toContain('operator_client.draft_created')
    expect(rows).not.toContain(d.userCode)
    expect(rows).not.toContain(d.draftToken)
  })

  it('approving needs a signed-in human', async () => {
    const h = await makeHarness()
    const d = await draft(h)
    expect((await agent(h).get(`/api/operator-clients/approvals/${d.userCode}`)).status).toBe(401)
    expect((await agent(h).post(`/api/operator-clients/approvals/${d.userCode}/approve`)).status).toBe(401)
  })

  it('rate-limits drafts per address: ten an hour', async () => {
    const h = await makeHarness()
    for (let i = 0; i < 10; i++) await draft(h, `agent ${i}`)
    const blocked = await agent(h).post('/api/operator-clients/drafts', { name: 'one too many' })
    expect(blocked.status).toBe(429)
    h.clock.advance(60 * 60_000 + 1)
    await draft(h, 'next hour')
  })

  it('refuses a bad draft body by field', async () => {
    const h = await makeHarness()
    const res = await agent(h).post('/api/operator-clients/drafts', { name: '', scopes: ['admin'] })
    expect(res.status).toBe(400)
    expect(Object.keys(res.json.error.details.fields)).toEqual(expect.arrayContaining(['name']))
  })
})

describe('user-code guessing', () => {
  it('answers 429 after ten unknown codes in an hour, for that person only', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'ada@example.com')
    const d = await draft(h)
    for (let i = 0; i < 10; i++) {
      expect((await h.client.get(`/api/operator-clients/approvals/ZZZ${'ABCDEFGHJK'[i]}-2345`)).status).toBe(404)
    }
    expect((await h.client.get(`/api/operator-clients/approvals/${d.userCode}`)).status).toBe(429)
    expect((await h.client.post(`/api/operator-clients/approvals/${d.userCode}/approve`)).status).toBe(429)
    const other = new TestClient(h.app)
    await signUp(other, 'bob@example.com')
    expect((await other.get(`/api/operator-clients/approvals/${d.userCode}`)).status).toBe(200)
  })
})
