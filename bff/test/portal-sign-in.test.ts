import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memberships } from '../src/db/schema/companies'
import { makeHarness, signUp, TestClient, type Harness } from './harness'
import { createCompany } from './lifecycle-fixtures'
import { cookiePair, portalCookie, portalHandoffUrl } from './portal-fixtures'

// Decision 032: the operator portal behind the console session. The BFF is the real app; the
// runtime behind the portal is a stand-in that records what reaches it.

let h: Harness
let runtime: Server
const reached: Array<{ url: string; headers: IncomingHttpHeaders }> = []
let owner: TestClient
let stranger: TestClient
let acmeId: string

const PORTAL = 'http://acme.portal.localhost:8080'
const CONSOLE = 'http://localhost:8080'

function portalGet(url: string, cookie?: string, method = 'GET') {
  return h.app.request(url, { method, headers: cookie ? { cookie } : {} })
}

beforeAll(async () => {
  runtime = createServer((req, res) => {
    reached.push({ url: req.url ?? '', headers: req.headers })
    res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'runtime=1; Path=/' })
    res.end(`<h1>portal of ${req.headers['x-forwarded-host']} at ${req.url}</h1>`)
  })
  await new Promise<void>((r) => runtime.listen(0, '127.0.0.1', r))
  const endpoint = `http://127.0.0.1:${(runtime.address() as AddressInfo).port}`
  h = await makeHarness({}, { portalLookup: (slug) => (['acme', 'beta'].includes(slug) ? { state: 'running', endpoint } : null) })
  owner = h.client
  await signUp(owner, 'owner@example.com')
  acmeId = (await createCompany(owner, 'acme', 'Acme', [])).id
  await createCompany(owner, 'beta', 'Beta', [])
  stranger = new TestClient(h.app)
  await signUp(stranger, 'stranger@example.com')
})

afterAll(async () => {
  await new Promise((r) => runtime?.close(r))
})

describe('the operator portal without a portal session', () => {
  it('redirects an anonymous visitor to the console sign-in, keeping the path, and never reaches the runtime', async () => {
    const before = reached.length
    for (const method of ['GET', 'HEAD']) {
      const res = await portalGet(`${PORTAL}/agents?tab=roles`, undefined, method)
      expect(res.status).toBe(302)
      const to = new URL(res.headers.get('location')!)
      expect(to.origin).toBe(CONSOLE)
      expect(to.pathname).toBe('/api/portal/handoff')
      expect(to.searchParams.get('slug')).toBe('acme')
      expect(to.searchParams.get('next')).toBe('/agents?tab=roles')
      expect(res.headers.get('set-cookie')).toBeNull()
    }
    // A made-up cookie is no better than none, and is cleared.
    const forged = await portalGet(`${PORTAL}/`, 'exo_portal=forged')
    expect(forged.status).toBe(302)
    expect(forged.headers.get('set-cookie')).toMatch(/^exo_portal=;.*Max-Age=0/)
    expect(reached.length).toBe(before)
  })

  it('sends an anonymous console visitor to sign in, and back to the hand-off afterwards', async () => {
    const res = await new TestClient(h.app).get('/api/portal/handoff?slug=acme&next=%2Fagents')
    expect(res.status).toBe(302)
    const to = new URL(res.headers.get('location')!, 'http://x')
    expect(to.pathname).toBe('/sign-in')
    expect(to.searchParams.get('next')).toBe('/api/portal/handoff?slug=acme&next=%2Fagents')
  })

  it('answers 404 to someone else’s exocorp, the same as to one that does not exist', async () => {
    const other = await stranger.get('/api/portal/handoff?slug=acme')
    const none = await stranger.get('/api/portal/handoff?slug=nowhere')
    expect(other.status).toBe(404)
    expect(none.status).toBe(404)
    expect(other.json.error.message).toBe(none.json.error.message)
    expect(other.headers.get('location')).toBeNull()
  })
})

