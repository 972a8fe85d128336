import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditEvents } from '../src/db/schema/audit'
import { users } from '../src/db/schema/accounts'
import { auditRecordsFor, makeHarness, signUp, TestClient, type Harness } from './harness'

/** Every member of Object.prototype: the names a `{}` map answers without having them. */
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype)

const auditRowsFor = (h: Harness, requestId: string | null) =>
  h.db.select().from(auditEvents).where(eq(auditEvents.requestId, requestId!))

/** The app's own routes (not a hand list), one entry per method and path. */
function routesOf(h: Harness) {
  const seen = new Set<string>()
  return h.app.routes.filter((r) => {
    const key = `${r.method} ${r.path}`
    if (r.method === 'ALL' || seen.has(key)) return false
    seen.add(key)
    return true
  })
}

describe('finding 2: keys named like Object.prototype members', () => {
  it.each(PROTOTYPE_KEYS)('POST /api/auth/login with a %s key: 400 naming it, one audit row', async (key) => {
    const h = await makeHarness()
    const body = `{"email":"a@example.com","password":"secret words here",${JSON.stringify(key)}:1}`
    const res = await h.client.request('POST', '/api/auth/login', body)
    expect(res.status, res.text).toBe(400)
    expect(res.json.error.code).toBe('validation_failed')
    expect(Object.keys(res.json.error.details.fields)).toEqual([key])
    expect(await auditRowsFor(h, res.headers.get('x-request-id'))).toHaveLength(1)
  })

  it('refuses every such key on every write route as the platform owner: never 5xx, each audited once', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'root@example.com')
    const writes = routesOf(h).filter((r) => r.method !== 'GET' && !r.path.endsWith('/logout'))
    expect(writes.length).toBeGreaterThan(25)
    const fiveHundreds: string[] = []
    for (const route of writes) {
      const path = route.path.replace(/:[A-Za-z]+/g, 'no-such-id')
      for (const key of PROTOTYPE_KEYS) {
        const res = await h.client.request(route.method, path, `{${JSON.stringify(key)}:{"${key}":1}}`)
        if (res.status >= 500) fiveHundreds.push(`${route.method} ${route.path} ${key}: ${res.status}`)
        if (res.status >= 400 && res.status < 500) {
          // Its own row, or counted on the row of the same refusal (decision 015).
          expect(await auditRecordsFor(h.db, res.headers.get('x-request-id')), `${route.method} ${route.path} ${key}`).toBe(1)
        }
      }
    }
    expect(fiveHundreds).toEqual([])
  })

  it.each(PROTOTYPE_KEYS)('GET /api/registry/audit-events?%s=1 answers 400 with the field', async (key) => {
    const h = await makeHarness()
    await signUp(h.client)
    const res = await h.client.get(`/api/registry/audit-events?${encodeURIComponent(key)}=1`)
    expect(res.status, res.text).toBe(400)
    expect(Object.keys(res.json.error.details.fields)).toEqual([key])
  })

  it('finds __proto__ behind a 20,000-deep array: 400 before any recursive walk, nothing written, audited', async () => {
    const h = await makeHarness()
    const deep = '['.repeat(20_000) + ']'.repeat(20_000)
    const body = `{"pad":${deep},"email":"p@example.com","name":"p","password":"correct horse battery","__proto__":{"role":"platform_owner"}}`
    const res = await h.client.request('POST', '/api/auth/signup', body)
    expect(res.status, res.text).toBe(400)
    expect(res.json.error.code).toBe('validation_failed')
    expect(res.json.error.details.fields._root).toEqual([expect.stringMatching(/nested deeper than 32/)])
    expect(await h.db.select().from(users)).toHaveLength(0)
    expect(await auditRowsFor(h, res.headers.get('x-request-id'))).toHaveLength(1)
  })

  it('still accepts nesting within the bound and brackets inside strings', async () => {
    const h = await makeHarness()
    const res = await h.client.post('/api/auth/signup', {
      email: 'ok@example.com',
      name: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
      password: 'correct horse battery',
    })
    expect(res.status, res.text).toBe(201)
  })
})

describe('finding 9: crafted cursors', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64url')
  const CURSORS: Record<string, string> = {
    '1e+300': b64('1e+300'),
    '2^63': b64(String(2n ** 63n)),
    '-1': b64('-1'),
    '1.5': b64('1.5'),
    'a pair of numbers': b64('[1e300,2]'),
    'a pair with an object': b64('["a",{}]'),
    'a long pair': b64(JSON.stringify(['x'.repeat(150), 'y'])),
    'a three-element list': b64('["a","b","c"]'),
    'an object': b64('{"a":1}'),
    null: b64('null'),
    'not JSON': b64('garbage!!'),
    'not base64': '%%%',
  }
  const LISTS = [
    '/api/admin/audit-events',
    '/api/registry/audit-events',
    '/api/admin/companies',
    '/api/admin/billing/accounts',
    '/api/admin/billing/provider-events',
    '/api/admin/billing/collections',
  ]
  for (const list of LISTS) {
    it(`${list} answers 400 with a cursor field error for each crafted cursor`, async () => {
      const h = await makeHarness()
      await signUp(h.client, 'root@example.com')
      for (const [name, cursor] of Object.entries(CURSORS)) {
        const res = await h.client.get(`${list}?cursor=${encodeURIComponent(cursor)}`)
        // The list's own cursor shape is valid for it; everything else must be refused.
        if (res.status === 200) continue
        expect(res.status, `${name}: ${res.text}`).toBe(400)
        expect(res.json.error.details.fields.cursor, name).toBeDefined()
      }
      for (const name of ['1e+300', '2^63', 'not JSON', 'an object', 'a pair with an object']) {
        const res = await h.client.get(`${list}?cursor=${encodeURIComponent(CURSORS[name]!)}`)
        expect(res.status, `${name}: ${res.text}`).toBe(400)
      }
    })
  }

  it('a real cursor still pages', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'root@example.com')
    const other = new TestClient(h.app)
    await signUp(other, 'other@example.com')
    const first = await h.client.get('/api/admin/audit-events?limit=1')
    expect(first.json.nextCursor).toEqual(expect.any(String))
    const next = await h.client.get(`/api/admin/audit-events?limit=1&cursor=${first.json.nextCursor}`)
    expect(next.status).toBe(200)
    expect(next.json.items).toHaveLength(1)
  })
})
