import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { WebhookPayloadSchema, webhookRetryDelayMs } from '@exocorp/shared/webhooks'
import { billingAccounts } from '../src/db/schema/billing'
import { jobs } from '../src/db/schema/companies'
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from '../src/db/schema/webhooks'
import { claimDueDeliveries, pruneWebhookDeliveries, runWebhookRound } from '../src/services/webhooks/dispatch'
import { addMembership, auditRows, insertCompany, newUser, setCompany } from './catalog-helpers'
import { startDnsServer } from './dns-server'
import { makeHarness, signUp, type Harness, TestClient } from './harness'

// Outgoing webhooks (issue 18 item 2, decision 046) on both databases: a real receiving HTTP server
// verifies the Standard Webhooks signatures; retries run on the harness's hand-moved clock (no
// sleeping), the SSRF rule is asked through a real DNS server on loopback.

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** A receiver on a loopback port; `answer(n)` decides the status of the n-th request (1-based). */
async function startReceiver() {
  const received: Received[] = []
  let answer = (_n: number) => 200
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      const status = answer(received.length)
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(status < 300 ? 'ok' : `nope ${'x'.repeat(5000)}`)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    received,
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    respond(fn: (n: number) => number) {
      answer = fn
    },
    close: () => new Promise((r) => server.close(r)),
  }
}

const headersOf = (r: Received) => ({
  'webhook-id': String(r.headers['webhook-id']),
  'webhook-timestamp': String(r.headers['webhook-timestamp']),
  'webhook-signature': String(r.headers['webhook-signature']),
})

/** The spec's check by hand (no timestamp window: the tests move the clock through days). */
function signedBy(secret: string, r: Received): boolean {
  const h = headersOf(r)
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = createHmac('sha256', key).update(`${h['webhook-id']}.${h['webhook-timestamp']}.${r.body}`).digest('base64')
  return h['webhook-signature'].split(' ').includes(`v1,${expected}`)
}

let h: Harness
let dns: Awaited<ReturnType<typeof startDnsServer>>
let rx: Awaited<ReturnType<typeof startReceiver>>
let owner: Awaited<ReturnType<typeof newUser>>
let member: Awaited<ReturnType<typeof newUser>>
let other: Awaited<ReturnType<typeof newUser>>
let companyId: string
let othersCompanyId: string

const fixed = { random: () => 0.5 }
const round = () => runWebhookRound(h.deps, fixed)

async function create(client: TestClient, body: Record<string, unknown>) {
  return client.post('/api/webhooks', { eventTypes: ['exocorp.status_changed'], ...body })
}

async function createdOk(body: Record<string, unknown>) {
  const res = await create(owner.client, { url: rx.url, ...body })
  expect(res.status, res.text).toBe(201)
  return res.json as { endpoint: { id: string }; secret: string }
}

async function deliveriesOf(endpointId: string) {
  return h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId))
}

beforeAll(async () => {
  dns = await startDnsServer()
  // Sessions outlive the days the retry tests move the clock through.
  h = await makeHarness({
    EXOCORP_DNS_SERVERS: dns.address,
    EXOCORP_WEBHOOK_TIMEOUT_MS: '5000',
    EXOCORP_SESSION_IDLE_MINUTES: '50000',
    EXOCORP_SESSION_ABSOLUTE_HOURS: '5000',
  })
  // Real time at first: the package checks signatures against it (5-minute window), in the first test.
  h.clock.set(new Date())
  rx = await startReceiver()
  owner = await newUser(h, 'owner@example.com')
  member = await newUser(h, 'member@example.com')
  other = await newUser(h, 'other@example.com')
  companyId = (await insertCompany(h, owner.id, { slug: 'northwind', status: 'stopped' })).id
  await addMembership(h, companyId, member.id)
  othersCompanyId = (await insertCompany(h, other.id, { slug: 'elsewhere', status: 'stopped' })).id
})

afterAll(async () => {
  await rx?.close()
  await dns?.close()
})

beforeEach(async () => {
  // Each test starts with no endpoints, an empty queue and a receiver that answers 200.
  await h.db.write(async (tx) => void (await tx.delete(webhookEndpoints)))
  await round()
  rx.received.length = 0
  rx.respond(() => 200)
})

