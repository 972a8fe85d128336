import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import type { AdminNotification } from '@exocorp/shared/admin-notifications'
import { auditEvents } from '../src/db/schema/audit'
import { adminNotifications } from '../src/db/schema/admin-notifications'
import { sitePages, sitePageVersions } from '../src/db/schema/site'
import { setUserRole } from '../src/services/accounts/users'
import { setFlag } from '../src/services/rollout/flags'
import { auditAttempts, makeHarness, ORIGIN, signUp, TestClient, type Harness } from './harness'

const PASSWORD = 'correct horse battery'

/** A platform owner (first account) with a fresh step-up, an admin and a plain user. */
async function world() {
  const h = await makeHarness()
  const owner = h.client
  await signUp(owner, 'owner@example.com', PASSWORD)
  expect((await owner.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
  const admin = new TestClient(h.app)
  const adminMe = await signUp(admin, 'admin@example.com', PASSWORD)
  await setUserRole(h.deps, adminMe.me.user.id, 'admin')
  const user = new TestClient(h.app)
  await signUp(user, 'user@example.com', PASSWORD)
  const anonymous = new TestClient(h.app)
  return { h, owner, admin, user, anonymous }
}

async function siteOn(h: Harness, on = true) {
  await setFlag(
    h.deps,
    { id: 'seed', email: 'seed@example.com' },
    { key: 'site.cms_enabled', scope: 'global', value: on, reason: 'test' },
  )
}

/** The public site as a browser sees it (no cookie, no API headers). */
async function visit(h: Harness, path: string, headers: Record<string, string> = {}) {
  const res = await h.app.request(`${ORIGIN}${path}`, { headers })
  return { status: res.status, headers: res.headers, text: await res.text() }
}

const auditOf = async (h: Harness, action: string) =>
  (await h.db.select().from(auditEvents).where(eq(auditEvents.action, action))).map((r) => r.outcome)

describe('site CMS: pages, versions, publishing', () => {
  it('creates, edits, publishes, reverts and archives with a version history and an audit row each', async () => {
    const { h, owner, admin } = await world()
    await siteOn(h)
    const created = await owner.post('/api/admin/site/pages', {
      slug: 'enterprise',
      title: 'Enterprise',
      description: 'Exocorps for large teams',
      body: '# Enterprise\n\nFirst text.',
    })
    expect(created.status, created.text).toBe(201)
    const id = created.json.id
    expect(created.json).toMatchObject({
      status: 'draft',
      publishedVersion: null,
      hasUnpublishedChanges: true,
      publicPath: '/enterprise',
    })
    // A draft is not public.
    expect((await visit(h, '/enterprise')).status).toBe(404)

    expect((await owner.post(`/api/admin/site/pages/${id}/publish`)).json).toMatchObject({
      status: 'published',
      publishedVersion: 1,
    })
    const v1 = await visit(h, '/enterprise')
    expect(v1.status).toBe(200)
    expect(v1.headers.get('content-type')).toMatch(/^text\/html/)
    expect(v1.text).toContain('<h1>Enterprise</h1>')
    expect(v1.text).toContain('First text.')
    expect(v1.text).toContain('<meta name="description" content="Exocorps for large teams">')

    // Editing changes the working copy only; the public page keeps version 1 until the next publish.
    const edited = await owner.request('PATCH', `/api/admin/site/pages/${id}`, { body: '# Enterprise\n\nSecond text.' })
    expect(edited.status).toBe(200)
    expect(edited.json).toMatchObject({ status: 'published', publishedVersion: 1, hasUnpublishedChanges: true })
    expect((await visit(h, '/enterprise')).text).toContain('First text.')
    expect((await owner.post(`/api/admin/site/pages/${id}/publish`)).json.publishedVersion).toBe(2)
    expect((await visit(h, '/enterprise')).text).toContain('Second text.')
    // Publishing again with nothing changed is refused.
    const again = await owner.post(`/api/admin/site/pages/${id}/publish`)
    expect(again.status).toBe(409)
    expect(again.json.error.details.reason).toBe('no_changes')

    // Revert to version 1: published again as version 3, the working copy is version 1's text.
    const reverted = await owner.post(`/api/admin/site/pages/${id}/revert`, { version: 1 })
    expect(reverted.status, reverted.text).toBe(200)
    expect(reverted.json).toMatchObject({
      publishedVersion: 3,
      body: '# Enterprise\n\nFirst text.',
      hasUnpublishedChanges: false,
    })
    expect((await visit(h, '/enterprise')).text).toContain('First text.')
    expect((await owner.post(`/api/admin/site/pages/${id}/revert`, { version: 9 })).status).toBe(404)

    // An admin reads the history (newest first) and the sanitised preview.
    const detail = await admin.get(`/api/admin/site/pages/${id}`)
    expect(detail.status).toBe(200)
    expect(detail.json.versions.map((v: { version: number; revertOf: number | null }) => [v.version, v.revertOf])).toEqual([
      [3, 1],
      [2, null],
      [1, null],
    ])
    expect(detail.json.versions[1].body).toContain('Second text.')
    expect(detail.json.previewHtml).toContain('<h1>Enterprise</h1>')

    // Archived: gone from the public site; archiving twice is a conflict; publishing brings it back.
    expect((await owner.post(`/api/admin/site/pages/${id}/archive`)).json.status).toBe('archived')
    expect((await visit(h, '/enterprise')).status).toBe(404)
    expect((await owner.post(`/api/admin/site/pages/${id}/archive`)).status).toBe(409)
    expect((await owner.post(`/api/admin/site/pages/${id}/publish`)).json).toMatchObject({
      status: 'published',
      publishedVersion: 4,
    })
    expect((await visit(h, '/enterprise')).status).toBe(200)

    expect(await auditOf(h, 'site.created')).toEqual(['succeeded'])
    expect(await auditOf(h, 'site.updated')).toEqual(['succeeded'])
    expect((await auditOf(h, 'site.published')).sort()).toEqual(['failed', 'succeeded', 'succeeded', 'succeeded'])
    expect((await auditOf(h, 'site.reverted')).sort()).toEqual(['failed', 'succeeded'])
    expect((await auditOf(h, 'site.archived')).sort()).toEqual(['failed', 'succeeded'])
  })

  it('renders markdown with <script>, event handlers and javascript: links inert', async () => {
    const { h, owner } = await world()
    await siteOn(h)
    const body = [
      '# Hi',
      '<script>window.pwned = 1</script>',
      '<img src="x" onerror="alert(1)">',
      '[click](javascript:alert(1))',
      '<a href="https://example.com" onclick="steal()">ok link</a>',
      '<iframe src="https://evil.example"></iframe>',
      '<style>body{display:none}</style>',
      '**bold** and `code`',
    ].join('\n\n')
    const page = await owner.post('/api/admin/site/pages', { slug: 'xss', title: 'X <b>ss</b>', body })
    expect((await owner.post(`/api/admin/site/pages/${page.json.id}/publish`)).status).toBe(200)
    const res = await visit(h, '/xss')
    expect(res.status).toBe(200)
    const article = res.text.slice(res.text.indexOf('<article>'), res.text.indexOf('</article>'))
    expect(article).not.toMatch(/<script|onerror|onclick|javascript:|<iframe|<style|pwned/i)
    expect(article).toContain('<strong>bold</strong>')
    expect(article).toContain('<a href="https://example.com" rel="noopener nofollow ugc">ok link</a>')
    // The title is text, never markup.
    expect(res.text).toContain('<title>X &lt;b&gt;ss&lt;/b&gt;</title>')
    // The document runs under the app's CSP, which allows no inline script at all.
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  it('flag off: public pages 404 and the sitemap is empty; publish updates the sitemap and the ETag', async () => {
    const { h, owner } = await world()
    const a = await owner.post('/api/admin/site/pages', { slug: 'about', title: 'About', body: 'About us' })
    const b = await owner.post('/api/admin/site/pages', { slug: 'pricing', title: 'Pricing', body: 'Prices' })
    await owner.post(`/api/admin/site/pages/${a.json.id}/publish`)

    // Off (the default): nothing public.
    expect((await visit(h, '/about')).status).toBe(404)
    const emptyMap = await visit(h, '/sitemap.xml')
    expect(emptyMap.status).toBe(200)
    expect(emptyMap.headers.get('content-type')).toMatch(/^application\/xml/)
    expect(emptyMap.text).not.toContain('<url>')
    expect((await owner.get('/api/admin/site/pages')).json.siteEnabled).toBe(false)

    await siteOn(h)
    expect((await owner.get('/api/admin/site/pages')).json.siteEnabled).toBe(true)
    const origin = `http://localhost:${h.deps.env.PORT}`
    const map1 = await visit(h, '/sitemap.xml')
    expect(map1.text).toContain(`<loc>${origin}/about</loc>`)
    expect(map1.text).not.toContain('/pricing')
    const mapTag = map1.headers.get('etag')!
    expect((await visit(h, '/sitemap.xml', { 'if-none-match': mapTag })).status).toBe(304)

    const page1 = await visit(h, '/about')
    const tag1 = page1.headers.get('etag')!
    expect(tag1).toMatch(/^"[0-9a-f]{32}"$/)
    expect(page1.headers.get('cache-control')).toBe('public, no-cache')
    const unchanged = await visit(h, '/about', { 'if-none-match': tag1 })
    expect(unchanged.status).toBe(304)
    expect(unchanged.text).toBe('')

    // Publishing another page regenerates the sitemap; republishing /about changes its ETag.
    await owner.post(`/api/admin/site/pages/${b.json.id}/publish`)
    const map2 = await visit(h, '/sitemap.xml', { 'if-none-match': mapTag })
    expect(map2.status).toBe(200)
    expect(map2.text).toContain(`<loc>${origin}/pricing</loc>`)
    await owner.request('PATCH', `/api/admin/site/pages/${a.json.id}`, { body: 'About us, again' })
    await owner.post(`/api/admin/site/pages/${a.json.id}/publish`)
    const page2 = await visit(h, '/about', { 'if-none-match': tag1 })
    expect(page2.status).toBe(200)
    expect(page2.headers.get('etag')).not.toBe(tag1)
    expect(page2.text).toContain('About us, again')

    // Archiving takes it out of the sitemap; switching the flag off empties it again.
    await owner.post(`/api/admin/site/pages/${a.json.id}/archive`)
    expect((await visit(h, '/sitemap.xml')).text).not.toContain('/about')
    await siteOn(h, false)
    expect((await visit(h, '/pricing')).status).toBe(404)
    expect((await visit(h, '/sitemap.xml')).text).not.toContain('<url>')
  })

  it('leaves the console its own paths: a path with no page is not answered by the site', async () => {
    const { h, owner } = await world()
    await siteOn(h)
    // Without the web app mounted, a path no page has is the app's ordinary 404 (JSON), not the site's HTML one.
    const res = await visit(h, '/no-such-page')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).not.toMatch(/text\/html/)
    const reserved = await owner.post('/api/admin/site/pages', { slug: 'dashboard', title: 'Dash', body: 'x' })
    expect(reserved.status).toBe(400)
    expect(reserved.json.error.details.fields.slug).toBeDefined()
  })
})

describe('site CMS: who may do what, and bad input', () => {
  it('admins read, only a platform owner with a fresh step-up mutates; everyone else changes nothing', async () => {
    const { h, owner, admin, user, anonymous } = await world()
    const page = await owner.post('/api/admin/site/pages', { slug: 'team', title: 'Team', body: 'Us' })
    const id = page.json.id
    const reads = ['/api/admin/site/pages', `/api/admin/site/pages/${id}`, '/api/admin/notifications']
    for (const path of reads) {
      expect((await owner.get(path)).status, path).toBe(200)
      expect((await admin.get(path)).status, path).toBe(200)
      expect((await user.get(path)).status, path).toBe(403)
      expect((await anonymous.get(path)).status, path).toBe(401)
    }
    const writes: [string, string, unknown][] = [
      ['POST', '/api/admin/site/pages', { slug: 'other', title: 'Other', body: 'x' }],
      ['PATCH', `/api/admin/site/pages/${id}`, { title: 'Changed' }],
      ['POST', `/api/admin/site/pages/${id}/publish`, {}],
      ['POST', `/api/admin/site/pages/${id}/archive`, {}],
      ['POST', `/api/admin/site/pages/${id}/revert`, { version: 1 }],
    ]
    const snapshot = async () => ({
      pages: await h.db.select().from(sitePages),
      versions: await h.db.select().from(sitePageVersions),
    })
    const before = await snapshot()
    for (const [method, path, body] of writes) {
      expect((await admin.request(method, path, body)).status, `${method} ${path} as admin`).toBe(403)
      expect((await user.request(method, path, body)).status, `${method} ${path} as user`).toBe(403)
      expect((await anonymous.request(method, path, body)).status, `${method} ${path} anonymous`).toBe(401)
    }
    // The owner whose step-up lapsed gets reauth_required.
    h.clock.advance(10 * 60_000 + 1)
    for (const [method, path, body] of writes) {
      const res = await owner.request(method, path, body)
      expect({ path, status: res.status, code: res.json.error.code }).toEqual({ path, status: 403, code: 'reauth_required' })
    }
    expect(await snapshot()).toEqual(before)
  })

  it('refuses bad input with field errors and writes nothing', async () => {
    const { h, owner } = await world()
    const page = await owner.post('/api/admin/site/pages', { slug: 'ok', title: 'Ok', body: 'x' })
    const id = page.json.id
    const bad: [string, string, unknown, string][] = [
      ['POST', '/api/admin/site/pages', { slug: 'Bad Slug', title: 'x', body: '' }, 'slug'],
      ['POST', '/api/admin/site/pages', { slug: '-x', title: 'x', body: '' }, 'slug'],
      ['POST', '/api/admin/site/pages', { slug: 'ok', title: 'Dup', body: '' }, 'slug'],
      ['POST', '/api/admin/site/pages', { slug: 'fine', title: '', body: '' }, 'title'],
      ['POST', '/api/admin/site/pages', { slug: 'fine', title: 'x', body: 'x'.repeat(100_001) }, 'body'],
      ['POST', '/api/admin/site/pages', { slug: 'fine', title: 'x', body: '', extra: 1 }, 'extra'],
      ['POST', '/api/admin/site/pages', { slug: 'fine', title: 7, body: '' }, 'title'],
      ['PATCH', `/api/admin/site/pages/${id}`, { title: 'x'.repeat(201) }, 'title'],
      ['PATCH', `/api/admin/site/pages/${id}`, { slug: 'moved' }, 'slug'],
      ['POST', `/api/admin/site/pages/${id}/revert`, { version: 0 }, 'version'],
      ['POST', `/api/admin/site/pages/${id}/revert`, { version: 'one' }, 'version'],
      ['POST', `/api/admin/site/pages/${id}/publish`, { now: true }, 'now'],
    ]
    const before = { pages: await h.db.select().from(sitePages), versions: await h.db.select().from(sitePageVersions) }
    for (const [method, path, body, field] of bad) {
      const res = await owner.request(method, path, body)
      expect({ path, field, status: res.status }).toEqual({ path, field, status: 400 })
      expect(Object.keys(res.json.error.details.fields), JSON.stringify(body).slice(0, 80)).toContain(field)
    }
    const empty = await owner.request('PATCH', `/api/admin/site/pages/${id}`, {})
    expect(empty.status).toBe(400)
    expect((await owner.get('/api/admin/site/pages/no-such-page')).status).toBe(404)
    expect((await owner.get('/api/admin/site/pages/bad%20id')).status).toBe(400)
    expect({ pages: await h.db.select().from(sitePages), versions: await h.db.select().from(sitePageVersions) }).toEqual(before)
    // Each refused attempt has its audit row.
    const refused = (await auditAttempts(h.db)).filter((r) => r.action.startsWith('site.') && r.outcome === 'failed')
    expect(refused.length).toBeGreaterThanOrEqual(bad.length)
  })
})

describe('POST /api/v1/enterprise-inquiry', () => {
  const inquiry = {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    company: 'Analytical Engines Ltd',
    message: 'We would like 40 exocorps on a dedicated target.',
    seats: 40,
  }

  it('is public and lands in the admin notifications queue', async () => {
    const { h, admin, anonymous } = await world()
    const res = await anonymous.post('/api/v1/enterprise-inquiry', { ...inquiry, website: '' })
    expect(res.status, res.text).toBe(202)
    expect(res.json).toEqual({ received: true })
    const queue = await admin.get('/api/admin/notifications')
    expect(queue.json.items).toHaveLength(1)
    expect(queue.json.items[0]).toMatchObject({
      kind: 'enterprise_inquiry',
      state: 'new',
      title: 'Enterprise inquiry from Analytical Engines Ltd',
      detail: 'Ada Lovelace <ada@example.com> · 40 seats\n\nWe would like 40 exocorps on a dedicated target.',
      // Decision 063: "· 40 seats" is the platform's English, so with seats the whole detail is keyed
      // (the seats a number, the visitor's words as facts) and each language words the line.
      messageKey: 'enterprise_inquiry_seats',
    })
    expect(queue.json.items[0].messageParams).toEqual({
      company: 'Analytical Engines Ltd',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      seats: 40,
      message: 'We would like 40 exocorps on a dedicated target.',
    })
    // Without seats the detail is only the visitor's words: the title alone is keyed.
    const { seats: _seats, ...noSeats } = inquiry
    expect((await anonymous.post('/api/v1/enterprise-inquiry', { ...noSeats, company: 'Babbage & Co' })).status).toBe(202)
    const both = (await admin.get('/api/admin/notifications')).json.items as AdminNotification[]
    expect(both.find((n) => n.title === 'Enterprise inquiry from Babbage & Co')).toMatchObject({
      detail: 'Ada Lovelace <ada@example.com>\n\nWe would like 40 exocorps on a dedicated target.',
      messageKey: 'enterprise_inquiry',
      messageParams: { company: 'Babbage & Co' },
    })
    expect(await auditOf(h, 'enterprise_inquiry.received')).toEqual(['succeeded', 'succeeded'])
  })

  it('says "1 seat" for one seat in the stored English, the seats a number for the catalogs to count by', async () => {
    const { admin, anonymous } = await world()
    const one = { ...inquiry, company: 'Solo Engines', message: 'Just me for now.', seats: 1 }
    expect((await anonymous.post('/api/v1/enterprise-inquiry', one)).status).toBe(202)
    const [notice] = (await admin.get('/api/admin/notifications')).json.items as AdminNotification[]
    expect(notice).toMatchObject({
      title: 'Enterprise inquiry from Solo Engines',
      detail: 'Ada Lovelace <ada@example.com> · 1 seat\n\nJust me for now.',
      messageKey: 'enterprise_inquiry_seats',
      messageParams: {
        company: 'Solo Engines',
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        seats: 1,
        message: 'Just me for now.',
      },
    })
  })

  it('drops spam silently: a filled honeypot or a link-stuffed message answers 202 and queues nothing', async () => {
    const { h, anonymous } = await world()
    const honeypot = await anonymous.post('/api/v1/enterprise-inquiry', { ...inquiry, website: 'http://spam.example' })
    expect(honeypot.status).toBe(202)
    const links = await anonymous.post('/api/v1/enterprise-inquiry', {
      ...inquiry,
      message: 'Cheap https://a.example https://b.example https://c.example www.d.example',
    })
    expect(links.status).toBe(202)
    expect(await h.db.select().from(adminNotifications)).toEqual([])
    expect(await auditOf(h, 'enterprise_inquiry.received')).toEqual(['failed', 'failed'])
  })

  it('limits each address to three an hour (429 with Retry-After), then lets it send again', async () => {
    const { h, anonymous } = await world()
    for (let i = 0; i < 3; i++) expect((await anonymous.post('/api/v1/enterprise-inquiry', inquiry)).status).toBe(202)
    const limited = await anonymous.post('/api/v1/enterprise-inquiry', inquiry)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await h.db.select().from(adminNotifications)).toHaveLength(3)
    h.clock.advance(60 * 60_000 + 1)
    expect((await anonymous.post('/api/v1/enterprise-inquiry', inquiry)).status).toBe(202)
  })

  it('refuses bad input with field errors and queues nothing', async () => {
    const { h, anonymous } = await world()
    const cases: [unknown, string][] = [
      [{ ...inquiry, email: 'not-an-address' }, 'email'],
      [{ ...inquiry, message: 'short' }, 'message'],
      [{ ...inquiry, name: '' }, 'name'],
      [{ ...inquiry, seats: -1 }, 'seats'],
      [{ ...inquiry, phone: '123' }, 'phone'],
    ]
    for (const [body, field] of cases) {
      const res = await anonymous.post('/api/v1/enterprise-inquiry', body)
      expect(res.status).toBe(400)
      expect(Object.keys(res.json.error.details.fields)).toContain(field)
    }
    expect(await h.db.select().from(adminNotifications)).toEqual([])
  })
})
