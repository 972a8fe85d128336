import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import type { Db } from '../src/db/client'
import { execute } from '../src/db/portable'
import { users } from '../src/db/schema/accounts'
import { dialect } from '../src/db/schema/dialect'
import { jobs } from '../src/db/schema/companies'
import { autoBindForProvision, listBindings } from '../src/services/catalog/bindings'
import { renderManifest } from '../src/services/catalog/manifest'
import { findRelease } from '../src/services/catalog/releases'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { addMembership, insertCompany, newUser } from './catalog-helpers'
import { makeHarness, ORIGIN, signUp, TestClient } from './harness'
import {
  createCompany,
  makeLifecycleHarness,
  provisionAndWait,
  runtimeProcesses,
  type LifecycleHarness,
} from './lifecycle-fixtures'

/**
 * QUALITY.md's secrets canary: store random markers as credentials, drive every surface we have
 * (every GET route as every role, failing writes, auto-binding, manifests, usage reports), then
 * look for the markers raw, base64, base64url and hex in responses, log lines, audit rows, job
 * errors, manifests and the whole database: zero occurrences. The exocorp's runtime log lines
 * (stored, listed, downloaded) are scanned too, after the runtime printed its bound credentials.
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

type App = { routes: { method: string; path: string }[] }

/** Every GET path the app registers under /api. */
function getRoutesOf(app: App): string[] {
  return [...new Set(app.routes.filter((r) => r.method === 'GET').map((r) => r.path))].filter((p) => p.startsWith('/api/'))
}

/** GETs every route as every client, with each known id in each path parameter; returns how many answered 200. */
async function scanGets(
  routes: string[],
  clients: TestClient[],
  ids: string[],
  companyId: string,
  keep: (r: { status: number; text: string; headers: Headers }) => unknown,
): Promise<number> {
  const urls = new Set<string>()
  for (const route of routes) {
    const paths = route.includes(':')
      ? ids.map((id) => route.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, id))
      : [route.replace(/\*$/, '')]
    for (const p of paths) {
      urls.add(p)
      urls.add(`${p}?companyId=${companyId}`)
    }
  }
  let reached = 0
  for (const url of urls) {
    for (const client of clients) {
      const r = await client.get(url)
      keep(r)
      if (r.status === 200) reached++
    }
  }
  return reached
}

/** Every row of every table as text; blobs in latin1, hex and base64 so encoded copies show too. */
async function dumpDatabase(db: Db): Promise<string> {
  const tables = await execute<{ name: string }>(
    db,
    dialect === 'postgres'
      ? sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
      : sql`SELECT name FROM sqlite_master WHERE type = 'table'`,
  )
  const dumps: string[] = []
  for (const { name } of tables) {
    const rows = await execute(db, sql`SELECT * FROM ${sql.identifier(name)}`)
    dumps.push(
      JSON.stringify(rows, (_k, v: unknown) =>
        Buffer.isBuffer(v) ? `${v.toString('latin1')} ${v.toString('hex')} ${v.toString('base64')}` : v,
      ),
    )
  }
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['provider_secrets', 'audit_events', 'jobs']))
  return dumps.join('\n')
}

