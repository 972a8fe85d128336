import { count, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { UsageEventSchema, UsagePageSchema } from '@exocorp/shared/companies'
import { isUniqueViolation } from '../src/db/portable'
import { priceBooks } from '../src/db/schema/catalog'
import { companies } from '../src/db/schema/companies'
import { activePriceBook, priceUsage, publishPriceBook, recordUsageEvent } from '../src/services/catalog/pricing'
import { companyForUsageToken, issueUsageToken, revokeUsageToken } from '../src/services/catalog/usage-tokens'
import { addMembership, auditRows, countRows, insertCompany, newUser, setCompany } from './catalog-helpers'
import { makeHarness, ORIGIN, type Harness } from './harness'

async function deactivatePriceBooks(h: Harness) {
  await h.db.write(async (tx) => {
    await tx.update(priceBooks).set({ active: false })
  })
}

describe('price books', () => {
  it('has exactly one active book, seeded, and the database refuses a second', async () => {
    const h = await makeHarness()
    const book = await activePriceBook(h.deps)
    expect(book).toMatchObject({ id: 'pb-2026-01', version: 1 })
    expect(book?.models['gpt-4o']).toEqual({ inputMicrosPerMTok: 2_500_000, outputMicrosPerMTok: 10_000_000 })
    const second = h.db.write(async (tx) => {
      await tx.insert(priceBooks).values({ id: 'pb-2', version: 2, active: true, prices: '{"models":{}}', createdAt: 'now' })
    })
    await expect(second).rejects.toSatisfy(isUniqueViolation)
  })

  it('publishes a new version that replaces the active one; recorded events keep their book', async () => {
    const h = await makeHarness()
    const owner = await newUser(h, 'owner@example.com')
    const company = await insertCompany(h, owner.id)
    const before = await recordUsageEvent(h.deps, {
      companyId: company.id,
      model: 'gpt-4o',
      inputTokens: 1_000_000,
      outputTokens: 0,
    })
    const v2 = await publishPriceBook(h.deps, {
      prices: { models: { 'gpt-4o': { inputMicrosPerMTok: 2_000_000, outputMicrosPerMTok: 8_000_000 } }, default: null },
      activate: true,
    })
    expect(v2.version).toBe(2)
    expect((await activePriceBook(h.deps))?.id).toBe(v2.id)
    const draftBook = await publishPriceBook(h.deps, { prices: { models: {} }, activate: false })
    expect(draftBook.version).toBe(3)
    expect((await activePriceBook(h.deps))?.id).toBe(v2.id)
    const after = await recordUsageEvent(h.deps, {
      companyId: company.id,
      model: 'gpt-4o',
      inputTokens: 1_000_000,
      outputTokens: 0,
    })
    expect([before.costMicros, before.priceBookId]).toEqual([2_500_000, 'pb-2026-01'])
    expect([after.costMicros, after.priceBookId]).toEqual([2_000_000, v2.id])
    expect(await h.db.select({ n: count() }).from(priceBooks).where(eq(priceBooks.active, true))).toEqual([{ n: 1 }])
    await expect(
      publishPriceBook(h.deps, {
        prices: { models: { m: { inputMicrosPerMTok: -1, outputMicrosPerMTok: 1 } } },
        activate: true,
      }),
    ).rejects.toThrow()
    expect((await activePriceBook(h.deps))?.id).toBe(v2.id)
  })

  it('prices per 1M tokens in micro-dollars, exactly, rounding up once per event', () => {
    const book = { version: 7, models: { m: { inputMicrosPerMTok: 2_500_000, outputMicrosPerMTok: 10_000_000 } }, default: null }
    expect(priceUsage(book, 'm', 1_000_000, 0)).toBe(2_500_000) // $2.50
    expect(priceUsage(book, 'm', 0, 1_000_000)).toBe(10_000_000) // $10.00
    expect(priceUsage(book, 'm', 1200, 350)).toBe(6500) // 0.003 + 0.0035 dollars
    expect(priceUsage(book, 'm', 1, 0)).toBe(3) // 2.5 micros → 3
    expect(priceUsage(book, 'm', 0, 0)).toBe(0)
    // Large counts stay exact (beyond 2^53 in the intermediate product).
    expect(priceUsage(book, 'm', 100_000_000, 100_000_000)).toBe(1_250_000_000)
    expect(() => priceUsage(book, 'unknown-model', 1, 1)).toThrow(/no price for unknown-model/)
    expect(() => priceUsage(book, 'm', -1, 1)).toThrow()
    expect(() => priceUsage(book, 'toString', 1, 1)).toThrow(/no price/)
    const withDefault = { ...book, default: { inputMicrosPerMTok: 1_000_000, outputMicrosPerMTok: 1_000_000 } }
    expect(priceUsage(withDefault, 'unknown-model', 500_000, 500_000)).toBe(1_000_000)
  })

  it('records usage with the active book, and refuses (409) when there is none', async () => {
    const h = await makeHarness()
    const owner = await newUser(h, 'owner@example.com')
    const company = await insertCompany(h, owner.id)
    const event = await recordUsageEvent(h.deps, {
      companyId: company.id,
      model: 'claude-sonnet-4',
      inputTokens: 2000,
      outputTokens: 1000,
    })
    expect(event).toMatchObject({ costMicros: 21_000, priceBookId: 'pb-2026-01', created: true, at: h.clock.now().toISOString() })
    await deactivatePriceBooks(h)
    await expect(
      recordUsageEvent(h.deps, { companyId: company.id, model: 'gpt-4o', inputTokens: 1, outputTokens: 1 }),
    ).rejects.toThrow(
      expect.objectContaining({ status: 409, details: expect.objectContaining({ reason: 'no_active_price_book' }) }),
    )
    expect(await countRows(h, 'usage_events')).toBe(1)
  })
})

describe('runtime usage reports', () => {
  async function report(h: Harness, body: unknown, token: string | null, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...extra }
    if (token !== null) headers.authorization = `Bearer ${token}`
    const res = await h.app.request(`${ORIGIN}/api/runtime/usage-events`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    return { status: res.status, json: (await res.json()) as any }
  }

  it('accepts the runtime’s own token, prices the event and is idempotent on eventId', async () => {
    const h = await makeHarness()
    const owner = await newUser(h, 'owner@example.com')
    const company = await insertCompany(h, owner.id, { status: 'running', installedVersion: '1.5.0' })
    const token = await issueUsageToken(h.deps, company.id)
    const [stored] = await h.db.select({ hash: companies.usageTokenHash }).from(companies).where(eq(companies.id, company.id))
    expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(stored?.hash).not.toContain(token)

    const first = await report(h, { model: 'gpt-4o', inputTokens: 1200, outputTokens: 350, eventId: 'evt-1' }, token)
    expect(first.status).toBe(201)
    expect(UsageEventSchema.parse(first.json)).toMatchObject({ companyId: company.id, model: 'gpt-4o', costMicros: 6500 })
    const retry = await report(h, { model: 'gpt-4o', inputTokens: 1200, outputTokens: 350, eventId: 'evt-1' }, token)
    expect(retry.status).toBe(200)
    expect(retry.json.id).toBe(first.json.id)
    expect(await countRows(h, 'usage_events')).toBe(1)

    // The reference runtime names retries with an Idempotency-Key header instead.
    const viaHeader = await report(h, { model: 'gpt-4o-mini', inputTokens: 10, outputTokens: 10 }, token, {
      'idempotency-key': 'k-1',
    })
    const headerRetry = await report(h, { model: 'gpt-4o-mini', inputTokens: 10, outputTokens: 10 }, token, {
      'idempotency-key': 'k-1',
    })
    expect([viaHeader.status, headerRetry.status]).toEqual([201, 200])
    expect(headerRetry.json.id).toBe(viaHeader.json.id)
    expect(await countRows(h, 'usage_events')).toBe(2)

    // Without an active price book the event is not lost for good: 503 tells the runtime to retry.
    await deactivatePriceBooks(h)
    const unpriced = await report(h, { model: 'gpt-4o', inputTokens: 1, outputTokens: 1 }, token)
    expect(unpriced.status).toBe(503)
    expect(unpriced.json.error.details.reason).toBe('no_active_price_book')
    expect(await countRows(h, 'usage_events')).toBe(2)
  })

  it('refuses absent, wrong, retired and destroyed-exocorp tokens with 401, audited, nothing written', async () => {
    const h = await makeHarness()
    const owner = await newUser(h, 'owner@example.com')
    const company = await insertCompany(h, owner.id, { status: 'running' })
    const body = { model: 'gpt-4o', inputTokens: 1, outputTokens: 1 }
    const old = await issueUsageToken(h.deps, company.id)
    const current = await issueUsageToken(h.deps, company.id)

    expect((await report(h, body, null)).status).toBe(401)
    expect((await report(h, body, 'exo_rt_not-a-real-token')).status).toBe(401)
    expect((await report(h, body, old)).status).toBe(401)
    expect((await report(h, body, `${current}x`)).status).toBe(401)
    // A user's session cookie is not a runtime token either.
    expect((await report(h, body, null, { cookie: owner.client.cookie ?? '' })).status).toBe(401)
    // Repeated refusals are counted on their first row (decision 015), so compare as a multiset.
    expect((await auditRows(h, 'usage.report')).map((r) => JSON.parse(r.details).reason as string).sort()).toEqual([
      'missing_token',
      'missing_token',
      'unknown_token',
      'unknown_token',
      'unknown_token',
    ])
    expect(JSON.stringify(await auditRows(h))).not.toContain(current)

    expect((await report(h, body, current)).status).toBe(201)
    await revokeUsageToken(h.deps, company.id)
    expect((await report(h, body, current)).status).toBe(401)
    const again = await issueUsageToken(h.deps, company.id)
    await setCompany(h, company.id, { status: 'destroyed' })
    expect(await companyForUsageToken(h.deps, again)).toBeNull()
    expect((await report(h, body, again)).status).toBe(401)
    expect(await countRows(h, 'usage_events')).toBe(1)
  })

  it('answers bad reports with 400 and field errors, writing nothing', async () => {
    const h = await makeHarness()
    const owner = await newUser(h, 'owner@example.com')
    const company = await insertCompany(h, owner.id, { status: 'running' })
    const token = await issueUsageToken(h.deps, company.id)
    const good = { model: 'gpt-4o', inputTokens: 10, outputTokens: 10 }
    for (const [body, field] of [
      [{ ...good, inputTokens: -1 }, 'inputTokens'],
      [{ ...good, outputTokens: 1.5 }, 'outputTokens'],
      [{ ...good, inputTokens: 1e12 }, 'inputTokens'],
      [{ ...good, model: '' }, 'model'],
      [{ ...good, model: 'm'.repeat(101) }, 'model'],
      [{ ...good, companyId: 'someone-else' }, 'companyId'],
      [{ model: 'gpt-4o' }, 'inputTokens'],
    ] as const) {
      const res = await report(h, body, token)
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400)
      expect(Object.keys(res.json.error.details.fields)).toContain(field)
    }
    expect((await report(h, '{not json', token)).status).toBe(400)
    const unpriced = await report(h, { ...good, model: 'gpt-99' }, token)
    expect(unpriced.status).toBe(201) // the seeded book has a default price for models it does not name
    await h.db.write(async (tx) => {
      await tx.update(priceBooks).set({ prices: '{"models":{"gpt-4o":{"inputMicrosPerMTok":1,"outputMicrosPerMTok":1}}}' })
    })
    const refused = await report(h, { ...good, model: 'gpt-99' }, token)
    expect(refused.status).toBe(400)
    expect(refused.json.error.details.fields.model[0]).toMatch(/no price for gpt-99/)
    expect(await countRows(h, 'usage_events')).toBe(1)
  })

  it('lists an exocorp’s priced usage newest first with a cursor, to members and the owner only', async () => {
    const h = await makeHarness()
    const owner = await newUser(h, 'owner@example.com')
    const member = await newUser(h, 'member@example.com')
    const stranger = await newUser(h, 'stranger@example.com')
    const company = await insertCompany(h, owner.id, { status: 'running' })
    const other = await insertCompany(h, owner.id, { status: 'running' })
    await addMembership(h, company.id, member.id)
    for (let i = 0; i < 5; i++) {
      await recordUsageEvent(h.deps, {
        companyId: company.id,
        model: 'gpt-4o-mini',
        inputTokens: 1000 * (i + 1),
        outputTokens: 0,
      })
      if (i % 2 === 0) h.clock.advance(1000) // some events share a timestamp: the id breaks ties
    }
    await recordUsageEvent(h.deps, { companyId: other.id, model: 'gpt-4o', inputTokens: 1, outputTokens: 1 })

    const seen: number[] = []
    let cursor: string | null = null
    do {
      const res = await member.client.get(
        `/api/runtime/billing/usage?companyId=${company.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      )
      expect(res.status).toBe(200)
      const page = UsagePageSchema.parse(res.json)
      expect(page.items.every((e) => e.companyId === company.id)).toBe(true)
      seen.push(...page.items.map((e) => e.inputTokens))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)
    const ats = (await owner.client.get(`/api/runtime/billing/usage?companyId=${company.id}`)).json.items.map(
      (e: { at: string }) => e.at,
    )
    expect([...ats].sort().reverse()).toEqual(ats)

    expect((await stranger.client.get(`/api/runtime/billing/usage?companyId=${company.id}`)).status).toBe(404)
    expect((await owner.client.get('/api/runtime/billing/usage')).status).toBe(400)
    expect((await owner.client.get(`/api/runtime/billing/usage?companyId=${company.id}&cursor=%%%`)).status).toBe(400)
    expect((await owner.client.get(`/api/runtime/billing/usage?companyId=${company.id}&limit=1000`)).status).toBe(400)
  })
})
