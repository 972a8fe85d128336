import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { DraftResultSchema, RedeemApprovedSchema } from '@exocorp/shared/operator-clients'
import type { ServerMessage } from '@exocorp/shared/events'
import { companies } from '../src/db/schema/companies'
import { insertCompany, newUser } from './catalog-helpers'
import { openStream, serveWithEvents } from './events-fixtures'
import { makeHarness, TestClient, type Harness } from './harness'

// Issue 20 item 8: the human chooses, at approval, which exocorps an agent's token reaches, and the
// BFF holds it to them on every registry route and list. On SQLite and PostgreSQL (project bff-pg).

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function requestConnection(h: Harness) {
  const res = await new TestClient(h.app).post('/api/operator-clients/drafts', { name: 'Claude Code on ada-laptop' })
  expect(res.status).toBe(201)
  return DraftResultSchema.parse(res.json)
}

async function redeem(h: Harness, draftToken: string) {
  const res = await new TestClient(h.app).post('/api/operator-clients/redeem', { draftToken })
  expect(res.status).toBe(200)
  return RedeemApprovedSchema.parse(res.json)
}

/** Ada owns three exocorps and is a member of none else; Bob owns one she cannot reach. */
async function fleet() {
  const h = await makeHarness()
  await newUser(h, 'root@example.com') // the first account is the platform owner: keep Ada a plain user
  const ada = await newUser(h, 'ada@example.com')
  const bob = await newUser(h, 'bob@example.com')
  const [alpha, beta, gamma] = [
    await insertCompany(h, ada.id, { slug: 'alpha-co' }),
    await insertCompany(h, ada.id, { slug: 'beta-co' }),
    await insertCompany(h, ada.id, { slug: 'gamma-co' }),
  ]
  const bobs = await insertCompany(h, bob.id, { slug: 'bobs-co' })
  return { h, ada, bob, alpha: alpha!, beta: beta!, gamma: gamma!, bobs }
}

/** An agent Ada approved for alpha and beta only, with `operate` access. */
async function limitedAgent() {
  const f = await fleet()
  const d = await requestConnection(f.h)
  const approved = await f.ada.client.post(`/api/operator-clients/approvals/${d.userCode}/approve`, {
    access: 'operate',
    companyIds: [f.alpha.id, f.beta.id],
  })
  expect(approved.status).toBe(200)
  expect(approved.json.companyIds).toEqual([f.alpha.id, f.beta.id])
  const granted = await redeem(f.h, d.draftToken)
  return { ...f, granted, agent: new TestClient(f.h.app), auth: bearer(granted.token) }
}

describe('choosing exocorps at approval', () => {
  it('refuses an exocorp the human cannot reach with a 400 naming it, and leaves the request pending', async () => {
    const { h, ada, alpha, bobs } = await fleet()
    const d = await requestConnection(h)
    const res = await ada.client.post(`/api/operator-clients/approvals/${d.userCode}/approve`, {
      companyIds: [alpha.id, bobs.id, 'no-such-id'],
    })
    expect(res.status).toBe(400)
    expect(res.json.error.details.fields.companyIds[0]).toBe(`Not one of your exocorps: ${bobs.id}, no-such-id`)
    expect((await ada.client.get(`/api/operator-clients/approvals/${d.userCode}`)).json).toMatchObject({
      status: 'pending',
      companyIds: null,
    })
    const empty = await ada.client.post(`/api/operator-clients/approvals/${d.userCode}/approve`, { companyIds: [] })
    expect(empty.status).toBe(400)
    expect(empty.json.error.details.fields.companyIds[0]).toBe('Choose at least one exocorp, or allow all of them')
  })

  it('hands the agent its exocorps with the token, and shows them by name in the human’s list', async () => {
    const { ada, granted, alpha, beta, h } = await limitedAgent()
    expect(granted.companyIds).toEqual([alpha.id, beta.id])
    // A second agent approved without a choice reaches everything.
    const d = await requestConnection(h)
    expect((await ada.client.post(`/api/operator-clients/approvals/${d.userCode}/approve`, {})).status).toBe(200)
    expect((await redeem(h, d.draftToken)).companyIds).toBeNull()

    const list = await ada.client.get('/api/operator-clients')
    expect(list.status).toBe(200)
    const byId = new Map(list.json.items.map((c: { id: string; companies: unknown }) => [c.id, c.companies]))
    expect(byId.get(granted.client.id)).toEqual(
      [
        { id: alpha.id, name: alpha.name },
        { id: beta.id, name: beta.name },
      ].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    )
    expect([...byId.values()].filter((v) => v === null)).toHaveLength(1)
  })
})