describe('secrets canary', () => {
  it('never lets a stored credential out: responses, logs, audit rows, job errors, manifests, database', async () => {
    const h = await makeHarness({ EXOCORP_SECRET_KEY: randomBytes(32).toString('base64') })
    const markerA = `cnry${randomBytes(24).toString('hex')}`
    const markerB = `cnry${randomBytes(24).toString('hex')}`
    const markerC = `cnry${randomBytes(24).toString('hex')}`
    // A short fixed prefix, then randomness: every encoded probe below covers random bytes.
    const needles = [markerA, markerB, markerC].flatMap(encodings)

    const platformOwner = await newUser(h, 'root@example.com')
    const admin = await newUser(h, 'admin@example.com')
    await h.db.write(async (tx) => {
      await tx.update(users).set({ role: 'admin' }).where(eq(users.id, admin.id))
    })
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
    const company = await insertCompany(h, owner.id, {
      slug: 'canary-corp',
      draft: { agents: [{ name: 'CEO', role: 'lead', model: 'gpt-4o' }] },
    })
    const second = await insertCompany(h, owner.id, { slug: 'canary-two', channel: 'beta' })
    await addMembership(h, company.id, member.id)
    await addMembership(h, second.id, member.id)
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
    const release = (await findRelease(h.deps, '1.6.0-beta.2'))!
    const auto = await autoBindForProvision(h.deps, { companyId: second.id, ownerUserId: owner.id, release })
    const manifests = [
      await renderManifest(h.deps, {
        company,
        release: (await findRelease(h.deps, '1.5.0'))!,
        bindings: await listBindings(h.deps, company.id),
      }),
      await renderManifest(h.deps, { company: second, release, bindings: await listBindings(h.deps, second.id, release) }),
    ]
    expect(manifests[0]).toContain('Canary')
    const token = await issueUsageToken(h.deps, company.id)
    const usage = await h.app.request(`${ORIGIN}/api/runtime/usage-events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', inputTokens: 10, outputTokens: 5 }),
    })
    expect(usage.status).toBe(201)
    responses.push(await usage.text())
    // The runtime prints its bound credentials (raw and encoded) and credential-shaped strings; the
    // lines are redacted before they are stored (decision 039), so the stream, the Logs tab and the
    // downloads below never carry them.
    const printed = [
      `using ${markerA}`,
      `b64 ${Buffer.from(markerA).toString('base64')}`,
      `ANTHROPIC_API_KEY=${markerC}`,
      `hex ${Buffer.from(markerC).toString('hex')}`,
      `Authorization: Bearer ${markerA}`,
      `url ${encodeURIComponent(markerC)}`,
    ]
    const shipped = await h.app.request(`${ORIGIN}/api/runtime/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        lines: printed.map((message) => ({ at: new Date().toISOString(), level: 'info', stream: 'stdout', message })),
      }),
    })
    expect(shipped.status).toBe(201)
    responses.push(await shipped.text())
    const served = [
      keep(await owner.client.get(`/api/registry/companies/${company.id}/logs`)),
      keep(await owner.client.get(`/api/registry/companies/${company.id}/logs/download.txt`)),
      keep(await owner.client.get(`/api/registry/companies/${company.id}/logs/download.ndjson`)),
    ]
    for (const r of served) {
      expect(r.status).toBe(200)
      expect(r.text.match(/\[redacted\]/g)).toHaveLength(printed.length)
    }

    // A platform owner revokes the rotated credential (decision 043): the owner's notification, the
    // binding marked revoked, the admin's credential list and the audit row carry label and last 4 only.
    expect((await platformOwner.client.post('/api/auth/reauthenticate', { password: 'correct horse battery' })).status).toBe(200)
    const revoked = keep(
      await platformOwner.client.post(`/api/admin/credentials/${anthropicId}/revoke`, { reason: 'Canary revoke' }),
    )
    expect(revoked.status, revoked.text).toBe(200)
    keep(await platformOwner.client.post(`/api/admin/credentials/${openaiId}/revoke`, { reason: 'x' })) // 400
    expect(keep(await owner.client.get(`/api/registry/companies/${company.id}/bindings`)).text).toContain('Canary revoke')

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
    const getRoutes = getRoutesOf(h.app)
    expect(getRoutes).toEqual(
      expect.arrayContaining([
        '/api/registry/provider-secrets',
        '/api/registry/companies/:id/manifest',
        '/api/runtime/billing/usage',
        '/api/admin/users/:userId/credentials',
        '/api/account/notifications',
      ]),
    )
    const reached = await scanGets(getRoutes, Object.values(clients), ids, company.id, keep)
    expect(reached).toBeGreaterThan(20)

    const auditDump = JSON.stringify(await execute(h.db, sql`SELECT * FROM audit_events`))
    const jobsDump = JSON.stringify(await execute(h.db, sql`SELECT * FROM jobs`))
    const dbDump = await dumpDatabase(h.db)
    const storedLogs = await execute<{ message: string }>(h.db, sql`SELECT message FROM runtime_log_lines`)
    expect(storedLogs.filter((l) => l.message.includes('[redacted]'))).toHaveLength(printed.length)

    expect(occurrences(responses.join('\n'), needles)).toEqual([])
    expect(occurrences(h.logLines.join('\n'), needles)).toEqual([])
    expect(occurrences(auditDump, needles)).toEqual([])
    expect(occurrences(jobsDump, needles)).toEqual([])
    expect(occurrences(JSON.stringify(storedLogs), needles)).toEqual([])
    expect(occurrences(manifests.join('\n') + JSON.stringify(auto), needles)).toEqual([])
    expect(occurrences(dbDump, needles)).toEqual([])
    expect(h.logLines.length).toBeGreaterThan(100)
    // The scan itself can see a marker when one is there.
    expect(occurrences(`x${Buffer.from(markerA).toString('base64')}x`, needles)).not.toEqual([])
    expect(occurrences(`x${Buffer.from(`  ${markerB}`).toString('base64')}x`, needles)).not.toEqual([])
  }, 120_000) // a thousand-odd requests (every GET as every role); slow on a shared, loaded machine
})

