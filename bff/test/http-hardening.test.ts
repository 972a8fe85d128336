import { describe, expect, it } from 'vitest'
import { auditEvents } from '../src/db/schema/audit'
import { users } from '../src/db/schema/accounts'
import { makeHarness, ORIGIN, signUp } from './harness'

const PASSWORD = 'correct horse battery'

/** Bodies every JSON endpoint must refuse with a 4xx and an envelope, never a 500. */
const BAD_BODIES: Array<{ name: string; body: string; type?: string; status: number }> = [
  { name: 'malformed JSON', body: '{"email": "a@b.c",', status: 400 },
  { name: 'a JSON array', body: '[]', status: 400 },
  { name: 'a JSON string', body: '"hello"', status: 400 },
  { name: 'wrong types', body: JSON.stringify({ email: 42, name: true, password: ['x'] }), status: 400 },
  { name: 'missing fields', body: '{}', status: 400 },
  {
    name: 'unknown fields',
    body: JSON.stringify({ email: 'x@example.com', name: 'x', password: PASSWORD, isAdmin: true }),
    status: 400,
  },
  {
    name: 'a __proto__ key',
    body: `{"email":"p@example.com","name":"p","password":"${PASSWORD}","__proto__":{"role":"platform_owner"}}`,
    status: 400,
  },
  {
    name: 'a 1 MB string',
    body: JSON.stringify({ email: 'big@example.com', name: 'x'.repeat(1024 * 1024), password: PASSWORD }),
    status: 413,
  },
  { name: 'form encoding', body: 'email=a%40b.c&password=x', type: 'application/x-www-form-urlencoded', status: 415 },
  { name: 'text/plain', body: '{"email":"a@b.c"}', type: 'text/plain', status: 415 },
]

const ENDPOINTS = ['/api/auth/signup', '/api/auth/login', '/api/auth/reauthenticate']

describe('bad input', () => {
  for (const path of ENDPOINTS) {
    for (const bad of BAD_BODIES) {
      it(`${path} refuses ${bad.name} with ${bad.status} and writes nothing`, async () => {
        const h = await makeHarness()
        await signUp(h.client, 'owner@example.com')
        const usersBefore = (await h.db.select().from(users)).length
        const res = await h.client.request('POST', path, bad.body, { 'content-type': bad.type ?? 'application/json' })
        expect(res.status).toBe(bad.status)
        expect(res.json.error.code).toEqual(expect.any(String))
        expect(res.json.error.message).toEqual(expect.any(String))
        expect(res.text).not.toMatch(/at .*\.ts:\d+/)
        expect(await h.db.select().from(users)).toHaveLength(usersBefore)
      })
    }
  }

  it('names each bad field', async () => {
    const h = await makeHarness()
    const res = await h.client.post('/api/auth/signup', { email: 'not-an-email', name: '', password: 'short', extra: 1 })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('validation_failed')
    expect(Object.keys(res.json.error.details.fields).sort()).toEqual(['email', 'extra', 'name', 'password'])
  })

  it('names a __proto__ key as an unknown field', async () => {
    const h = await makeHarness()
    const res = await h.client.request('POST', '/api/auth/login', '{"email":"a@example.com","password":"x","__proto__":{"x":1}}')
    expect(res.status).toBe(400)
    expect(Object.keys(res.json.error.details.fields)).toEqual(['__proto__'])
  })

  it('refuses a 129-character password and accepts 128', async () => {
    const h = await makeHarness()
    const long = await h.client.post('/api/auth/signup', { email: 'a@example.com', name: 'a', password: 'x'.repeat(129) })
    expect(long.status).toBe(400)
    expect(long.json.error.details.fields.password).toBeDefined()
    const ok = await h.client.post('/api/auth/signup', { email: 'a@example.com', name: 'a', password: 'x'.repeat(128) })
    expect(ok.status).toBe(201)
  })
})

