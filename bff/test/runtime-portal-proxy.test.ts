import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalDriver } from '../src/runtime/local/local-driver'
import type { RuntimeDriver } from '../src/runtime/driver'
import { makeHarness, signUp } from './harness'
import { createCompany } from './lifecycle-fixtures'
import { portalCookie } from './portal-fixtures'

// The BFF and the runtime both listen on real loopback ports; requests carry real Host headers.

let dataDir: string
let driver: RuntimeDriver
let bff: ServerType
let bffPort: number
let echo: Server
let echoEndpoint: string
const echoed: IncomingHttpHeaders[] = []
/** slug → endpoint, as the lifecycle engine will answer from the companies table. */
const endpoints = new Map<string, string>()

/** slug → the owner's portal cookie for `<slug>.portal.localhost` (decision 032). */
const portalCookies = new Map<string, string>()

function httpGet(host: string, pathname: string, headers: Record<string, string> = {}, method = 'GET') {
  const signedIn = portalCookies.get(/^([^.]+)\.portal\.localhost:/.exec(host)?.[1] ?? '')
  if (signedIn) headers = { ...headers, cookie: [signedIn, headers.cookie].filter(Boolean).join('; ') }
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bffPort, path: pathname, method, headers: { host, ...headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'exocorp-proxy-'))
  driver = createLocalDriver({ dataDir })
  const handle = await driver.start({
    companyId: 'co_acme',
    slug: 'acme',
    name: 'Acme & Sons',
    version: '2.0.1',
    manifestYaml: 'company: acme\n',
    agents: [{ name: 'Grace', role: 'ceo', model: 'gpt-4.1' }],
    usageReportUrl: 'http://127.0.0.1:9/usage',
    usageToken: 'usage-token',
  })
  endpoints.set('acme', handle.endpoint)

  // Stands in for a runtime that shows what reached it.
  echo = createServer((req, res) => {
    echoed.push(req.headers)
    res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': 'tenant=1; Domain=portal.localhost; Path=/' })
    res.end(`echo ${req.url}`)
  })
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r))
  echoEndpoint = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`
  endpoints.set('echo', echoEndpoint)

  const { app, client } = await makeHarness(
    {},
    {
      portalLookup: (slug) => {
        if (slug === 'paused-co') return { state: 'paused' }
        const endpoint = endpoints.get(slug)
        return endpoint ? { state: 'running', endpoint } : null
      },
    },
  )
  // The owner of these exocorps, signed in to each portal host through the console's hand-off.
  await signUp(client, 'owner@example.com')
  for (const slug of ['acme', 'echo', 'paused-co']) {
    await createCompany(client, slug, slug, [])
    portalCookies.set(slug, await portalCookie(app, client, slug))
  }
  bff = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => bff.once('listening', r))
  bffPort = (bff.address() as AddressInfo).port
})

afterAll(async () => {
  await driver?.shutdownAll()
  await new Promise((r) => bff?.close(r))
  await new Promise((r) => echo?.close(r))
  rmSync(dataDir, { recursive: true, force: true })
})

describe('portal proxy for *.localhost exocorp hosts', () => {
  it('serves the real operator portal at <slug>.portal.localhost', async () => {
    const res = await httpGet(`acme.portal.localhost:${bffPort}`, '/')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.body).toContain('Acme &amp; Sons')
    expect(res.body).toContain('2.0.1')
    expect(res.body).toContain('Grace')
    expect(res.body).not.toContain('127.0.0.1')
    // No inline or foreign script can run on the proxied portal page.
    const csp = res.headers['content-security-policy'] as string
    expect(csp).toMatch(/default-src '(none|self)'/)
    expect(csp).not.toMatch(/script-src[^;]*('unsafe-inline'|'unsafe-eval'|\*)/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    // …and the platform's baseline headers still apply.
    expect(res.headers['x-frame-options']).toBeDefined()
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('serves the exocorp app at <slug>.app.localhost', async () => {
    const res = await httpGet(`acme.app.localhost:${bffPort}`, '/')
    expect(res.status).toBe(200)
    expect(res.body).toContain('public app')
    expect(res.body).toContain('Acme &amp; Sons')
  })

  it('answers HEAD without a body', async () => {
    const res = await httpGet(`acme.portal.localhost:${bffPort}`, '/', {}, 'HEAD')
    expect(res.status).toBe(200)
    expect(res.body).toBe('')
  })

  it('answers a friendly 502 page for an exocorp that is not running', async () => {
    // The database still names an endpoint, but nothing listens there any more.
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    endpoints.set('stopped', `http://127.0.0.1:${(closed.address() as AddressInfo).port}`)
    await new Promise((r) => closed.close(r))
    const stopped = await httpGet(`stopped.app.localhost:${bffPort}`, '/')
    expect(stopped.status).toBe(502)
    expect(stopped.body).toContain('This exocorp is not running')
  })

  it('forwards neither the platform session cookie nor Authorization, and passes back no Set-Cookie', async () => {
    echoed.length = 0
    const res = await httpGet(`echo.portal.localhost:${bffPort}`, '/agents?x=1', {
      cookie: 'exo_session=secret-session-token',
      authorization: 'Bearer secret-operator-token',
      'accept-language': 'fr',
    })
    expect(res.status).toBe(200)
    expect(res.body).toBe('echo /agents?x=1')
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(echoed).toHaveLength(1)
    const seen = echoed[0]!
    expect(seen.cookie).toBeUndefined()
    expect(seen.authorization).toBeUndefined()
    expect(JSON.stringify(seen)).not.toContain('secret')
    expect(seen['accept-language']).toBe('fr')
    expect(seen['x-forwarded-host']).toBe(`echo.portal.localhost:${bffPort}`)
  })

  it('refuses methods other than GET and HEAD without reaching the runtime', async () => {
    echoed.length = 0
    const res = await httpGet(`echo.portal.localhost:${bffPort}`, '/control/pause', {}, 'POST')
    expect(res.status).toBe(405)
    expect(echoed).toHaveLength(0)
  })

  it('lets the platform host through to the platform', async () => {
    const platform = await httpGet(`localhost:${bffPort}`, '/api/health')
    expect(platform.status).toBe(200)
    expect(JSON.parse(platform.body)).toEqual({ ok: true })

    // The bare base is no host we answer to.
    const bare = await httpGet(`portal.localhost:${bffPort}`, '/api/health')
    expect(bare.status).toBe(421)
  })

  // Finding 12 of the red-team report: internals through the portal, paused exocorps still served,
  // odd hosts falling through to the console app.
  it('does not proxy the runtime health and control endpoints', async () => {
    for (const pathname of [
      '/healthz',
      '//healthz',
      '/./healthz',
      '/x/../healthz',
      '/control',
      '/control/pause',
      '//control/adopt',
    ]) {
      echoed.length = 0
      const echo = await httpGet(`echo.portal.localhost:${bffPort}`, pathname)
      expect(echo.status, pathname).toBe(404)
      expect(echoed, pathname).toHaveLength(0)
    }
    // Against the real runtime: nothing of its health body comes through.
    const health = await httpGet(`acme.portal.localhost:${bffPort}`, '/healthz')
    expect(health.status).toBe(404)
    expect(health.body).not.toContain('co_acme')
    expect(health.body).not.toContain('paused')
  })

  it('shows a paused page for a paused exocorp instead of its portal', async () => {
    for (const host of [`paused-co.portal.localhost:${bffPort}`, `paused-co.app.localhost:${bffPort}`]) {
      const res = await httpGet(host, '/')
      expect(res.status).toBe(503)
      expect(res.headers['content-type']).toMatch(/text\/html/)
      expect(res.body).toContain('This exocorp is paused')
      expect(res.body).toContain('paused-co')
    }
  })

  it('answers 404, not the console, for unknown exocorps and malformed exocorp hosts', async () => {
    for (const host of [
      'nobody.portal.localhost',
      'a.acme.portal.localhost',
      'north_wind.portal.localhost',
      '-bad.app.localhost',
      'a.b.app.localhost',
    ]) {
      for (const pathname of ['/', '/api/health', '/SKILL.md']) {
        const res = await httpGet(`${host}:${bffPort}`, pathname)
        expect(res.status, `${host}${pathname}`).toBe(404)
        expect(res.headers['content-type'], `${host}${pathname}`).toMatch(/text\/html/)
        expect(res.body).toContain('No exocorp here')
        expect(res.body).not.toContain('"ok":true')
      }
    }
  })
})
