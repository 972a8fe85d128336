import { describe, expect, it } from 'vitest'
import { AuditPageSchema } from '@exocorp/shared/audit'
import { auditEvents } from '../src/db/schema/audit'
import { memberships } from '../src/db/schema/companies'
import { insertCompany, newUser } from './catalog-helpers'
import { makeHarness } from './harness'

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
})
