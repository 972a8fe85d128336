import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AdminCommercePageSchema, CompanyCommerceSchema, type StoreSnapshotInput } from '@exocorp/shared/commerce'
import type { ServerMessage } from '@exocorp/shared/events'
import { createLocalDriver } from '../src/runtime/local/local-driver'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { addCompany, billingWorld } from './billing-fixtures'
import { addMembership, auditRows, countRows, newUser, setCompany } from './catalog-helpers'
import { freePort } from './bff-process'
import { isHello, openStream, serveWithEvents, type StreamClient } from './events-fixtures'
import { TestClient, type Harness } from './harness'
import {
  AGENTS,
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  pidAlive,
  provisionAndWait,
  settled,
  waitFor,
} from './lifecycle-fixtures'

// Issue 19 item 2, decision 055: runtimes report snapshots of their store with their runtime token;
// the platform keeps the newest per store and the revenue per day; admins list every store with the
// stale ones flagged, owners and members read their exocorp's. Both databases.

let n = 0
function snapshot(over: Partial<StoreSnapshotInput> = {}): StoreSnapshotInput {
  n++
  return {
    snapshotId: `snap-${n}`,
    sequence: n,
    takenAt: '2026-06-01T11:59:59.000Z',
    intervalSeconds: 60,
    store: { id: 'st_main', name: 'Corner shop' },
    currency: 'USD',
    productCount: 3,
    orderCount: 2,
    lastOrderAt: '2026-06-01T11:58:00.000Z',
    revenueMinor: 4_500,
    revenueByDay: [
      { day: '2026-05-31', orders: 1, revenueMinor: 2_000 },
      { day: '2026-06-01', orders: 1, revenueMinor: 2_500 },
    ],
    ...over,
  }
}

async function world() {
  const w = await billingWorld()
  const acme = await addCompany(w.h, w.userId, 'acme', 'running')
  const other = await newUser(w.h, 'zed@example.com')
  const zulu = await addCompany(w.h, other.id, 'zulu', 'running')
  const runtime = new TestClient(w.h.app)
  const tokens = { acme: await issueUsageToken(w.h.deps, acme), zulu: await issueUsageToken(w.h.deps, zulu) }
  const report = (token: string | null, body: unknown) =>
    runtime.request('POST', '/api/runtime/store-snapshots', body, token ? { authorization: `Bearer ${token}` } : {})
  return { ...w, acme, zulu, other, tokens, report }
}

async function adminList(client: TestClient, query = '') {
  const res = await client.get(`/api/admin/commerce${query}`)
  expect(res.status, res.text).toBe(200)
  return AdminCommercePageSchema.parse(res.json)
}

const advance = (h: Harness, seconds: number) => h.clock.advance(seconds * 1000)

