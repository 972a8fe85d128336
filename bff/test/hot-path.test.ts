import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import fs from 'node:fs'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app'
import { openDb, VERSION_REFRESH_MS, type Db } from '../src/db/client'
import { jobs } from '../src/db/schema/companies'
import { createDeps } from '../src/create-deps'
import { loadEnv } from '../src/env'
import { ManualClock } from '../src/lib/clock'
import { setUserDisabled, setUserRole } from '../src/services/accounts/users'
import { makeHarness, signUp, TestClient } from './harness'

// Issue 11 / decision 026: the polled reads run a fixed number of SQL statements however large the
// fleet (no N+1), answer a matching If-None-Match without building anything, and the session
// cache behind them never outlives a logout, a role change or a disabled account.

const opened: Db[] = []
afterAll(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()))
})

/** Where a second handle (another instance, the CLI) finds the same database. */
type Place = { file: string } | { url: string; pgSchema: string }

async function open(place: Place, onQuery?: (sql: string) => void): Promise<Db> {
  const db = await openDb({ ...place, poolSize: 4, onQuery })
  opened.push(db)
  return db
}

async function instance(place: Place) {
  const statements: string[] = []
  const db = await open(place, (sql) => statements.push(sql))
  const clock = new ManualClock('2026-06-01T12:00:00.000Z')
  const env = loadEnv({ EXOCORP_DATA_DIR: '/tmp/exocorp-test-unused', LOG_LEVEL: 'silent', NODE_ENV: 'test' })
  const deps = createDeps({ env, db, clock, log: pino({ level: 'silent' }) })
  const app = createApp(deps)
  /** The statements one request runs. */
  const counted = async (run: () => Promise<{ status: number }>) => {
    statements.length = 0
    const res = await run()
    // The data version is read at most once a second whatever the traffic (VERSION_REFRESH_MS), not
    // per request: on a slow machine that second can end inside any request, so it is not counted.
    const sql = statements.filter((s) => !s.startsWith('SELECT n FROM data_version'))
    return { status: res.status, statements: sql.length, sql }
  }
  return { app, deps, db, clock, counted, newClient: () => new TestClient(app) }
}

