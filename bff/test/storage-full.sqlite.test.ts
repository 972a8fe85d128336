import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { execute } from '../src/db/portable'
import { companies } from '../src/db/schema/companies'
import { makeHarness, signUp, TestClient, type Harness } from './harness'

// Red-team finding 4, on SQLite only (*.sqlite.test.ts; vite.config.ts keeps it out of bff-pg):
// SQLite's own page limit fills the database for real, and PostgreSQL has no per-connection limit
// to fill it with. Its disk-full codes map to the same 503 (lib/errors.ts, isStorageError).

async function capPages(h: Harness, pages: number) {
  await h.db.write((tx) => execute(tx, sql.raw(`PRAGMA max_page_count = ${pages}`)))
}

describe('finding 4: a full disk', () => {
  it('answers writes 503 with a clear message, never 500, and reads keep working', async () => {
    const h = await makeHarness()
    await signUp(h.client, 'root@example.com')
    expect((await h.client.post('/api/registry/companies', { name: 'First', slug: 'first-co' })).status).toBe(201)
    // SQLite's own limit makes the database really full: the next page it needs is refused (SQLITE_FULL).
    const [size] = await h.db.write((tx) => execute<{ page_count: number }>(tx, sql`PRAGMA page_count`))
    await capPages(h, size!.page_count)
    const statuses: number[] = []
    let full: Awaited<ReturnType<TestClient['post']>> | null = null
    for (let i = 0; i < 500 && !full; i++) {
      const res = await h.client.post('/api/registry/companies', { name: `Filler ${i} ${'n'.repeat(60)}`, slug: `filler-${i}` })
      statuses.push(res.status)
      if (res.status === 503) full = res
    }
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([])
    expect(full, 'the database never filled up').not.toBeNull()
    expect(full!.json.error.code).toBe('service_unavailable')
    expect(full!.json.error.message).toMatch(/disk is full/)
    expect(full!.headers.get('retry-after')).toBe('60')
    const companiesBefore = (await h.db.select().from(companies)).length
    // Reads keep working: the session, the list, the audit trail.
    expect((await h.client.get('/api/auth/me')).status).toBe(200)
    const mine = await h.client.get('/api/registry/my-companies')
    expect(mine.status).toBe(200)
    expect(mine.json.items).toHaveLength(companiesBefore)
    expect((await h.client.get('/api/admin/audit-events')).status).toBe(200)
    // Logins write sessions: each one fits in what is left of a page, or answers 503, never 500.
    const other = new TestClient(h.app)
    for (let i = 0; i < 20; i++) {
      const login = await new TestClient(h.app).post('/api/auth/login', {
        email: 'root@example.com',
        password: 'correct horse battery',
      })
      expect([200, 503]).toContain(login.status)
    }
    // A refusal still answers its own status.
    expect((await other.post('/api/registry/companies', { name: 'x', slug: 'xx-co' })).status).toBe(401)
    // Space again: writes work again.
    await capPages(h, 1073741823)
    expect((await h.client.post('/api/registry/companies', { name: 'After', slug: 'after-co' })).status).toBe(201)
  })
})
