import { describe, expect, it } from 'vitest'
import { makeHarness, signUp } from './harness'

// Finding 14 of the red-team report, per class of response (docs/decisions/014).

/** The reads the web app polls or lists: ETag + `private, no-cache`, so the browser revalidates them (decision 026). */
const POLLED = new Set([
  '/api/auth/me',
  '/api/registry/my-companies',
  '/api/dashboard/summary',
  '/api/billing/account',
  '/api/registry/audit-events',
  '/api/admin/audit-events',
  '/api/admin/companies',
  '/api/admin/notifications',
  '/api/admin/commerce',
  '/api/registry/companies/:id/commerce',
])
/** The same for everyone and free of secrets: shared caches may keep it, but must revalidate. */
const PUBLIC_DOCUMENTS = new Set(['/api/openapi.json'])

describe('Cache-Control per class of response', () => {
  it('every GET under /api is no-store, except the polled reads and public documents, which must revalidate', async () => {
    const h = await makeHarness()
    await signUp(h.client) // the first account: platform owner, so admin reads answer too
    const routes = [...new Set(h.app.routes.filter((r) => r.method === 'GET' && r.path.startsWith('/api/')).map((r) => r.path))]
    expect(routes.length).toBeGreaterThan(15)
    let ok = 0
    for (const route of routes) {
      const res = await h.client.get(route.replace(/:[a-zA-Z]+/g, 'x'))
      const cacheControl = res.headers.get('cache-control')
      if (route === '/api/openapi.json') {
        // The API description is the same for everyone: shared caches may keep it, and revalidate.
        expect(cacheControl, route).toBe('public, no-cache')
      } else if (res.status === 200 && POLLED.has(route)) {
        expect(cacheControl, route).toBe('private, no-cache')
        expect(res.headers.get('etag'), route).toBeTruthy()
      } else if (res.status === 200 && PUBLIC_DOCUMENTS.has(route)) {
        expect(cacheControl, route).toBe('public, no-cache')
        expect(res.headers.get('etag'), route).toBeTruthy()
      } else {
        expect(cacheControl, `${route} → ${res.status}`).toBe('no-store')
      }
      if (res.status === 200) ok++
    }
    // Most of them really answered (not just 400/404 on a placeholder id).
    expect(ok).toBeGreaterThan(10)
  })

  it('the polled company detail and current job revalidate; writes and errors are never stored', async () => {
    const h = await makeHarness()
    await signUp(h.client)
    const created = await h.client.post('/api/registry/companies', { name: 'Acme', slug: 'acme-co' })
    expect(created.status).toBe(201)
    expect(created.headers.get('cache-control')).toBe('no-store')
    const id = created.json.id as string
    const detail = await h.client.get(`/api/registry/companies/${id}`)
    expect(detail.status).toBe(200)
    expect(detail.headers.get('cache-control')).toBe('private, no-cache')
    const revalidated = await h.client.get(`/api/registry/companies/${id}`, { 'if-none-match': detail.headers.get('etag')! })
    expect(revalidated.status).toBe(304)

    const login = await h.client.post('/api/auth/login', { email: 'first@example.com', password: 'wrong password guess' })
    expect(login.status).toBe(401)
    expect(login.headers.get('cache-control')).toBe('no-store')
    const missing = await h.client.get('/api/nope')
    expect(missing.headers.get('cache-control')).toBe('no-store')
  })

  it("the owner's billing account, polled by the banner, answers 304 to a matching If-None-Match", async () => {
    const h = await makeHarness()
    await signUp(h.client)
    const first = await h.client.get('/api/billing/account')
    expect(first.status).toBe(200)
    const etag = first.headers.get('etag')
    expect(etag).toBeTruthy()
    const again = await h.client.get('/api/billing/account', { 'if-none-match': etag! })
    expect(again.status).toBe(304)
    expect(again.text).toBe('')
  })

  it('sign-out tells the browser to drop what it cached for this site', async () => {
    const h = await makeHarness()
    await signUp(h.client)
    const res = await h.client.post('/api/auth/logout')
    expect(res.status).toBe(200)
    expect(res.headers.get('clear-site-data')).toBe('"cache"')
  })

  it('the public skill files may be cached by anyone (they depend on configuration only)', async () => {
    const h = await makeHarness()
    const res = await h.client.get('/SKILL.md')
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
  })
})

describe('framing and transport headers', () => {
  it('X-Frame-Options says DENY, matching frame-ancestors', async () => {
    const h = await makeHarness()
    for (const path of ['/api/health', '/api/auth/me', '/SKILL.md', '/api/nope']) {
      const res = await h.client.get(path)
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'")
    }
  })

  it('sends HSTS only when the public origin is https', async () => {
    const plain = await (await makeHarness()).client.get('/api/health')
    expect(plain.headers.get('strict-transport-security')).toBeNull()
    const http = await (await makeHarness({ EXOCORP_PUBLIC_ORIGIN: 'http://console.example.com' })).client.get('/api/health')
    expect(http.headers.get('strict-transport-security')).toBeNull()
    const https = await (await makeHarness({ EXOCORP_PUBLIC_ORIGIN: 'https://console.example.com' })).client.get('/api/health')
    expect(https.headers.get('strict-transport-security')).toBe('max-age=15552000; includeSubDomains')
  })
})