describe('store snapshots from runtimes', () => {
  it('keeps the newest snapshot per store: a replay or an older one changes nothing', async () => {
    const w = await world()
    const first = snapshot()
    const res = await w.report(w.tokens.acme, first)
    expect(res.status, res.text).toBe(201)
    expect(res.json).toEqual({ storeId: 'st_main', applied: true, sequence: first.sequence })

    const newer = snapshot({
      orderCount: 3,
      revenueMinor: 7_000,
      revenueByDay: [{ day: '2026-06-01', orders: 2, revenueMinor: 5_000 }],
    })
    expect((await w.report(w.tokens.acme, newer)).status).toBe(201)
    // The first one again (a retry that arrived late), and one older than what is held: nothing changes.
    const replay = await w.report(w.tokens.acme, first)
    expect(replay.status).toBe(200)
    expect(replay.json).toEqual({ storeId: 'st_main', applied: false, sequence: newer.sequence })
    const late = await w.report(w.tokens.acme, {
      ...snapshot(),
      sequence: first.sequence,
      orderCount: 1,
      revenueMinor: 1,
      revenueByDay: [{ day: '2026-06-01', orders: 9, revenueMinor: 1 }],
    })
    expect(late.json).toMatchObject({ applied: false, sequence: newer.sequence })

    const page = await adminList(w.admin)
    expect(page.items).toHaveLength(1)
    expect(page.items[0]).toMatchObject({
      companySlug: 'acme',
      companyStatus: 'running',
      storeId: 'st_main',
      storeName: 'Corner shop',
      currency: 'USD',
      productCount: 3,
      orderCount: 3,
      revenueMinor: 7_000,
      sequence: newer.sequence,
      lastOrderAt: '2026-06-01T11:58:00.000Z',
      intervalSeconds: 60,
      receivedAt: w.h.clock.now().toISOString(),
      staleAt: new Date(w.h.clock.now().getTime() + 3 * 60_000).toISOString(),
      stale: false,
    })
    // Days the newest snapshot carried replace the stored ones; days it left out stay.
    expect(page.revenue).toEqual([
      { day: '2026-05-31', currency: 'USD', orders: 1, revenueMinor: 2_000 },
      { day: '2026-06-01', currency: 'USD', orders: 2, revenueMinor: 5_000 },
    ])
  })

  it('refuses a missing or unknown runtime token (401, audited) and bad bodies (400 with field errors), writing nothing', async () => {
    const w = await world()
    expect((await w.report(null, snapshot())).status).toBe(401)
    const wrong = await w.report('exo_usage_nope', snapshot())
    expect(wrong.status).toBe(401)
    expect(wrong.json.error.code).toBe('unauthenticated')
    const refusedAuth = await auditRows(w.h, 'commerce.snapshot')
    expect(refusedAuth.map((r) => [r.outcome, r.summary])).toEqual([
      ['failed', 'Store snapshot refused: no runtime token'],
      ['failed', 'Store snapshot refused: unknown or retired runtime token'],
    ])

    const bad: [unknown, string][] = [
      [{}, 'snapshotId'],
      [{ ...snapshot(), sequence: 0 }, 'sequence'],
      [{ ...snapshot(), sequence: 1.5 }, 'sequence'],
      [{ ...snapshot(), currency: 'usd' }, 'currency'],
      [{ ...snapshot(), revenueMinor: -1 }, 'revenueMinor'],
      [{ ...snapshot(), intervalSeconds: 0 }, 'intervalSeconds'],
      [{ ...snapshot(), store: { id: 'a b', name: 'x' } }, 'store.id'],
      [{ ...snapshot(), store: { id: 'st', name: '   ' } }, 'store.name'],
      [{ ...snapshot(), takenAt: 'yesterday' }, 'takenAt'],
      [{ ...snapshot(), extra: 1 }, 'extra'],
      [{ ...snapshot(), revenueByDay: [{ day: '2026-13-01', orders: 1, revenueMinor: 1 }] }, 'revenueByDay.0.day'],
      [
        {
          ...snapshot(),
          revenueByDay: [
            { day: '2026-06-01', orders: 1, revenueMinor: 1 },
            { day: '2026-06-01', orders: 2, revenueMinor: 2 },
          ],
        },
        'revenueByDay',
      ],
      [{ ...snapshot(), snapshotId: 'x'.repeat(101) }, 'snapshotId'],
    ]
    for (const [body, field] of bad) {
      const res = await w.report(w.tokens.acme, body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(Object.keys(res.json.error.details.fields), JSON.stringify(body)).toContain(field)
    }
    const malformed = await new TestClient(w.h.app).request('POST', '/api/runtime/store-snapshots', '{"snapshotId":', {
      authorization: `Bearer ${w.tokens.acme}`,
    })
    expect(malformed.status).toBe(400)
    expect(await countRows(w.h, 'commerce_stores')).toBe(0)
    expect(await countRows(w.h, 'commerce_revenue_daily')).toBe(0)
    // Each refused body is audited once, with the runtime as the actor.
    const refused = (await auditRows(w.h, 'commerce.snapshot')).slice(2)
    expect(refused.length).toBeGreaterThanOrEqual(bad.length)
    expect(refused[0]).toMatchObject({ outcome: 'failed', summary: 'Store snapshot from acme refused' })
  })

  it('flags a running exocorp’s store stale after three of its intervals without a snapshot', async () => {
    const w = await world()
    expect((await w.report(w.tokens.acme, snapshot({ intervalSeconds: 10 }))).status).toBe(201)
    expect((await w.report(w.tokens.zulu, snapshot({ intervalSeconds: 10, store: { id: 'st_z', name: 'Zulu' } }))).status).toBe(
      201,
    )
    const fresh = await w.admin.get('/api/admin/commerce')
    expect(AdminCommercePageSchema.parse(fresh.json).staleCount).toBe(0)
    const tag = fresh.headers.get('etag')!
    expect((await w.admin.get('/api/admin/commerce', { 'if-none-match': tag })).status).toBe(304)

    // 29 s: not yet. 30 s: both stale — the polled view changes by itself (no write happened).
    advance(w.h, 29)
    expect((await w.admin.get('/api/admin/commerce', { 'if-none-match': tag })).status).toBe(304)
    advance(w.h, 1)
    const later = await w.admin.get('/api/admin/commerce', { 'if-none-match': tag })
    expect(later.status).toBe(200)
    expect(AdminCommercePageSchema.parse(later.json).items.map((s) => [s.companySlug, s.stale])).toEqual([
      ['acme', true],
      ['zulu', true],
    ])
    // A stopped exocorp's store is not expected to report: not stale.
    await setCompany(w.h, w.zulu, { status: 'stopped' })
    const page = await adminList(w.admin)
    expect(page.staleCount).toBe(1)
    expect(page.items.map((s) => [s.companySlug, s.stale])).toEqual([
      ['acme', true],
      ['zulu', false],
    ])
    expect((await adminList(w.admin, '?stale=true')).items.map((s) => s.companySlug)).toEqual(['acme'])
    expect((await adminList(w.admin, '?stale=false')).items.map((s) => s.companySlug)).toEqual(['zulu'])
    // A new snapshot makes it fresh again.
    expect((await w.report(w.tokens.acme, snapshot({ intervalSeconds: 10 }))).status).toBe(201)
    expect((await adminList(w.admin, '?stale=true')).items).toEqual([])
  })

  it('pages by exocorp slug and store id, and searches exocorps by name or slug', async () => {
    const w = await world()
    const beta = await addCompany(w.h, w.userId, 'beta', 'running')
    const betaToken = await issueUsageToken(w.h.deps, beta)
    for (const id of ['st_b', 'st_a']) {
      expect((await w.report(betaToken, snapshot({ store: { id, name: id } }))).status).toBe(201)
    }
    expect((await w.report(w.tokens.acme, snapshot())).status).toBe(201)
    expect((await w.report(w.tokens.zulu, snapshot())).status).toBe(201)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page = await adminList(w.admin, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      seen.push(...page.items.map((s) => `${s.companySlug}/${s.storeId}`))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(['acme/st_main', 'beta/st_a', 'beta/st_b', 'zulu/st_main'])
    expect((await adminList(w.admin, '?q=BET')).items.map((s) => s.storeId)).toEqual(['st_a', 'st_b'])
    expect((await adminList(w.admin, '?q=nothing')).items).toEqual([])
    // Revenue follows the filters: beta's two stores only.
    expect((await adminList(w.admin, '?q=beta')).revenue).toEqual([
      { day: '2026-05-31', currency: 'USD', orders: 2, revenueMinor: 4_000 },
      { day: '2026-06-01', currency: 'USD', orders: 2, revenueMinor: 5_000 },
    ])
    for (const q of ['?stale=maybe', '?cursor=nope', '?limit=0', '?extra=1']) {
      expect((await w.admin.get(`/api/admin/commerce${q}`)).status, q).toBe(400)
    }
  })

  it('owners and members read their exocorp’s stores; another tenant’s exocorp is a 404; no token leaves', async () => {
    const w = await world()
    expect((await w.report(w.tokens.acme, snapshot())).status).toBe(201)
    expect((await w.report(w.tokens.zulu, snapshot({ store: { id: 'st_z', name: 'Zulu mart' } }))).status).toBe(201)
    const own = await w.user.get(`/api/registry/companies/${w.acme}/commerce`)
    expect(own.status, own.text).toBe(200)
    const body = CompanyCommerceSchema.parse(own.json)
    expect(body.stores.map((s) => [s.storeId, s.storeName, s.orderCount, s.revenueMinor])).toEqual([
      ['st_main', 'Corner shop', 2, 4_500],
    ])
    expect(body.stores[0]!.revenueByDay).toEqual([
      { day: '2026-05-31', orders: 1, revenueMinor: 2_000 },
      { day: '2026-06-01', orders: 1, revenueMinor: 2_500 },
    ])
    const member = await newUser(w.h, 'member@example.com')
    await addMembership(w.h, w.acme, member.id)
    expect((await member.client.get(`/api/registry/companies/${w.acme}/commerce`)).status).toBe(200)
    // zed owns zulu, not acme: the same 404 as an id that does not exist.
    const other = await w.other.client.get(`/api/registry/companies/${w.acme}/commerce`)
    expect(other.status).toBe(404)
    expect((await w.other.client.get('/api/registry/companies/nope/commerce')).status).toBe(404)
    expect((await w.user.get(`/api/registry/companies/${w.zulu}/commerce`)).status).toBe(404)
    expect((await w.anon.get(`/api/registry/companies/${w.acme}/commerce`)).status).toBe(401)

    // Canary: the runtime tokens appear in no answer of any reader.
    const answers = [
      own.text,
      (await w.admin.get('/api/admin/commerce')).text,
      (await w.owner.get('/api/admin/commerce')).text,
      (await w.other.client.get(`/api/registry/companies/${w.zulu}/commerce`)).text,
    ]
    for (const token of Object.values(w.tokens)) {
      for (const text of answers) {
        expect(text).not.toContain(token)
        expect(text).not.toContain(Buffer.from(token).toString('base64'))
      }
    }
  })
})

describe('store snapshots on the event stream (decision 060)', () => {
  it('pushes an applied snapshot to the exocorp’s members and admins only; a replay pushes nothing', async () => {
    const w = await world()
    const member = await newUser(w.h, 'member@example.com')
    await addMembership(w.h, w.acme, member.id)
    const srv = await serveWithEvents(w.h)
    const streams = {
      owner: await openStream(srv.port, { cookie: w.user.cookie }),
      member: await openStream(srv.port, { cookie: member.client.cookie }),
      admin: await openStream(srv.port, { cookie: w.admin.cookie }),
      zuluOwner: await openStream(srv.port, { cookie: w.other.client.cookie }),
    }
    await Promise.all(Object.values(streams).map((s) => s.waitFor(isHello)))
    const stores = (s: StreamClient) =>
      s.messages.flatMap((m) => (m.type === 'store.snapshot' ? [[m.companyId, m.data.sequence] as const] : []))
    const storeEvent = (companyId: string, sequence: number) => (m: ServerMessage) =>
      m.type === 'store.snapshot' && m.companyId === companyId && m.data.sequence === sequence

    const first = snapshot()
    expect((await w.report(w.tokens.acme, first)).status).toBe(201)
    await srv.hub.pump()
    const pushed = await streams.member.waitFor(storeEvent(w.acme, first.sequence))
    expect(pushed).toMatchObject({
      type: 'store.snapshot',
      companyId: w.acme,
      data: {
        storeId: 'st_main',
        storeName: 'Corner shop',
        sequence: first.sequence,
        currency: 'USD',
        productCount: 3,
        orderCount: 2,
        revenueMinor: 4_500,
        lastOrderAt: '2026-06-01T11:58:00.000Z',
      },
    })
    await streams.owner.waitFor(storeEvent(w.acme, first.sequence))

    // Another tenant's store: its owner hears of it; acme's people do not.
    const theirs = snapshot({ store: { id: 'st_z', name: 'Zulu shop' } })
    expect((await w.report(w.tokens.zulu, theirs)).status).toBe(201)
    // A replay of acme's first snapshot is not applied, so nothing is pushed; a newer one is.
    expect((await w.report(w.tokens.acme, first)).status).toBe(200)
    const newer = snapshot({ orderCount: 3, revenueMinor: 7_000 })
    expect((await w.report(w.tokens.acme, newer)).status).toBe(201)
    await srv.hub.pump()

    await streams.admin.waitFor(storeEvent(w.acme, newer.sequence))
    await streams.owner.waitFor(storeEvent(w.acme, newer.sequence))
    await streams.member.waitFor(storeEvent(w.acme, newer.sequence))
    await streams.zuluOwner.waitFor(storeEvent(w.zulu, theirs.sequence))
    // Events arrive in id order, so by the last one each has seen everything it was allowed to.
    expect(stores(streams.admin)).toEqual([
      [w.acme, first.sequence],
      [w.zulu, theirs.sequence],
      [w.acme, newer.sequence],
    ])
    for (const s of [streams.owner, streams.member]) {
      expect(stores(s)).toEqual([
        [w.acme, first.sequence],
        [w.acme, newer.sequence],
      ])
    }
    // Zulu's owner: a later zulu event bounds what it was sent, and none of acme's is among it.
    const ping = snapshot({ store: { id: 'st_z', name: 'Zulu shop' } })
    expect((await w.report(w.tokens.zulu, ping)).status).toBe(201)
    await srv.hub.pump()
    await streams.zuluOwner.waitFor(storeEvent(w.zulu, ping.sequence))
    expect(stores(streams.zuluOwner)).toEqual([
      [w.zulu, theirs.sequence],
      [w.zulu, ping.sequence],
    ])
    for (const s of Object.values(streams)) s.close()
  })
})

describe('a running reference runtime’s store', () => {
  it('reports snapshots within seconds, takes products and orders over its API, keeps its store across a restart and turns stale when it goes silent', async () => {
    const port = await freePort()
    const h = await makeLifecycleHarness({
      env: { PORT: String(port) },
      driver: (dataDir) =>
        createLocalDriver({ dataDir, stopGraceMs: 1_000, orphanGraceMs: 2_000, storeIntervalMs: 300, snapshotIntervalMs: 1_000 }),
    })
    try {
      await ownerWithCredentials(h) // the first account: the platform owner too, so admin reads answer
      await serveWithEvents(h, { port }) // the runtime reports over real HTTP
      const shop = [{ name: 'Mercer', role: 'Runs the shop', model: 'gpt-4o' }, AGENTS[1]!]
      const c = await createCompany(h.client, 'corner-shop', 'Corner', shop)
      expect((await provisionAndWait(h.client, c.id)).status).toBe('running')

      // The shop agent stocks the starter catalog and records orders; each change is reported.
      const mine = async () => {
        const res = await h.client.get(`/api/registry/companies/${c.id}/commerce`)
        expect(res.status, res.text).toBe(200)
        return CompanyCommerceSchema.parse(res.json).stores[0]
      }
      const first = (await waitFor(
        async () => {
          const s = await mine()
          return s && s.orderCount >= 2 ? s : null
        },
        30_000,
        100,
      ))!
      expect(first).toMatchObject({
        storeName: 'Corner shop',
        currency: 'USD',
        productCount: 3,
        stale: false,
        intervalSeconds: 1,
      })
      expect(first.revenueMinor).toBeGreaterThan(0)
      expect(first.lastOrderAt).not.toBeNull()
      expect(first.revenueByDay.reduce((n, d) => n + d.orders, 0)).toBe(first.orderCount)
      const listed = AdminCommercePageSchema.parse((await h.client.get('/api/admin/commerce?q=corner')).json)
      expect(listed.items.map((s) => [s.companySlug, s.storeId])).toEqual([['corner-shop', first.storeId]])

      // An operator with the runtime's control token adds a product; without it the runtime refuses.
      const record = JSON.parse(readFileSync(path.join(h.dataDir, 'runtimes', c.id, 'runtime.json'), 'utf8')) as {
        endpoint: string
        controlToken: string
        pid: number
      }
      const call = (p: string, body: unknown, token: string | null) =>
        fetch(new URL(p, record.endpoint), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        })
      expect((await call('/store/products', { name: 'Gift card', priceMinor: 2_500 }, null)).status).toBe(401)
      expect((await call('/store/products', { name: '', priceMinor: -1 }, record.controlToken)).status).toBe(400)
      const added = await call('/store/products', { name: 'Gift card', priceMinor: 2_500 }, record.controlToken)
      expect(added.status).toBe(201)
      const product = (await added.json()) as { id: string }
      const order = await call('/store/orders', { productId: product.id, quantity: 2 }, record.controlToken)
      expect(order.status).toBe(201)
      expect(await order.json()).toMatchObject({ productName: 'Gift card', quantity: 2, totalMinor: 5_000, by: 'operator' })
      const withGiftCard = (await waitFor(
        async () => {
          const s = await mine()
          return s && s.productCount === 4 ? s : null
        },
        15_000,
        100,
      ))!
      expect(withGiftCard.sequence).toBeGreaterThan(first.sequence)

      // Restarted, the runtime keeps its store (same id, counts carried on, sequence still rising).
      expect((await h.client.post(`/api/registry/companies/${c.id}/actions`, { action: 'restart' })).status).toBe(202)
      expect((await settled(h.client, c.id)).status).toBe('running')
      const after = (await waitFor(
        async () => {
          const s = await mine()
          return s && s.sequence > withGiftCard.sequence + 1 ? s : null
        },
        30_000,
        100,
      ))!
      expect(after.storeId).toBe(first.storeId)
      expect(after.productCount).toBe(4)
      expect(after.orderCount).toBeGreaterThanOrEqual(withGiftCard.orderCount)
      expect(
        CompanyCommerceSchema.parse((await h.client.get(`/api/registry/companies/${c.id}/commerce`)).json).stores,
      ).toHaveLength(1)

      // The runtime dies; the exocorp still says running (no health probe here): after three of its
      // intervals without a snapshot the store is stale.
      const now = JSON.parse(readFileSync(path.join(h.dataDir, 'runtimes', c.id, 'runtime.json'), 'utf8')) as { pid: number }
      process.kill(now.pid, 'SIGKILL')
      await waitFor(() => !pidAlive(now.pid), 10_000, 50)
      h.clock.advance(4_000)
      const stale = AdminCommercePageSchema.parse((await h.client.get('/api/admin/commerce?stale=true')).json)
      expect(stale.items.map((s) => [s.companySlug, s.stale])).toEqual([['corner-shop', true]])
      expect(stale.staleCount).toBe(1)
    } finally {
      await h.cleanup()
    }
  }, 120_000)
})
