import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CONNECTOR_RETRY_MAX_ATTEMPTS,
  ConnectorEventPageSchema,
  ConnectorSecretIssuedSchema,
  ConnectorSecretListSchema,
} from '@exocorp/shared/connector-events'
import { adminNotifications } from '../src/db/schema/admin-notifications'
import { auditEvents } from '../src/db/schema/audit'
import { usageEvents } from '../src/db/schema/catalog'
import { ledgerEntries } from '../src/db/schema/billing'
import { companies, memberships } from '../src/db/schema/companies'
import { connectorEvents } from '../src/db/schema/connector-events'
import { runtimes } from '../src/db/schema/runtimes'
import { setUserRole } from '../src/services/accounts/users'
import { signWebhook } from '../src/services/billing/webhooks'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { claimDueConnectorEvents, runConnectorRetryRound } from '../src/services/connector-events/retry'
import { portalTargetFor } from '../src/services/lifecycle/portal'
import { addCompany } from './billing-fixtures'
import { auditAttempts, makeHarness, ORIGIN, signUp, TestClient, type Harness } from './harness'

// Decision 056, both databases: connector secrets rotate with an overlap (the replaced secret still
// verifies inbound deliveries until it ends, then `bad_signature`), the owner's posture view, and
// the platform's own retries of `retrying` connector events — backoff, give-up with an admin
// notice, claimed so two retriers never take the same event, idempotent like replay.

/** Stands in for the exocorp's runtime: takes `POST /hooks/<connector>` once per event id. */
let receiver: Server
let receiverUrl: string
const received: string[] = []
beforeAll(async () => {
  receiver = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      // A runtime that refuses this connector's deliveries outright (a 4xx: never retried).
      if (req.url === '/hooks/refuser') {
        res.writeHead(422, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: 'no such hook here' }))
        return
      }
      const id = String(req.headers['x-exocorp-event-id'])
      const duplicate = received.includes(id)
      if (!duplicate) received.push(id)
      res.writeHead(202, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ accepted: true, duplicate }))
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((r) => receiver.close(() => r())))

let slugs = 0
async function world() {
  const ref: { deps?: Harness['deps'] } = {}
  const h = await makeHarness({}, { portalLookup: (slug) => portalTargetFor(ref.deps!, slug) })
  ref.deps = h.deps
  const root = h.client
  await signUp(root, 'root@example.com')
  const admin = new TestClient(h.app)
  const adminMe = await signUp(admin, 'admin@example.com')
  await setUserRole(h.deps, adminMe.me.user.id, 'admin')
  const owner = new TestClient(h.app)
  const ownerMe = await signUp(owner, 'owner@example.com')
  const slug = `hooks${++slugs}`
  const companyId = await addCompany(h, ownerMe.me.user.id, slug, 'running')
  const member = new TestClient(h.app)
  const memberMe = await signUp(member, 'member@example.com')
  const stranger = new TestClient(h.app)
  await signUp(stranger, 'stranger@example.com')
  const now = h.clock.now().toISOString()
  await h.db.write(async (tx) => {
    await tx.insert(memberships).values({ companyId, userId: memberMe.me.user.id, role: 'member', createdAt: now })
    await tx
      .insert(runtimes)
      .values({ companyId, hostId: 'test', driver: 'local', endpoint: receiverUrl, startedAt: now, updatedAt: now })
  })
  const setStatus = (status: 'running' | 'paused') =>
    h.db.write(async (tx) => {
      await tx.update(companies).set({ status }).where(eq(companies.id, companyId))
    })
  const base = `/api/registry/companies/${companyId}/connector-secrets`
  return { h, admin, owner, member, stranger, anon: new TestClient(h.app), companyId, slug, setStatus, base }
}
type World = Awaited<ReturnType<typeof world>>

