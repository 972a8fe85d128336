import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { count, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConnectorEventPageSchema, ConnectorHealthListSchema, ReplayResultSchema } from '@exocorp/shared/connector-events'
import { agentSpendRequests } from '../src/db/schema/agent-wallets'
import { auditEvents } from '../src/db/schema/audit'
import { ledgerEntries } from '../src/db/schema/billing'
import { usageEvents } from '../src/db/schema/catalog'
import { connectorEvents } from '../src/db/schema/connector-events'
import { workloads } from '../src/db/schema/workloads'
import { setUserRole } from '../src/services/accounts/users'
import { createRuntimeServer } from '../src/runtime/reference-runtime/server'
import { pruneConnectorEvents } from '../src/services/connector-events/retention'
import { setAgentWallet } from '../src/services/agent-wallets'
import { signWebhook } from '../src/services/billing/webhooks'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { portalTargetFor } from '../src/services/lifecycle/portal'
import { companies } from '../src/db/schema/companies'
import { runtimes } from '../src/db/schema/runtimes'
import { accountIdOf, addCompany, sendPayment, stepUp, WEBHOOK_SECRET } from './billing-fixtures'
import { makeHarness, ORIGIN, signUp, TestClient, type Harness } from './harness'

// Issue 18 item 1, decision 047: every inbound delivery is recorded with how it authenticated and
// how it was handled; admins read them and each connector's health; platform owners replay them
// through the same handlers, idempotently. Both databases.

/** Stands in for an exocorp's runtime: takes `POST /hooks/<connector>` once per event id, as the reference runtime does. */
let receiver: Server
let receiverUrl: string
const received: { url: string; headers: IncomingHttpHeaders; body: string }[] = []
const seen = new Set<string>()
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      const id = String(req.headers['x-exocorp-event-id'])
      const duplicate = seen.has(id)
      if (!duplicate) {
        seen.add(id)
        received.push({ url: req.url ?? '', headers: req.headers, body })
      }
      res.writeHead(202, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ accepted: true, duplicate }))
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => receiver.close(() => r())))

async function world() {
  // The app host is served as in production: the exocorp's row and its runtime row say where it runs.
  const ref: { deps?: Harness['deps'] } = {}
  const h = await makeHarness(
    { EXOCORP_PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET },
    { portalLookup: (slug) => portalTargetFor(ref.deps!, slug) },
  )
  ref.deps = h.deps
  const owner = h.client
  await signUp(owner, 'owner@example.com')
  h.clock.advance(1000)
  const admin = new TestClient(h.app)
  const adminMe = await signUp(admin, 'admin@example.com')
  await setUserRole(h.deps, adminMe.me.user.id, 'admin')
  h.clock.advance(1000)
  const user = new TestClient(h.app)
  const userMe = await signUp(user, 'user@example.com')
  const accountId = await accountIdOf(h, userMe.me.user.id)
  const companyId = await addCompany(h, userMe.me.user.id, 'acme', 'running')
  const token = await issueUsageToken(h.deps, companyId)
  const now = h.clock.now().toISOString()
  await h.db.write(async (tx) => {
    await tx
      .insert(runtimes)
      .values({ companyId, hostId: 'test', driver: 'local', endpoint: receiverUrl, startedAt: now, updatedAt: now })
  })
  const setStatus = (status: 'running' | 'paused') =>
    h.db.write(async (tx) => {
      await tx.update(companies).set({ status }).where(eq(companies.id, companyId))
    })
  return { h, owner, admin, user, anon: new TestClient(h.app), accountId, companyId, token, setStatus, userId: userMe.me.user.id }
}
type World = Awaited<ReturnType<typeof world>>

async function events(w: World, query = '') {
  const res = await w.admin.get(`/api/admin/connector-events${query}`)
  expect(res.status, res.text).toBe(200)
  return ConnectorEventPageSchema.parse(res.json).items
}

