import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { LogLineSchema, LogPageSchema } from '@exocorp/shared/logs'
import type { ServerMessage } from '@exocorp/shared/events'
import { within } from '../src/deps'
import { execute } from '../src/db/portable'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { appendLogLines } from '../src/services/logs'
import { freePort } from './bff-process'
import { addMembership, insertCompany, newUser } from './catalog-helpers'
import { isHello, openStream, serveWithEvents } from './events-fixtures'
import { makeHarness, ORIGIN } from './harness'
import { createCompany, makeLifecycleHarness, ownerWithCredentials, signUp, TestClient } from './lifecycle-fixtures'

// Issue 15 item 6, decision 037: runtime logs — the job worker's per-phase lines and the real
// reference runtime's own lines, kept per exocorp, read by owners, followed live over the stream.

const isLog = (m: ServerMessage) => m.type === 'log.line'

describe('runtime logs', () => {
  it('a provisioning shows its phase lines and the runtime’s own lines live, to owners only', async () => {
    const port = await freePort()
    const h = await makeLifecycleHarness({ env: { PORT: String(port) } })
    try {
      await ownerWithCredentials(h)
      const c = await createCompany(h.client, 'logged-one')
      const member = new TestClient(h.app)
      const memberMe = await signUp(member, 'member@example.com')
      await addMembership(h, c.id, memberMe.me.user.id)
      const stranger = new TestClient(h.app)
      await signUp(stranger, 'stranger@example.com')

      const srv = await serveWithEvents(h, { port })
      const own = await openStream(srv.port, { cookie: h.client.cookie })
      const mem = await openStream(srv.port, { cookie: member.cookie })
      const str = await openStream(srv.port, { cookie: stranger.cookie })
      await Promise.all([own, mem, str].map((s) => s.waitFor(isHello)))

      expect((await h.client.post(`/api/registry/companies/${c.id}/provision`, {})).status).toBe(202)
      // The runtime ships its own "listening" line with its token, over real HTTP.
      await own.waitFor(
        (m) => m.type === 'log.line' && m.data.source === 'stderr' && m.data.message.includes('listening on'),
        20_000,
      )
      await mem.waitFor((m) => m.type === 'company.status' && m.data.status === 'running', 5_000)

      const lines = own.events().flatMap((e) => (e.type === 'log.line' ? [e.data] : []))
      const job = lines.filter((l) => l.source === 'job')
      expect(job.length).toBeGreaterThanOrEqual(2)
      expect(job[0]).toMatchObject({ level: 'info', message: expect.stringMatching(/^provision: .+ started$/) })
      expect(new Set(job.map((l) => l.jobId)).size).toBe(1)
      // Every phase has a started and a finished line.
      const phases = [...new Set(job.map((l) => l.phase))]
      for (const phase of phases) {
        const mine = job.filter((l) => l.phase === phase).map((l) => l.message)
        expect(mine[0]).toMatch(/ started$/)
        expect(mine.at(-1)).toMatch(/ (succeeded|skipped)/)
      }
      // A member reads status but never the logs; another tenant gets nothing about this exocorp.
      expect(mem.events().filter(isLog)).toEqual([])
      expect(str.events()).toEqual([])

      const page = LogPageSchema.parse((await h.client.get(`/api/registry/companies/${c.id}/logs`)).json)
      expect(page.items.map((l) => l.id)).toEqual(expect.arrayContaining(lines.map((l) => l.lineId)))
      const byJob = LogPageSchema.parse((await h.client.get(`/api/registry/companies/${c.id}/logs?jobId=${job[0]!.jobId}`)).json)
      expect(byJob.items.every((l) => l.source === 'job')).toBe(true)
      const search = LogPageSchema.parse((await h.client.get(`/api/registry/companies/${c.id}/logs?q=LISTENING%20ON`)).json)
      expect(search.items.length).toBeGreaterThanOrEqual(1)
      expect(search.items.every((l) => l.message.includes('listening on'))).toBe(true)
      expect((await member.get(`/api/registry/companies/${c.id}/logs`)).status).toBe(403)
      expect((await stranger.get(`/api/registry/companies/${c.id}/logs`)).status).toBe(404)
      expect((await h.client.get(`/api/registry/companies/${c.id}/logs?level=loud`)).status).toBe(400)
    } finally {
      await h.cleanup()
    }
  })

  it('refuses shipments without a valid runtime token', async () => {
    const h = await makeHarness()
    const anon = new TestClient(h.app)
    const line = { at: '2026-11-29T12:00:00.000Z', level: 'info', stream: 'stdout', message: 'hello' }
    expect((await anon.post('/api/runtime/logs', { lines: [line] })).status).toBe(401)
    const bad = await anon.request('POST', '/api/runtime/logs', { lines: [line] }, { authorization: 'Bearer nope' })
    expect(bad.status).toBe(401)
  })

  it('keeps the newest 10,000 lines of each exocorp and pages after a cursor, filtered by level', async () => {
    const h = await makeHarness()
    const owner = await newUser(h, 'owner@example.com')
    const c = await insertCompany(h, owner.id, { slug: 'chatty' })
    const other = await insertCompany(h, owner.id, { slug: 'quiet' })
    await h.db.write((tx) =>
      appendLogLines(within(h.deps, tx), other.id, [
        { at: '2026-11-29T12:00:00.000Z', level: 'warn', source: 'stdout', message: 'kept' },
      ]),
    )
    for (let batch = 0; batch < 6; batch++) {
      await h.db.write((tx) =>
        appendLogLines(
          within(h.deps, tx),
          c.id,
          Array.from({ length: 1_750 }, (_, i) => ({
            at: '2026-11-29T12:00:00.000Z',
            level: i % 10 === 0 ? ('error' as const) : ('info' as const),
            source: 'stdout' as const,
            message: `line ${batch * 1_750 + i}`,
          })),
        ),
      )
    }
    const newest = LogPageSchema.parse((await owner.client.get(`/api/registry/companies/${c.id}/logs?limit=1000`)).json)
    expect(newest.items.at(-1)!.message).toBe('line 10499')
    expect(newest.items[0]!.message).toBe('line 9500')
    const oldestKept = LogPageSchema.parse((await owner.client.get(`/api/registry/companies/${c.id}/logs?after=0&limit=2`)).json)
    expect(oldestKept.items.map((l) => l.message)).toEqual(['line 500', 'line 501'])
    const next = LogPageSchema.parse(
      (await owner.client.get(`/api/registry/companies/${c.id}/logs?after=${oldestKept.items[1]!.id}&limit=1`)).json,
    )
    expect(next.items.map((l) => l.message)).toEqual(['line 502'])
    const errors = LogPageSchema.parse((await owner.client.get(`/api/registry/companies/${c.id}/logs?level=error&limit=3`)).json)
    expect(errors.items.map((l) => l.message)).toEqual(['line 10470', 'line 10480', 'line 10490'])
    // Another exocorp's lines are its own.
    const quiet = LogPageSchema.parse((await owner.client.get(`/api/registry/companies/${other.id}/logs`)).json)
    expect(quiet.items.map((l) => l.message)).toEqual(['kept'])

    // The download holds every retained line, not only the 1,000 a page holds (decision 039).
    const text = await owner.client.get(`/api/registry/companies/${c.id}/logs/download.txt`)
    expect(text.status).toBe(200)
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(text.headers.get('content-disposition')).toMatch(/^attachment; filename="chatty-logs-.+\.log"$/)
    const all = text.text.trimEnd().split('\n')
    expect(all).toHaveLength(10_000)
    expect(all[0]).toBe('2026-11-29T12:00:00.000Z ERROR [stdout] line 500')
    expect(all.at(-1)).toBe('2026-11-29T12:00:00.000Z INFO  [stdout] line 10499')
    const nd = await owner.client.get(`/api/registry/companies/${c.id}/logs/download.ndjson?minLevel=warn&q=LINE%2010`)
    expect(nd.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8')
    const parsed = nd.text
      .trimEnd()
      .split('\n')
      .map((l) => LogLineSchema.parse(JSON.parse(l)))
    // Errors (every tenth line) whose text has "line 10": 1000–1090 step 10, then 10000–10490 step 10.
    expect(parsed).toHaveLength(60)
    expect(parsed.every((l) => l.level === 'error' && l.message.startsWith('line 10'))).toBe(true)
    expect(parsed[0]!.message).toBe('line 1000')
    expect(parsed.at(-1)!.message).toBe('line 10490')
    const quietDownload = await owner.client.get(`/api/registry/companies/${other.id}/logs/download.txt?minLevel=error`)
    expect(quietDownload.text).toBe('')

    const member = await newUser(h, 'member@example.com')
    await addMembership(h, c.id, member.id)
    const stranger = await newUser(h, 'stranger@example.com')
    expect((await member.client.get(`/api/registry/companies/${c.id}/logs/download.txt`)).status).toBe(403)
    expect((await stranger.client.get(`/api/registry/companies/${c.id}/logs/download.ndjson`)).status).toBe(404)
    const bad = await owner.client.get(`/api/registry/companies/${c.id}/logs/download.txt?minLevel=loud`)
    expect(bad.status).toBe(400)
    expect(bad.json.error.details.fields).toHaveProperty('minLevel')
  })

  it('redacts the exocorp’s bound credentials and anything shaped like one before a line is stored', async () => {
    const h = await makeHarness({ EXOCORP_SECRET_KEY: randomBytes(32).toString('base64') })
    const owner = await newUser(h, 'owner@example.com')
    const c = await insertCompany(h, owner.id, { slug: 'leaky' })
    const bound = `cnry-${randomBytes(20).toString('hex')}`
    const created = await owner.client.post('/api/registry/provider-secrets', { provider: 'openai', label: 'Main', value: bound })
    expect(created.status).toBe(201)
    const bind = await owner.client.post(`/api/registry/companies/${c.id}/bindings`, {
      provider: 'openai',
      secretId: created.json.id,
    })
    expect(bind.status).toBe(200)
    const token = await issueUsageToken(h.deps, c.id)
    const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${'s'.repeat(20)}`
    const sent = [
      `calling the model with ${bound}`,
      `key as base64 ${Buffer.from(bound).toString('base64')} done`,
      'ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123',
      'Authorization: Bearer abcdefghijklmnop.qrstu',
      `{"password": "hunter22", "user": "ada"}`,
      'connecting to postgres://app:s3cretpw@db.internal:5432/app',
      `session ${jwt} restored`,
      `my own token ${token}`,
      'aws AKIAABCDEFGHIJKLMNOP and a blob Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MEFCQ0RFRkdI',
      'inputTokens=10 outputTokens=5 job 3f2b8c1e-9a4d-4e2f-8b7a-1c2d3e4f5a6b sha 4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    ]
    const r = await h.app.request(`${ORIGIN}/api/runtime/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        lines: sent.map((message) => ({ at: '2026-11-29T12:00:00.000Z', level: 'info', stream: 'stdout', message })),
      }),
    })
    expect(r.status).toBe(201)
    const served = LogPageSchema.parse((await owner.client.get(`/api/registry/companies/${c.id}/logs`)).json).items
    expect(served.map((l) => l.message)).toEqual([
      'calling the model with [redacted]',
      'key as base64 [redacted] done',
      'ANTHROPIC_API_KEY=[redacted]',
      'Authorization: Bearer [redacted]',
      '{"password": "[redacted]", "user": "ada"}',
      'connecting to postgres://app:[redacted]@db.internal:5432/app',
      'session [redacted] restored',
      'my own token [redacted]',
      'aws [redacted] and a blob [redacted]',
      // Counts, UUIDs and hashes stay readable.
      sent[9],
    ])
    // What is stored (and so what the stream and downloads carry) is the redacted text.
    const stored = await execute<{ message: string }>(h.db, sql`SELECT message FROM runtime_log_lines`)
    const events = await execute<{ data: string }>(h.db, sql`SELECT data FROM platform_events WHERE type = 'log.line'`)
    const everything = JSON.stringify([stored, events])
    for (const secret of [bound, 'sk-ant-api03', 'hunter22', 's3cretpw', jwt, token, 'AKIAABCDEFGHIJKLMNOP']) {
      expect(everything).not.toContain(secret)
    }
    expect(stored).toHaveLength(sent.length)
  })
})
