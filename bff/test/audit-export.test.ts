import { describe, expect, it } from 'vitest'
import { AuditEventSchema } from '@exocorp/shared/audit'
import { setUserRole } from '../src/services/accounts/users'
import { recordAudit } from '../src/services/audit'
import { EXPORT_BATCH } from '../src/services/audit-export'
import { within } from '../src/deps'
import { makeHarness, signUp, TestClient, type Harness } from './harness'

async function world() {
  const h = await makeHarness()
  await signUp(h.client, 'owner@example.com')
  const admin = new TestClient(h.app)
  const a = await signUp(admin, 'admin@example.com')
  await setUserRole(h.deps, a.me.user.id, 'admin')
  const user = new TestClient(h.app)
  await signUp(user, 'user@example.com')
  return { h, admin, user, anon: new TestClient(h.app) }
}

/** Inserts `n` rows quickly, alternating two actions and outcomes. */
async function seed(h: Harness, n: number) {
  await h.db.write(async (tx) => {
    for (let i = 0; i < n; i++) {
      await recordAudit(within(h.deps, tx), {
        actor: { type: 'user', id: `u${i % 3}`, label: `user${i % 3}@example.com` },
        action: i % 2 === 0 ? 'company.provision' : 'company.pause',
        target: { type: 'company', id: `c${i}` },
        outcome: i % 5 === 0 ? 'failed' : 'succeeded',
        summary: `row ${i}`,
        details: { i },
      })
    }
  })
}

/** Minimal RFC 4180 reader for the assertions. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += ch
  }
  return rows
}

describe('audit export', () => {
  it('only admins and platform owners may export', async () => {
    const w = await world()
    for (const path of ['/api/admin/audit-events/export.csv', '/api/admin/audit-events/export.ndjson']) {
      expect((await w.anon.get(path)).status).toBe(401)
      expect((await w.user.get(path)).status).toBe(403)
      expect((await w.admin.get(path)).status).toBe(200)
      expect((await w.h.client.get(path)).status).toBe(200)
    }
  })

  it('streams the filtered set as CSV across several batches, newest first, nothing twice', async () => {
    const w = await world()
    const n = EXPORT_BATCH * 2 + 301
    await seed(w.h, n)
    const res = await w.admin.get('/api/admin/audit-events/export.csv?action=company.provision&outcome=succeeded')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-events-.+\.csv"$/)
    const rows = parseCsv(res.text)
    expect(rows[0]).toEqual([
      'id',
      'at',
      'actor_type',
      'actor_id',
      'actor_label',
      'action',
      'target_type',
      'target_id',
      'outcome',
      'summary',
      'details',
      'request_id',
      'occurrences',
      'last_seen_at',
    ])
    const data = rows.slice(1)
    const expected = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === 0 && i % 5 !== 0)
    expect(data).toHaveLength(expected.length)
    expect(data.map((r) => r[9])).toEqual(expected.reverse().map((i) => `row ${i}`))
    expect(new Set(data.map((r) => r[0])).size).toBe(data.length)
    expect(data.every((r) => r[5] === 'company.provision' && r[8] === 'succeeded')).toBe(true)
    expect(JSON.parse(data[0]![10]!)).toEqual({ i: expected[0] })
  })

  it('exports NDJSON with the API shape, filtered by actor and time', async () => {
    const w = await world()
    await seed(w.h, 30)
    w.h.clock.advance(60_000)
    const from = w.h.clock.now().toISOString()
    await seed(w.h, 9)
    const res = await w.admin.get(`/api/admin/audit-events/export.ndjson?actorId=u1&from=${encodeURIComponent(from)}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8')
    const lines = res.text
      .trimEnd()
      .split('\n')
      .map((l) => AuditEventSchema.parse(JSON.parse(l)))
    expect(lines.map((e) => e.summary)).toEqual(['row 7', 'row 4', 'row 1'])
    expect(lines.every((e) => e.actor.id === 'u1')).toBe(true)
    expect(res.text.endsWith('\n')).toBe(true)
  })

  it('quotes CSV safely and defuses spreadsheet formulas', async () => {
    const w = await world()
    await recordAudit(w.h.deps, {
      actor: { type: 'user', id: 'evil', label: '=HYPERLINK("http://x","click")' },
      action: 'test.csv',
      target: { type: 'company', id: null },
      outcome: 'succeeded',
      summary: 'a, "quoted"\nsecond line',
      details: {},
    })
    const res = await w.admin.get('/api/admin/audit-events/export.csv?action=test.csv')
    const [, row] = parseCsv(res.text)
    expect(row![4]).toBe(`'=HYPERLINK("http://x","click")`)
    expect(row![9]).toBe('a, "quoted"\nsecond line')
    expect(row![7]).toBe('')
  })

  it('audits the export itself and refuses bad filters', async () => {
    const w = await world()
    expect((await w.admin.get('/api/admin/audit-events/export.csv?outcome=maybe')).status).toBe(400)
    await w.admin.get('/api/admin/audit-events/export.ndjson?action=auth.signup')
    const res = await w.admin.get('/api/admin/audit-events/export.ndjson?action=audit.exported')
    const rows = res.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { actor: { label: string }; details: { format: string } })
    expect(rows[0]).toMatchObject({ actor: { label: 'admin@example.com' }, details: { format: 'ndjson' } })
  })
})
