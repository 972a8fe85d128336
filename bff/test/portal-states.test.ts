import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app'
import { portalTargetFor } from '../src/services/lifecycle/portal'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  provisionAndWait,
  settled,
  type LifecycleHarness,
} from './lifecycle-fixtures'
import { portalCookie } from './portal-fixtures'

// Finding 12 of the red-team report, end to end: a real runtime, the real lookup on the companies
// table, a real BFF on a loopback port.

let h: LifecycleHarness
let bff: ServerType
let port: number
let companyId: string

let portal: string

function get(host: string, pathname: string) {
  const headers: Record<string, string> = { host: `${host}:${port}` }
  // Decision 032: the portal needs the owner's portal session (its cookie is for that host only).
  if (host === 'northwind.portal.localhost') headers.cookie = portal
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

beforeAll(async () => {
  h = await makeLifecycleHarness()
  await ownerWithCredentials(h)
  const company = await createCompany(h.client, 'northwind', 'Northwind Traders')
  companyId = company.id
  const detail = await provisionAndWait(h.client, companyId)
  expect(detail.status).toBe('running')
  const app = createApp(h.deps, { portalLookup: (slug) => portalTargetFor(h.deps, slug) })
  bff = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => bff.once('listening', r))
  port = (bff.address() as AddressInfo).port
  portal = await portalCookie(app, h.client, 'northwind')
})

afterAll(async () => {
  await new Promise((r) => bff?.close(r))
  await h?.cleanup()
})

describe('portal states', () => {
  it('serves a running exocorp, but never its health endpoint', async () => {
    const portal = await get('northwind.portal.localhost', '/')
    expect(portal.status).toBe(200)
    expect(portal.body).toContain('Northwind Traders')
    const health = await get('northwind.portal.localhost', '/healthz')
    expect(health.status).toBe(404)
    expect(health.body).not.toContain(companyId)
  })

  it('sends a visitor without a portal session to sign in, whatever the exocorp’s state', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/', headers: { host: `northwind.portal.localhost:${port}` } },
        (r) => {
          r.resume()
          resolve(r.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(res).toBe(302)
  })

  it('answers 404 for a slug no exocorp has, and for malformed names under the portal base', async () => {
    for (const host of ['southwind.portal.localhost', 'a.northwind.portal.localhost', 'north_wind.portal.localhost']) {
      const res = await get(host, '/')
      expect(res.status, host).toBe(404)
      expect(res.body).toContain('No exocorp here')
      expect(res.body).not.toContain('Northwind Traders')
    }
  })

  it('shows a paused page once the exocorp is paused, and the portal again after resume', async () => {
    expect((await h.client.post(`/api/registry/companies/${companyId}/actions`, { action: 'pause' })).status).toBe(200)
    expect((await settled(h.client, companyId)).status).toBe('paused')
    const paused = await get('northwind.portal.localhost', '/')
    expect(paused.status).toBe(503)
    expect(paused.body).toContain('This exocorp is paused')
    expect(paused.body).not.toContain('Northwind Traders')

    expect((await h.client.post(`/api/registry/companies/${companyId}/actions`, { action: 'resume' })).status).toBe(200)
    expect((await settled(h.client, companyId)).status).toBe('running')
    expect((await get('northwind.app.localhost', '/')).status).toBe(200)
  })
})
