import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, describe, expect, it } from 'vitest'
import { createPolledLane, withPolledLane } from '../src/http/polled-lane'
import { setUserDisabled, setUserRole } from '../src/services/accounts/users'
import { makeHarness, type Harness } from './harness'

// Issue 11, decision 045: a poll of a view the browser already holds is answered before the router,
// over real HTTP — and only then. Every change of who may see what goes the full way on the very
// next request. On SQLite and PostgreSQL (project bff-pg).

const stops: Array<() => Promise<void>> = []
afterAll(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()))
})

/** The harness's app behind a real server with the lane in front, counting what reaches the router. */
async function served(h: Harness) {
  let routed = 0
  const server = serve({
    fetch: (req: Request, env: unknown) => {
      routed++
      return h.app.fetch(req, env)
    },
    hostname: '127.0.0.1',
    port: 0,
    createServer: withPolledLane(createPolledLane(h.deps)),
  })
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())))
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`
  stops.push(() => new Promise<void>((r) => server.close(() => r())))
  return { origin, routed: () => routed }
}

async function signUpOver(origin: string, email: string) {
  const res = await fetch(`${origin}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email, name: 'Poller', password: 'correct horse battery' }),
  })
  expect(res.status).toBe(201)
  const body = (await res.json()) as { me: { user: { id: string } } }
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, userId: body.me.user.id }
}

const get = (origin: string, path: string, headers: Record<string, string>) => fetch(`${origin}${path}`, { headers })

describe('the polled lane', () => {
  it('answers a repeated poll of a held view without the router: the same body, tag and headers', async () => {
    const h = await makeHarness()
    const srv = await served(h)
    const { cookie } = await signUpOver(srv.origin, 'first@example.com')
    const first = await get(srv.origin, '/api/auth/me', { cookie })
    expect(first.status).toBe(200)
    const body = await first.text()
    const tag = first.headers.get('etag')!
    const routedAfterFirst = srv.routed()

    const again = await get(srv.origin, '/api/auth/me', { cookie })
    expect(again.status).toBe(200)
    expect(await again.text()).toBe(body)
    expect(again.headers.get('etag')).toBe(tag)
    const notModified = await get(srv.origin, '/api/auth/me', { cookie, 'if-none-match': tag })
    expect(notModified.status).toBe(304)
    expect(notModified.headers.get('etag')).toBe(tag)
    expect(srv.routed()).toBe(routedAfterFirst)

    // The same headers as the router's answer (security headers, caching, type), a fresh request id.
    const names = (r: Response) => [...r.headers.keys()].filter((n) => !['date', 'connection', 'keep-alive'].includes(n)).sort()
    expect(names(again)).toEqual(names(first))
    expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'))
    expect(again.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'))
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'))
  })

  it('goes the full way on the very next poll after a role change or a disabled account', async () => {
    const h = await makeHarness()
    const srv = await served(h)
    await signUpOver(srv.origin, 'root@example.com') // the platform owner; the poller stays a user
    const { cookie, userId } = await signUpOver(srv.origin, 'poller@example.com')
    const held = await get(srv.origin, '/api/auth/me', { cookie })
    const tag = held.headers.get('etag')!
    await held.text()

    await setUserRole(h.deps, userId, 'admin')
    let routed = srv.routed()
    const promoted = await get(srv.origin, '/api/auth/me', { cookie, 'if-none-match': tag })
    expect(promoted.status).toBe(200)
    expect(((await promoted.json()) as { user: { role: string } }).user.role).toBe('admin')
    expect(srv.routed()).toBe(routed + 1)

    await setUserDisabled(h.deps, userId, true)
    routed = srv.routed()
    expect((await get(srv.origin, '/api/auth/me', { cookie })).status).toBe(401)
    expect(srv.routed()).toBe(routed + 1)
  })

  it('never answers a signed-out session, another session of the same person, or an agent', async () => {
    const h = await makeHarness()
    const srv = await served(h)
    const { cookie } = await signUpOver(srv.origin, 'first@example.com')
    await (await get(srv.origin, '/api/dashboard/summary', { cookie })).text()

    // A second device of the same person: its own first poll goes the full way.
    const login = await fetch(`${srv.origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: srv.origin },
      body: JSON.stringify({ email: 'first@example.com', password: 'correct horse battery' }),
    })
    const other = login.headers.get('set-cookie')!.split(';')[0]!
    let routed = srv.routed()
    expect((await get(srv.origin, '/api/dashboard/summary', { cookie: other })).status).toBe(200)
    expect(srv.routed()).toBe(routed + 1)

    const out = await fetch(`${srv.origin}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: srv.origin } })
    expect(out.status).toBe(200)
    routed = srv.routed()
    expect((await get(srv.origin, '/api/dashboard/summary', { cookie })).status).toBe(401)
    expect(srv.routed()).toBe(routed + 1)
    // The other device is still signed in, and still gets its answer.
    expect((await get(srv.origin, '/api/dashboard/summary', { cookie: other })).status).toBe(200)

    // A bearer token's reads are audited on the full path: never taken by the lane.
    routed = srv.routed()
    for (let i = 0; i < 3; i++) {
      expect(
        (await get(srv.origin, '/api/dashboard/summary', { cookie: other, authorization: 'Bearer exo_oc_nope' })).status,
      ).toBe(401)
    }
    expect(srv.routed()).toBe(routed + 3)
  })
})
