import { asc, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { UsageAnalyticsSchema } from '@exocorp/shared/usage'
import { usageEvents } from '../src/db/schema/catalog'
import { usageDaily } from '../src/db/schema/usage'
import { streamUsageCsv } from '../src/services/billing/usage-analytics'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { addCompany, billingWorld, signInAgain } from './billing-fixtures'
import { addMembership, newUser } from './catalog-helpers'
import { ORIGIN, type Harness } from './harness'

// Issue 16 item 3, decision 040: usage analytics from the daily rollup the database keeps as usage
// arrives (through the runtime's real ingest path), for the owner's fleet or one exocorp, with the
// previous period beside it, and a CSV export. Both databases.

let n = 0
async function report(h: Harness, token: string, body: { model: string; inputTokens: number; agent?: string; eventId?: string }) {
  const res = await h.app.request(`${ORIGIN}/api/runtime/usage-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ outputTokens: 0, eventId: `e-${++n}`, ...body }),
  })
  expect(res.status, await res.clone().text()).toBeLessThan(300)
}

async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const decoder = new TextDecoder()
  const out: string[] = []
  for await (const chunk of stream) out.push(decoder.decode(chunk))
  return out
}

/** Moves the hand clock to noon UTC of `day`. */
function at(h: Harness, day: string) {
  h.clock.advance(Date.parse(`${day}T12:00:00.000Z`) - h.clock.now().getTime())
}

// gpt-4o input: $2.50 per 1M tokens, so 400,000 tokens = $1.00; claude-sonnet-4: $3.00 per 1M.
const DOLLAR = 400_000

async function world() {
  const w = await billingWorld()
  const acme = await addCompany(w.h, w.userId, 'acme', 'running')
  const beta = await addCompany(w.h, w.userId, 'beta', 'running')
  const member = await newUser(w.h, 'member@example.com')
  await addMembership(w.h, acme, member.id)
  const stranger = await newUser(w.h, 'stranger@example.com')
  const theirs = await addCompany(w.h, stranger.id, 'theirs', 'running')
  const tokens = {
    acme: await issueUsageToken(w.h.deps, acme),
    beta: await issueUsageToken(w.h.deps, beta),
    theirs: await issueUsageToken(w.h.deps, theirs),
  }
  at(w.h, '2026-06-01')
  await report(w.h, tokens.acme, { model: 'gpt-4o', inputTokens: DOLLAR, agent: 'writer' })
  at(w.h, '2026-06-04')
  await report(w.h, tokens.acme, { model: 'gpt-4o', inputTokens: 2 * DOLLAR, agent: 'writer' })
  await report(w.h, tokens.acme, { model: 'claude-sonnet-4', inputTokens: 100_000, agent: 'researcher' })
  at(w.h, '2026-06-05')
  await report(w.h, tokens.beta, { model: 'gpt-4o', inputTokens: DOLLAR })
  await report(w.h, tokens.theirs, { model: 'gpt-4o', inputTokens: 5 * DOLLAR, agent: 'writer' })
  at(w.h, '2026-06-06')
  // A retry of the same event is recorded, and rolled up, once.
  await report(w.h, tokens.acme, { model: 'gpt-4o', inputTokens: DOLLAR, agent: 'writer', eventId: 'same' })
  await report(w.h, tokens.acme, { model: 'gpt-4o', inputTokens: DOLLAR, agent: 'writer', eventId: 'same' })
  await report(w.h, tokens.beta, { model: 'mistral-large', inputTokens: 500_000, agent: '=1+2' })
  await signInAgain(w.user, 'user@example.com')
  await signInAgain(member.client, 'member@example.com')
  await signInAgain(stranger.client, 'stranger@example.com')
  return { ...w, acme, beta, theirs, member, stranger }
}

describe('usage analytics (decision 040)', () => {
  it('keeps the daily rollup equal to the events, as they arrive', async () => {
    const w = await world()
    const fromEvents = await w.h.db
      .select({
        companyId: usageEvents.companyId,
        day: sql<string>`substr(${usageEvents.at}, 1, 10)`,
        model: usageEvents.model,
        agent: sql<string>`coalesce(${usageEvents.agent}, '')`,
        events: sql<number>`count(*)`.mapWith(Number),
        costMicros: sql<number>`sum(${usageEvents.costMicros})`.mapWith(Number),
      })
      .from(usageEvents)
      .groupBy(
        usageEvents.companyId,
        sql`substr(${usageEvents.at}, 1, 10)`,
        usageEvents.model,
        sql`coalesce(${usageEvents.agent}, '')`,
      )
    const rollup = await w.h.db
      .select({
        companyId: usageDaily.companyId,
        day: usageDaily.day,
        model: usageDaily.model,
        agent: usageDaily.agent,
        events: usageDaily.events,
        costMicros: usageDaily.costMicros,
      })
      .from(usageDaily)
      .orderBy(asc(usageDaily.companyId), asc(usageDaily.day), asc(usageDaily.model), asc(usageDaily.agent))
    const key = (r: { companyId: string; day: string; model: string; agent: string }) =>
      `${r.companyId}|${r.day}|${r.model}|${r.agent}`
    expect(rollup.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      fromEvents.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b))),
    )
    expect(rollup.reduce((s, r) => s + r.events, 0)).toBe(7)
  })

  it('answers the fleet by day with the previous period, and breakdowns by exocorp, model, provider and agent', async () => {
    const w = await world()
    const res = await w.user.get('/api/usage/analytics?from=2026-06-04&to=2026-06-06')
    expect(res.status, res.text).toBe(200)
    const a = UsageAnalyticsSchema.parse(res.json)
    expect(a).toMatchObject({ bucket: 'day', companyId: null, previous: { from: '2026-06-01', to: '2026-06-03' } })
    expect(a.totals).toEqual({ costMicros: 5_300_000, inputTokens: 2_200_000, outputTokens: 0, events: 5 })
    expect(a.previousTotals).toEqual({ costMicros: 1_000_000, inputTokens: 400_000, outputTokens: 0, events: 1 })
    expect(a.series.map((p) => [p.start, p.costMicros, p.previousCostMicros])).toEqual([
      ['2026-06-04', 2_300_000, 1_000_000],
      ['2026-06-05', 1_000_000, 0],
      ['2026-06-06', 2_000_000, 0],
    ])
    const rows = (list: typeof a.byModel) => list.map((r) => [r.label, r.costMicros, r.previousCostMicros])
    expect(rows(a.byCompany)).toEqual([
      ['acme', 3_300_000, 1_000_000],
      ['beta', 2_000_000, 0],
    ])
    expect(a.byCompany[0]!.key).toBe(w.acme)
    expect(rows(a.byModel)).toEqual([
      ['gpt-4o', 4_000_000, 1_000_000],
      ['mistral-large', 1_000_000, 0],
      ['claude-sonnet-4', 300_000, 0],
    ])
    expect(rows(a.byProvider)).toEqual([
      ['openai', 4_000_000, 1_000_000],
      ['mistral', 1_000_000, 0],
      ['anthropic', 300_000, 0],
    ])
    expect(rows(a.byAgent)).toEqual([
      ['writer', 3_000_000, 1_000_000],
      // Ties in spend are ordered by key: '' (no agent named) first.
      ['No agent named', 1_000_000, 0],
      ['=1+2', 1_000_000, 0],
      ['researcher', 300_000, 0],
    ])
  })

  it('buckets by week (Monday) and month, clipped to the range, and narrows to one exocorp', async () => {
    const w = await world()
    const weeks = UsageAnalyticsSchema.parse(
      (await w.user.get('/api/usage/analytics?from=2026-06-01&to=2026-06-14&bucket=week')).json,
    )
    expect(weeks.previous).toEqual({ from: '2026-05-18', to: '2026-05-31' })
    expect(weeks.series.map((p) => [p.start, p.costMicros, p.events])).toEqual([
      ['2026-06-01', 6_300_000, 6],
      ['2026-06-08', 0, 0],
    ])
    const months = UsageAnalyticsSchema.parse(
      (await w.user.get('/api/usage/analytics?from=2026-05-20&to=2026-06-06&bucket=month')).json,
    )
    expect(months.series.map((p) => [p.start, p.costMicros])).toEqual([
      ['2026-05-20', 0],
      ['2026-06-01', 6_300_000],
    ])
    const one = UsageAnalyticsSchema.parse(
      (await w.user.get(`/api/usage/analytics?from=2026-06-04&to=2026-06-06&companyId=${w.acme}`)).json,
    )
    expect(one.companyId).toBe(w.acme)
    expect(one.totals.costMicros).toBe(3_300_000)
    expect(one.byCompany.map((r) => r.label)).toEqual(['acme'])
    // Another owner's fleet is theirs alone.
    const theirs = UsageAnalyticsSchema.parse(
      (await w.stranger.client.get('/api/usage/analytics?from=2026-06-01&to=2026-06-06')).json,
    )
    expect(theirs.totals.costMicros).toBe(5_000_000)
    expect(theirs.byCompany.map((r) => r.label)).toEqual(['theirs'])
  })

  it('exports CSV rows per day, exocorp, model and agent, exact to the micro-dollar, formulas neutralised', async () => {
    const w = await world()
    const res = await w.user.get('/api/usage/analytics.csv?from=2026-06-04&to=2026-06-06')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="usage-2026-06-04-to-2026-06-06.csv"')
    const [header, ...lines] = res.text.trimEnd().split('\r\n')
    expect(header).toBe('day,exocorp_id,exocorp,model,provider,agent,events,input_tokens,output_tokens,cost_usd')
    expect(lines.map((l) => l.replace(/,[0-9a-f-]{36},/, ',ID,')).sort()).toEqual(
      [
        '2026-06-04,ID,acme,claude-sonnet-4,anthropic,researcher,1,100000,0,0.300000',
        '2026-06-04,ID,acme,gpt-4o,openai,writer,1,800000,0,2.000000',
        '2026-06-05,ID,beta,gpt-4o,openai,,1,400000,0,1.000000',
        '2026-06-06,ID,acme,gpt-4o,openai,writer,1,400000,0,1.000000',
        "2026-06-06,ID,beta,mistral-large,mistral,'=1+2,1,500000,0,1.000000",
      ].sort(),
    )
  })

  it('walks the fleet exocorp by exocorp in id order: every row in the range once, in key order, whatever the page sizes', async () => {
    const w = await billingWorld()
    const stranger = await newUser(w.h, 'stranger@example.com')
    // Six exocorps; by id order, only the 1st, 4th and 6th have usage in the range (the 3rd has some after it).
    const name = new Map<string, string>()
    for (const slug of ['one', 'two', 'three', 'four', 'five', 'six'])
      name.set(await addCompany(w.h, w.userId, slug, 'running'), slug)
    // UUIDs: code-point order, as the databases order them (PostgreSQL here runs with C.UTF-8).
    const ids = [...name.keys()].sort()
    // Another owner's exocorps, one shared with this user as a member: in nobody else's export.
    const theirs = await addCompany(w.h, stranger.id, 'theirs', 'running')
    const shared = await addCompany(w.h, stranger.id, 'shared', 'running')
    await addMembership(w.h, shared, w.userId)
    const token = new Map<string, string>()
    for (const id of [...ids, theirs, shared]) token.set(id, await issueUsageToken(w.h.deps, id))
    const use = (id: string, model: string, inputTokens: number, agent?: string) =>
      report(w.h, token.get(id)!, { model, inputTokens, ...(agent === undefined ? {} : { agent }) })
    const [e0, , e2, e3, , e5] = ids as [string, string, string, string, string, string]
    at(w.h, '2026-06-01')
    await use(e0, 'gpt-4o', DOLLAR, 'writer') // before the range
    at(w.h, '2026-06-02')
    await use(e0, 'gpt-4o', DOLLAR, 'writer')
    await use(e0, 'claude-sonnet-4', 100_000, 'writer')
    await use(e3, 'gpt-4o', DOLLAR, 'b')
    await use(e3, 'gpt-4o', DOLLAR, 'a')
    at(w.h, '2026-06-03')
    await use(e0, 'gpt-4o', DOLLAR, 'say "hi", ok')
    await use(e0, 'gpt-4o', DOLLAR)
    await use(theirs, 'gpt-4o', DOLLAR, 'writer')
    await use(shared, 'gpt-4o', DOLLAR, 'writer')
    at(w.h, '2026-06-04')
    await use(e5, 'gpt-4o', DOLLAR, 'writer')
    await use(e3, 'mistral-large', 500_000, 'a')
    await use(e3, 'gpt-4o', DOLLAR, 'a')
    at(w.h, '2026-06-05')
    await use(e2, 'gpt-4o', DOLLAR, 'writer') // after the range
    await use(e5, 'gpt-4o', DOLLAR, 'writer')
    await signInAgain(w.user, 'user@example.com')

    const row = (day: string, id: string, rest: string) => `${day},${id},${name.get(id)},${rest}\r\n`
    const e3Rows = [
      row('2026-06-02', e3, 'gpt-4o,openai,a,1,400000,0,1.000000'),
      row('2026-06-02', e3, 'gpt-4o,openai,b,1,400000,0,1.000000'),
      row('2026-06-04', e3, 'gpt-4o,openai,a,1,400000,0,1.000000'),
      row('2026-06-04', e3, 'mistral-large,mistral,a,1,500000,0,1.000000'),
    ]
    const expected =
      'day,exocorp_id,exocorp,model,provider,agent,events,input_tokens,output_tokens,cost_usd\r\n' +
      [
        row('2026-06-02', e0, 'claude-sonnet-4,anthropic,writer,1,100000,0,0.300000'),
        row('2026-06-02', e0, 'gpt-4o,openai,writer,1,400000,0,1.000000'),
        row('2026-06-03', e0, 'gpt-4o,openai,,1,400000,0,1.000000'),
        row('2026-06-03', e0, 'gpt-4o,openai,"say ""hi"", ok",1,400000,0,1.000000'),
        ...e3Rows,
        row('2026-06-04', e5, 'gpt-4o,openai,writer,1,400000,0,1.000000'),
      ].join('')
    const res = await w.user.get('/api/usage/analytics.csv?from=2026-06-02&to=2026-06-04')
    expect(res.status).toBe(200)
    expect(res.text).toBe(expected)

    // Pages smaller than an exocorp's rows and than the fleet: the same bytes, no chunk above a page.
    const range = { from: '2026-06-02', to: '2026-06-04' }
    for (const pages of [
      { rows: 1, exocorps: 1 },
      { rows: 2, exocorps: 2 },
      { rows: 3, exocorps: 4 },
      { rows: 4, exocorps: 6 },
    ]) {
      const chunks = await chunksOf(await streamUsageCsv(w.h.deps, w.userId, range, pages))
      expect(chunks.join(''), JSON.stringify(pages)).toBe(expected)
      for (const [i, chunk] of chunks.entries())
        expect(chunk.split('\r\n').length - 1 - (i === 0 ? 1 : 0)).toBeLessThanOrEqual(pages.rows)
    }
    // One exocorp, through the same walk.
    const one = await chunksOf(await streamUsageCsv(w.h.deps, w.userId, { ...range, companyId: e3 }, { rows: 2, exocorps: 1 }))
    expect(one.join('')).toBe(expected.slice(0, expected.indexOf('\r\n') + 2) + e3Rows.join(''))
    expect((await w.user.get(`/api/usage/analytics.csv?from=2026-06-02&to=2026-06-04&companyId=${e3}`)).text).toBe(one.join(''))
    // An exocorp with no rows in the range answers the header alone.
    expect((await w.user.get(`/api/usage/analytics.csv?from=2026-06-02&to=2026-06-04&companyId=${e2}`)).text).toBe(
      expected.slice(0, expected.indexOf('\r\n') + 2),
    )
  })

  it('role × route and bad input: 401 anonymous, 403 member, 404 not yours, 400 for every bad query', async () => {
    const w = await world()
    const q = 'from=2026-06-01&to=2026-06-06'
    for (const path of ['/api/usage/analytics', '/api/usage/analytics.csv']) {
      expect((await w.anon.get(`${path}?${q}`)).status).toBe(401)
      expect((await w.member.client.get(`${path}?${q}&companyId=${w.acme}`)).status).toBe(403)
      expect((await w.stranger.client.get(`${path}?${q}&companyId=${w.acme}`)).status).toBe(404)
      expect((await w.user.get(`${path}?${q}&companyId=nope`)).status).toBe(404)
      for (const bad of [
        '',
        'from=2026-06-01',
        'from=2026-06-06&to=2026-06-01',
        'from=2026-13-01&to=2026-06-01',
        'from=2025-01-01&to=2026-06-01',
        'from=June&to=2026-06-01',
        `${q}&bucket=year`,
        `${q}&extra=1`,
      ]) {
        const res = await w.user.get(`${path}?${bad}`)
        expect(res.status, `${path}?${bad}`).toBe(400)
        expect(res.json.error.code).toBe('validation_failed')
      }
    }
    // A member's own fleet is the exocorps they own: none here.
    const mine = UsageAnalyticsSchema.parse((await w.member.client.get(`/api/usage/analytics?${q}`)).json)
    expect(mine.totals.costMicros).toBe(0)
    expect(mine.series).toHaveLength(6)
  })
})
