import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { AuditEventSchema, AuditPageSchema } from '@exocorp/shared/audit'
import { EXPORT_BATCH } from '../src/services/audit-export'
import { makeHarness, TestClient } from './harness'
import { auditEvents } from '../src/db/schema/audit'
import { memberships } from '../src/db/schema/companies'
import { insertCompany, newUser } from './catalog-helpers'

// The owner's audit page reads each branch's newest rows on its own (services/audit.ts): paged
// with filters and a cursor it must list exactly what the former single scan listed.
describe('the audit events a user sees', () => {
  it('pages through the events about their exocorps (owned or member), newest first, filters applied before the limit', async () => {
    const h = await makeHarness()
    const me = await newUser(h, 'me@example.com')
    const other = await newUser(h, 'other@example.com')
    const mine = await insertCompany(h, me.id)
    const theirs = await insertCompany(h, other.id)
    const shared = await insertCompany(h, other.id)
    const at = h.clock.now().toISOString()
    await h.db.write(async (tx) => {
      await tx.insert(memberships).values({ companyId: shared.id, userId: me.id, role: 'member', createdAt: at })
    })
    const targets = [mine.id, theirs.id, shared.id]
    const rows = Array.from({ length: 30 }, (_, i) => ({
      id: `seen-${String(i).padStart(2, '0')}`,
      at,
      actorType: 'user' as const,
      actorId: other.id,
      actorLabel: 'other@example.com',
      action: i % 4 === 0 ? 'company.stop' : 'company.pause',
      // Another target type with a company's id is not about that exocorp.
      targetType: i % 5 === 0 ? 'user' : 'company',
      targetId: targets[i % 3]!,
      outcome: 'succeeded' as const,
      summary: `event ${i}`,
      details: '{}',
      requestId: null,
    }))
    await h.db.write(async (tx) => {
      for (const row of rows) await tx.insert(auditEvents).values(row)
    })
    const visible = (filter: (r: (typeof rows)[number]) => boolean) =>
      rows
        .filter((r) => r.targetType === 'company' && r.targetId !== theirs.id && filter(r))
        .map((r) => r.id)
        .reverse()

    const walk = async (query: string) => {
      const ids: string[] = []
      let cursor: string | null = null
      do {
        const res = await me.client.get(
          `/api/registry/audit-events?limit=3&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        )
        expect(res.status).toBe(200)
        const page = AuditPageSchema.parse(res.json)
        ids.push(...page.items.map((e) => e.id).filter((id) => id.startsWith('seen-')))
        cursor = page.nextCursor
      } while (cursor)
      return ids
    }
    expect(await walk('')).toEqual(visible(() => true))
    expect(await walk('action=company.stop')).toEqual(visible((r) => r.action === 'company.stop'))
    expect(await walk(`targetType=company&targetId=${shared.id}`)).toEqual(visible((r) => r.targetId === shared.id))
    // The other user sees their own two exocorps' events, not mine.
    const theirsPage = AuditPageSchema.parse((await other.client.get('/api/registry/audit-events?limit=100')).json)
    expect(theirsPage.items.filter((e) => e.id.startsWith('seen-')).map((e) => e.id)).toEqual(
      rows
        .filter((r) => r.targetType === 'company' && r.targetId !== mine.id)
        .map((r) => r.id)
        .reverse(),
    )
  })

  it('exports what the list shows, every page of it, as CSV and NDJSON; another user exports none of it', async () => {
    const h = await makeHarness()
    const me = await newUser(h, 'me@example.com')
    const other = await newUser(h, 'other@example.com')
    const mine = await insertCompany(h, me.id)
    const theirs = await insertCompany(h, other.id)
    const at = h.clock.now().toISOString()
    // More than one export batch about my exocorp, interleaved with events about theirs.
    const n = EXPORT_BATCH + 40
    await h.db.write(async (tx) => {
      for (let i = 0; i < n; i++) {
        await tx.insert(auditEvents).values({
          id: `exp-${String(i).padStart(5, '0')}`,
          at,
          actorType: 'user',
          actorId: other.id,
          actorLabel: 'other@example.com',
          action: i % 3 === 0 ? 'company.stop' : 'company.pause',
          targetType: 'company',
          targetId: i % 4 === 0 ? theirs.id : mine.id,
          outcome: 'succeeded',
          summary: i === 1 ? '=HYPERLINK("x")' : `event ${i}`,
          details: JSON.stringify({ i }),
          requestId: null,
        })
      }
    })
    const listed: string[] = []
    let cursor: string | null = null
    do {
      const res = await me.client.get(
        `/api/registry/audit-events?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
      const page = AuditPageSchema.parse(res.json)
      listed.push(...page.items.map((e) => e.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(listed.filter((id) => id.startsWith('exp-'))).toHaveLength(n - Math.ceil(n / 4))

    const csv = await me.client.get('/api/registry/audit-events/export.csv')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-events-.+\.csv"$/)
    const lines = csv.text.trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'id,at,actor_type,actor_id,actor_label,action,target_type,target_id,outcome,summary,details,request_id,occurrences,last_seen_at',
    )
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(listed)
    // A summary a spreadsheet would run is defused, as in the admins' export.
    expect(csv.text).toContain(`"'=HYPERLINK(""x"")"`)

    const ndjson = await me.client.get('/api/registry/audit-events/export.ndjson?action=company.stop')
    expect(ndjson.status).toBe(200)
    const events = ndjson.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; details: unknown; actor: unknown; target: { id: string } })
    const stops = events.filter((e) => e.id.startsWith('exp-'))
    expect(stops.map((e) => e.id)).toEqual(
      Array.from({ length: n }, (_, i) => i)
        .filter((i) => i % 3 === 0 && i % 4 !== 0)
        .reverse()
        .map((i) => `exp-${String(i).padStart(5, '0')}`),
    )
    expect(stops[0]).toMatchObject({ target: { id: mine.id }, actor: { type: 'user', id: other.id } })
    expect(AuditEventSchema.safeParse({ ...stops[0], requestId: null }).success).toBe(true)

    // The other user's export holds their exocorp's events only.
    const theirsCsv = await other.client.get('/api/registry/audit-events/export.csv')
    const theirIds = theirsCsv.text
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[0]!)
      .filter((id) => id.startsWith('exp-'))
    expect(theirIds).toHaveLength(Math.ceil(n / 4))
    expect(theirIds.every((id) => Number(id.slice(4)) % 4 === 0)).toBe(true)

    // The export is audited; bad filters are refused; signed out is refused.
    const [exported] = await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'audit.exported')).limit(1)
    expect(exported).toMatchObject({ actorId: me.id, outcome: 'succeeded' })
    expect((await me.client.get('/api/registry/audit-events/export.csv?outcome=maybe')).status).toBe(400)
    expect((await new TestClient(h.app).get('/api/registry/audit-events/export.csv')).status).toBe(401)
  })
})
