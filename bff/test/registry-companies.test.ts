import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { auditEvents } from '../src/db/schema/audit'
import { companies } from '../src/db/schema/companies'
import { addMember } from '../src/services/companies/companies'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  provisionAndWait,
  settled,
  signUp,
  TestClient,
  type LifecycleHarness,
} from './lifecycle-fixtures'

let h: LifecycleHarness
afterEach(async () => h?.cleanup())

function auditFor(companyId: string | null, action: string) {
  return h.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), companyId ? eq(auditEvents.targetId, companyId) : undefined))
    .orderBy(auditEvents.seq)
}

describe('creating exocorps', () => {
  it('creates a draft with a unique DNS-safe slug, owned by its creator', async () => {
    h = await makeLifecycleHarness()
    await signUp(h.client)
    const res = await h.client.post('/api/registry/companies', { name: 'Acme Research', slug: 'acme' })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({
      slug: 'acme',
      name: 'Acme Research',
      status: 'draft',
      health: 'unknown',
      role: 'owner',
      channel: 'stable',
      installedVersion: null,
      draftVersion: 1,
      currentJob: null,
      domains: { portal: expect.stringMatching(/^acme\.portal\.localhost/), app: expect.stringMatching(/^acme\.app\.localhost/) },
    })
    // Nothing bound yet: provisioning is blocked and says why; destroying a draft is allowed.
    const provision = res.json.allowedActions.find((a: { action: string }) => a.action === 'provision')
    expect(provision).toMatchObject({ allowed: false, reason: expect.stringMatching(/openai/) })
    expect(res.json.allowedActions.find((a: { action: string }) => a.action === 'destroy')).toMatchObject({
      allowed: true,
      destructive: true,
    })
    expect(await auditFor(res.json.id, 'company.create')).toHaveLength(1)
  })

  it('refuses a taken slug with 409 and bad slugs with 400 field errors; availability says the same', async () => {
    h = await makeLifecycleHarness()
    await signUp(h.client)
    await createCompany(h.client, 'taken')
    const again = await new TestClient(h.app).post('/api/registry/companies', { name: 'x', slug: 'taken' })
    expect(again.status).toBe(401)
    const dup = await h.client.post('/api/registry/companies', { name: 'Other', slug: 'taken' })
    expect(dup.status).toBe(409)
    expect(dup.json.error.details).toMatchObject({ reason: 'slug_taken', fields: { slug: expect.any(Array) } })
    for (const slug of ['A', 'ab', 'has space', '-lead', 'trail-', 'dou--ble', 'admin', 'x'.repeat(41)]) {
      const bad = await h.client.post('/api/registry/companies', { name: 'Bad', slug })
      expect(bad.status, slug).toBe(400)
      expect(bad.json.error.details.fields.slug, slug).toBeDefined()
    }
    const extra = await h.client.post('/api/registry/companies', { name: 'x', slug: 'fine-one', owner: 'me' })
    expect(extra.status).toBe(400)
    expect(await h.db.select().from(companies)).toHaveLength(1)

    expect((await h.client.get('/api/registry/slug-availability?slug=taken')).json).toMatchObject({ available: false })
    // The hosts are the platform's real ones (the embedded default here: *.localhost on the BFF's port).
    const free = (await h.client.get('/api/registry/slug-availability?slug=Free-One')).json
    expect(free).toEqual({
      slug: 'free-one',
      available: true,
      reason: null,
      domains: {
        portal: expect.stringMatching(/^free-one\.portal\.localhost(:\d+)?$/),
        app: expect.stringMatching(/^free-one\.app\.localhost(:\d+)?$/),
      },
    })
    expect((await h.client.get('/api/registry/slug-availability?slug=a_b')).json).toMatchObject({
      available: false,
      reason: expect.any(String),
    })
  })
})