describe('the hand-off', () => {
  it('signs the owner in on the portal host only, lands on the asked-for path, and serves the portal', async () => {
    const handoff = await portalHandoffUrl(owner, 'acme', '/agents')
    expect(handoff.origin).toBe(PORTAL)
    expect(handoff.pathname).toBe('/__exocorp/handoff')
    const redeemed = await h.app.request(handoff.href)
    expect(redeemed.status).toBe(302)
    expect(redeemed.headers.get('location')).toBe('/agents')
    const setCookie = redeemed.headers.get('set-cookie')!
    // Host-only (no Domain), not readable by scripts, not sent on cross-site subrequests.
    expect(setCookie).toMatch(/^exo_portal=[A-Za-z0-9_-]{40,};/)
    expect(setCookie).not.toMatch(/domain=/i)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    expect(setCookie).toMatch(/Path=\//)
    const cookie = cookiePair(setCookie)

    const res = await portalGet(`${PORTAL}/agents`, cookie)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('portal of acme.portal.localhost:8080 at /agents')
    // Neither the portal cookie reaches the runtime, nor the runtime's cookie the browser.
    expect(reached.at(-1)!.headers.cookie).toBeUndefined()
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('lets a member in, and stops letting them in once they are removed', async () => {
    const member = new TestClient(h.app)
    const me = await signUp(member, 'member@example.com')
    expect((await member.get('/api/portal/handoff?slug=acme')).status).toBe(404)
    await h.db.write(async (tx) => {
      await tx
        .insert(memberships)
        .values({ companyId: acmeId, userId: me.me.user.id, role: 'member', createdAt: new Date().toISOString() })
    })
    const cookie = await portalCookie(h.app, member, 'acme')
    expect((await portalGet(`${PORTAL}/`, cookie)).status).toBe(200)
    await h.db.write(async (tx) => {
      await tx.delete(memberships)
    })
    expect((await portalGet(`${PORTAL}/`, cookie)).status).toBe(302)
  })

  it('is refused when replayed', async () => {
    const handoff = await portalHandoffUrl(owner, 'acme')
    expect((await h.app.request(handoff.href)).status).toBe(302)
    const again = await h.app.request(handoff.href)
    expect(again.status).toBe(403)
    expect(again.headers.get('set-cookie')).toBeNull()
    expect(await again.text()).toContain('cannot be used')
  })

  it('is refused once expired (60 s)', async () => {
    const handoff = await portalHandoffUrl(owner, 'acme')
    h.clock.advance(61_000)
    const res = await h.app.request(handoff.href)
    expect(res.status).toBe(403)
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('is refused on another exocorp’s portal host, and when altered', async () => {
    const handoff = await portalHandoffUrl(owner, 'acme')
    const elsewhere = new URL(handoff.href.replace('acme.portal', 'beta.portal'))
    expect((await h.app.request(elsewhere.href)).status).toBe(403)
    const [payload, signature] = handoff.searchParams.get('token')!.split('.')
    const altered = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { e: number }
    altered.e += 3_600_000
    const forged = `${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`
    expect((await h.app.request(`${PORTAL}/__exocorp/handoff?token=${encodeURIComponent(forged)}`)).status).toBe(403)
    // The untouched one still works on its own host.
    expect((await h.app.request(handoff.href)).status).toBe(302)
  })

  it('never leads off the portal host after sign-in', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const handoff = await portalHandoffUrl(owner, 'acme', next)
      const res = await h.app.request(handoff.href)
      expect(res.headers.get('location'), next).toBe('/')
    }
  })
})

describe('the portal session', () => {
  it('is valid on its own exocorp’s host only', async () => {
    const cookie = await portalCookie(h.app, owner, 'acme')
    // The owner owns beta too, but acme's cookie does not sign anyone in there.
    expect((await portalGet('http://beta.portal.localhost:8080/', cookie)).status).toBe(302)
    expect((await portalGet(`${PORTAL}/`, cookie)).status).toBe(200)
  })

  it('leads back to the console', async () => {
    const cookie = await portalCookie(h.app, owner, 'acme')
    const res = await portalGet(`${PORTAL}/__exocorp/console`, cookie)
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(`${CONSOLE}/company/${acmeId}`)
    expect((await portalGet(`${PORTAL}/__exocorp/console`)).headers.get('location')).toBe(`${CONSOLE}/dashboard`)
  })

  it('ends when the console session ends (sign-out) or expires', async () => {
    const cookie = await portalCookie(h.app, owner, 'acme')
    expect((await portalGet(`${PORTAL}/`, cookie)).status).toBe(200)
    expect((await owner.post('/api/auth/logout')).status).toBe(200)
    expect((await portalGet(`${PORTAL}/`, cookie)).status).toBe(302)

    await owner.post('/api/auth/login', { email: 'owner@example.com', password: 'correct horse battery' })
    const fresh = await portalCookie(h.app, owner, 'acme')
    expect((await portalGet(`${PORTAL}/`, fresh)).status).toBe(200)
    h.clock.advance(31 * 60_000) // the console's idle timeout
    expect((await portalGet(`${PORTAL}/`, fresh)).status).toBe(302)
  })
})
