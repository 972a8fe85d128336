import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { execute } from '../src/db/portable'
import { dialect } from '../src/db/schema/dialect'
import { billingAccounts } from '../src/db/schema/billing'
import { auditRecordsFor, signUp, TestClient } from './harness'
import { makeLifecycleHarness } from './lifecycle-fixtures'

/**
 * Property-based walk over every route of the app (enumerated from `app.routes`, not a hand list)
 * with hostile bodies, queries and headers, as anonymous, an owner and the platform owner.
 * Asserts: never a 5xx; every refused write audited once (its own row or counted, decision 015);
 * a refused request changes no business table. FUZZ_RUNS requests (default 1000, about 5 s here); FUZZ_SEED
 * replays a failing run (fast-check prints the seed and path on failure).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000)
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31

const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype)
/**
 * Written by refused requests on purpose (audit, throttles), by reads (session touch), or by the
 * instance itself whatever the requests (its heartbeat in `instances`, loop `leases`), and the
 * live stream's `platform_events`, which the database derives from those audit rows (decision 030),
 * and `data_version`, the counter every write moves, audit rows included (decision 026). Probe
 * signals (`signal_groups`, `signals`) are the security record of refused requests (decision 036).
 * `connector_events` records every inbound delivery, refused ones included (decision 047).
 */
const NOT_BUSINESS =
  /^(audit_events|audit_refusals|platform_events|signal_groups|signals|connector_events|data_version|sessions|schema_migrations|instances|leases|sqlite_.*|.*throttle.*|.*attempt.*)$/

it(`fuzzes every route: no 5xx, refused writes audited, nothing changed (seed ${SEED}, ${RUNS} runs)`, async () => {
  // With a real runtime driver attached, as at boot. The exocorp has no credentials, so no
  // generated action can start a job that would change rows in the background.
  const h = await makeLifecycleHarness()
  const root = new TestClient(h.app)
  await signUp(root, 'root@example.com')
  const owner = new TestClient(h.app)
  const ownerMe = await signUp(owner, 'owner@example.com')
  const created = await owner.post('/api/registry/companies', { name: 'Fuzzed', slug: 'fuzzed-co' })
  expect(created.status).toBe(201)
  const anonymous = new TestClient(h.app)
  const clients = [anonymous, owner, root]

  const ids = [
    created.json.id as string,
    ownerMe.me.user.id,
    ...(await h.db.select({ id: billingAccounts.id }).from(billingAccounts)).map((r) => r.id),
  ]
  const seen = new Set<string>()
  const routes = h.app.routes.filter((r) => {
    const key = `${r.method} ${r.path}`
    // Signing out would only end the fuzzing sessions.
    if (r.method === 'ALL' || seen.has(key) || r.path.endsWith('/logout')) return false
    seen.add(key)
    return true
  })
  expect(routes.length).toBeGreaterThan(40)

  const tables = (
    await execute<{ name: string }>(
      h.db,
      dialect === 'postgres'
        ? sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
        : sql`SELECT name FROM sqlite_master WHERE type = 'table'`,
    )
  )
    .map((t) => t.name)
    .filter((n) => !NOT_BUSINESS.test(n))
  // Rows sorted as text: PostgreSQL may return a table's rows in another order without any change.
  const digest = async () => {
    const hash = createHash('sha256')
    for (const t of tables) {
      const rows = await execute(h.db, sql`SELECT * FROM ${sql.identifier(t)}`)
      hash.update(t + JSON.stringify(rows.map((row) => JSON.stringify(row)).sort()))
    }
    return hash.digest('hex')
  }

  const key = fc.oneof(fc.constantFrom(...PROTO_KEYS, '__proto__', 'email', 'name', 'slug', 'action', 'value'), fc.string())
  const leaf = fc.oneof(
    fc.string(),
    fc.constantFrom('\u0000', 'a\u0000b', 'x'.repeat(20_000), '1e+300', '-1', ''),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  )
  const json = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(key, tie('node'), { maxKeys: 5 }),
    ),
  })).node
  const body = fc.oneof(
    json.map((v) => JSON.stringify(v)),
    fc.dictionary(key, json, { maxKeys: 6 }).map((v) => JSON.stringify(v)),
    fc.nat({ max: 30_000 }).map((n) => `{"a":${'['.repeat(n)}${']'.repeat(n)}}`),
    fc.constantFrom('', '{', '{"a":1,}', 'null', '\u0000', '"x"'),
  )
  const segment = fc.oneof(fc.constantFrom(...ids), fc.string({ maxLength: 40 }), fc.constant('x'.repeat(5000)))
  const request = fc.record({
    route: fc.nat({ max: routes.length - 1 }),
    client: fc.nat({ max: clients.length - 1 }),
    params: fc.array(segment, { minLength: 4, maxLength: 4 }),
    query: fc.dictionary(key, fc.oneof(fc.string(), fc.constant('x'.repeat(3000))), { maxKeys: 4 }),
    body,
    contentType: fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', undefined),
    header: fc.oneof(
      fc.constant({}),
      fc.record({ 'user-agent': fc.string({ maxLength: 6000 }) }),
      fc.constant({ 'x-request-id': 'chosen-by-client' }),
    ),
  })

  await fc
    .assert(
      fc.asyncProperty(request, async (r) => {
        const route = routes[r.route]!
        let i = 0
        const path = route.path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, () => encodeURIComponent(r.params[i++ % 4]!))
        const qs = new URLSearchParams(Object.entries(r.query)).toString()
        const url = `${path}${qs ? `?${qs}` : ''}`
        const before = await digest()
        const headers: Record<string, string> = { ...r.header }
        if (r.contentType) headers['content-type'] = r.contentType
        const res =
          route.method === 'GET'
            ? await clients[r.client]!.request('GET', url, undefined, headers)
            : await clients[r.client]!.request(route.method, url, r.body, headers)
        const what = `${route.method} ${url.slice(0, 200)} as ${['anonymous', 'owner', 'root'][r.client]} → ${res.status} ${res.text.slice(0, 200)}`
        expect(res.status, what).toBeLessThan(500)
        if (res.status >= 400) {
          expect(await digest(), `a refused request changed data: ${what}`).toBe(before)
          if (route.method !== 'GET') expect(await auditRecordsFor(h.db, res.headers.get('x-request-id')), what).toBe(1)
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    )
    .finally(() => h.cleanup())
}, 120_000)