function hook(w: World, body: string, headers: Record<string, string> = {}, connector = 'github') {
  w.h.clock.advance(10)
  return w.h.app.request(`http://${w.slug}.app.localhost/hooks/${connector}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
}

function signed(w: World, secret: string, id: string, body: string) {
  const ts = Math.floor(w.h.clock.now().getTime() / 1000)
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signWebhook(secret, id, ts, body) }
}

/** Sessions end after 30 idle minutes: after moving the clock by hours, sign in again. */
async function signInAgain(...clients: [TestClient, string][]) {
  for (const [client, email] of clients) {
    client.cookie = null
    const res = await client.post('/api/auth/login', { email, password: 'correct horse battery' })
    expect(res.status, res.text).toBe(200)
  }
}

async function posture(w: World) {
  const res = await w.owner.get(w.base)
  expect(res.status, res.text).toBe(200)
  return ConnectorSecretListSchema.parse(res.json)
}

const HOUR = 3_600_000

describe('connector secrets: rotation with an overlap window', () => {
  it('verifies the replaced secret until the overlap ends, then refuses it as bad_signature; the new one throughout', async () => {
    const w = await world()
    const first = ConnectorSecretIssuedSchema.parse((await w.owner.post(`${w.base}/github`, {})).json)
    expect(first.previousExpiresAt).toBeNull()
    expect(first.last4).toBe(first.secret.slice(-4))
    w.h.clock.advance(1000)
    const rotatedRes = await w.owner.post(`${w.base}/github`, {})
    expect(rotatedRes.status, rotatedRes.text).toBe(200)
    const second = ConnectorSecretIssuedSchema.parse(rotatedRes.json)
    expect(second.secret).not.toBe(first.secret)
    const overlapEnds = new Date(w.h.clock.now().getTime() + 24 * HOUR).toISOString()
    expect(second.previousExpiresAt).toBe(overlapEnds)

    // The posture view shows the overlap's end, the last 4 of the new secret, never a secret.
    const view = await posture(w)
    expect(view.items).toEqual([
      {
        connector: 'github',
        hookUrl: `${view.hookBaseUrl}github`,
        signed: true,
        secret: {
          connector: 'github',
          last4: second.secret.slice(-4),
          createdAt: first.createdAt,
          rotatedAt: second.rotatedAt,
          previousExpiresAt: overlapEnds,
        },
        lastDeliveryAt: null,
        lastVerification: null,
      },
    ])
    expect(JSON.stringify(view)).not.toContain(first.secret)
    expect(JSON.stringify(view)).not.toContain(second.secret)

    const body = '{"action":"opened"}'
    expect((await hook(w, body, signed(w, first.secret, 'old-1', body))).status).toBe(202)
    expect((await hook(w, body, signed(w, second.secret, 'new-1', body))).status).toBe(202)
    w.h.clock.advance(24 * HOUR - 60_000) // a minute before the end
    expect((await hook(w, body, signed(w, first.secret, 'old-2', body))).status).toBe(202)
    expect((await hook(w, body, signed(w, second.secret, 'new-2', body))).status).toBe(202)
    w.h.clock.advance(60_000) // the overlap is over
    expect((await hook(w, body, signed(w, first.secret, 'old-3', body))).status).toBe(401)
    expect((await hook(w, body, signed(w, second.secret, 'new-3', body))).status).toBe(202)
    await signInAgain([w.owner, 'owner@example.com'], [w.admin, 'admin@example.com'])
    expect((await posture(w)).items[0]?.secret?.previousExpiresAt).toBeNull()

    const res = await w.admin.get('/api/admin/connector-events?source=connector&limit=50')
    const rows = ConnectorEventPageSchema.parse(res.json).items.reverse()
    expect(rows.map((e) => [e.eventId, e.verification, e.status])).toEqual([
      ['old-1', 'verified', 'delivered'],
      ['new-1', 'verified', 'delivered'],
      ['old-2', 'verified', 'delivered'],
      ['new-2', 'verified', 'delivered'],
      ['old-3', 'bad_signature', 'failed'],
      ['new-3', 'verified', 'delivered'],
    ])
    expect(received.filter((id) => id.startsWith('old-'))).toEqual(['old-1', 'old-2'])
    const last = await posture(w)
    expect(last.items[0]).toMatchObject({ lastDeliveryAt: rows.at(-1)!.receivedAt, lastVerification: 'verified' })
  })

  it('ends the old secret at once with overlapMinutes 0, and a second rotation keeps only the one it replaces', async () => {
    const w = await world()
    const a = ConnectorSecretIssuedSchema.parse((await w.owner.post(`${w.base}/slack`, {})).json)
    const b = ConnectorSecretIssuedSchema.parse((await w.owner.post(`${w.base}/slack`, { overlapMinutes: 60 })).json)
    expect(b.previousExpiresAt).toBe(new Date(w.h.clock.now().getTime() + HOUR).toISOString())
    const c = ConnectorSecretIssuedSchema.parse((await w.owner.post(`${w.base}/slack`, { overlapMinutes: 60 })).json)
    const body = '{}'
    // a was replaced by b, b by c: a verifies no more, b does during the overlap.
    expect((await hook(w, body, signed(w, a.secret, 's-a', body), 'slack')).status).toBe(401)
    expect((await hook(w, body, signed(w, b.secret, 's-b', body), 'slack')).status).toBe(202)
    expect((await hook(w, body, signed(w, c.secret, 's-c', body), 'slack')).status).toBe(202)
    const d = ConnectorSecretIssuedSchema.parse((await w.owner.post(`${w.base}/slack`, { overlapMinutes: 0 })).json)
    expect(d.previousExpiresAt).toBeNull()
    expect((await hook(w, body, signed(w, c.secret, 's-c2', body), 'slack')).status).toBe(401)
    expect((await hook(w, body, signed(w, d.secret, 's-d', body), 'slack')).status).toBe(202)

    // Audited: set once, rotated three times, with the overlap's end; no secret in the audit trail.
    const audit = (await w.h.db.select().from(auditEvents)).filter((e) => e.action === 'connector_secret.issued')
    expect(audit.map((e) => e.summary)).toEqual([
      'owner@example.com set the slack signing secret',
      'owner@example.com rotated the slack signing secret',
      'owner@example.com rotated the slack signing secret',
      'owner@example.com rotated the slack signing secret',
    ])
    const trail = JSON.stringify(audit)
    for (const s of [a, b, c, d]) expect(trail).not.toContain(s.secret)

    // Removed: deliveries are unsigned again, and the connector stays listed with its last delivery.
    const removed = await w.owner.request('DELETE', `${w.base}/slack`)
    expect(removed.status).toBe(200)
    expect(ConnectorSecretListSchema.parse(removed.json).items).toEqual([
      expect.objectContaining({ connector: 'slack', signed: false, secret: null, lastVerification: 'verified' }),
    ])
    expect((await w.owner.request('DELETE', `${w.base}/slack`)).status).toBe(404)
  })

  it('answers by role: owner acts, member 403, another tenant and unknown ids 404, anonymous 401', async () => {
    const w = await world()
    const cases: [TestClient, string, string, unknown, number][] = [
      [w.anon, 'GET', w.base, undefined, 401],
      [w.member, 'GET', w.base, undefined, 403],
      [w.stranger, 'GET', w.base, undefined, 404],
      [w.admin, 'GET', w.base, undefined, 404],
      [w.owner, 'GET', w.base, undefined, 200],
      [w.owner, 'GET', '/api/registry/companies/nope/connector-secrets', undefined, 404],
      [w.anon, 'POST', `${w.base}/github`, {}, 401],
      [w.member, 'POST', `${w.base}/github`, {}, 403],
      [w.stranger, 'POST', `${w.base}/github`, { overlapMinutes: 5 }, 404],
      [w.admin, 'POST', `${w.base}/github`, {}, 404],
      [w.owner, 'POST', `${w.base}/github`, {}, 200],
      [w.anon, 'DELETE', `${w.base}/github`, undefined, 401],
      [w.member, 'DELETE', `${w.base}/github`, undefined, 403],
      [w.stranger, 'DELETE', `${w.base}/github`, undefined, 404],
      [w.owner, 'DELETE', `${w.base}/github`, undefined, 200],
    ]
    for (const [client, method, path, body, status] of cases) {
      const res = await client.request(method, path, body)
      expect({ method, path, status: res.status }).toEqual({ method, path, status })
    }
    // Refusals are audited too.
    const refused = (await w.h.db.select().from(auditEvents)).filter(
      (e) => e.action.startsWith('connector_secret.') && e.outcome === 'failed',
    )
    expect(refused.length).toBeGreaterThanOrEqual(4)
  })

  it('answers bad input with 400 and field errors, changing nothing', async () => {
    const w = await world()
    const first = ConnectorSecretIssuedSchema.parse((await w.owner.post(`${w.base}/github`, {})).json)
    for (const body of [
      { overlapMinutes: -1 },
      { overlapMinutes: 7 * 24 * 60 + 1 },
      { overlapMinutes: 1.5 },
      { overlapMinutes: '60' },
      { overlapMinutes: 60, extra: true },
      '{"__proto__":{"x":1},"overlapMinutes":1}',
    ]) {
      const res = await w.owner.post(`${w.base}/github`, body)
      expect({ body, status: res.status }).toEqual({ body, status: 400 })
      expect(res.json.error.details).toBeTruthy()
    }
    expect((await w.owner.post(`${w.base}/Not_A_Name`, {})).status).toBe(400)
    expect((await w.owner.post(`${w.base}/github`, '{not json')).status).toBe(400)
    // Nothing rotated: the first secret is still the only one.
    expect((await posture(w)).items[0]?.secret).toMatchObject({ last4: first.last4, previousExpiresAt: null })
    const issued = (await auditAttempts(w.h.db)).filter((e) => e.action === 'connector_secret.issued')
    expect(issued.filter((e) => e.outcome === 'succeeded')).toHaveLength(1)
    expect(issued.filter((e) => e.outcome === 'failed').length).toBeGreaterThanOrEqual(6)
  })
})

async function eventRow(w: World, id: string) {
  const [row] = await w.h.db.select().from(connectorEvents).where(eq(connectorEvents.id, id))
  return row!
}

async function retryingHook(w: World, eventId: string, connector = 'github') {
  await w.setStatus('paused')
  const res = await hook(w, '{"n":1}', { 'webhook-id': eventId }, connector)
  expect(res.status).toBe(503)
  const [row] = await w.h.db.select().from(connectorEvents).where(eq(connectorEvents.eventId, eventId))
  expect(row).toMatchObject({ status: 'retrying', attempts: 1 })
  return row!
}

describe('connector events: the platform retries `retrying` events itself', () => {
  it('retries with backoff until the runtime takes it, delivering it once', async () => {
    const w = await world()
    const row = await retryingHook(w, 'retry-1')
    // The first retry is 15–30 s after the delivery (equal jitter on 30 s).
    const first = new Date(row.nextAttemptAt!).getTime() - new Date(row.receivedAt).getTime()
    expect(first).toBeGreaterThanOrEqual(15_000)
    expect(first).toBeLessThanOrEqual(30_000)
    const api = ConnectorEventPageSchema.parse((await w.admin.get('/api/admin/connector-events?status=retrying')).json)
    expect(api.items[0]).toMatchObject({ id: row.id, nextAttemptAt: row.nextAttemptAt })

    // Not due yet: nothing is claimed.
    expect((await runConnectorRetryRound(w.h.deps)).retried).toBe(0)
    // Due, still paused: one more attempt, the wait doubles (random 1 → the full 60 s).
    w.h.clock.advance(30_000)
    expect((await runConnectorRetryRound(w.h.deps, { random: () => 0.999999 })).outcomes).toEqual(['retrying'])
    let now = await eventRow(w, row.id)
    expect(now).toMatchObject({ status: 'retrying', attempts: 2, reason: 'The exocorp is paused', claimedUntil: null })
    // Decision 063: the cause beside the English reason, stored and returned.
    expect(now).toMatchObject({ cause: 'exocorp_paused', causeFacts: '{}' })
    expect(
      ConnectorEventPageSchema.parse((await w.admin.get('/api/admin/connector-events?status=retrying')).json).items[0],
    ).toMatchObject({
      id: row.id,
      reason: 'The exocorp is paused',
      cause: 'exocorp_paused',
      causeFacts: {},
    })
    expect(new Date(now.nextAttemptAt!).getTime() - w.h.clock.now().getTime()).toBe(60_000)
    w.h.clock.advance(59_000)
    expect((await runConnectorRetryRound(w.h.deps)).retried).toBe(0) // not a second early
    w.h.clock.advance(1_000)
    expect((await runConnectorRetryRound(w.h.deps, { random: () => 0 })).outcomes).toEqual(['retrying'])
    now = await eventRow(w, row.id)
    expect(new Date(now.nextAttemptAt!).getTime() - w.h.clock.now().getTime()).toBe(60_000) // 120 s, half off
    // Resumed: the next retry hands it to the runtime, once.
    await w.setStatus('running')
    w.h.clock.advance(60_000)
    expect((await runConnectorRetryRound(w.h.deps)).outcomes).toEqual(['delivered'])
    now = await eventRow(w, row.id)
    expect(now).toMatchObject({
      status: 'delivered',
      attempts: 4,
      nextAttemptAt: null,
      claimedUntil: null,
      cause: null,
      causeFacts: null,
    })
    expect(received.filter((id) => id === 'retry-1')).toHaveLength(1)
    // Nothing left to do; an admin replay afterwards is a duplicate at the runtime.
    w.h.clock.advance(HOUR)
    expect((await runConnectorRetryRound(w.h.deps)).retried).toBe(0)
    expect(received.filter((id) => id === 'retry-1')).toHaveLength(1)
  })

  it(`gives up after ${CONNECTOR_RETRY_MAX_ATTEMPTS} attempts: failed with the reason, and one admin notice counting repeats`, async () => {
    const w = await world()
    // A name of its own (the fixture names an exocorp by its slug), so the notice's facts are literals below.
    await w.h.db.write(async (tx) => {
      await tx.update(companies).set({ name: 'Difference Engines' }).where(eq(companies.id, w.companyId))
    })
    const row = await retryingHook(w, 'doomed-1')
    let outcomes: string[] = []
    for (let i = 0; i < 20 && !outcomes.includes('failed'); i++) {
      w.h.clock.advance(2 * HOUR)
      outcomes = (await runConnectorRetryRound(w.h.deps)).outcomes
    }
    const failed = await eventRow(w, row.id)
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: CONNECTOR_RETRY_MAX_ATTEMPTS,
      nextAttemptAt: null,
      reason: `Gave up after ${CONNECTOR_RETRY_MAX_ATTEMPTS} attempts: The exocorp is paused`,
    })
    // Decision 063: the cause and how it came about beside the unchanged English, stored and returned.
    expect(failed.cause).toBe('exocorp_paused')
    expect(JSON.parse(failed.causeFacts!)).toEqual({ gaveUpAfter: 10 })
    const notices = await w.h.db.select().from(adminNotifications).where(eq(adminNotifications.kind, 'connector_event'))
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatchObject({
      severity: 'warning',
      companyId: w.companyId,
      occurrences: 1,
    })
    expect(notices[0]!.title).toMatch(
      new RegExp(`^A github delivery to .+ failed after ${CONNECTOR_RETRY_MAX_ATTEMPTS} attempts$`),
    )
    expect(notices[0]!.detail).toContain('doomed-1')
    // The admin queue reads it; a second event given up on counts on the same notice.
    await signInAgain([w.admin, 'admin@example.com'])
    const listed = ConnectorEventPageSchema.parse((await w.admin.get('/api/admin/connector-events?status=failed')).json)
    expect(listed.items.find((e) => e.id === row.id)).toMatchObject({
      reason: 'Gave up after 10 attempts: The exocorp is paused',
      cause: 'exocorp_paused',
      causeFacts: { gaveUpAfter: 10 },
    })
    const queue = await w.admin.get('/api/admin/notifications?kind=connector_event')
    expect(queue.status, queue.text).toBe(200)
    expect(queue.json.items).toHaveLength(1)
    // Decision 063: keyed, with the facts of the English title and detail, as literals; the reason is
    // the platform's own, so it is a cause code (each language words it), not its English sentence.
    expect(CONNECTOR_RETRY_MAX_ATTEMPTS).toBe(10)
    expect(queue.json.items[0].title).toBe('A github delivery to Difference Engines failed after 10 attempts')
    expect(queue.json.items[0].messageKey).toBe('connector_gave_up')
    expect(queue.json.items[0].messageParams).toEqual({
      connector: 'github',
      exocorp: 'Difference Engines',
      attempts: 10,
      event: 'doomed-1',
      receivedAt: failed.receivedAt,
      cause: 'exocorp_paused',
    })
    // The English for API clients, exactly as before.
    expect(queue.json.items[0].detail).toBe(
      `Event doomed-1 (received ${failed.receivedAt}): Gave up after 10 attempts: The exocorp is paused. Replay it from Connector events once the cause is fixed.`,
    )
    await retryingHook(w, 'doomed-2')
    // Received long ago: the next wait would pass the 24 h window, so the first retry gives up.
    await w.h.db.write(async (tx) => {
      await tx
        .update(connectorEvents)
        .set({ receivedAt: new Date(w.h.clock.now().getTime() - 24 * HOUR + 10_000).toISOString() })
        .where(eq(connectorEvents.eventId, 'doomed-2'))
    })
    w.h.clock.advance(30_000)
    expect((await runConnectorRetryRound(w.h.deps, { random: () => 0.5 })).outcomes).toEqual(['failed'])
    const [again] = await w.h.db.select().from(connectorEvents).where(eq(connectorEvents.eventId, 'doomed-2'))
    expect(again).toMatchObject({ status: 'failed', attempts: 2 })
    const after = await w.h.db.select().from(adminNotifications).where(eq(adminNotifications.kind, 'connector_event'))
    expect(after.map((n) => n.occurrences)).toEqual([2])
  })

  it("refuses outright what the runtime answers 4xx: one notice keyed with the runtime's status, the English as before", async () => {
    const w = await world()
    await w.h.db.write(async (tx) => {
      await tx.update(companies).set({ name: 'Difference Engines' }).where(eq(companies.id, w.companyId))
    })
    const row = await retryingHook(w, 'refused-1', 'refuser')
    // Resumed: the retry reaches the runtime, which refuses it (422): failed, not retried again.
    await w.setStatus('running')
    w.h.clock.advance(30_000)
    expect((await runConnectorRetryRound(w.h.deps)).outcomes).toEqual(['failed'])
    const failed = await eventRow(w, row.id)
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: null, reason: 'The runtime answered 422' })
    expect(failed.cause).toBe('runtime_answered')
    expect(JSON.parse(failed.causeFacts!)).toEqual({ status: 422 })
    await signInAgain([w.admin, 'admin@example.com'])
    expect(
      ConnectorEventPageSchema.parse((await w.admin.get('/api/admin/connector-events?status=failed')).json).items[0],
    ).toMatchObject({ id: row.id, reason: 'The runtime answered 422', cause: 'runtime_answered', causeFacts: { status: 422 } })
    const queue = await w.admin.get('/api/admin/notifications?kind=connector_event')
    expect(queue.status, queue.text).toBe(200)
    expect(queue.json.items).toHaveLength(1)
    expect(queue.json.items[0]).toMatchObject({
      title: 'A refuser delivery to Difference Engines failed after 2 attempts',
      detail: `Event refused-1 (received ${failed.receivedAt}): The runtime answered 422. Replay it from Connector events once the cause is fixed.`,
      messageKey: 'connector_refused',
    })
    expect(queue.json.items[0].messageParams).toEqual({
      connector: 'refuser',
      exocorp: 'Difference Engines',
      attempts: 2,
      event: 'refused-1',
      receivedAt: failed.receivedAt,
      cause: 'runtime_answered',
      status: 422,
    })
  })

  it('books nothing twice: a usage report already booked is a duplicate when the sweep retries it', async () => {
    const w = await world()
    const token = await issueUsageToken(w.h.deps, w.companyId)
    const report = { model: 'gpt-4o', inputTokens: 2000, outputTokens: 10, eventId: 'usage-retry-1' }
    const res = await w.h.app.request(`${ORIGIN}/api/runtime/usage-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(report),
    })
    expect(res.status).toBe(201)
    const usageBefore = Number((await w.h.db.select({ n: count() }).from(usageEvents))[0]!.n)
    const ledgerBefore = Number((await w.h.db.select({ n: count() }).from(ledgerEntries))[0]!.n)
    // As if the answer had been a 5xx after the booking committed (a crash, a timeout): retrying.
    await w.h.db.write(async (tx) => {
      await tx
        .update(connectorEvents)
        .set({ status: 'retrying', deliveredAt: null, nextAttemptAt: w.h.clock.now().toISOString() })
        .where(eq(connectorEvents.eventId, 'usage-retry-1'))
    })
    expect((await runConnectorRetryRound(w.h.deps)).outcomes).toEqual(['duplicate'])
    expect(Number((await w.h.db.select({ n: count() }).from(usageEvents))[0]!.n)).toBe(usageBefore)
    expect(Number((await w.h.db.select({ n: count() }).from(ledgerEntries))[0]!.n)).toBe(ledgerBefore)
    const [row] = await w.h.db.select().from(connectorEvents).where(eq(connectorEvents.eventId, 'usage-retry-1'))
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 })
  })

  it('lets two retriers claim at once without taking the same event, and takes over a claim whose holder died', async () => {
    const w = await world()
    await w.setStatus('paused')
    for (let i = 0; i < 12; i++) expect((await hook(w, '{}', { 'webhook-id': `pair-${i}` })).status).toBe(503)
    w.h.clock.advance(60_000)
    const [a, b] = await Promise.all([claimDueConnectorEvents(w.h.deps, 8), claimDueConnectorEvents(w.h.deps, 8)])
    const ids = [...a!, ...b!].map((r) => r.id)
    expect(ids).toHaveLength(12)
    expect(new Set(ids).size).toBe(12)
    // Claimed: nobody else takes them now; a claim that was never settled is taken over after it lapses.
    expect(await claimDueConnectorEvents(w.h.deps)).toEqual([])
    w.h.clock.advance(61_000)
    expect((await claimDueConnectorEvents(w.h.deps, 20)).length).toBe(12)
  })
})