describe('cross-site requests', () => {
  it('refuses a mutation from another origin and records the attempt nowhere as a success', async () => {
    const h = await makeHarness()
    const res = await h.client.request(
      'POST',
      '/api/auth/signup',
      { email: 'x@example.com', name: 'x', password: PASSWORD },
      { origin: 'https://evil.example' },
    )
    expect(res.status).toBe(403)
    expect(await h.db.select().from(users)).toHaveLength(0)
  })

  it('refuses Sec-Fetch-Site: cross-site without an Origin', async () => {
    const h = await makeHarness()
    const res = await h.app.request(`${ORIGIN}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ email: 'x@example.com', password: PASSWORD }),
    })
    expect(res.status).toBe(403)
  })

  it('accepts a configured extra origin (the Vite dev server)', async () => {
    const h = await makeHarness({ EXOCORP_ALLOWED_ORIGINS: 'http://localhost:5173' })
    const res = await h.client.request(
      'POST',
      '/api/auth/signup',
      { email: 'x@example.com', name: 'x', password: PASSWORD },
      { origin: 'http://localhost:5173' },
    )
    expect(res.status).toBe(201)
  })
})

describe('responses', () => {
  it('sends security headers and a CSP without unsafe script sources', async () => {
    const h = await makeHarness()
    const res = await h.client.get('/api/health')
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/script-src[^;]*unsafe/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers unknown API paths with the envelope', async () => {
    const h = await makeHarness()
    await signUp(h.client)
    const res = await h.client.get('/api/nope')
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('not_found')
  })

  it('answers 304 to a matching If-None-Match on polled reads', async () => {
    const h = await makeHarness()
    await signUp(h.client)
    const first = await h.client.get('/api/auth/me')
    const etag = first.headers.get('etag')
    expect(etag).toBeTruthy()
    const again = await h.client.get('/api/auth/me', { 'if-none-match': etag! })
    expect(again.status).toBe(304)
    expect(again.text).toBe('')
  })

  it('keeps passwords, hashes and tokens out of responses, logs and audit rows', async () => {
    const h = await makeHarness()
    const signup = await h.client.post('/api/auth/signup', { email: 'leak@example.com', name: 'Leak', password: PASSWORD })
    const token = h.client.cookie!.split('=')[1]!
    await h.client.post('/api/auth/login', { email: 'leak@example.com', password: 'wrong password here' })
    const hash = (await h.db.select().from(users))[0]!.passwordHash
    const everything = [
      signup.text,
      (await h.client.get('/api/auth/me')).text,
      ...h.logLines,
      JSON.stringify(await h.db.select().from(auditEvents)),
    ].join('\n')
    for (const secret of [PASSWORD, 'wrong password here', hash, token]) expect(everything).not.toContain(secret)
  })
})

describe('access', () => {
  it('is deny-by-default for anonymous callers and audits refused mutations', async () => {
    const h = await makeHarness()
    expect((await h.client.get('/api/auth/me')).status).toBe(401)
    expect((await h.client.get('/api/admin/audit-events')).status).toBe(401)
    expect((await h.client.post('/api/auth/reauthenticate', { password: 'x' })).status).toBe(401)
    const rows = await h.db.select().from(auditEvents).orderBy(auditEvents.seq)
    expect(rows).toEqual([expect.objectContaining({ action: 'access.denied', outcome: 'failed', actorType: 'anonymous' })])
  })

  it('lets admins read the audit trail, refuses plain users with 403 and audits the refusal', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'owner@example.com')
    const plain = new (h.client.constructor as any)(h.app)
    await signUp(plain, 'user@example.com')
    const refused = await plain.get('/api/admin/audit-events')
    expect(refused.status).toBe(403)
    const page = await h.client.get('/api/admin/audit-events?limit=2')
    expect(page.status).toBe(200)
    expect(page.json.items[0]).toMatchObject({ action: 'access.denied', outcome: 'failed', actor: { label: 'user@example.com' } })
    expect(page.json.items).toHaveLength(2)
    const next = await h.client.get(`/api/admin/audit-events?limit=2&cursor=${page.json.nextCursor}`)
    expect(next.json.items.map((e: any) => e.action)).toEqual(['auth.signup'])
    expect(next.json.nextCursor).toBeNull()
    expect((await h.client.get('/api/admin/audit-events?cursor=%%%')).status).toBe(400)
    expect((await h.client.get('/api/admin/audit-events?outcome=maybe')).status).toBe(400)
  })
})