describe('who sees what', () => {
  it('members see, owners act, everyone else gets the same 404 as a missing id', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h, 'owner@example.com')
    const c = await createCompany(h.client, 'shared')
    const member = new TestClient(h.app)
    const memberMe = await signUp(member, 'member@example.com')
    await addMember(h.deps, c.id, memberMe.me.user.id)
    const stranger = new TestClient(h.app)
    await signUp(stranger, 'stranger@example.com')
    const anonymous = new TestClient(h.app)

    // Reads.
    const seen = await member.get(`/api/registry/companies/${c.id}`)
    expect(seen.status).toBe(200)
    expect(seen.json.role).toBe('member')
    // Members read; the action surface tells them why it is off.
    expect(
      seen.json.allowedActions.every((a: { allowed: boolean; reason: string }) => !a.allowed && /owner/.test(a.reason)),
    ).toBe(true)
    expect((await member.get(`/api/registry/companies/${c.id}/draft`)).status).toBe(200)
    expect((await member.get('/api/registry/my-companies')).json.items.map((i: { slug: string }) => i.slug)).toEqual(['shared'])
    expect((await anonymous.get(`/api/registry/companies/${c.id}`)).status).toBe(401)
    const missing = await stranger.get('/api/registry/companies/00000000-0000-0000-0000-000000000000')
    const hidden = await stranger.get(`/api/registry/companies/${c.id}`)
    expect(hidden.status).toBe(404)
    expect(hidden.json.error.code).toBe(missing.json.error.code)
    expect(hidden.json.error.message).toBe(missing.json.error.message)
    for (const p of ['/draft', '/jobs/current'])
      expect((await stranger.get(`/api/registry/companies/${c.id}${p}`)).status).toBe(404)
    expect((await stranger.get('/api/registry/my-companies')).json.items).toEqual([])

    // Writes: member 403, stranger 404, each refusal audited once.
    const writes = [
      ['PATCH', '', { name: 'Renamed' }],
      ['POST', '/draft', { baseVersion: 2, config: { agents: [], providers: [], settings: {} } }],
      ['POST', '/provision', {}],
      ['POST', '/actions', { action: 'destroy', confirm: 'shared' }],
    ] as const
    for (const [method, p, body] of writes) {
      expect((await member.request(method, `/api/registry/companies/${c.id}${p}`, body)).status, `member ${method} ${p}`).toBe(
        403,
      )
      expect(
        (await stranger.request(method, `/api/registry/companies/${c.id}${p}`, body)).status,
        `stranger ${method} ${p}`,
      ).toBe(404)
    }
    const refusals = await h.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetId, c.id), eq(auditEvents.outcome, 'failed')))
    expect(refusals).toHaveLength(8)
    const after = (await h.client.get(`/api/registry/companies/${c.id}`)).json
    expect(after).toMatchObject({ name: 'shared', status: 'draft', draftVersion: 2 })
  })
})

describe('settings and drafts', () => {
  it('renames and changes channel; rejects bad input with 400 and changes nothing', async () => {
    h = await makeLifecycleHarness()
    await signUp(h.client)
    const c = await createCompany(h.client, 'settings')
    const ok = await h.client.request('PATCH', `/api/registry/companies/${c.id}`, { name: '  New name ', channel: 'beta' })
    expect(ok.status).toBe(200)
    expect(ok.json).toMatchObject({ name: 'New name', channel: 'beta' })
    for (const body of [{ channel: 'nightly' }, { name: '' }, { slug: 'other' }, { name: 'x'.repeat(81) }]) {
      expect((await h.client.request('PATCH', `/api/registry/companies/${c.id}`, body)).status).toBe(400)
    }
    expect((await h.client.get(`/api/registry/companies/${c.id}`)).json).toMatchObject({ name: 'New name', channel: 'beta' })
  })

  it('versions the draft and refuses a stale save with 409', async () => {
    h = await makeLifecycleHarness()
    await signUp(h.client)
    const c = await createCompany(h.client, 'drafty', 'Drafty', [])
    const v1 = await h.client.get(`/api/registry/companies/${c.id}/draft`)
    expect(v1.json).toMatchObject({ version: 1, config: { agents: [], providers: [], settings: {} } })
    const config = { agents: [{ name: 'Ada', role: 'CEO', model: 'gpt-4o' }], providers: ['openai'], settings: { budget: 10 } }
    const v2 = await h.client.post(`/api/registry/companies/${c.id}/draft`, { baseVersion: 1, config })
    expect(v2.status).toBe(200)
    expect(v2.json).toMatchObject({ version: 2, config })
    const stale = await h.client.post(`/api/registry/companies/${c.id}/draft`, {
      baseVersion: 1,
      config: { ...config, agents: [] },
    })
    expect(stale.status).toBe(409)
    expect(stale.json.error.details).toMatchObject({ reason: 'stale_draft', version: 2 })
    const bad = await h.client.post(`/api/registry/companies/${c.id}/draft`, {
      baseVersion: 2,
      config: { ...config, providers: ['skynet'] },
    })
    expect(bad.status).toBe(400)
    expect((await h.client.get(`/api/registry/companies/${c.id}/draft`)).json).toMatchObject({ version: 2, config })
  })
})

describe('cheap polling', () => {
  it('answers 304 to a matching If-None-Match on company detail, current job and summary', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'polled')
    await provisionAndWait(h.client, c.id)
    for (const p of [
      `/api/registry/companies/${c.id}`,
      `/api/registry/companies/${c.id}/jobs/current`,
      '/api/dashboard/summary',
    ]) {
      const first = await h.client.get(p)
      expect(first.status, p).toBe(200)
      const tag = first.headers.get('etag')
      expect(tag, p).toBeTruthy()
      const second = await h.client.get(p, { 'if-none-match': tag! })
      expect(second.status, p).toBe(304)
      expect(second.text).toBe('')
    }
    const before = (await h.client.get(`/api/registry/companies/${c.id}`)).headers.get('etag')!
    await h.client.request('PATCH', `/api/registry/companies/${c.id}`, { name: 'Renamed' })
    const changed = await h.client.get(`/api/registry/companies/${c.id}`, { 'if-none-match': before })
    expect(changed.status).toBe(200)
    expect(changed.json.name).toBe('Renamed')
  })
})