describe('an agent limited to chosen exocorps', () => {
  it('reads and operates the chosen ones, and gets the unknown-id 404 for the others, changing nothing', async () => {
    const { h, agent, auth, alpha, gamma, bobs } = await limitedAgent()
    expect((await agent.get(`/api/registry/companies/${alpha.id}`, auth)).status).toBe(200)
    const renamed = await agent.request('PATCH', `/api/registry/companies/${alpha.id}`, { name: 'Alpha renamed' }, auth)
    expect(renamed.status).toBe(200)
    expect(renamed.json.name).toBe('Alpha renamed')

    const unknown = await agent.get('/api/registry/companies/no-such-id', auth)
    expect(unknown.status).toBe(404)
    for (const id of [gamma.id, bobs.id]) {
      const read = await agent.get(`/api/registry/companies/${id}`, auth)
      expect(read.status).toBe(404)
      expect(read.json.error.code).toBe(unknown.json.error.code)
      expect(read.json.error.message).toBe(unknown.json.error.message)
      for (const [method, path, body] of [
        ['PATCH', `/api/registry/companies/${id}`, { name: 'Taken over' }],
        ['POST', `/api/registry/companies/${id}/actions`, { action: 'pause' }],
        ['GET', `/api/registry/companies/${id}/agents`, undefined],
        ['GET', `/api/registry/companies/${id}/bindings`, undefined],
        ['GET', `/api/registry/companies/${id}/jobs`, undefined],
        ['GET', `/api/registry/companies/${id}/draft`, undefined],
        ['GET', `/api/runtime/billing/usage?companyId=${id}`, undefined],
      ] as const) {
        const res = await agent.request(method, path, body, auth)
        expect(res.status, `${method} ${path}`).toBe(404)
      }
    }
    const [after] = await h.db
      .select({ name: companies.name, status: companies.status })
      .from(companies)
      .where(eq(companies.id, gamma.id))
    expect(after).toEqual({ name: gamma.name, status: gamma.status })
  })

  it('lists, counts and audits only the chosen exocorps', async () => {
    const { ada, agent, auth, alpha, beta, gamma } = await limitedAgent()
    // Ada's own activity on all three, so the audit trail has something about gamma.
    for (const c of [alpha, beta, gamma]) {
      expect((await ada.client.request('PATCH', `/api/registry/companies/${c.id}`, { name: `${c.name} (edited)` })).status).toBe(
        200,
      )
    }
    const mine = await agent.get('/api/registry/my-companies?sort=name&order=asc', auth)
    expect(mine.status).toBe(200)
    expect(mine.json.items.map((c: { id: string }) => c.id).sort()).toEqual([alpha.id, beta.id].sort())
    expect((await ada.client.get('/api/registry/my-companies')).json.items).toHaveLength(3)

    const summary = await agent.get('/api/dashboard/summary', auth)
    expect(summary.json.total).toBe(2)
    expect((await ada.client.get('/api/dashboard/summary')).json.total).toBe(3)

    const audit = await agent.get('/api/registry/audit-events?limit=100', auth)
    expect(audit.status).toBe(200)
    const targets = new Set(audit.json.items.map((e: { target: { id: string } }) => e.target.id))
    expect(targets.has(alpha.id)).toBe(true)
    expect(targets.has(gamma.id)).toBe(false)
    const adaSees = await ada.client.get('/api/registry/audit-events?limit=100')
    expect(adaSees.json.items.some((e: { target: { id: string } }) => e.target.id === gamma.id)).toBe(true)
  })

  it('acts in bulk on the chosen exocorps only: the others are "No such exocorp"', async () => {
    const { agent, auth, alpha, gamma } = await limitedAgent()
    const res = await agent.post(
      '/api/registry/bulk-actions',
      { action: 'pause', companyIds: [alpha.id, gamma.id], dryRun: true },
      auth,
    )
    expect(res.status).toBe(200)
    const byId = new Map(res.json.items.map((i: { companyId: string; reason: string | null }) => [i.companyId, i.reason]))
    expect(byId.get(gamma.id)).toBe('No such exocorp')
    expect(byId.get(alpha.id)).not.toBe('No such exocorp')
  })

  it('cannot create exocorps or reach account-wide endpoints: 403 exocorp_restricted', async () => {
    const { h, agent, auth } = await limitedAgent()
    const before = (await h.db.select({ id: companies.id }).from(companies)).length
    for (const [method, path, body] of [
      ['POST', '/api/registry/companies', { name: 'Agent Co', slug: 'agent-co' }],
      ['GET', '/api/registry/provider-secrets', undefined],
      ['GET', '/api/billing/account', undefined],
      ['GET', '/api/account/invitations', undefined],
      ['GET', '/api/account/notifications', undefined],
    ] as const) {
      const res = await agent.request(method, path, body, auth)
      expect(res.status, `${method} ${path}`).toBe(403)
      expect(res.json.error.details.reason).toBe('exocorp_restricted')
    }
    expect((await h.db.select({ id: companies.id }).from(companies)).length).toBe(before)
    // What it may still read.
    expect((await agent.get('/api/auth/me', auth)).status).toBe(200)
    expect((await agent.get('/api/registry/models', auth)).status).toBe(200)
  })

  it('hears on the event stream about the chosen exocorps only', async () => {
    const { h, ada, granted, alpha, gamma } = await limitedAgent()
    const srv = await serveWithEvents(h)
    const stream = await openStream(srv.port, { bearer: granted.token }, { origin: null })
    // gamma first, then alpha: events arrive in id order, so once alpha's is here gamma's would be too.
    expect((await ada.client.request('PATCH', `/api/registry/companies/${gamma.id}`, { name: 'Gamma again' })).status).toBe(200)
    expect((await ada.client.request('PATCH', `/api/registry/companies/${alpha.id}`, { name: 'Alpha again' })).status).toBe(200)
    await srv.hub.pump()
    await stream.waitFor((m: ServerMessage) => 'companyId' in m && m.companyId === alpha.id)
    expect(stream.events().some((m) => 'companyId' in m && m.companyId === gamma.id)).toBe(false)
    stream.close()
  })
})