/** Recursively reads every file under `dir` (runtime data: manifest, logs, state). */
function readTree(dir: string): string {
  if (!fs.existsSync(dir)) return ''
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name)).toString('latin1'))
    .join('\n')
}

describe('secrets canary through the lifecycle', () => {
  let lh: LifecycleHarness | null = null
  afterEach(async () => {
    await lh?.cleanup()
    lh = null
  })

  it('a real provision (auto-bind, manifest, runtime process) and a failed one leak nothing', async () => {
    lh = await makeLifecycleHarness()
    const h = lh
    const markerA = `cnry${randomBytes(24).toString('hex')}`
    const markerB = `cnry${randomBytes(24).toString('hex')}`
    const needles = [markerA, markerB].flatMap(encodings)
    await signUp(h.client, 'owner@example.com')
    const responses: string[] = []
    const keep = <T extends { text: string; headers: Headers }>(r: T): T => {
      responses.push(r.text, JSON.stringify([...r.headers.entries()]))
      return r
    }
    keep(await h.client.post('/api/registry/provider-secrets', { provider: 'openai', label: 'Canary OpenAI', value: markerA }))
    keep(
      await h.client.post('/api/registry/provider-secrets', { provider: 'anthropic', label: 'Canary Anthropic', value: markerB }),
    )
    const running = await createCompany(h.client, 'canary-live')
    const detail = await provisionAndWait(h.client, running.id)
    expect(detail.status).toBe('running')
    // The bind phase used the only credentials and said so, by label.
    const [job] = await h.db.select({ phases: jobs.phases }).from(jobs).where(eq(jobs.companyId, running.id))
    expect(job?.phases).toContain('Canary OpenAI')
    const failed = await createCompany(h.client, 'canary-empty', 'canary-empty', [])
    expect((await provisionAndWait(h.client, failed.id)).status).toBe('failed')

    // Read everything back.
    const reached = await scanGets(getRoutesOf(h.app), [h.client], [running.id, failed.id], running.id, keep)
    expect(reached).toBeGreaterThan(10)
    const manifest = await h.client.get(`/api/registry/companies/${running.id}/manifest`)
    expect(manifest.json.generatedAt).not.toBeNull()
    expect(manifest.json.yaml).toContain('Canary Anthropic')

    const pids = runtimeProcesses(h.dataDir, running.id)
    expect(pids).toHaveLength(1)
    const environ = pids.map((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/environ`, 'latin1') + fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1')
      } catch {
        return ''
      }
    })
    const runtimeFiles = readTree(path.join(h.dataDir, 'runtimes'))
    expect(runtimeFiles.length).toBeGreaterThan(0)

    expect(occurrences(responses.join('\n'), needles)).toEqual([])
    expect(occurrences(h.logLines.join('\n'), needles)).toEqual([])
    expect(occurrences(await dumpDatabase(h.db), needles)).toEqual([])
    expect(occurrences(runtimeFiles, needles)).toEqual([])
    expect(occurrences(environ.join('\n'), needles)).toEqual([])
  })
})
