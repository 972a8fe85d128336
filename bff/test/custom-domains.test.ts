import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app'
import { adminNotifications } from '../src/db/schema/admin-notifications'
import { customDomains } from '../src/db/schema/domains'
import { auditEvents } from '../src/db/schema/audit'
import { activeDomainIndex, recheckDueDomains } from '../src/services/domains/custom-domains'
import { portalTargetFor } from '../src/services/lifecycle/portal'
import { startDnsServer } from './dns-server'
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

// Custom domains (issue 18 item 4) against a real DNS server on loopback (dns2 over UDP), a real
// runtime and a real BFF on a loopback port: the platform's resolver asks over the wire.

let h: LifecycleHarness
let dns: Awaited<ReturnType<typeof startDnsServer>>
let bff: ServerType
let port: number
let companyId: string

const DOMAIN = 'agents.example.com'
const CHALLENGE = `_exocorp-challenge.${DOMAIN}`

/** A request to the BFF as a browser sends it to `host` (DNS having pointed that name here). */
function visit(host: string, pathname = '/') {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers: { host: `${host}:${port}` } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const path = (suffix = '') => `/api/registry/companies/${companyId}/domains${suffix}`
const check = async (id: string) => {
  const res = await h.client.post(path(`/${id}/check`))
  expect(res.status, res.text).toBe(200)
  return res.json
}

beforeAll(async () => {
  dns = await startDnsServer()
  h = await makeLifecycleHarness({ env: { EXOCORP_DNS_SERVERS: dns.address } })
  await ownerWithCredentials(h)
  const company = await createCompany(h.client, 'northwind', 'Northwind Traders')
  companyId = company.id
  expect((await provisionAndWait(h.client, companyId)).status).toBe('running')
  const app = createApp(h.deps, {
    portalLookup: (slug) => portalTargetFor(h.deps, slug),
    customDomains: activeDomainIndex(h.deps),
  })
  bff = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => bff.once('listening', r))
  port = (bff.address() as AddressInfo).port
})

afterAll(async () => {
  await new Promise((r) => bff?.close(r))
  await h?.cleanup()
  await dns?.close()
})

describe('custom domains against a real DNS server', () => {
  it('pending without the TXT record, failed on a wrong token, verified and active with the right one; then served', async () => {
    const added = await h.client.post(path(), { domain: '  Agents.Example.com ' })
    expect(added.status, added.text).toBe(201)
    const d = added.json
    expect(d).toMatchObject({ domain: DOMAIN, state: 'pending', challenge: { name: CHALLENGE, type: 'TXT' } })
    expect(d.challenge.value).toMatch(/^exo_dns_[\w-]{40,}$/)
    expect(d.routing.cnameTarget).toBe('northwind.app.localhost')

    // Nothing in DNS yet.
    expect(await check(d.id)).toMatchObject({ state: 'pending', reason: `No TXT record at ${CHALLENGE} yet` })
    expect(dns.queries).toContain(`${CHALLENGE} 16`)
    expect((await visit(DOMAIN)).status).toBe(421)

    // Someone else's token.
    dns.zone.set(CHALLENGE, { txt: ['exo_dns_not-this-one'] })
    const wrong = await check(d.id)
    expect(wrong.state).toBe('failed')
    expect(wrong.reason).toContain('does not hold this domain')
    expect(wrong.reason).toContain('exo_dns_not-this-one')

    // The right token, but the name does not route here yet; then routes elsewhere.
    dns.zone.set(CHALLENGE, { txt: ['v=spf1 -all', d.challenge.value] })
    expect(await check(d.id)).toMatchObject({ state: 'pending', reason: expect.stringContaining('has no CNAME or A record yet') })
    dns.zone.set(DOMAIN, { cname: 'elsewhere.example.net' })
    expect(await check(d.id)).toMatchObject({
      state: 'failed',
      reason: `${DOMAIN} is a CNAME to elsewhere.example.net, not to northwind.app.localhost`,
    })

    // Right, while the exocorp is paused: verified, but not cut over until its health check passes.
    expect((await h.client.post(`/api/registry/companies/${companyId}/actions`, { action: 'pause' })).status).toBeLessThan(300)
    expect((await settled(h.client, companyId)).status).toBe('paused')
    dns.zone.set(DOMAIN, { cname: 'northwind.app.localhost' })
    const verified = await check(d.id)
    expect(verified).toMatchObject({
      state: 'verified',
      activatedAt: null,
      reason: expect.stringContaining('running and healthy'),
    })
    expect(verified.verifiedAt).not.toBeNull()
    expect((await visit(DOMAIN)).status).toBe(421)
    expect((await h.client.post(`/api/registry/companies/${companyId}/actions`, { action: 'resume' })).status).toBeLessThan(300)
    expect((await settled(h.client, companyId)).status).toBe('running')
    await h.host.monitor.probeAll()
    const active = await check(d.id)
    expect(active).toMatchObject({ state: 'active', reason: null })
    expect(active.activatedAt).not.toBeNull()

    // The exocorp's public app answers on the custom domain, through the runtime.
    const served = await visit(DOMAIN)
    expect(served.status).toBe(200)
    expect(served.body).toContain('Northwind Traders')
    // Only the app surface: the runtime's health endpoint (which names internals) is not reachable.
    expect((await visit(DOMAIN, '/healthz')).body).not.toContain(companyId)
    // The console itself is not served there.
    expect((await visit(DOMAIN, '/api/health')).body).not.toContain('"ok":true')

    const actions = (await h.db.select().from(auditEvents)).filter((r) => r.action.startsWith('domain.')).map((r) => r.action)
    expect(actions.filter((a) => a === 'domain.added')).toHaveLength(1)
    expect(actions.filter((a) => a === 'domain.checked')).toHaveLength(6)
  })

  it('a periodic re-check flips an active domain back when its record is removed, and tells the owner and the admins', async () => {
    const [row] = await h.db.select().from(customDomains).where(eq(customDomains.domain, DOMAIN))
    expect(row!.state).toBe('active')

    // A resolver that stops answering changes nothing: a hiccup must not take a live domain down.
    const saved = dns.zone.get(CHALLENGE)!
    h.clock.advance(60_000)
    dns.zone.delete(CHALLENGE)
    h.clock.advance(10 * 60_000)
    expect(await recheckDueDomains(h.deps, 5 * 60_000)).toBe(1)
    const [after] = await h.db.select().from(customDomains).where(eq(customDomains.domain, DOMAIN))
    expect(after).toMatchObject({ state: 'pending', reason: `Record removed: No TXT record at ${CHALLENGE} yet` })
    expect(after!.activatedAt).toBeNull()
    expect((await visit(DOMAIN)).status).toBe(421)

    const notices = (await h.client.get('/api/account/notifications')).json.items
    expect(notices[0]).toMatchObject({ kind: 'custom_domain', companyId })
    expect(notices[0].title).toBe(
      `${DOMAIN} no longer serves Northwind Traders: Record removed: No TXT record at ${CHALLENGE} yet`,
    )
    const admin = await h.db.select().from(adminNotifications)
    expect(admin.map((n) => n.title)).toEqual([`${DOMAIN} stopped serving Northwind Traders`])
    // Decision 063: the title's key and facts (the detail, the check's reason, is not keyed).
    expect(admin.map((n) => [n.messageKey, JSON.parse(n.messageParams ?? 'null')])).toEqual([
      ['domain_stopped', { domain: DOMAIN, exocorp: 'Northwind Traders' }],
    ])

    // Not due again yet: the re-check leaves it alone.
    expect(await recheckDueDomains(h.deps, 5 * 60_000)).toBe(0)
    // Put back, checked on demand: live again.
    dns.zone.set(CHALLENGE, saved)
    expect((await check(row!.id)).state).toBe('active')
    expect((await visit(DOMAIN)).status).toBe(200)
  })

  it('keeps an active domain when the DNS server does not answer', async () => {
    const [row] = await h.db.select().from(customDomains).where(eq(customDomains.domain, DOMAIN))
    // The server stops: its port refuses (the resolver reports an error, not an answer).
    await dns.close()
    const res = await h.client.post(path(`/${row!.id}/check`))
    expect(res.status).toBe(200)
    expect(res.json.state).toBe('active')
    expect((await visit(DOMAIN)).status).toBe(200)
  })
})

