import { describe, expect, it } from 'vitest'
import { auditEvents, auditRefusals } from '../src/db/schema/audit'
import { AUDIT_CAPS, REFUSAL_BURST } from '../src/services/audit'
import { auditAttempts, makeHarness, signUp, TestClient } from './harness'

const rowBytes = (row: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(row))

/** The messages of the error a write failed with (drizzle wraps the database's own), or '' if it went through. */
async function refusal(write: Promise<unknown>): Promise<string> {
  const err = await write.then(
    () => null,
    (e: unknown) => e,
  )
  const messages: string[] = []
  for (let e = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    messages.push(e instanceof Error ? e.message : String(e))
  }
  return messages.join('\n')
}

describe('finding 4: the audit trail cannot be used to fill the disk', () => {
  it('caps every stored string: a 14 KB path and a 5 KB header store a small row', async () => {
    const h = await makeHarness()
    const res = await h.client.request(
      'POST',
      `/api/registry/companies/${'a'.repeat(14_000)}/stop`,
      {},
      {
        'user-agent': 'u'.repeat(5_000),
      },
    )
    expect(res.status).toBe(401)
    const rows = await h.db.select().from(auditEvents)
    expect(rows).toHaveLength(1)
    const row = rows[0]!
    for (const value of [row.actorLabel, row.action, row.targetType, row.targetId ?? '', row.requestId ?? '']) {
      expect(value.length).toBeLessThanOrEqual(AUDIT_CAPS.text)
    }
    expect(row.summary.length).toBeLessThanOrEqual(AUDIT_CAPS.summary)
    expect(row.summary).toMatch(/more chars\]$/)
    expect(row.details.length).toBeLessThanOrEqual(AUDIT_CAPS.detailsJson)
    expect(rowBytes(row)).toBeLessThan(1500)
  })

  it('caps nested detail values, lists and depth', async () => {
    const h = await makeHarness()
    const { recordAudit } = await import('../src/services/audit')
    await recordAudit(h.deps, {
      actor: { type: 'system', id: null, label: 'system' },
      action: 'test.caps',
      target: { type: 't', id: 'x'.repeat(10_000) },
      outcome: 'failed',
      summary: 's',
      details: {
        long: 'y'.repeat(10_000),
        list: Array.from({ length: 500 }, (_, i) => i),
        deep: { a: { b: { c: { d: { e: 1 } } } } },
      },
    })
    const [row] = await h.db.select().from(auditEvents)
    expect(row!.targetId!.length).toBeLessThanOrEqual(AUDIT_CAPS.text)
    const details = JSON.parse(row!.details)
    expect(details.long.length).toBeLessThanOrEqual(AUDIT_CAPS.detailString)
    expect(details.list).toHaveLength(AUDIT_CAPS.detailItems + 1)
    expect(details.deep.a.b.c).toBe('[nested too deep]')
  })

  it('aggregates repeated anonymous refusals from one client onto one row with a count', async () => {
    const h = await makeHarness({ EXOCORP_TRUST_PROXY: '1' })
    const from = (ip: string, i: number) =>
      h.client.request('POST', `/api/registry/companies/${'x'.repeat(i)}/stop`, {}, { 'x-forwarded-for': ip })
    for (let i = 0; i < 40; i++) expect((await from('203.0.113.5', i + 1)).status).toBe(401)
    expect((await from('198.51.100.7', 1)).status).toBe(401)
    const rows = await h.db.select().from(auditEvents)
    expect(rows).toHaveLength(2)
    const refusals = await h.db.select().from(auditRefusals)
    const one = refusals.find((r) => r.actorKey === 'ip:203.0.113.5')!
    expect(one.count).toBe(40)
    expect(one.firstAt <= one.lastAt).toBe(true)
    expect(refusals.find((r) => r.actorKey === 'ip:198.51.100.7')!.count).toBe(1)
    expect(await auditAttempts(h.db)).toHaveLength(41)
  })

  it('bounds an anonymous flood: past the burst, refusals are counted on one row per client', async () => {
    const h = await makeHarness()
    for (let i = 0; i < REFUSAL_BURST * 3; i++) {
      // A different route each time, so each would be a new kind of refusal.
      const res = await h.client.request(i % 2 ? 'POST' : 'DELETE', `/api/nothing-${i}`, {})
      expect(res.status).toBe(401)
    }
    const rows = await h.db.select().from(auditEvents)
    expect(rows.length).toBeLessThanOrEqual(REFUSAL_BURST + 1)
    expect(rows.filter((r) => r.action === 'access.throttled')).toHaveLength(1)
    expect(await auditAttempts(h.db)).toHaveLength(REFUSAL_BURST * 3)
  })

  it('answers a signed-in scanner 429 past the burst, counts repeats on one row, and still serves its allowed requests', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'root@example.com')
    const scanner = new TestClient(h.app)
    await signUp(scanner, 'scanner@example.com')
    const before = (await h.db.select().from(auditEvents).orderBy(auditEvents.seq)).length
    const statuses: number[] = []
    let retryAfter: string | null = null
    for (let i = 0; i < REFUSAL_BURST + 30; i++) {
      const res = await scanner.post('/api/admin/billing/evaluate', {})
      statuses.push(res.status)
      if (res.status === 429) retryAfter = res.headers.get('retry-after')
    }
    expect(statuses.slice(0, REFUSAL_BURST)).toEqual(Array(REFUSAL_BURST).fill(403))
    expect(statuses.slice(REFUSAL_BURST)).toEqual(Array(30).fill(429))
    expect(Number(retryAfter)).toBeGreaterThan(0)
    const added = (await h.db.select().from(auditEvents).orderBy(auditEvents.seq)).slice(before)
    expect(added.map((r) => r.action).sort()).toEqual(['access.denied', 'access.throttled'])
    const counts = (await h.db.select().from(auditRefusals)).map((r) => r.count).sort((a, b) => a - b)
    expect(counts).toEqual([30, REFUSAL_BURST])
    // Allowed requests are not refused, so they are not throttled.
    expect((await scanner.get('/api/auth/me')).status).toBe(200)
    expect((await scanner.post('/api/registry/companies', { name: 'Fine', slug: 'fine-co' })).status).toBe(201)
  })

  it('shows the count in the audit explorer and the export', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'root@example.com')
    const plain = new TestClient(h.app)
    await signUp(plain, 'plain@example.com')
    for (let i = 0; i < 7; i++) expect((await plain.get('/api/admin/audit-events')).status).toBe(403)
    const page = await h.client.get('/api/admin/audit-events?action=access.denied')
    expect(page.json.items).toHaveLength(1)
    expect(page.json.items[0].repeats).toEqual({ count: 7, firstAt: expect.any(String), lastAt: expect.any(String) })
    const csv = await h.client.get('/api/admin/audit-events/export.csv?action=access.denied')
    const [header, line] = csv.text.trim().split('\r\n')
    expect(header!.split(',').slice(-2)).toEqual(['occurrences', 'last_seen_at'])
    expect(line).toMatch(/,7,[^,]+$/)
    const ndjson = await h.client.get('/api/admin/audit-events/export.ndjson?action=access.denied')
    expect(JSON.parse(ndjson.text.trim()).occurrences).toBe(7)
  })

  it('keeps the aggregate append-only: counts only go up, rows are never deleted', async () => {
    const h = await makeHarness()
    await h.db.write(async (tx) => {
      await tx.insert(auditEvents).values({
        id: 'e1',
        at: 'now',
        actorType: 'system',
        actorLabel: 's',
        action: 'a',
        targetType: 't',
        outcome: 'failed',
        summary: 's',
        details: '{}',
      })
      await tx.insert(auditRefusals).values({
        auditEventId: 'e1',
        actorKey: 'k',
        refusalKey: 'r',
        windowStart: 'w',
        count: 3,
        firstAt: 'a',
        lastAt: 'b',
      })
    })
    const update = (set: Partial<typeof auditRefusals.$inferInsert>) =>
      refusal(h.db.write(async (tx) => void (await tx.update(auditRefusals).set(set))))
    expect(await update({ count: 2 })).toMatch(/only counts up/)
    expect(await update({ count: 4, actorKey: 'other' })).toMatch(/only counts up/)
    expect(await refusal(h.db.write(async (tx) => void (await tx.delete(auditRefusals))))).toMatch(/append-only/)
    expect(await refusal(h.db.write(async (tx) => void (await tx.delete(auditEvents))))).toMatch(/append-only/)
    expect(await update({ count: 4, lastAt: 'c' })).toBe('')
    expect((await h.db.select().from(auditRefusals))[0]!.count).toBe(4)
  })
})

/** Caps SQLite's file at `pages` pages; the limit belongs to the write connection, so it is set there. */