describe('outgoing webhooks', () => {
  it('delivers an owner’s exocorp events signed the Standard Webhooks way, and nothing about other exocorps', async () => {
    const { endpoint, secret } = await createdOk({
      eventTypes: ['exocorp.status_changed', 'exocorp.unreachable', 'billing.state_changed'],
    })
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/)
    expect(endpoint).toMatchObject({ url: rx.url, state: 'enabled', exocorpIds: null })
    // The secret is shown once: never in a later read.
    expect((await owner.client.get('/api/webhooks')).text).not.toContain(secret.slice(6))

    // The member hears nothing about the exocorp they only belong to.
    const memberHook = await create(member.client, { url: rx.url })
    expect(memberHook.status).toBe(201)

    await setCompany(h, companyId, { status: 'running', health: 'healthy' })
    await setCompany(h, companyId, { health: 'unreachable' })
    await setCompany(h, othersCompanyId, { status: 'running', health: 'healthy' })
    await h.db.write(async (tx) => {
      await tx.update(billingAccounts).set({ state: 'grace' }).where(eq(billingAccounts.ownerUserId, owner.id))
    })
    expect(await round()).toMatchObject({ queued: 3, sent: 3 })

    expect(rx.received).toHaveLength(3)
    const wh = new Webhook(secret)
    const bodies = rx.received.map((r) => wh.verify(r.body, headersOf(r)) as { type: string; data: Record<string, unknown> })
    expect(bodies.map((b) => b.type).sort()).toEqual(['billing.state_changed', 'exocorp.status_changed', 'exocorp.unreachable'])
    // Every body is what the contract says a receiver gets.
    for (const b of bodies) expect(WebhookPayloadSchema.safeParse(b).success, JSON.stringify(b)).toBe(true)
    expect(bodies.find((b) => b.type === 'exocorp.status_changed')!.data).toMatchObject({
      exocorp: { id: companyId, slug: 'northwind' },
      status: 'running',
      previousStatus: 'stopped',
    })
    expect(bodies.find((b) => b.type === 'billing.state_changed')!.data).toEqual({ state: 'grace', previousState: 'current' })
    for (const r of rx.received) {
      expect(r.headers['webhook-id']).toMatch(/^msg_[a-f0-9]{32}$/)
      expect(r.headers['content-type']).toBe('application/json')
      // A wrong secret does not verify.
      expect(() => new Webhook(`whsec_${Buffer.from('x'.repeat(24)).toString('base64')}`).verify(r.body, headersOf(r))).toThrow()
    }
    // The delivery log shows what was sent and answered.
    const log = await owner.client.get(`/api/webhooks/${endpoint.id}/deliveries`)
    expect(log.status).toBe(200)
    expect(log.json.items).toHaveLength(3)
    expect(log.json.items.every((d: { state: string }) => d.state === 'succeeded')).toBe(true)
    const detail = await owner.client.get(`/api/webhooks/${endpoint.id}/deliveries/${log.json.items[0].id}`)
    expect(detail.json.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        status: 200,
        responseBody: 'ok',
        requestHeaders: expect.objectContaining({ 'webhook-id': log.json.items[0].id }),
      }),
    ])
    // Another round sends nothing again.
    expect(await round()).toEqual({ queued: 0, sent: 0 })
    expect(rx.received).toHaveLength(3)
  })

  it('retries a receiver that fails 5 times with growing backoff, and it gets the event exactly once', async () => {
    const { endpoint, secret } = await createdOk({ eventTypes: ['exocorp.status_changed'], exocorpIds: [companyId] })
    rx.respond((n) => (n <= 5 ? 503 : 200))
    await setCompany(h, companyId, { status: 'paused' })
    await round()
    expect(rx.received).toHaveLength(1)

    const gaps: number[] = []
    for (let failure = 1; failure <= 5; failure++) {
      const [d] = await deliveriesOf(endpoint.id)
      expect(d).toMatchObject({ state: 'pending', attempts: failure, lastStatus: 503 })
      const wait = new Date(d!.nextAttemptAt!).getTime() - h.clock.now().getTime()
      expect(wait).toBe(webhookRetryDelayMs(failure, 0.5))
      gaps.push(wait)
      // Not a moment early…
      h.clock.advance(wait - 1000)
      await round()
      expect(rx.received).toHaveLength(failure)
      // …and on time.
      h.clock.advance(1000)
      await round()
      expect(rx.received).toHaveLength(failure + 1)
    }
    expect(gaps).toEqual([...gaps].sort((a, b) => a - b))
    expect(gaps[4]! / gaps[0]!).toBe(16)

    const [done] = await deliveriesOf(endpoint.id)
    expect(done).toMatchObject({ state: 'succeeded', attempts: 6, lastStatus: 200, nextAttemptAt: null })
    // The same message each time (receivers dedupe on webhook-id), each attempt signed.
    expect(new Set(rx.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([done!.id]))
    expect(rx.received.every((r) => signedBy(secret, r))).toBe(true)
    // A day later nothing more has come.
    h.clock.advance(24 * 3600_000)
    await round()
    expect(rx.received).toHaveLength(6)
    const attempts = await h.db.select().from(webhookAttempts).where(eq(webhookAttempts.deliveryId, done!.id))
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 503, 503, 503, 200])
    // Response bodies are kept truncated.
    expect(attempts[0]!.responseBody!.length).toBeLessThanOrEqual(2048)
    expect((await owner.client.get('/api/webhooks')).json.items[0]).toMatchObject({ failingSince: null, state: 'enabled' })
  })

  it('disables an endpoint that fails for 24 hours and tells its owner; resend works once it is enabled again', async () => {
    const { endpoint } = await createdOk({ eventTypes: ['exocorp.status_changed'] })
    rx.respond(() => 500)
    await setCompany(h, companyId, { status: 'running' })
    const started = h.clock.now().getTime()
    await round()
    for (let i = 0; i < 40; i++) {
      const [d] = await deliveriesOf(endpoint.id)
      if (d!.state !== 'pending') break
      h.clock.set(d!.nextAttemptAt!)
      await round()
    }
    const [failed] = await deliveriesOf(endpoint.id)
    expect(failed!.state).toBe('failed')
    expect(h.clock.now().getTime() - started).toBeLessThanOrEqual(24 * 3600_000)
    expect(failed!.attempts).toBeGreaterThanOrEqual(10)
    const hook = (await owner.client.get(`/api/webhooks/${endpoint.id}`)).json
    expect(hook.state).toBe('disabled')
    expect(hook.disabledReason).toContain('24 hours')
    const bell = await owner.client.get('/api/account/notifications')
    expect(bell.json.items[0]).toMatchObject({ kind: 'webhook_disabled', title: expect.stringContaining('127.0.0.1') })
    expect(bell.json.unreadCount).toBeGreaterThan(0)

    // Resend needs the endpoint enabled; then it goes once more, and is delivered.
    const path = `/api/webhooks/${endpoint.id}/deliveries/${failed!.id}/resend`
    expect((await owner.client.post(path)).json.error.details.reason).toBe('endpoint_disabled')
    const enabled = await owner.client.request('PATCH', `/api/webhooks/${endpoint.id}`, { enabled: true })
    expect(enabled.json).toMatchObject({ state: 'enabled', disabledReason: null, failingSince: null })
    rx.respond(() => 200)
    const before = rx.received.length
    const resent = await owner.client.post(path)
    expect(resent.status, resent.text).toBe(200)
    expect(resent.json).toMatchObject({ id: failed!.id, state: 'pending' })
    await round()
    expect(rx.received).toHaveLength(before + 1)
    expect(rx.received.at(-1)!.headers['webhook-id']).toBe(failed!.id)
    expect((await deliveriesOf(endpoint.id))[0]).toMatchObject({ state: 'succeeded' })
    expect((await auditRows(h, 'webhook.delivery_resent')).map((r) => r.outcome)).toEqual(['failed', 'succeeded'])
  })

  it('signs with both secrets during a rotation’s overlap, and with the new one only after it', async () => {
    const { endpoint, secret: oldSecret } = await createdOk({ eventTypes: ['exocorp.status_changed'] })
    const rotated = await owner.client.post(`/api/webhooks/${endpoint.id}/rotate-secret`, { overlapMinutes: 60 })
    expect(rotated.status, rotated.text).toBe(200)
    const newSecret: string = rotated.json.secret
    expect(newSecret).not.toBe(oldSecret)
    expect(rotated.json.endpoint.previousSecretExpiresAt).toBe(new Date(h.clock.now().getTime() + 3600_000).toISOString())

    await setCompany(h, companyId, { status: 'stopped' })
    await round()
    const during = rx.received.at(-1)!
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2)
    expect(signedBy(oldSecret, during)).toBe(true)
    expect(signedBy(newSecret, during)).toBe(true)

    h.clock.advance(61 * 60_000)
    await setCompany(h, companyId, { status: 'running' })
    await round()
    const after = rx.received.at(-1)!
    expect(after).not.toBe(during)
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1)
    expect(signedBy(newSecret, after)).toBe(true)
    expect(signedBy(oldSecret, after)).toBe(false)
    expect((await owner.client.get(`/api/webhooks/${endpoint.id}`)).json.previousSecretExpiresAt).toBeNull()
    // The secret is never in the audit trail.
    const audit = await auditRows(h, 'webhook.secret_rotated')
    expect(JSON.stringify(audit)).not.toContain(newSecret.slice(6))
  })

  it('refuses private, link-local and metadata addresses with a 400 on url, and re-checks at delivery time', async () => {
    dns.zone.set('internal.example.com', { a: ['10.1.2.3'] })
    dns.zone.set('hooks.example.com', { a: ['127.0.0.1'] })
    const refused: Array<[string, string]> = [
      ['https://10.0.0.1/hook', 'a private address'],
      ['https://192.168.1.20/hook', 'a private address'],
      ['https://169.254.169.254/latest/meta-data', 'cloud metadata'],
      ['https://[fd00:ec2::254]/', 'unique local'],
      ['https://[::ffff:10.0.0.1]/', 'a private address'],
      ['https://internal.example.com/hook', 'resolves to 10.1.2.3'],
      ['https://nowhere.example.com/hook', 'does not resolve'],
    ]
    for (const [url, why] of refused) {
      const res = await create(owner.client, { url })
      expect(res.status, url).toBe(400)
      expect(res.json.error.details.fields.url[0], url).toContain(why)
    }
    expect(await h.db.select().from(webhookEndpoints)).toHaveLength(0)

    // Saved while the name pointed at loopback (allowed in test mode); then it moves to a private address.
    const ok = await create(owner.client, { url: `http://hooks.example.com:${rx.port}/in` })
    expect(ok.status, ok.text).toBe(201)
    dns.zone.set('hooks.example.com', { a: ['10.9.9.9'] })
    await setCompany(h, companyId, { status: 'stopped' })
    await round()
    expect(rx.received).toHaveLength(0)
    const [d] = await deliveriesOf(ok.json.endpoint.id)
    expect(d).toMatchObject({ state: 'pending', lastStatus: null })
    expect(d!.lastError).toContain('resolves to 10.9.9.9')
  })

  it('refuses loopback and plain http outside development mode', async () => {
    const prod = await makeHarness({ NODE_ENV: 'production', EXOCORP_DNS_SERVERS: dns.address })
    const client = new TestClient(prod.app)
    await signUp(client, 'prod@example.com')
    for (const url of ['http://127.0.0.1:9/hook', 'https://localhost/hook', 'https://[::1]/hook']) {
      const res = await client.post('/api/webhooks', { url, eventTypes: ['job.failed'] })
      expect(res.status, url).toBe(400)
      expect(res.json.error.details.fields.url[0], url).toContain('loopback')
    }
  })

  it('lets only owners subscribe to an exocorp; another tenant’s endpoints are 404; anonymous callers 401', async () => {
    const mine = await createdOk({ exocorpIds: [companyId] })
    const anonymous = new TestClient(h.app)
    const id = mine.endpoint.id
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/webhooks'],
      ['POST', '/api/webhooks', { url: rx.url, eventTypes: ['job.failed'] }],
      ['GET', `/api/webhooks/${id}`],
      ['PATCH', `/api/webhooks/${id}`, { description: 'x' }],
      ['DELETE', `/api/webhooks/${id}`],
      ['POST', `/api/webhooks/${id}/rotate-secret`, {}],
      ['GET', `/api/webhooks/${id}/deliveries`],
      ['GET', `/api/webhooks/${id}/deliveries/msg_x`],
      ['POST', `/api/webhooks/${id}/deliveries/msg_x/resend`, {}],
    ]
    for (const [method, path, body] of routes) {
      expect((await anonymous.request(method, path, body)).status, `${method} ${path}`).toBe(401)
      if (path === '/api/webhooks') continue
      // Someone else's endpoint is the same 404 as none.
      expect((await other.client.request(method, path, body)).status, `${method} ${path}`).toBe(404)
      expect((await member.client.request(method, path, body)).status, `${method} ${path}`).toBe(404)
    }
    // A member may not subscribe to the exocorp they belong to; another tenant's exocorp is 404.
    expect((await create(member.client, { url: rx.url, exocorpIds: [companyId] })).status).toBe(403)
    expect((await create(owner.client, { url: rx.url, exocorpIds: [othersCompanyId] })).status).toBe(404)
    expect((await owner.client.request('PATCH', `/api/webhooks/${id}`, { exocorpIds: [othersCompanyId] })).status).toBe(404)
    expect((await member.client.get('/api/webhooks')).json.items).toEqual([])
    // Nothing of the above changed the owner's endpoint.
    expect((await owner.client.get(`/api/webhooks/${id}`)).json).toMatchObject({ exocorpIds: [companyId], description: '' })
    // The owner can do each.
    expect((await owner.client.request('PATCH', `/api/webhooks/${id}`, { description: 'CI' })).json.description).toBe('CI')
    expect((await owner.client.request('DELETE', `/api/webhooks/${id}`)).json.items).toEqual([])
  })

  it('answers bad input with 400 and field errors, writing nothing', async () => {
    const { endpoint } = await createdOk({})
    const before = JSON.stringify((await owner.client.get(`/api/webhooks/${endpoint.id}`)).json)
    const bad: Array<[string, string, unknown, string]> = [
      ['POST', '/api/webhooks', { url: 'ftp://example.com/x', eventTypes: ['job.failed'] }, 'url'],
      ['POST', '/api/webhooks', { url: 'https://user:pw@example.com/x', eventTypes: ['job.failed'] }, 'url'],
      ['POST', '/api/webhooks', { url: `https://example.com/${'a'.repeat(3000)}`, eventTypes: ['job.failed'] }, 'url'],
      ['POST', '/api/webhooks', { url: rx.url, eventTypes: [] }, 'eventTypes'],
      ['POST', '/api/webhooks', { url: rx.url, eventTypes: ['nope'] }, 'eventTypes.0'],
      ['POST', '/api/webhooks', { url: rx.url, eventTypes: ['job.failed', 'job.failed'] }, 'eventTypes'],
      ['POST', '/api/webhooks', { url: rx.url, eventTypes: ['job.failed'], exocorpIds: [] }, 'exocorpIds'],
      ['POST', '/api/webhooks', { url: rx.url, eventTypes: ['job.failed'], secret: 'mine' }, 'secret'],
      ['PATCH', `/api/webhooks/${endpoint.id}`, { enabled: 'yes' }, 'enabled'],
      ['PATCH', `/api/webhooks/${endpoint.id}`, { url: 'https://10.0.0.1/' }, 'url'],
      ['POST', `/api/webhooks/${endpoint.id}/rotate-secret`, { overlapMinutes: -1 }, 'overlapMinutes'],
      ['POST', `/api/webhooks/${endpoint.id}/rotate-secret`, { overlapMinutes: 99_999 }, 'overlapMinutes'],
    ]
    for (const [method, path, body, field] of bad) {
      const res = await owner.client.request(method, path, body)
      expect(res.status, `${method} ${path} ${JSON.stringify(body).slice(0, 80)}`).toBe(400)
      expect(Object.keys(res.json.error.details.fields), JSON.stringify(body).slice(0, 80)).toContain(field)
    }
    expect((await owner.client.request('POST', '/api/webhooks', '{"url":1,"__proto__":{"x":1}}')).status).toBe(400)
    expect((await owner.client.get(`/api/webhooks/${endpoint.id}/deliveries?state=bogus`)).status).toBe(400)
    expect((await owner.client.get(`/api/webhooks/${endpoint.id}/deliveries?cursor=bm9wZQ`)).status).toBe(400)
    expect(await h.db.select().from(webhookEndpoints)).toHaveLength(1)
    expect(JSON.stringify((await owner.client.get(`/api/webhooks/${endpoint.id}`)).json)).toBe(before)
    // Each refused write was audited as a failed attempt.
    expect((await auditRows(h, 'webhook.created')).filter((r) => r.outcome === 'failed').length).toBeGreaterThanOrEqual(9)
  })

  it('hands each due delivery to one sender when two claim at once (SKIP LOCKED on PostgreSQL)', async () => {
    const { endpoint } = await createdOk({ eventTypes: ['exocorp.status_changed'] })
    rx.respond(() => 500)
    const statuses = ['running', 'paused', 'running', 'paused', 'running', 'paused', 'running', 'stopped'] as const
    for (const status of statuses) await setCompany(h, companyId, { status })
    await runWebhookRound(h.deps, { ...fixed, maxBatches: 0 })
    expect(await deliveriesOf(endpoint.id)).toHaveLength(statuses.length)
    const [a, b] = await Promise.all([claimDueDeliveries(h.deps, 5), claimDueDeliveries(h.deps, 5)])
    const ids = [...a!, ...b!].map((d) => d.id)
    expect(ids).toHaveLength(statuses.length)
    expect(new Set(ids).size).toBe(statuses.length)
    // Claimed rows are not handed out again until their claim lapses.
    expect(await claimDueDeliveries(h.deps, 10)).toEqual([])
  })

  it('prunes settled deliveries after 30 days and keeps the ones still retrying', async () => {
    const { endpoint } = await createdOk({ eventTypes: ['exocorp.status_changed'] })
    await setCompany(h, companyId, { status: 'paused' })
    await round()
    rx.respond(() => 500)
    await setCompany(h, companyId, { status: 'running' })
    await round()
    const states = async () => (await deliveriesOf(endpoint.id)).map((d) => d.state).sort()
    expect(await states()).toEqual(['pending', 'succeeded'])
    h.clock.advance(29 * 24 * 3600_000)
    expect(await pruneWebhookDeliveries(h.deps)).toBe(0)
    h.clock.advance(2 * 24 * 3600_000)
    expect(await pruneWebhookDeliveries(h.deps)).toBe(1)
    expect(await states()).toEqual(['pending'])
    expect((await owner.client.get(`/api/webhooks/${endpoint.id}/deliveries`)).json.items).toHaveLength(1)
  })

  it('sends a job’s result once, however often its finished row is touched', async () => {
    const { secret } = await createdOk({ eventTypes: ['job.succeeded', 'job.failed'] })
    const now = h.clock.now().toISOString()
    const job = (id: string, action: 'provision' | 'restart') => ({
      id,
      companyId,
      action,
      status: 'running' as const,
      phases: '[]',
      attempts: 1,
      maxAttempts: 3,
      createdAt: now,
    })
    const start = (id: string, action: 'provision' | 'restart') =>
      h.db.write(async (tx) => void (await tx.insert(jobs).values(job(id, action))))
    const finish = (id: string, status: 'succeeded' | 'failed', phases = '[]') =>
      h.db.write(async (tx) => void (await tx.update(jobs).set({ status, phases }).where(eq(jobs.id, id))))
    // One job in flight per exocorp: each starts after the last ended.
    await start('job-ok', 'provision')
    await finish('job-ok', 'succeeded')
    await start('job-bad', 'restart')
    await finish('job-bad', 'failed')
    // A finished row touched again (its phases rewritten) writes another job.progress event: no second delivery.
    await finish('job-ok', 'succeeded', '[{"name":"validate"}]')
    await round()
    expect(rx.received).toHaveLength(2)
    const bodies = rx.received.map((r) => {
      expect(signedBy(secret, r)).toBe(true)
      return WebhookPayloadSchema.parse(JSON.parse(r.body))
    })
    expect(bodies.map((b) => [b.type, 'job' in b.data ? b.data.job : null]).sort()).toEqual([
      ['job.failed', { id: 'job-bad', action: 'restart', status: 'failed' }],
      ['job.succeeded', { id: 'job-ok', action: 'provision', status: 'succeeded' }],
    ])
  })
})