describe('deployment history', () => {
  it('keeps every job with who asked, how long it took and each phase’s timing, newest first, paged; others get 404', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const c = await createCompany(h.client, 'history')
    await provisionAndWait(h.client, c.id)
    expect((await h.client.post(`/api/registry/companies/${c.id}/actions`, { action: 'pause' })).status).toBeLessThan(300)
    await settled(h.client, c.id)
    expect((await h.client.post(`/api/registry/companies/${c.id}/actions`, { action: 'resume' })).status).toBeLessThan(300)
    await settled(h.client, c.id)

    const all = await h.client.get(`/api/registry/companies/${c.id}/jobs`)
    expect(all.status).toBe(200)
    expect(all.json.items.map((j: { action: string }) => j.action)).toEqual(['resume', 'pause', 'provision'])
    const provision = all.json.items[2]
    expect(provision).toMatchObject({ status: 'succeeded', requestedBy: 'owner@example.com', companyId: c.id })
    expect(provision.durationMs).toBe(Date.parse(provision.finishedAt) - Date.parse(provision.startedAt))
    expect(provision.phases.length).toBeGreaterThan(1)
    for (const phase of provision.phases) expect(phase).toMatchObject({ status: 'succeeded', startedAt: expect.any(String) })

    const first = await h.client.get(`/api/registry/companies/${c.id}/jobs?limit=2`)
    expect(first.json.items.map((j: { action: string }) => j.action)).toEqual(['resume', 'pause'])
    const rest = await h.client.get(`/api/registry/companies/${c.id}/jobs?limit=2&cursor=${first.json.nextCursor}`)
    expect(rest.json).toMatchObject({ items: [{ action: 'provision' }], nextCursor: null })

    expect((await h.client.get(`/api/registry/companies/${c.id}/jobs?limit=0`)).status).toBe(400)
    expect((await h.client.get(`/api/registry/companies/${c.id}/jobs?cursor=nonsense`)).status).toBe(400)
    const stranger = new TestClient(h.app)
    await signUp(stranger, 'stranger@example.com')
    expect((await stranger.get(`/api/registry/companies/${c.id}/jobs`)).status).toBe(404)
  })
})

describe('fleet views', () => {
  it('summarises the caller’s fleet by status with credential coverage', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const a = await createCompany(h.client, 'one')
    await createCompany(h.client, 'two')
    await provisionAndWait(h.client, a.id)
    const other = new TestClient(h.app)
    await signUp(other, 'other@example.com')
    await createCompany(other, 'theirs')
    const s = await h.client.get('/api/dashboard/summary')
    expect(s.status).toBe(200)
    expect(s.json.total).toBe(2)
    expect(s.json.byStatus).toMatchObject({ running: 1, draft: 1, failed: 0 })
    expect(s.json.coverage.total).toBeGreaterThan(0)
    expect(s.json.coverage.configured).toBeGreaterThan(0)
    const mine = await h.client.get('/api/registry/my-companies')
    expect(mine.json.items.map((i: { slug: string }) => i.slug)).toEqual(['one', 'two'])
  })

  it('lists audit events for the caller’s exocorps only, filtered and cursor-paged', async () => {
    h = await makeLifecycleHarness()
    await signUp(h.client)
    const c = await createCompany(h.client, 'audited')
    for (let i = 0; i < 3; i++) await h.client.request('PATCH', `/api/registry/companies/${c.id}`, { name: `Name ${i}` })
    const other = new TestClient(h.app)
    await signUp(other, 'other@example.com')
    const theirs = await createCompany(other, 'theirs')

    const page1 = await h.client.get('/api/registry/audit-events?limit=2')
    expect(page1.status).toBe(200)
    expect(page1.json.items).toHaveLength(2)
    expect(page1.json.nextCursor).toEqual(expect.any(String))
    const page2 = await h.client.get(`/api/registry/audit-events?limit=50&cursor=${page1.json.nextCursor}`)
    const all = [...page1.json.items, ...page2.json.items]
    expect(all.every((e: { target: { id: string } }) => e.target.id === c.id)).toBe(true)
    expect(all.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['company.create', 'company.save_draft', 'company.update_settings']),
    )
    expect(new Set(all.map((e: { id: string }) => e.id)).size).toBe(all.length)
    const filtered = await h.client.get('/api/registry/audit-events?action=company.update_settings')
    expect(filtered.json.items).toHaveLength(3)
    expect((await h.client.get(`/api/registry/audit-events?targetId=${theirs.id}`)).json.items).toEqual([])
    expect((await h.client.get('/api/registry/audit-events?limit=0')).status).toBe(400)
  })

  it('reports the runtime driver’s capacity', async () => {
    h = await makeLifecycleHarness()
    await signUp(h.client)
    const res = await h.client.get('/api/runtime/execution-providers/state')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ driver: 'local', running: 0, maxRuntimes: expect.any(Number) })
    expect(res.json.available).toBe(res.json.maxRuntimes)
    expect((await new TestClient(h.app).get('/api/runtime/execution-providers/state')).status).toBe(401)
  })
})