async function setUp() {
  const url = process.env.DATABASE_URL
  const place: Place = url
    ? { url, pgSchema: `hp_${randomBytes(6).toString('hex')}` }
    : { file: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-hot-')), 'exocorp.db') }
  const a = await instance(place)
  const owner = a.newClient()
  const me = await signUp(owner, 'owner@example.com')
  return { place, a, owner, ownerId: me.me.user.id }
}

async function createCompanies(client: TestClient, from: number, to: number) {
  const ids: string[] = []
  for (let i = from; i < to; i++) {
    const res = await client.post('/api/registry/companies', { name: `Fleet ${i}`, slug: `fleet-${i}` })
    expect(res.status).toBe(201)
    ids.push(res.json.id as string)
  }
  return ids
}

describe('polled reads', () => {
  it('run a fixed number of statements per view, the same for a fleet of 1 and of 6', async () => {
    const { a, owner } = await setUp()
    const [first] = await createCompanies(owner, 0, 1)
    await a.db.write(async (tx) => {
      const at = new Date().toISOString()
      await tx.insert(jobs).values({
        id: 'job-1',
        companyId: first!,
        action: 'provision',
        status: 'succeeded',
        phases: '[]',
        attempts: 1,
        maxAttempts: 3,
        createdAt: at,
      })
    })
    const views = [
      '/api/auth/me',
      '/api/dashboard/summary',
      '/api/registry/my-companies',
      `/api/registry/companies/${first}`,
      `/api/registry/companies/${first}/jobs/current`,
      '/api/registry/audit-events?limit=50',
      '/api/admin/companies?limit=50',
      '/api/admin/audit-events?limit=50',
      '/api/billing/account',
    ]
    /** Each view built afresh: a visible write first moves the data version, so nothing cached holds. */
    const coldCounts = async () => {
      const counts: Record<string, number> = {}
      for (const view of views) {
        await a.db.write(async () => undefined)
        const res = await a.counted(() => owner.get(view))
        expect(res.status, view).toBe(200)
        counts[view] = res.statements
      }
      return counts
    }
    const small = await coldCounts()
    await createCompanies(owner, 1, 6)
    const large = await coldCounts()
    expect(large).toEqual(small)
    // The session lookup is one of them; the rest is the view. Raise a figure only with a reason.
    expect(small).toEqual({
      '/api/auth/me': 1,
      '/api/dashboard/summary': 6,
      '/api/registry/my-companies': 5,
      [`/api/registry/companies/${first}`]: 13,
      [`/api/registry/companies/${first}/jobs/current`]: 5,
      '/api/registry/audit-events?limit=50': 2,
      '/api/admin/companies?limit=50': 7,
      '/api/admin/audit-events?limit=50': 2,
      '/api/billing/account': 3,
    })
  })

  it('a bulk preview (pause) runs the same statements for 1 exocorp and for 6, and still sees the job in flight', async () => {
    const { a, owner } = await setUp()
    const [first] = await createCompanies(owner, 0, 1)
    await a.db.write(async (tx) => {
      const at = new Date().toISOString()
      await tx.insert(jobs).values({
        id: 'job-busy',
        companyId: first!,
        action: 'provision',
        status: 'running',
        phases: '[]',
        attempts: 1,
        maxAttempts: 3,
        createdAt: at,
      })
    })
    const preview = (companyIds: string[]) =>
      a.counted(() => owner.post('/api/registry/bulk-actions', { action: 'pause', companyIds, dryRun: true }))
    const one = await preview([first!])
    const rest = await createCompanies(owner, 1, 6)
    const six = await preview([first!, ...rest])
    expect(one.status).toBe(200)
    expect(six.status).toBe(200)
    // The preview reads the selection's jobs in flight and its owner's billing state once, not per exocorp.
    expect(six.statements).toBe(one.statements)
    const body = await owner.post('/api/registry/bulk-actions', { action: 'pause', companyIds: [first!, rest[0]!], dryRun: true })
    expect(body.json.items.map((i: { code: string | null }) => i.code)).toEqual(['job_in_flight', 'invalid_state'])
  })

  it('answers a matching If-None-Match with 304 and an unchanged view from memory, running no statement', async () => {
    const { a, owner } = await setUp()
    const [id] = await createCompanies(owner, 0, 1)
    const first = await owner.get(`/api/registry/companies/${id}`)
    expect(first.status).toBe(200)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^W\/"/)

    const notModified = await a.counted(() => owner.get(`/api/registry/companies/${id}`, { 'if-none-match': etag }))
    expect(notModified).toMatchObject({ status: 304, statements: 0 })
    const again = await a.counted(() => owner.get(`/api/registry/companies/${id}`))
    expect(again).toMatchObject({ status: 200, statements: 0 })

    // A change the view shows: the old tag no longer matches and the new body says so.
    expect((await owner.request('PATCH', `/api/registry/companies/${id}`, { name: 'Renamed' })).status).toBe(200)
    const changed = await owner.get(`/api/registry/companies/${id}`, { 'if-none-match': etag })
    expect(changed.status).toBe(200)
    expect(changed.json.name).toBe('Renamed')
    expect(changed.headers.get('etag')).not.toBe(etag)
  })

  it('answers the billing account again from memory, running no statement, while the version and the day stand', async () => {
    const { a, owner } = await setUp()
    const first = await owner.get('/api/billing/account')
    expect(first.status).toBe(200)
    const etag = first.headers.get('etag')!
    expect(await a.counted(() => owner.get('/api/billing/account', { 'if-none-match': etag }))).toMatchObject({
      status: 304,
      statements: 0,
    })
    expect(await a.counted(() => owner.get('/api/billing/account'))).toMatchObject({ status: 200, statements: 0 })
  })

  it('keeps tags apart per caller: another user gets 404 for the same URL and tag, not 304', async () => {
    const { a, owner } = await setUp()
    const [id] = await createCompanies(owner, 0, 1)
    const etag = (await owner.get(`/api/registry/companies/${id}`)).headers.get('etag')!
    const other = a.newClient()
    await signUp(other, 'other@example.com')
    const res = await other.get(`/api/registry/companies/${id}`, { 'if-none-match': etag })
    expect(res.status).toBe(404)
  })
})

describe('the session cache', () => {
  it('logout ends the session on the very next request', async () => {
    const { owner } = await setUp()
    expect((await owner.get('/api/auth/me')).status).toBe(200)
    const cookie = owner.cookie!
    expect((await owner.post('/api/auth/logout')).status).toBe(200)
    owner.cookie = cookie // a client that kept the old cookie
    expect((await owner.get('/api/auth/me')).status).toBe(401)
  })

  it('a role change shows on the very next request, and a 304 tag from before it no longer matches', async () => {
    const { a, owner } = await setUp()
    const user = a.newClient()
    const { me } = await signUp(user, 'user@example.com')
    const before = await user.get('/api/auth/me')
    expect(before.json.user.role).toBe('user')
    expect((await user.get('/api/admin/companies?limit=5')).status).toBe(403)
    await setUserRole(a.deps, me.user.id, 'admin')
    const after = await user.get('/api/auth/me', { 'if-none-match': before.headers.get('etag')! })
    expect(after.status).toBe(200)
    expect(after.json.user.role).toBe('admin')
    expect((await user.get('/api/admin/companies?limit=5')).status).toBe(200)
    await setUserRole(a.deps, me.user.id, 'user')
    expect((await user.get('/api/admin/companies?limit=5')).status).toBe(403)
    expect((await owner.get('/api/auth/me')).status).toBe(200)
  })

  it('disabling an account ends its session on the very next request', async () => {
    const { a } = await setUp()
    const user = a.newClient()
    const { me } = await signUp(user, 'user@example.com')
    expect((await user.get('/api/dashboard/summary')).status).toBe(200)
    await setUserDisabled(a.deps, me.user.id, true)
    expect((await user.get('/api/dashboard/summary')).status).toBe(401)
  })

  it('a session expires on time however recently it was cached', async () => {
    const { a, owner } = await setUp()
    expect((await owner.get('/api/auth/me')).status).toBe(200)
    a.clock.advance((a.deps.env.EXOCORP_SESSION_IDLE_MINUTES + 1) * 60_000)
    expect((await owner.get('/api/auth/me')).status).toBe(401)
  })

  it('a logout through another instance (or the CLI) takes effect here within VERSION_REFRESH_MS', async () => {
    const { place, owner } = await setUp()
    const b = await instance(place)
    const onB = b.newClient()
    onB.cookie = owner.cookie
    expect((await owner.get('/api/auth/me')).status).toBe(200)
    expect((await onB.get('/api/auth/me')).status).toBe(200)
    expect((await onB.post('/api/auth/logout')).status).toBe(200)
    await new Promise((r) => setTimeout(r, VERSION_REFRESH_MS + 50))
    expect((await owner.get('/api/auth/me')).status).toBe(401)
  })
})

describe('the billing account view (keyed on the data version and the clock, decision 033)', () => {
  it('answers 304 from memory until a write or the next day in state, and the very next poll after either shows it', async () => {
    const h = await makeHarness({ EXOCORP_SESSION_IDLE_MINUTES: '10000', EXOCORP_SESSION_ABSOLUTE_HOURS: '1000' })
    const owner = h.client
    await signUp(owner, 'owner@example.com')
    expect((await owner.post('/api/auth/reauthenticate', { password: 'correct horse battery' })).status).toBe(200)
    const user = new TestClient(h.app)
    await signUp(user, 'user@example.com')

    const first = await user.get('/api/billing/account')
    expect(first.status).toBe(200)
    expect(first.json.account.daysInState).toBe(0)
    const tag = first.headers.get('etag')!
    expect((await user.get('/api/billing/account', { 'if-none-match': tag })).status).toBe(304)

    // A day in the same state: the body changes with no write, and so does the tag.
    h.clock.advance(24 * 3_600_000 + 60_000)
    const nextDay = await user.get('/api/billing/account', { 'if-none-match': tag })
    expect(nextDay.status).toBe(200)
    expect(nextDay.json.account.daysInState).toBe(1)
    const dayTag = nextDay.headers.get('etag')!
    expect(dayTag).not.toBe(tag)
    expect((await user.get('/api/billing/account', { 'if-none-match': dayTag })).status).toBe(304)

    // A write the view shows (an adjustment by the platform owner): the very next poll has it.
    const accountId = first.json.account.id as string
    const before = first.json.account.balanceMicros as number
    expect((await owner.post('/api/auth/reauthenticate', { password: 'correct horse battery' })).status).toBe(200)
    const adjusted = await owner.post(`/api/admin/billing/accounts/${accountId}/adjustments`, {
      amountMicros: 3_000_000,
      reason: 'Goodwill credit',
      idempotencyKey: 'hot-path-1',
    })
    expect(adjusted.status).toBe(201)
    const afterWrite = await user.get('/api/billing/account', { 'if-none-match': dayTag })
    expect(afterWrite.status).toBe(200)
    expect(afterWrite.json.account.balanceMicros).toBe(before + 3_000_000)
    expect(afterWrite.json.recentEntries[0]).toMatchObject({ kind: 'adjustment', amountMicros: 3_000_000 })
  })
})

describe('responses of the polled reads', () => {
  it('carry the same security headers and request id whether they answer 200, 304, 404 or 401', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'owner@example.com')
    const ok = await h.client.get('/api/auth/me')
    const notModified = await h.client.get('/api/auth/me', { 'if-none-match': ok.headers.get('etag')! })
    const missing = await h.client.get('/api/registry/companies/no-such-id')
    const other = new TestClient(h.app)
    const anonymous = await other.get('/api/dashboard/summary')
    expect([ok.status, notModified.status, missing.status, anonymous.status]).toEqual([200, 304, 404, 401])
    const plain = await h.client.get('/api/registry/companies/no-such-id/draft') // not a polled read
    for (const res of [ok, notModified, missing, anonymous, plain]) {
      for (const name of ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy']) {
        expect(res.headers.get(name), `${name} on ${res.status}`).toBe(plain.headers.get(name))
      }
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
    expect(missing.json.error).toMatchObject({ code: 'not_found', requestId: missing.headers.get('x-request-id') })
    expect(anonymous.json.error).toMatchObject({ code: 'unauthenticated', requestId: anonymous.headers.get('x-request-id') })
    expect(missing.headers.get('cache-control')).toBe('no-store')
    expect(ok.headers.get('cache-control')).toBe('private, no-cache')
  })
})

describe('the transaction marker', () => {
  it('still refuses the root handle inside a write after earlier writes ended (it is off between them)', async () => {
    const h = await makeHarness()
    await h.db.write(async () => undefined)
    await h.db.write(async () => undefined)
    // drizzle wraps a failed query's error (PostgreSQL): the refusal is then its cause.
    const refusal = (fn: () => Promise<unknown>) =>
      h.db.write(fn).then(
        () => 'ran',
        (err: Error) => `${err.message} ${String(err.cause)}`,
      )
    expect(await refusal(async () => h.db.select().from(jobs))).toMatch(/inside a transaction/)
    expect(await refusal(async () => h.db.write(async () => undefined))).toMatch(/inside a transaction/)
    // And nothing outside one is refused.
    expect(await h.db.select().from(jobs)).toEqual([])
  })
})
