import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditEvents } from '../src/db/schema/audit'
import { signalGroups, signals, triageNotes } from '../src/db/schema/signals'
import { setUserRole } from '../src/services/accounts/users'
import { makeHarness, signUp, TestClient, type Harness } from './harness'

const PASSWORD = 'correct horse battery'

/** A platform owner (first account) with a fresh step-up, an admin and a plain user. */
async function world(env: Record<string, string> = {}) {
  const h = await makeHarness(env)
  const owner = h.client
  const ownerMe = await signUp(owner, 'owner@example.com', PASSWORD)
  const admin = new TestClient(h.app)
  const adminMe = await signUp(admin, 'admin@example.com', PASSWORD)
  await setUserRole(h.deps, adminMe.me.user.id, 'admin')
  const user = new TestClient(h.app)
  const userMe = await signUp(user, 'user@example.com', PASSWORD)
  return { h, owner, ownerId: ownerMe.me.user.id, admin, adminId: adminMe.me.user.id, user, userId: userMe.me.user.id }
}

async function stepUp(client: TestClient) {
  expect((await client.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
}

const groups = (h: Harness) => h.db.select().from(signalGroups)

describe('feedback capture', () => {
  it('stores a message with its context, classifies it and groups near-identical ones', async () => {
    const { h, user, owner } = await world()
    const sent = await user.post('/api/feedback', {
      message: 'The save button is broken on the agents page',
      context: { page: '/companies/x/agents', companySlug: 'x', userAgent: 'Chromium 130', viewport: '1280x800' },
    })
    expect(sent.status).toBe(201)
    const again = await user.post('/api/feedback', { message: 'the SAVE button is broken on the agents page!!' })
    expect(again.json.groupId).toBe(sent.json.groupId)
    const idea = await user.post('/api/feedback', { message: 'Dark mode for billing would be lovely' })
    expect(idea.json.groupId).not.toBe(sent.json.groupId)

    await stepUp(owner)
    const list = await owner.get('/api/admin/feedback?kind=feedback')
    expect(list.status).toBe(200)
    const bug = list.json.items.find((g: { id: string }) => g.id === sent.json.groupId)
    expect(bug).toMatchObject({ category: 'short_actionable', severity: 'medium', count: 2, state: 'open', kind: 'feedback' })
    expect(list.json.items.find((g: { id: string }) => g.id === idea.json.groupId)).toMatchObject({
      category: 'product_signal',
      severity: 'low',
    })
    const detail = await owner.get(`/api/admin/feedback/${sent.json.groupId}`)
    expect(detail.json.members).toHaveLength(2)
    expect(detail.json.members.find((m: { page: string | null }) => m.page)).toMatchObject({
      page: '/companies/x/agents',
      companySlug: 'x',
      userAgent: 'Chromium 130 · 1280x800',
      sourceLabel: 'user@example.com',
    })
    expect((await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'feedback.sent'))).length).toBe(3)
  })

  it('is rate limited per person (429 with Retry-After), and refuses bad input with 400, writing nothing', async () => {
    const { h, user, admin } = await world()
    for (let i = 0; i < 5; i++)
      expect((await user.post('/api/feedback', { message: `idea number ${'abcde'[i]} please` })).status).toBe(201)
    const sixth = await user.post('/api/feedback', { message: 'one more idea' })
    expect(sixth.status).toBe(429)
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another person is not limited by the first one's messages.
    expect((await admin.post('/api/feedback', { message: 'another person, another idea' })).status).toBe(201)
    h.clock.advance(10 * 60_000 + 1)
    expect((await user.post('/api/feedback', { message: 'after the window' })).status).toBe(201)

    const feedbackRows = async () => (await h.db.select().from(signals).where(eq(signals.kind, 'feedback'))).length
    const before = await feedbackRows()
    for (const bad of [
      {},
      { message: '' },
      { message: 'x'.repeat(4001) },
      { message: 'ok ok', extra: 1 },
      { message: 12 },
      { message: 'ok ok', context: { page: 5 } },
    ]) {
      const res = await admin.post('/api/feedback', bad)
      expect(res.status, JSON.stringify(bad).slice(0, 50)).toBe(400)
      expect(res.json.error.code).toBe('validation_failed')
    }
    // No feedback stored (the 4,001-character message is recorded as a fuzz probe, which is right).
    expect(await feedbackRows()).toBe(before)
    expect((await new TestClient(h.app).post('/api/feedback', { message: 'anonymous' })).status).toBe(401)
  })
})