describe('custom domains: who may, and bad input', () => {
  it('owners only: a member is refused, another tenant and anonymous learn nothing', async () => {
    const member = new TestClient(h.app)
    await signUp(member, 'member@example.com')
    const invite = await h.client.post(`/api/registry/companies/${companyId}/invitations`, {
      email: 'member@example.com',
      role: 'member',
    })
    expect(invite.status, invite.text).toBe(201)
    const token = String(invite.json.inviteUrl).split('/').pop()
    expect((await member.post('/api/invitations/accept', { token })).status).toBeLessThan(300)
    const stranger = new TestClient(h.app)
    await signUp(stranger, 'stranger@example.com')
    const anonymous = new TestClient(h.app)
    const [row] = await h.db.select().from(customDomains)
    const before = await h.db.select().from(customDomains)
    for (const [client, status] of [
      [member, 403],
      [stranger, 404],
      [anonymous, 401],
    ] as const) {
      expect((await client.get(path())).status).toBe(status)
      expect((await client.post(path(), { domain: 'other.example.org' })).status).toBe(status)
      expect((await client.post(path(`/${row!.id}/check`))).status).toBe(status)
      expect((await client.request('DELETE', path(`/${row!.id}`))).status).toBe(status)
    }
    expect(await h.db.select().from(customDomains)).toEqual(before)
  })

  it('refuses bad input with field errors and writes nothing', async () => {
    const before = await h.db.select().from(customDomains)
    for (const domain of [
      'localhost',
      'example',
      'http://example.com',
      'example.com:443',
      '*.example.com',
      '1.2.3.4',
      'a..example.com',
      '-a.example.com',
      'shop.test',
      'x'.repeat(300) + '.com',
    ]) {
      const res = await h.client.post(path(), { domain })
      expect({ domain, status: res.status }).toEqual({ domain, status: 400 })
      expect(res.json.error.details.fields.domain).toBeDefined()
    }
    expect((await h.client.post(path(), { domain: 'ok.example.com', extra: 1 })).status).toBe(400)
    // Taken, by this exocorp or any other: the same answer.
    const taken = await h.client.post(path(), { domain: DOMAIN })
    expect(taken.status).toBe(400)
    expect(taken.json.error.details.fields.domain).toEqual(['This domain is already added to an exocorp'])
    expect((await h.client.post(path('/no-such-domain/check'))).status).toBe(404)
    expect((await h.client.post(path('/bad%20id/check'))).status).toBe(400)
    expect(await h.db.select().from(customDomains)).toEqual(before)
  })

  it('removing a domain stops serving it at once', async () => {
    const [row] = await h.db.select().from(customDomains).where(eq(customDomains.domain, DOMAIN))
    const res = await h.client.request('DELETE', path(`/${row!.id}`))
    expect(res.status).toBe(200)
    expect(res.json.items).toEqual([])
    expect((await visit(DOMAIN)).status).toBe(421)
  })
})