/** Each delivery a little later than the last, so newest-first has one right order. */
function runtimePost(h: Harness, path: string, body: unknown, token: string | null, headers: Record<string, string> = {}) {
  h.clock.advance(10)
  return h.app.request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

function hook(h: Harness, connector: string, body: string, headers: Record<string, string> = {}, slug = 'acme') {
  h.clock.advance(10)
  return h.app.request(`http://${slug}.app.localhost/hooks/${connector}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
}

function pay(h: Harness, ...args: Parameters<typeof sendPayment> extends [Harness, ...infer R] ? R : never) {
  h.clock.advance(10)
  return sendPayment(h, ...args)
}

function signed(h: Harness, secret: string, id: string, body: string, skewSeconds = 0) {
  const ts = Math.floor(h.clock.now().getTime() / 1000) + skewSeconds
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, id, ts, body) }
}

describe('connector events: what each delivery is recorded as', () => {
  it('records payment webhooks as verified, replayed, bad_signature, stale and unsigned, keeping only trusted bodies', async () => {
    const w = await world()
    expect((await pay(w.h, w.accountId, 5_000_000, { eventId: 'evt_ok' })).status).toBe(200)
    expect((await pay(w.h, w.accountId, 5_000_000, { eventId: 'evt_ok' })).status).toBe(200)
    expect((await pay(w.h, w.accountId, 5_000_000, { eventId: 'evt_forged', secret: 'not-our-secret-000000' })).status).toBe(401)
    const stale = Math.floor(w.h.clock.now().getTime() / 1000) - 10 * 60
    expect((await pay(w.h, w.accountId, 5_000_000, { eventId: 'evt_old', timestamp: stale })).status).toBe(401)
    w.h.clock.advance(10)
    const bare = await w.h.app.request('http://localhost/api/billing/webhooks/stripe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'evt_bare', type: 'payment.succeeded', data: { accountId: w.accountId, amountMicros: 1 } }),
    })
    expect(bare.status).toBe(400)

    const items = await events(w, '?source=payment')
    const byId = (id: string) => items.filter((e) => e.eventId === id).map((e) => [e.verification, e.status, e.replayable])
    expect(byId('evt_ok')).toEqual([
      ['replayed', 'delivered', true],
      ['verified', 'delivered', true],
    ])
    expect(byId('evt_forged')).toEqual([['bad_signature', 'failed', false]])
    expect(byId('evt_old')).toEqual([['stale', 'failed', false]])
    expect(byId('evt_bare')).toEqual([])
    expect(items.filter((e) => e.eventId === null).map((e) => [e.verification, e.status, e.replayable])).toEqual([
      ['unsigned', 'failed', false],
    ])
    expect(items.find((e) => e.eventId === 'evt_forged')?.reason).toMatch(/signature/)
    for (const e of items) {
      expect(e.connector).toBe('stripe')
      expect(e.attempts).toBe(1)
      expect(e.latencyMs).toBeGreaterThanOrEqual(0)
    }
    // Only the one payment was booked.
    const [paid] = await w.h.db.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.kind, 'payment'))
    expect(Number(paid!.n)).toBe(1)
  })

  it('records runtime callbacks: no token unsigned, unknown token bad_signature, a repeated id replayed, a refusal failed', async () => {
    const w = await world()
    const usage = { model: 'gpt-4o', inputTokens: 1000, outputTokens: 10, eventId: 'u-1' }
    expect((await runtimePost(w.h, '/api/runtime/usage-events', usage, null)).status).toBe(401)
    expect((await runtimePost(w.h, '/api/runtime/usage-events', usage, 'not-a-token')).status).toBe(401)
    expect((await runtimePost(w.h, '/api/runtime/usage-events', usage, w.token)).status).toBe(201)
    expect((await runtimePost(w.h, '/api/runtime/usage-events', usage, w.token)).status).toBe(200)
    expect((await runtimePost(w.h, '/api/runtime/usage-events', { model: '', inputTokens: -1 }, w.token)).status).toBe(400)
    const wl = {
      id: 'wl_connector_1',
      agent: 'writer',
      title: 'Draft',
      status: 'running',
      startedAt: w.h.clock.now().toISOString(),
    }
    expect((await runtimePost(w.h, '/api/runtime/workloads', wl, w.token)).status).toBe(200)
    await setAgentWallet(w.h.deps, w.userId, { companyId: w.companyId, agent: 'buyer', monthlyLimitMinor: 1000 })
    const spend = {
      agent: 'buyer',
      amountMinor: 100,
      merchant: 'Shop',
      category: 'books',
      reason: 'A book',
      idempotencyKey: 'sp-1',
    }
    expect((await runtimePost(w.h, '/api/runtime/spend-requests', spend, w.token)).status).toBe(201)
    expect((await runtimePost(w.h, '/api/runtime/spend-requests', spend, w.token)).status).toBe(200)

    const items = (await events(w, '?source=runtime')).reverse()
    expect(items.map((e) => [e.connector, e.eventId, e.verification, e.status, e.companySlug])).toEqual([
      ['runtime.usage', 'u-1', 'unsigned', 'failed', null],
      ['runtime.usage', 'u-1', 'bad_signature', 'failed', null],
      ['runtime.usage', 'u-1', 'verified', 'delivered', 'acme'],
      ['runtime.usage', 'u-1', 'replayed', 'delivered', 'acme'],
      ['runtime.usage', null, 'verified', 'failed', 'acme'],
      ['runtime.workloads', 'wl_connector_1:running', 'verified', 'delivered', 'acme'],
      ['runtime.spend_requests', 'sp-1', 'verified', 'delivered', 'acme'],
      ['runtime.spend_requests', 'sp-1', 'replayed', 'delivered', 'acme'],
    ])
    expect(
      items.filter((e) => e.verification === 'unsigned' || e.verification === 'bad_signature').every((e) => !e.replayable),
    ).toBe(true)
  })

  it('takes connector deliveries at <slug>.app host /hooks/<connector>: unsigned until a secret is set, then verified or refused', async () => {
    const w = await world()
    // No secret yet: accepted as unsigned and handed to the runtime, which is told it was not verified.
    const first = await hook(w.h, 'github', '{"action":"opened"}', { 'x-github-delivery': 'gh-1' })
    expect(first.status).toBe(202)
    expect(received.find((r) => r.headers['x-exocorp-event-id'] === 'gh-1')).toMatchObject({
      url: '/hooks/github',
      body: '{"action":"opened"}',
      headers: { 'x-exocorp-verified': 'false', 'x-exocorp-connector': 'github' },
    })
    // The owner sets a secret (shown once).
    const issued = await w.user.post(`/api/registry/companies/${w.companyId}/connector-secrets/github`, {})
    expect(issued.status, issued.text).toBe(200)
    const secret = issued.json.secret as string
    expect(secret).toMatch(/^whsec_/)
    expect((await w.user.get(`/api/registry/companies/${w.companyId}/connector-secrets`)).json.items).toEqual([
      {
        connector: 'github',
        hookUrl: expect.stringMatching(/^http:\/\/acme\.app\.localhost(:\d+)?\/hooks\/github$/),
        signed: true,
        secret: {
          connector: 'github',
          last4: secret.slice(-4),
          createdAt: issued.json.createdAt,
          rotatedAt: issued.json.rotatedAt,
          previousExpiresAt: null,
        },
        lastDeliveryAt: expect.any(String),
        lastVerification: 'unsigned',
      },
    ])

    const body = '{"action":"closed"}'
    expect((await hook(w.h, 'github', body)).status).toBe(401) // unsigned now
    expect((await hook(w.h, 'github', body, signed(w.h, 'whsec_wrong', 'gh-2', body))).status).toBe(401)
    expect((await hook(w.h, 'github', body, signed(w.h, secret, 'gh-3', body, -600))).status).toBe(401)
    const tampered = signed(w.h, secret, 'gh-4', body)
    expect((await hook(w.h, 'github', '{"action":"deleted"}', tampered)).status).toBe(401)
    const good = await hook(w.h, 'github', body, signed(w.h, secret, 'gh-5', body))
    expect(good.status).toBe(202)
    // The same delivery again: replayed, answered, not handed on a second time.
    const again = await hook(w.h, 'github', body, signed(w.h, secret, 'gh-5', body))
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual({ received: true, duplicate: true })
    expect(received.filter((r) => r.headers['x-exocorp-event-id'] === 'gh-5')).toHaveLength(1)
    expect(received.find((r) => r.headers['x-exocorp-event-id'] === 'gh-5')?.headers['x-exocorp-verified']).toBe('true')
    // No header of the sender's reaches the runtime.
    expect(received.find((r) => r.headers['x-exocorp-event-id'] === 'gh-5')?.headers['webhook-signature']).toBeUndefined()

    // The runtime is paused: the sender is told to retry.
    await w.setStatus('paused')
    const paused = await hook(w.h, 'github', body, signed(w.h, secret, 'gh-6', body))
    expect(paused.status).toBe(503)
    expect(paused.headers.get('retry-after')).toBe('60')

    const items = (await events(w, '?source=connector')).reverse()
    expect(items.map((e) => [e.eventId, e.verification, e.status, e.replayable])).toEqual([
      ['gh-1', 'unsigned', 'delivered', true],
      [null, 'unsigned', 'failed', false],
      ['gh-2', 'bad_signature', 'failed', false],
      ['gh-3', 'stale', 'failed', false],
      ['gh-4', 'bad_signature', 'failed', false],
      ['gh-5', 'verified', 'delivered', true],
      ['gh-5', 'replayed', 'delivered', true],
      ['gh-6', 'verified', 'retrying', true],
    ])
    expect(items.at(-1)?.reason).toBe('The exocorp is paused')
    // Decision 063: the platform's reason as a cause code with its facts beside the unchanged English;
    // a reason the platform has no code for (a refused signature) has none.
    expect(items.at(-1)).toMatchObject({ reason: 'The exocorp is paused', cause: 'exocorp_paused', causeFacts: {} })
    expect(items[2]).toMatchObject({ reason: 'The signature does not match', cause: null, causeFacts: null })

    // Unknown exocorp, bad connector name, oversized body.
    expect((await hook(w.h, 'github', body, {}, 'nobody')).status).toBe(404)
    expect((await hook(w.h, 'Git_Hub', body)).status).toBe(404)
    expect((await hook(w.h, 'github', 'x'.repeat(300 * 1024))).status).toBe(413)

    // Health and posture: github is signed by one exocorp, rotated when the secret was set.
    const health = ConnectorHealthListSchema.parse((await w.admin.get('/api/admin/connector-events/health')).json)
    const gh = health.connectors.find((c) => c.connector === 'github')!
    expect(gh).toMatchObject({
      source: 'connector',
      total: 8,
      delivered: 3,
      failed: 4,
      retrying: 1,
      signing: 'hmac',
      exocorpsSigned: 1,
      exocorpsUnsigned: 0,
      secretRotatedAt: issued.json.rotatedAt,
    })
    expect(gh.successRate).toBeCloseTo(3 / 8)
    expect(gh.verification).toEqual({ verified: 2, bad_signature: 2, stale: 1, unsigned: 2, replayed: 1 })
    expect(health.connectors.find((c) => c.connector === 'runtime.usage')).toMatchObject({ signing: 'runtime_token', total: 0 })

    // Replayed while still paused: failed again, still retrying, one more attempt.
    await stepUp(w.owner)
    const retrying = items.at(-1)!
    const early = await w.owner.post('/api/admin/connector-events/replay', { ids: [retrying.id], reason: 'Too early' })
    expect(ReplayResultSchema.parse(early.json).results[0]).toMatchObject({ outcome: 'failed', reason: 'The exocorp is paused' })
    expect((await events(w, '?source=connector&status=retrying'))[0]).toMatchObject({
      id: retrying.id,
      attempts: 2,
      reason: 'The exocorp is paused',
      cause: 'exocorp_paused',
      causeFacts: {},
    })
    // Resumed: the replay reaches the runtime once; a second replay is a duplicate there.
    await w.setStatus('running')
    const res = await w.owner.post('/api/admin/connector-events/replay', { ids: [retrying.id], reason: 'Runtime back' })
    expect(ReplayResultSchema.parse(res.json).results[0]).toMatchObject({ outcome: 'delivered' })
    const again2 = await w.owner.post('/api/admin/connector-events/replay', { ids: [retrying.id], reason: 'Runtime back' })
    expect(ReplayResultSchema.parse(again2.json).results[0]).toMatchObject({ outcome: 'duplicate' })
    expect(received.filter((r) => r.headers['x-exocorp-event-id'] === 'gh-6')).toHaveLength(1)
    const done = (await events(w, '?source=connector')).find((e) => e.id === retrying.id)
    expect(done).toMatchObject({
      status: 'delivered',
      attempts: 4,
      reason: 'The runtime had it already',
      cause: null,
      causeFacts: null,
    })
    // A replay of the delivered event while paused again: it stays delivered, the failure framed as a replay's.
    await w.setStatus('paused')
    await w.owner.post('/api/admin/connector-events/replay', { ids: [retrying.id], reason: 'Once more' })
    const replayedAgain = (await events(w, '?source=connector')).find((e) => e.id === retrying.id)
    expect(replayedAgain).toMatchObject({
      status: 'delivered',
      reason: 'Replay failed: The exocorp is paused',
      cause: 'exocorp_paused',
      causeFacts: { replayFailed: true },
    })
    const [stored] = await w.h.db.select().from(connectorEvents).where(eq(connectorEvents.id, retrying.id))
    expect(JSON.parse(stored!.causeFacts!)).toEqual({ replayFailed: true })
  })
})

describe('connector events: replay', () => {
  it('replays 100 events through their handlers and books nothing twice (ledger, usage, workloads, spend unchanged)', async () => {
    const w = await world()
    await setAgentWallet(w.h.deps, w.userId, { companyId: w.companyId, agent: 'buyer', monthlyLimitMinor: 100_000 })
    for (let i = 0; i < 25; i++) expect((await pay(w.h, w.accountId, 1_000_000, { eventId: `evt_r${i}` })).status).toBe(200)
    for (let i = 0; i < 25; i++) {
      const res = await runtimePost(
        w.h,
        '/api/runtime/usage-events',
        { model: 'gpt-4o', inputTokens: 4000, outputTokens: 0, eventId: `u${i}` },
        w.token,
      )
      expect(res.status).toBe(201)
    }
    for (let i = 0; i < 25; i++) {
      const res = await runtimePost(
        w.h,
        '/api/runtime/workloads',
        {
          id: `wl_replay_${i}`,
          agent: 'writer',
          title: `Job ${i}`,
          status: i % 2 ? 'running' : 'starting',
          startedAt: w.h.clock.now().toISOString(),
        },
        w.token,
      )
      expect(res.status, await res.text()).toBe(200)
    }
    for (let i = 0; i < 25; i++) {
      const spend = {
        agent: 'buyer',
        amountMinor: 10,
        merchant: 'Shop',
        category: 'books',
        reason: 'A book',
        idempotencyKey: `sp${i}`,
      }
      expect((await runtimePost(w.h, '/api/runtime/spend-requests', spend, w.token)).status).toBe(201)
    }
    // One workload moved on since its first report: its old report replays as nothing to do.
    expect(
      (
        await runtimePost(
          w.h,
          '/api/runtime/workloads',
          { id: 'wl_replay_1', agent: 'writer', title: 'Job 1', status: 'stopped', startedAt: w.h.clock.now().toISOString() },
          w.token,
        )
      ).status,
    ).toBe(200)

    const snapshot = async () => ({
      ledger: await w.h.db
        .select({ n: count(), sum: sql<number>`coalesce(sum(${ledgerEntries.amountMicros}), 0)`.mapWith(Number) })
        .from(ledgerEntries),
      usage: await w.h.db.select({ n: count() }).from(usageEvents),
      workloads: (await w.h.db.select().from(workloads)).map((r) => [r.id, r.status, r.updatedAt]).sort(),
      spend: await w.h.db.select({ n: count() }).from(agentSpendRequests),
    })
    const before = await snapshot()
    expect(Number(before.usage[0]!.n)).toBe(25)
    expect(before.workloads).toHaveLength(25)

    await stepUp(w.owner)
    const res = await w.owner.post('/api/admin/connector-events/replay', {
      filter: { verification: 'verified' },
      limit: 100,
      reason: 'Replay drill',
    })
    expect(res.status, res.text).toBe(200)
    const result = ReplayResultSchema.parse(res.json)
    expect(result.replayed).toBe(100)
    expect(result.results.filter((r) => r.outcome !== 'duplicate')).toEqual([])
    w.h.clock.advance(1000)
    expect(await snapshot()).toEqual(before)
    // Again, all of them: still nothing booked.
    const twice = await w.owner.post('/api/admin/connector-events/replay', { filter: {}, limit: 500, reason: 'Again' })
    expect(twice.status).toBe(200)
    expect(await snapshot()).toEqual(before)

    const all = await w.h.db.select().from(connectorEvents)
    // 101 verified deliveries: the first replay took the newest 100, the second all of them.
    const attempts = all.filter((e) => e.verification === 'verified').map((e) => e.attempts)
    expect([attempts.filter((a) => a === 3).length, attempts.filter((a) => a === 2).length]).toEqual([100, 1])
    const audit = await w.h.db.select().from(auditEvents).where(eq(auditEvents.action, 'connector_event.replayed'))
    expect(audit.map((a) => a.outcome)).toEqual(['succeeded', 'succeeded'])
    expect(audit[0]!.summary).toMatch(/Replayed 100 connector event\(s\): 0 delivered, 100 already handled/)
  })

  it('skips deliveries that never authenticated: a forged payment is never booked by a replay', async () => {
    const w = await world()
    await pay(w.h, w.accountId, 9_000_000, { eventId: 'evt_forged', secret: 'not-our-secret-000000' })
    const forged = (await events(w, '?verification=bad_signature'))[0]!
    await stepUp(w.owner)
    const res = await w.owner.post('/api/admin/connector-events/replay', { ids: [forged.id], reason: 'Try' })
    expect(res.status, res.text).toBe(200)
    expect(ReplayResultSchema.parse(res.json).results).toEqual([
      { id: forged.id, outcome: 'skipped', reason: 'Never authenticated (bad_signature); not replayed' },
    ])
    const [paid] = await w.h.db.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.kind, 'payment'))
    expect(Number(paid!.n)).toBe(0)
    expect((await events(w, '?verification=bad_signature'))[0]).toMatchObject({ attempts: 1, status: 'failed' })
  })
})

describe('connector events: access and input', () => {
  it('lets admins read, only a platform owner with a fresh step-up replay; anonymous 401', async () => {
    const w = await world()
    await pay(w.h, w.accountId, 1_000_000, { eventId: 'evt_a' })
    const [event] = await events(w)
    const replay = { ids: [event!.id], reason: 'Check' }
    const cases: [TestClient, string, string, unknown, number][] = [
      [w.anon, 'GET', '/api/admin/connector-events', undefined, 401],
      [w.user, 'GET', '/api/admin/connector-events', undefined, 403],
      [w.admin, 'GET', '/api/admin/connector-events', undefined, 200],
      [w.owner, 'GET', '/api/admin/connector-events', undefined, 200],
      [w.anon, 'GET', '/api/admin/connector-events/health', undefined, 401],
      [w.user, 'GET', '/api/admin/connector-events/health', undefined, 403],
      [w.admin, 'GET', '/api/admin/connector-events/health', undefined, 200],
      [w.anon, 'POST', '/api/admin/connector-events/replay', replay, 401],
      [w.user, 'POST', '/api/admin/connector-events/replay', replay, 403],
      [w.admin, 'POST', '/api/admin/connector-events/replay', replay, 403],
    ]
    for (const [client, method, path, body, status] of cases) {
      const res = await client.request(method, path, body)
      expect({ path, method, status: res.status }).toEqual({ path, method, status })
    }
    // The owner without a fresh password: reauth_required, nothing replayed.
    const noStepUp = await w.owner.post('/api/admin/connector-events/replay', replay)
    expect(noStepUp.status).toBe(403)
    expect(noStepUp.json.error.code).toBe('reauth_required')
    expect((await events(w))[0]!.attempts).toBe(1)
    await stepUp(w.owner)
    expect((await w.owner.post('/api/admin/connector-events/replay', replay)).status).toBe(200)
    expect((await events(w))[0]!.attempts).toBe(2)
    // Another exocorp's owner cannot see or set this exocorp's connector secrets.
    const stranger = new TestClient(w.h.app)
    await signUp(stranger, 'stranger@example.com')
    expect((await stranger.get(`/api/registry/companies/${w.companyId}/connector-secrets`)).status).toBe(404)
    expect((await stranger.post(`/api/registry/companies/${w.companyId}/connector-secrets/github`, {})).status).toBe(404)
    expect((await w.anon.post(`/api/registry/companies/${w.companyId}/connector-secrets/github`, {})).status).toBe(401)
  })

  it('answers bad input with 400 and field errors, replaying nothing', async () => {
    const w = await world()
    await pay(w.h, w.accountId, 1_000_000, { eventId: 'evt_b' })
    await stepUp(w.owner)
    const [event] = await events(w)
    for (const query of [
      '?verification=forged',
      '?status=lost',
      '?limit=0',
      '?limit=999',
      '?since=yesterday',
      '?cursor=%%%',
      '?nope=1',
    ]) {
      const res = await w.admin.get(`/api/admin/connector-events${query}`)
      expect({ query, status: res.status }).toEqual({ query, status: 400 })
    }
    expect((await w.admin.get('/api/admin/connector-events/health?days=abc')).status).toBe(400)
    const bad: unknown[] = [
      {},
      { reason: 'x' },
      { ids: [], reason: 'x' },
      { ids: [event!.id] },
      { ids: [event!.id], filter: {}, reason: 'x' },
      { filter: { status: 'lost' }, reason: 'x' },
      { filter: {}, limit: 501, reason: 'x' },
      { ids: [event!.id], reason: 'x', extra: true },
    ]
    for (const body of bad) {
      const res = await w.owner.post('/api/admin/connector-events/replay', body)
      expect({ body, status: res.status }).toEqual({ body, status: 400 })
      expect(res.json.error.details?.fields ?? res.json.error.details).toBeTruthy()
    }
    expect((await w.owner.post('/api/admin/connector-events/replay', { ids: ['no-such-event'], reason: 'x' })).status).toBe(404)
    expect((await events(w))[0]!.attempts).toBe(1)
    expect((await w.user.post(`/api/registry/companies/${w.companyId}/connector-secrets/Bad_Name`, {})).status).toBe(400)
  })

  it('keeps deliveries for 30 days: the retention pass deletes older ones only', async () => {
    const w = await world()
    await pay(w.h, w.accountId, 1_000_000, { eventId: 'evt_old_one' })
    w.h.clock.advance(20 * 86_400_000)
    await pay(w.h, w.accountId, 1_000_000, { eventId: 'evt_new_one' })
    w.h.clock.advance(11 * 86_400_000)
    expect(await pruneConnectorEvents(w.h.deps)).toBe(1)
    expect((await w.h.db.select().from(connectorEvents)).map((e) => e.eventId)).toEqual(['evt_new_one'])
    // The booked payment itself is the ledger's, and stays.
    const [paid] = await w.h.db.select({ n: count() }).from(ledgerEntries).where(eq(ledgerEntries.kind, 'payment'))
    expect(Number(paid!.n)).toBe(2)
  })

  it('pages newest first on the server with a cursor', async () => {
    const w = await world()
    for (let i = 0; i < 5; i++) {
      await pay(w.h, w.accountId, 1_000_000, { eventId: `evt_p${i}` })
      w.h.clock.advance(1000)
    }
    const first = await w.admin.get('/api/admin/connector-events?limit=2')
    expect(first.json.items.map((e: { eventId: string }) => e.eventId)).toEqual(['evt_p4', 'evt_p3'])
    const second = await w.admin.get(`/api/admin/connector-events?limit=2&cursor=${first.json.nextCursor}`)
    expect(second.json.items.map((e: { eventId: string }) => e.eventId)).toEqual(['evt_p2', 'evt_p1'])
    const third = await w.admin.get(`/api/admin/connector-events?limit=2&cursor=${second.json.nextCursor}`)
    expect(third.json).toMatchObject({ items: [{ eventId: 'evt_p0' }], nextCursor: null })
  })
})

describe('the reference runtime takes connector deliveries', () => {
  it('answers 202 once per event id and a duplicate after, and refuses one without an id', async () => {
    const server = createRuntimeServer(
      {
        companyId: 'co_hooks',
        slug: 'hooks',
        name: 'Hooks',
        version: '1.0.0',
        agents: [],
        paused: false,
        orphaned: false,
        startedAt: new Date().toISOString(),
        usageReported: 0,
        loop: { killSwitch: false, contextPruning: true, maxSteps: 25, flagsVersion: '', halted: false },
        work: { tasksStarted: 0, stepsRun: 0, taskSteps: 0 },
      },
      'control-token',
      { pause() {}, resume() {}, adopt() {}, release() {} },
    )
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/github`
    try {
      const send = (id?: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(id ? { 'x-exocorp-event-id': id } : {}) },
          body: '{}',
        })
      const first = await send('gh-1')
      expect([first.status, await first.json()]).toEqual([202, { accepted: true, duplicate: false, received: 1 }])
      const again = await send('gh-1')
      expect([again.status, await again.json()]).toEqual([202, { accepted: true, duplicate: true, received: 1 }])
      expect((await send()).status).toBe(400)
      expect((await fetch(url)).status).toBe(404)
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})