describe('send a test event (decision 056)', () => {
  it('sends a signed webhook.test through the normal path: in the log with request and response, and resendable', async () => {
    h.clock.set(new Date()) // the package checks the signature's timestamp against real time
    const { endpoint, secret } = await createdOk({})
    const res = await owner.client.post(`/api/webhooks/${endpoint.id}/test`, {})
    expect(res.status, res.text).toBe(200)
    expect(res.json).toMatchObject({ endpointId: endpoint.id, eventType: 'webhook.test', state: 'succeeded', lastStatus: 200 })
    // The receiving server got one delivery and the Standard Webhooks library verifies it.
    expect(rx.received).toHaveLength(1)
    const body = new Webhook(secret).verify(rx.received[0]!.body, headersOf(rx.received[0]!))
    expect(WebhookPayloadSchema.parse(body)).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } })
    expect(rx.received[0]!.headers['webhook-id']).toBe(res.json.id)

    // In the delivery log, with the headers sent and the answer.
    const log = await owner.client.get(`/api/webhooks/${endpoint.id}/deliveries`)
    expect(log.json.items.map((d: { id: string }) => d.id)).toEqual([res.json.id])
    const detail = await owner.client.get(`/api/webhooks/${endpoint.id}/deliveries/${res.json.id}`)
    expect(detail.json.attempts).toEqual([
      expect.objectContaining({
        attempt: 1,
        status: 200,
        responseBody: 'ok',
        requestHeaders: expect.objectContaining(headersOf(rx.received[0]!)),
      }),
    ])

    // A failing receiver: failed at once (a test is not retried by itself), the reason in the log.
    rx.respond(() => 500)
    const failed = await owner.client.post(`/api/webhooks/${endpoint.id}/test`, {})
    expect(failed.json).toMatchObject({ state: 'failed', lastStatus: 500, attempts: 1, nextAttemptAt: null })
    h.clock.advance(60 * 60_000)
    expect((await round()).sent).toBe(0)
    // Resend works on it: same webhook-id, delivered once the receiver answers.
    rx.respond(() => 200)
    const resent = await owner.client.post(`/api/webhooks/${endpoint.id}/deliveries/${failed.json.id}/resend`, {})
    expect(resent.status, resent.text).toBe(200)
    expect((await round()).sent).toBe(1)
    const last = rx.received.at(-1)!
    expect(last.headers['webhook-id']).toBe(failed.json.id)
    expect(signedBy(secret, last)).toBe(true)
    const [row] = await h.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, failed.json.id))
    expect(row).toMatchObject({ state: 'succeeded', attempts: 2 })

    // Audited with the outcome; no secret in the trail.
    const audit = await auditRows(h, 'webhook.test_sent')
    expect(audit.map((a) => a.outcome)).toEqual(['succeeded', 'succeeded'])
    expect(audit[0]!.summary).toContain('HTTP 200')
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6))
  })

  it('answers by role and input: anonymous 401, another user’s endpoint 404, bad input 400, disabled 409; nothing sent', async () => {
    const { endpoint } = await createdOk({})
    const path = `/api/webhooks/${endpoint.id}/test`
    expect((await new TestClient(h.app).post(path, {})).status).toBe(401)
    expect((await other.client.post(path, {})).status).toBe(404)
    expect((await member.client.post(path, {})).status).toBe(404)
    expect((await owner.client.post('/api/webhooks/no-such-hook/test', {})).status).toBe(404)
    expect((await owner.client.post('/api/webhooks/bad%20id/test', {})).status).toBe(400)
    const extra = await owner.client.post(path, { extra: true })
    expect(extra.status).toBe(400)
    expect(extra.json.error.details).toBeTruthy()
    expect((await owner.client.post(path, '{nope')).status).toBe(400)
    expect((await owner.client.request('PATCH', `/api/webhooks/${endpoint.id}`, { enabled: false })).status).toBe(200)
    const disabled = await owner.client.post(path, {})
    expect(disabled.status).toBe(409)
    expect(disabled.json.error.details?.reason ?? disabled.json.error.code).toBeTruthy()
    expect(rx.received).toHaveLength(0)
    expect(await deliveriesOf(endpoint.id)).toEqual([])
    const refused = await auditRows(h, 'webhook.test_sent')
    expect(refused.filter((a) => a.outcome === 'failed').length).toBeGreaterThanOrEqual(7)
  })
})