describe('security probes captured by the product', () => {
  it('records probes in refused requests and stored fields, never on a successful GET, and never blocks', async () => {
    const { h, user, owner } = await world()
    // A successful read with probe-looking text is not inspected at all (the polled hot path).
    expect((await user.get(`/api/registry/my-companies?q=${encodeURIComponent("' OR '1'='1")}`)).status).toBe(200)
    expect(await groups(h)).toHaveLength(0)

    // Refused: anonymous, with a script payload in the query; a SQL payload in a refused login body.
    const anon = new TestClient(h.app)
    expect((await anon.get('/api/registry/my-companies?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E')).status).toBe(401)
    expect((await anon.post('/api/auth/login', { email: "admin'--", password: "' OR 1=1--" })).status).toBe(400)
    // Refused with 404: a traversal in the path.
    expect((await user.get('/api/registry/companies/..%2f..%2f..%2fetc%2fpasswd')).status).toBe(404)
    // Malformed JSON: fuzz.
    expect((await user.request('POST', '/api/feedback', '{"message": "unterminated')).status).toBe(400)
    // Stored (accepted!) free text: a template payload as an exocorp name. The write goes through.
    const created = await user.post('/api/registry/companies', { name: '{{7*7}} corp', slug: 'seven-corp' })
    expect(created.status).toBe(201)

    const rows = await groups(h)
    const byClass = Object.fromEntries(rows.map((g) => [g.probeClass, g]))
    expect(Object.keys(byClass).sort()).toEqual(['fuzz', 'path', 'script', 'sql', 'template'])
    expect(byClass.script).toMatchObject({
      endpoint: 'GET /api/registry/my-companies',
      severity: 'medium',
      category: 'security_probe',
    })
    expect(byClass.sql!.sourceKey).toMatch(/^ip:/)
    expect(byClass.template).toMatchObject({ severity: 'critical', endpoint: 'POST /api/registry/companies' })
    expect(byClass.path!.sourceLabel).toContain('user@example.com')
    const members = await h.db.select().from(signals)
    expect(members.find((m) => m.location === 'stored:name')?.text).toBe('{{7*7}} corp')
    // Samples are redacted: the login password field is sampled only as part of the body, capped.
    for (const m of members) expect(m.text.length).toBeLessThanOrEqual(240)

    await stepUp(owner)
    const security = await owner.get('/api/admin/feedback/security')
    expect(security.status).toBe(200)
    const counts = Object.fromEntries(
      security.json.classes.map((c: { probeClass: string; groups: number }) => [c.probeClass, c.groups]),
    )
    expect(counts).toEqual({ script: 1, command: 0, sql: 1, template: 1, path: 1, fuzz: 1 })
  })

  it('groups a burst: 500 probes from one source in 10 s are one group; two sources are two', async () => {
    const { h, owner } = await world({ EXOCORP_TRUST_PROXY: '1' })
    const probe = (ip: string, i: number) =>
      new TestClient(h.app).request(
        'POST',
        '/api/auth/login',
        { email: `x${i}@example.com' OR '1'='1`, password: 'p' },
        { 'x-forwarded-for': ip },
      )
    for (let i = 0; i < 500; i++) {
      expect((await probe('203.0.113.7', i)).status).toBe(400)
      h.clock.advance(20)
    }
    let rows = await groups(h)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ probeClass: 'sql', count: 500, storedMembers: 100, sourceKey: 'ip:203.0.113.7' })
    expect(Date.parse(rows[0]!.lastSeenAt) - Date.parse(rows[0]!.firstSeenAt)).toBeLessThanOrEqual(10_000)

    for (let i = 0; i < 20; i++) expect((await probe('198.51.100.9', i)).status).toBe(400)
    rows = await groups(h)
    expect(rows).toHaveLength(2)
    expect(rows.map((r) => Number(r.count)).sort((a, b) => a - b)).toEqual([20, 500])

    await stepUp(owner)
    const detail = await owner.get(`/api/admin/feedback/${rows.find((r) => Number(r.count) === 500)!.id}`)
    expect(detail.json.group.count).toBe(500)
    expect(detail.json.members).toHaveLength(100)

    // After the window, the same source starts a new group.
    h.clock.advance(11 * 60_000)
    expect((await probe('203.0.113.7', 999)).status).toBe(400)
    expect(await groups(h)).toHaveLength(3)
  })
})

