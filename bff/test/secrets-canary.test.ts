import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { users } from '../src/db/schema/accounts'
import { autoBindForProvision, listBindings } from '../src/services/catalog/bindings'
import { renderManifest } from '../src/services/catalog/manifest'
import { findRelease } from '../src/services/catalog/releases'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { addMembership, insertCompany, newUser } from './catalog-helpers'
import { makeHarness, ORIGIN, TestClient } from './harness'

/**
 * QUALITY.md's secrets canary: store random markers as credentials, drive every surface we have
 * (every GET route as every role, failing writes, auto-binding, manifests, usage reports), then
 * look for the markers raw, base64, base64url and hex in responses, log lines, audit rows, job
 * errors, manifests and the whole database: zero occurrences.
 */
function encodings(marker: string): string[] {
  const buf = Buffer.from(marker, 'utf8')
  // Encodings of the whole value, plus of the value shifted by one and two bytes, so a marker
  // embedded in a longer base64 blob is still found.
  const b64 = [0, 1, 2].flatMap((shift) => {
    const shifted = Buffer.concat([Buffer.alloc(shift, 0x20), buf])
    const s = shifted.toString('base64')
    const skip = Math.ceil((shift * 4) / 3) + 1
    const core = s.slice(skip, skip + 24)
    return [core, core.replace(/\+/g, '-').replace(/\//g, '_')]
  })
  return [
    marker,
    buf.toString('hex'),
    buf.toString('hex').toUpperCase(),
    buf.toString('base64'),
    buf.toString('base64url'),
    encodeURIComponent(marker),
    ...b64,
  ]
}

function occurrences(haystack: string, needles: string[]): string[] {
  return needles.filter((n) => n.length >= 16 && haystack.includes(n))
}

describe('secrets canary', () => {
  it('never lets a stored credential out: responses, logs, audit rows, job errors, manifests, database', async () => {
    const h = makeHarness({ EXOCORP_SECRET_KEY: randomBytes(32).toString('base64') })
    const markerA = `cnry${randomBytes(24).toString('hex')}`
    const markerB = `cnry${randomBytes(24).toString('hex')}`
    const markerC = `cnry${randomBytes(24).toString('hex')}`
    // A short fixed prefix, then randomness: every encoded probe below covers random bytes.
    const needles = [markerA, markerB, markerC].flatMap(encodings)

    const platformOwner = await newUser(h, 'root@example.com')
    const admin = await newUser(h, 'admin@example.com')
    h.db.update(users).set({ role: 'admin' }).where(eq(users.id, admin.id)).run()
    const owner = await newUser(h, 'owner@example.com')
    const member = await newUser(h, 'member@example.com')
    const stranger = await newUser(h, 'stranger@example.com')

    const responses: string[] = []
    const keep = <T extends { text: string; headers: Headers }>(r: T): T => {
      responses.push(r.text, JSON.stringify([...r.headers.entries()]))
      return r
    }

    // Store the markers, bind them, rotate one, and try a batch of failing writes that carry them.
    const openai = keep(
      await owner.client.post('/api/registry/provider-secrets', { provider: 'openai', label: 'Canary', value: markerA }),
    ).text
    const openaiId = JSON.parse(openai).id as string
    const anthropicId = JSON.parse(
      keep(await owner.client.post('/api/registry/provider-secrets', { provider: 'anthropic', label: 'Canary', value: markerB }))
        .text,
    ).id as string
    const company = insertCompany(h, owner.id, {
      slug: 'canary-corp',
      draft: { agents: [{ name: 'CEO', role: 'lead', model: 'gpt-4o' }] },
    })
    const second = insertCompany(h, owner.id, { slug: 'canary-two', channel: 'beta' })
    addMembership(h, company.id, member.id)
    addMembership(h, second.id, member.id)
    keep(await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider: 'openai', secretId: openaiId }))
    keep(
      await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider: 'anthropic', secretId: anthropicId }),
    )
    keep(await owner.client.post(`/api/registry/provider-secrets/${anthropicId}/rotate`, { value: markerC }))
    const failing: [TestClient, string, unknown][] = [
      [owner.client, '/api/registry/provider-secrets', { provider: 'openai', label: 'Canary', value: markerA }], // 409 label taken
      [owner.client, '/api/registry/provider-secrets', { provider: 'azure', label: 'x', value: markerA }],
      [owner.client, '/api/registry/provider-secrets', { provider: 'openai', label: markerA.repeat(3), value: 'short' }],
      [owner.client, '/api/registry/provider-secrets', { provider: 'openai', label: 'x', value: markerA.repeat(200) }],
      [owner.client, '/api/registry/provider-secrets', { provider: 'openai', label: 'x', value: markerA, extra: markerA }],
      [owner.client, `/api/registry/provider-secrets/${openaiId}/rotate`, { value: markerA, label: markerA }],
      [stranger.client, `/api/registry/provider-secrets/${openaiId}/rotate`, { value: markerA }],
      [member.client, `/api/registry/companies/${company.id}/bindings`, { provider: 'openai', secretId: markerA }],
      [owner.client, `/api/registry/companies/${company.id}/bindings`, { provider: 'openai', secretId: markerA }],
    ]
    for (const [client, path, body] of failing) {
      const r = keep(await client.post(path, body))
      expect(r.status, path).toBeGreaterThanOrEqual(400)
    }
    keep(await owner.client.request('DELETE', `/api/registry/provider-secrets/${openaiId}`)) // 409: in use

    // The provisioning side: auto-bind, manifest, usage token and a usage report.
    const release = findRelease(h.deps, '1.6.0-beta.2')!
    const auto = autoBindForProvision(h.deps, { companyId: second.id, ownerUserId: owner.id, release })
    const manifests = [
      renderManifest(h.deps, { company, release: findRelease(h.deps, '1.5.0')!, bindings: listBindings(h.deps, company.id) }),
      renderManifest(h.deps, { company: second, release, bindings: listBindings(h.deps, second.id, release) }),
    ]
    expect(manifests[0]).toContain('Canary')
    const token = issueUsageToken(h.deps, company.id)
    const usage = await h.app.request(`${ORIGIN}/api/runtime/usage-events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', inputTokens: 10, outputTokens: 5 }),
    })
    expect(usage.status).toBe(201)
    responses.push(await usage.text())

    // Every GET route the app serves, as every role, with every id we know in each path parameter.
    const anonymous = new TestClient(h.app)
    const clients = {
      anonymous,
      owner: owner.client,
      member: member.client,
      stranger: stranger.client,
      admin: admin.client,
      platformOwner: platformOwner.client,
    }
    const ids = [company.id, second.id, openaiId, anthropicId, owner.id]
    const getRoutes = [...new Set(h.app.routes.filter((r) => r.method === 'GET').map((r) => r.path))].filter((p) =>
      p.startsWith('/api/'),
    )
    expect(getRoutes).toEqual(
      expect.arrayContaining([
        '/api/registry/provider-secrets',
        '/api/registry/companies/:id/manifest',
        '/api/runtime/billing/usage',
      ]),
    )
    const urls = new Set<string>()
    for (const route of getRoutes) {
      const paths = route.includes(':')
        ? ids.map((id) => route.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, id))
        : [route.replace(/\*$/, '')]
      for (const p of paths) {
        urls.add(p)
        urls.add(`${p}?companyId=${company.id}`)
      }
    }
    let reached = 0
    for (const url of urls) {
      for (const client of Object.values(clients)) {
        const r = keep(await client.get(url))
        if (r.status === 200) reached++
      }
    }
    expect(reached).toBeGreaterThan(20)

    const auditDump = JSON.stringify(h.db.$client.prepare('SELECT * FROM audit_events').all())
    const jobsDump = JSON.stringify(h.db.$client.prepare('SELECT * FROM jobs').all())
    const tables = (h.db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    )
    const dbDump = tables
      .map((t) =>
        JSON.stringify(h.db.$client.prepare(`SELECT * FROM "${t}"`).all(), (_k, v: unknown) =>
          Buffer.isBuffer(v) ? `${v.toString('latin1')} ${v.toString('hex')} ${v.toString('base64')}` : v,
        ),
      )
      .join('\n')

    expect(occurrences(responses.join('\n'), needles)).toEqual([])
    expect(occurrences(h.logLines.join('\n'), needles)).toEqual([])
    expect(occurrences(auditDump, needles)).toEqual([])
    expect(occurrences(jobsDump, needles)).toEqual([])
    expect(occurrences(manifests.join('\n') + JSON.stringify(auto), needles)).toEqual([])
    expect(occurrences(dbDump, needles)).toEqual([])
    expect(h.logLines.length).toBeGreaterThan(100)
    // The scan itself can see a marker when one is there.
    expect(occurrences(`x${Buffer.from(markerA).toString('base64')}x`, needles)).not.toEqual([])
    expect(occurrences(`x${Buffer.from(`  ${markerB}`).toString('base64')}x`, needles)).not.toEqual([])
  })
})