describe('triage workflow', () => {
  it('moves groups open → triaged → in_progress → done → archived, assigns, notes, bulk, pages; audited', async () => {
    const { h, owner, adminId, userId, user } = await world({ EXOCORP_TRUST_PROXY: '1' })
    for (let i = 0; i < 7; i++) {
      const ip = `192.0.2.${i + 1}`
      const payload = i % 2 ? '| whoami' : '<svg onload=alert(1)>'
      await new TestClient(h.app).request('GET', `/api/registry/my-companies?q=${encodeURIComponent(payload)}`, undefined, {
        'x-forwarded-for': ip,
      })
    }
    await user.post('/api/feedback', { message: 'Could we have a CSV export of usage?' })
    await stepUp(owner)

    // Highest severity first: the command probes (high) before the script ones (medium) and feedback (low).
    const first = await owner.get('/api/admin/feedback?limit=3')
    expect(first.status).toBe(200)
    expect(first.json.items.map((g: { severity: string }) => g.severity)).toEqual(['high', 'high', 'high'])
    const pages = [first.json.items]
    let cursor = first.json.nextCursor
    while (cursor) {
      const next = await owner.get(`/api/admin/feedback?limit=3&cursor=${cursor}`)
      pages.push(next.json.items)
      cursor = next.json.nextCursor
    }
    const all = pages.flat()
    expect(all).toHaveLength(8)
    expect(new Set(all.map((g: { id: string }) => g.id)).size).toBe(8)
    expect(all.at(-1).kind).toBe('feedback')
    expect((await owner.get('/api/admin/feedback?probeClass=command')).json.items).toHaveLength(3)
    expect((await owner.get('/api/admin/feedback?category=product_signal')).json.items).toHaveLength(1)

    const id = all[0].id
    const patch = (body: unknown) => owner.request('PATCH', `/api/admin/feedback/${id}`, body)
    expect((await patch({ state: 'triaged', assigneeId: adminId })).json).toMatchObject({
      state: 'triaged',
      assignee: { id: adminId, email: 'admin@example.com' },
    })
    const badAssignee = await patch({ assigneeId: userId })
    expect(badAssignee.status).toBe(400)
    expect((await patch({ state: 'in_progress' })).status).toBe(200)
    const jump = await patch({ state: 'archived' })
    expect(jump.status).toBe(409)
    expect(jump.json.error.details.reason).toBe('invalid_transition')
    expect((await patch({ state: 'done' })).status).toBe(200)
    expect((await patch({ state: 'archived' })).status).toBe(200)
    expect((await owner.get(`/api/admin/feedback?assigneeId=${adminId}`)).json.items).toHaveLength(0)
    expect((await owner.get('/api/admin/feedback?state=archived')).json.items.map((g: { id: string }) => g.id)).toEqual([id])

    const note = await owner.post(`/api/admin/feedback/${id}/notes`, { body: 'Scanner from a known range; ignore.' })
    expect(note.status).toBe(201)
    expect((await owner.get(`/api/admin/feedback/${id}`)).json.notes.map((n: { body: string }) => n.body)).toEqual([
      'Scanner from a known range; ignore.',
    ])

    const rest = all.slice(1, 4).map((g: { id: string }) => g.id)
    const bulk = await owner.post('/api/admin/feedback/bulk', { ids: [...rest, id, 'nope'], state: 'triaged' })
    expect(bulk.status).toBe(200)
    expect(bulk.json.updated.sort()).toEqual([...rest].sort())
    expect(bulk.json.refused).toEqual([
      { id, reason: 'cannot move from archived' },
      { id: 'nope', reason: 'not_found' },
    ])

    const actions = (await h.db.select().from(auditEvents)).map((e) => e.action)
    expect(actions.filter((a) => a === 'feedback.triaged').length).toBeGreaterThanOrEqual(6)
    expect(actions).toContain('feedback.noted')
    expect(actions).toContain('feedback.bulk_triaged')
    expect(await h.db.select().from(triageNotes)).toHaveLength(1)
  })

  it('role × route: anonymous 401, user 403, admin reads but cannot act, owner acts only after step-up; bad input 400', async () => {
    const { h, owner, admin, user } = await world()
    await user.post('/api/feedback', { message: 'Something to triage here' })
    const [g] = await groups(h)
    const reads = ['/api/admin/feedback', '/api/admin/feedback/security', `/api/admin/feedback/${g!.id}`]
    const writes: [string, string, unknown][] = [
      ['PATCH', `/api/admin/feedback/${g!.id}`, { state: 'triaged' }],
      ['POST', `/api/admin/feedback/${g!.id}/notes`, { body: 'n' }],
      ['POST', '/api/admin/feedback/bulk', { ids: [g!.id], state: 'triaged' }],
    ]
    const anon = new TestClient(h.app)
    for (const path of reads) {
      expect((await anon.get(path)).status, path).toBe(401)
      expect((await user.get(path)).status, path).toBe(403)
      expect((await admin.get(path)).status, path).toBe(200)
      expect((await owner.get(path)).status, path).toBe(200)
    }
    for (const [method, path, body] of writes) {
      expect((await anon.request(method, path, body)).status, path).toBe(401)
      expect((await user.request(method, path, body)).status, path).toBe(403)
      expect((await admin.request(method, path, body)).json.error.code, path).toBe('forbidden')
      expect((await owner.request(method, path, body)).json.error.code, path).toBe('reauth_required')
    }
    expect((await groups(h))[0]!.state).toBe('open')
    await stepUp(owner)
    for (const [method, path, body] of [
      ['PATCH', `/api/admin/feedback/${g!.id}`, { state: 'nope' }],
      ['PATCH', `/api/admin/feedback/${g!.id}`, { state: 'triaged', extra: true }],
      ['POST', `/api/admin/feedback/${g!.id}/notes`, { body: '' }],
      ['POST', '/api/admin/feedback/bulk', { ids: [], state: 'triaged' }],
    ] as const) {
      expect((await owner.request(method, path, body)).status, JSON.stringify(body)).toBe(400)
    }
    expect((await owner.get('/api/admin/feedback?sort=sideways')).status).toBe(400)
    expect((await owner.get('/api/admin/feedback?cursor=garbage')).status).toBe(400)
    expect((await groups(h))[0]!.state).toBe('open')
    expect(await h.db.select().from(triageNotes)).toHaveLength(0)
    expect((await owner.get('/api/admin/feedback/unknown-id')).status).toBe(404)
  })
})
