import { eq, sql } from 'drizzle-orm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AdminModelsSchema, AdminUsageSchema } from '@exocorp/shared/admin-usage'
import { addMonths, UsageAnalyticsSchema } from '@exocorp/shared/usage'
import { execute } from '../src/db/portable'
import { bindings } from '../src/db/schema/catalog'
import { encodeCursor } from '../src/lib/cursor'
import { carryCumulative, TRAILING_MONTHS } from '../src/services/billing/usage-cumulative'
import { recordUsageEvent } from '../src/services/catalog/pricing'
import { createProviderSecret } from '../src/services/catalog/secrets'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { transferOwnership } from '../src/services/teams/members'
import { companies } from '../src/db/schema/companies'
import { addCompany, billingWorld, signInAgain } from './billing-fixtures'
import { addMembership, auditRows, newUser, setCompany } from './catalog-helpers'
import { ORIGIN, type Harness } from './harness'

// Issue 19 item 1, decision 049: the platform rollups the usage_events trigger keeps, and the admin
// screens that read them (/api/admin/usage and its CSV, /api/admin/models). Both databases.

/** Moves the hand clock to `iso` (any direction). */
function setNow(h: Harness, iso: string) {
  h.clock.advance(Date.parse(iso) - h.clock.now().getTime())
}

let n = 0
async function report(
  h: Harness,
  token: string,
  body: { model: string; inputTokens: number; outputTokens?: number; agent?: string; outcome?: 'ok' | 'error' },
) {
  const res = await h.app.request(`${ORIGIN}/api/runtime/usage-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ outputTokens: 0, eventId: `ev-${++n}`, ...body }),
  })
  expect(res.status, await res.clone().text()).toBe(201)
}

const num = (v: unknown) => Number(v ?? 0)
const SUMS = `count(*) AS events, sum(CASE WHEN e.outcome = 'error' THEN 1 ELSE 0 END) AS errors,
  sum(e.input_tokens) AS input_tokens, sum(e.output_tokens) AS output_tokens, sum(e.cost_micros) AS cost_micros`
const ROLLED = 'events, errors, input_tokens, output_tokens, cost_micros'
const SUMS_NO_ERRORS = `count(*) AS events, sum(e.input_tokens) AS input_tokens, sum(e.output_tokens) AS output_tokens,
  sum(e.cost_micros) AS cost_micros`
const ROLLED_NO_ERRORS = 'events, input_tokens, output_tokens, cost_micros'

/** Each rollup, and the same grouping computed from the raw events (owner = the exocorp's owner now). */
const ROLLUPS: Record<string, { keys: string; raw: string; rolled?: string; sums?: string }> = {
  usage_model_hourly: { keys: 'hour, model', raw: `substr(e.at, 1, 13) AS hour, e.model AS model` },
  usage_model_daily: { keys: 'day, model', raw: `substr(e.at, 1, 10) AS day, e.model AS model` },
  usage_platform_daily: {
    keys: 'day, account_id, company_id, model',
    raw: `substr(e.at, 1, 10) AS day, c.owner_user_id AS account_id, e.company_id AS company_id, e.model AS model`,
  },
  usage_platform_monthly: {
    keys: 'month, account_id, company_id, model',
    raw: `substr(e.at, 1, 7) AS month, c.owner_user_id AS account_id, e.company_id AS company_id, e.model AS model`,
  },
  usage_account_monthly: {
    keys: 'account_id, month, company_id, model, agent',
    raw: `c.owner_user_id AS account_id, substr(e.at, 1, 7) AS month, e.company_id AS company_id, e.model AS model, coalesce(e.agent, '') AS agent`,
  },
  // The owner's fleet by day (decision 062): no errors column.
  usage_account_daily: {
    keys: 'account_id, day, model, agent',
    raw: `c.owner_user_id AS account_id, substr(e.at, 1, 10) AS day, e.model AS model, coalesce(e.agent, '') AS agent`,
    rolled: ROLLED_NO_ERRORS,
    sums: SUMS_NO_ERRORS,
  },
  usage_account_company_daily: {
    keys: 'account_id, day, company_id',
    raw: `c.owner_user_id AS account_id, substr(e.at, 1, 10) AS day, e.company_id AS company_id`,
    rolled: ROLLED_NO_ERRORS,
    sums: SUMS_NO_ERRORS,
  },
}
/** The rollups whose account is the exocorp's owner now: they move with ownership (decisions 049, 062). */
const FLEET_ROLLUPS = ['usage_account_monthly', 'usage_account_daily', 'usage_account_company_daily']

async function rollupMismatches(h: Harness, tables = Object.keys(ROLLUPS)): Promise<string[]> {
  const out: string[] = []
  for (const table of tables) {
    const { keys, raw, rolled = ROLLED, sums = SUMS } = ROLLUPS[table]!
    const norm = (rows: Record<string, unknown>[]) =>
      rows
        .map((r) =>
          JSON.stringify(
            Object.fromEntries(
              Object.entries(r)
                .map(([k, v]) => [
                  k,
                  ['events', 'errors', 'input_tokens', 'output_tokens', 'cost_micros'].includes(k) ? num(v) : v,
                ])
                .sort(([a], [b]) => String(a).localeCompare(String(b))),
            ),
          ),
        )
        .sort()
    const stored = norm(await execute(h.db, sql.raw(`SELECT ${keys}, ${rolled} FROM ${table}`)))
    const fromEvents = norm(
      await execute(
        h.db,
        sql.raw(
          `SELECT ${raw}, ${sums} FROM usage_events e JOIN companies c ON c.id = e.company_id GROUP BY ${keys
            .split(', ')
            .map((_, i) => i + 1)
            .join(', ')}`,
        ),
      ),
    )
    if (JSON.stringify(stored) !== JSON.stringify(fromEvents)) out.push(table)
  }
  return out
}

/**
 * The cumulative rollup (decisions 057, 065) against the raw events: after carrying through the last
 * month with usage, every account and every exocorp with usage up to a month has that month's row,
 * holding exactly those events, and its own month's figures.
 */
async function cumulativeMismatches(h: Harness): Promise<string[]> {
  const [last] = await execute<{ m: string | null }>(h.db, sql`SELECT max(substr(at, 1, 7)) AS m FROM usage_events`)
  if (last?.m) await carryCumulative(h.deps, last.m)
  const norm = (rows: Record<string, unknown>[]) =>
    rows
      .map((r) =>
        [
          r.month,
          r.dimension,
          r.key_id,
          ...['events', 'errors', 'input_tokens', 'output_tokens', 'cost_micros'].map((k) => num(r[k])),
        ].join(' '),
      )
      .sort()
  // Each day's usage under the account billed when it arrived and under its exocorp, from the
  // platform's daily rollup (which the property test checks against the raw events): an exocorp that
  // changed owner counts under each owner for its own days.
  const keyed = `SELECT 'account' AS dimension, account_id AS key_id, day, ${ROLLED} FROM usage_platform_daily
    UNION ALL SELECT 'company' AS dimension, company_id AS key_id, day, ${ROLLED} FROM usage_platform_daily`
  const sums = ROLLED.split(', ')
    .map((c) => `sum(e.${c}) AS ${c}`)
    .join(', ')
  const stored = norm(await execute(h.db, sql.raw(`SELECT month, dimension, key_id, ${ROLLED} FROM usage_cumulative_monthly`)))
  const fromEvents = norm(
    await execute(
      h.db,
      sql.raw(
        `SELECT m.month AS month, e.dimension AS dimension, e.key_id AS key_id, ${sums}
         FROM usage_cumulative_months m
         JOIN (${keyed}) AS e ON substr(e.day, 1, 7) <= m.month
         GROUP BY m.month, e.dimension, e.key_id`,
      ),
    ),
  )
  // Each row's own month (decision 061): exactly the key's events stamped in that month; 0 on a carried row.
  const monthStored = norm(
    await execute(
      h.db,
      sql.raw(
        `SELECT month, dimension, key_id, month_events AS events, month_errors AS errors, month_input_tokens AS input_tokens,
           month_output_tokens AS output_tokens, month_cost_micros AS cost_micros
         FROM usage_cumulative_monthly WHERE month_events <> 0 OR month_cost_micros <> 0 OR month_input_tokens <> 0`,
      ),
    ),
  )
  const monthRows = await execute<Record<string, unknown>>(
    h.db,
    sql.raw(
      `SELECT substr(e.day, 1, 7) AS month, e.dimension AS dimension, e.key_id AS key_id, ${sums}
       FROM (${keyed}) AS e GROUP BY substr(e.day, 1, 7), e.dimension, e.key_id`,
    ),
  )
  const monthFromEvents = norm(monthRows)
  // The trailing bases (decision 067): each row's key's figures through the end of 3 and 12 months before.
  const columns = ROLLED.split(', ')
  const baseMismatches: string[] = []
  for (const r of await execute<Record<string, unknown>>(h.db, sql`SELECT * FROM usage_cumulative_monthly`)) {
    for (const n of TRAILING_MONTHS) {
      const through = addMonths(String(r.month), -n)
      const expected = columns.map((c) =>
        monthRows
          .filter((m) => m.dimension === r.dimension && m.key_id === r.key_id && String(m.month) <= through)
          .reduce((sum, m) => sum + num(m[c]), 0),
      )
      const stored = columns.map((c) => num(r[`base${n}_${c}`]))
      if (stored.join(' ') !== expected.join(' '))
        baseMismatches.push(`base${n} ${r.month} ${r.dimension} ${r.key_id}: ${stored.join(' ')} ≠ ${expected.join(' ')}`)
    }
  }
  return [
    ...baseMismatches,
    ...stored.filter((r) => !fromEvents.includes(r)),
    ...fromEvents.filter((r) => !stored.includes(r)),
    ...monthStored.filter((r) => !monthFromEvents.includes(r)).map((r) => `month figures ${r}`),
    ...monthFromEvents.filter((r) => !monthStored.includes(r)).map((r) => `month figures missing ${r}`),
  ]
}

async function world() {
  const w = await billingWorld()
  const acme = await addCompany(w.h, w.userId, 'acme', 'running')
  const beta = await addCompany(w.h, w.userId, 'beta', 'running')
  const other = await newUser(w.h, 'zed@example.com')
  const zulu = await addCompany(w.h, other.id, 'zulu', 'running')
  const tokens = {
    acme: await issueUsageToken(w.h.deps, acme),
    beta: await issueUsageToken(w.h.deps, beta),
    zulu: await issueUsageToken(w.h.deps, zulu),
  }
  return { ...w, acme, beta, zulu, other, tokens }
}

// gpt-4o input: $2.50 per 1M tokens, so 400,000 tokens = $1.00.
const DOLLAR = 400_000

describe('platform usage rollups (decision 049)', () => {
  it('equal the raw events grouped, after any sequence of usage (property)', async () => {
    const w = await world()
    const ids = [w.acme, w.beta, w.zulu]
    const event = fc.record({
      company: fc.integer({ min: 0, max: 2 }),
      // Within three months, so events share hours, days and months, and cross month ends.
      minute: fc.integer({ min: 0, max: 90 * 24 * 60 }),
      model: fc.constantFrom('gpt-4o', 'claude-sonnet-4', 'mistral-large', 'house-model-x'),
      agent: fc.option(fc.constantFrom('writer', 'researcher'), { nil: undefined }),
      outcome: fc.option(fc.constantFrom('ok' as const, 'error' as const), { nil: undefined }),
      inputTokens: fc.integer({ min: 0, max: 2_000_000 }),
      outputTokens: fc.integer({ min: 0, max: 500_000 }),
      retry: fc.boolean(),
      // A read of a range through this month carries the cumulative rollup first (decision 057).
      carry: fc.boolean(),
    })
    let k = 0
    await fc.assert(
      fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 12 }), async (events) => {
        for (const e of events) {
          setNow(w.h, new Date(Date.parse('2026-04-20T00:00:00.000Z') + e.minute * 60_000).toISOString())
          const input = {
            companyId: ids[e.company]!,
            model: e.model,
            inputTokens: e.inputTokens,
            outputTokens: e.outputTokens,
            agent: e.agent,
            outcome: e.outcome,
            externalId: `p-${++k}`,
          }
          await recordUsageEvent(w.h.deps, input)
          // A runtime's retry is recorded, and rolled up, once.
          if (e.retry) await recordUsageEvent(w.h.deps, input)
          if (e.carry) await carryCumulative(w.h.deps, w.h.clock.now().toISOString().slice(0, 7))
        }
        expect(await rollupMismatches(w.h)).toEqual([])
        expect(await cumulativeMismatches(w.h)).toEqual([])
      }),
      { numRuns: 8 },
    )
  })

  it('stays exact under concurrent writers and carries: one account’s exocorps, late events, new months (decision 065)', async () => {
    const w = await world()
    setNow(w.h, '2026-06-10T12:00:00.000Z')
    await recordUsageEvent(w.h.deps, { companyId: w.acme, model: 'gpt-4o', inputTokens: 10, outputTokens: 1 })
    await carryCumulative(w.h.deps, '2026-06')
    // acme changes hands after its first call: from here on it bills zulu's owner, whose rows the
    // calls of two accounts' exocorps now share, while acme's own rows hold both owners' calls.
    await addMembership(w.h, w.acme, w.other.id)
    const [acme] = await w.h.db.select().from(companies).where(eq(companies.id, w.acme))
    await transferOwnership(w.h.deps, acme!, w.other.id)
    // Each call stamps its own time, some before carried months (a late event updates every later
    // row), some in a month no row has yet, while carries run.
    const stamps = [
      '2026-04-30T23:00:00.000Z',
      '2026-05-15T00:00:00.000Z',
      '2026-06-20T00:00:00.000Z',
      '2026-07-01T00:10:00.000Z',
    ]
    const calls = Array.from({ length: 24 }, (_, i) => {
      const at = new Date(stamps[i % stamps.length]!)
      const deps = { ...w.h.deps, clock: { ...w.h.deps.clock, now: () => at } }
      const companyId = [w.acme, w.beta, w.zulu][i % 3]!
      return i % 8 === 7
        ? carryCumulative(deps, '2026-07')
        : recordUsageEvent(deps, { companyId, model: 'gpt-4o', inputTokens: 100 + i, outputTokens: i, externalId: `c-${i}` })
    })
    await Promise.all(calls)
    expect(await cumulativeMismatches(w.h)).toEqual([])
    // The rollups keyed by the owner now (the raw events' oracle names no earlier owner).
    expect(await rollupMismatches(w.h, FLEET_ROLLUPS)).toEqual([])
  })

  it('fills the rollups from the events recorded before the migration (backfill = trigger)', async () => {
    const w = await world()
    setNow(w.h, '2026-05-31T23:30:00.000Z')
    await report(w.h, w.tokens.acme, { model: 'gpt-4o', inputTokens: DOLLAR, agent: 'writer', outcome: 'error' })
    setNow(w.h, '2026-06-01T00:30:00.000Z')
    await report(w.h, w.tokens.zulu, { model: 'claude-sonnet-4', inputTokens: 1000 })
    // Empty the rollups and run the migration's backfill statements again: the same rows come back.
    const file = w.h.db.sqlDialect === 'postgres' ? 'pg/0025_platform_usage_rollups.sql' : '0030_platform_usage_rollups.sql'
    const { readFileSync } = await import('node:fs')
    const text = readFileSync(new URL(`../src/db/migrations/${file}`, import.meta.url), 'utf8')
    const backfill = text
      .split(';')
      .map((s) => s.replace(/^(\s*--[^\n]*\n)*/g, '').trim())
      .filter((s) => s.startsWith('INSERT INTO usage_') && s.includes('FROM usage_events'))
    expect(backfill).toHaveLength(5)
    // The owner's account-keyed daily rollups (decision 062) are filled from usage_daily.
    const accountFile = w.h.db.sqlDialect === 'postgres' ? 'pg/0038_usage_account_daily.sql' : '0043_usage_account_daily.sql'
    const accountDaily = readFileSync(new URL(`../src/db/migrations/${accountFile}`, import.meta.url), 'utf8')
      .split(';')
      .map((s) => s.replace(/^(\s*--[^\n]*\n)*/g, '').trim())
      .filter((s) => s.startsWith('INSERT INTO usage_account_') && s.includes('FROM usage_daily d'))
    expect(accountDaily).toHaveLength(2)
    const before = await rollupMismatches(w.h)
    await w.h.db.write(async (tx) => {
      const run = (text: string) => (tx.sqlDialect === 'postgres' ? execute(tx, sql.raw(text)) : tx.run(sql.raw(text)))
      for (const table of Object.keys(ROLLUPS)) await run(`DELETE FROM ${table}`)
      for (const statement of [...backfill, ...accountDaily]) await run(statement)
    })
    for (const table of FLEET_ROLLUPS) {
      const [r] = await execute<{ n: unknown }>(w.h.db, sql.raw(`SELECT count(*) AS n FROM ${table}`))
      expect(num(r?.n), table).toBeGreaterThan(0)
    }
    expect(before).toEqual([])
    expect(await rollupMismatches(w.h)).toEqual([])
    // The cumulative rollup (decisions 057, 065) from the monthly one, with each row's own month
    // (decision 061), then carried on first read.
    const cumulativeFile =
      w.h.db.sqlDialect === 'postgres' ? 'pg/0039_usage_cumulative_by_key.sql' : '0044_usage_cumulative_by_key.sql'
    const cumulative = readFileSync(new URL(`../src/db/migrations/${cumulativeFile}`, import.meta.url), 'utf8')
      .split(';')
      .map((s) => s.replace(/^(\s*--[^\n]*\n)*/g, '').trim())
      .filter((s) => s.startsWith('INSERT INTO usage_cumulative_monthly') && s.includes('FROM usage_platform_monthly'))
    expect(cumulative).toHaveLength(1)
    // …and the trailing bases (decision 067) from the rows themselves.
    const basesFile =
      w.h.db.sqlDialect === 'postgres'
        ? 'pg/0041_usage_cumulative_trailing_bases.sql'
        : '0046_usage_cumulative_trailing_bases.sql'
    const bases = readFileSync(new URL(`../src/db/migrations/${basesFile}`, import.meta.url), 'utf8')
      .split(';')
      .map((s) => s.replace(/^(\s*--[^\n]*\n)*/g, '').trim())
      .filter((s) => s.startsWith('UPDATE usage_cumulative_monthly SET (base'))
    expect(bases).toHaveLength(2)
    await w.h.db.write(async (tx) => {
      const run = (text: string) => (tx.sqlDialect === 'postgres' ? execute(tx, sql.raw(text)) : tx.run(sql.raw(text)))
      await run('DELETE FROM usage_cumulative_monthly')
      await run('DELETE FROM usage_cumulative_months')
      await run(cumulative[0]!)
      for (const statement of bases) await run(statement)
    })
    expect(await cumulativeMismatches(w.h)).toEqual([])
    expect(await execute(w.h.db, sql`SELECT month FROM usage_cumulative_months ORDER BY month`)).toEqual([
      { month: '2026-05' },
      { month: '2026-06' },
    ])
    // An upgrade keeps the months carried before (decision 065): the migration copies each key's row
    // into them, so June holds acme's May call with no carry (the months are marked carried already).
    const fill = readFileSync(new URL(`../src/db/migrations/${cumulativeFile}`, import.meta.url), 'utf8')
      .split(';')
      .map((s) => s.replace(/^(\s*--[^\n]*\n)*/g, '').trim())
      .filter((s) => s.startsWith('INSERT INTO usage_cumulative_monthly') && s.includes('JOIN usage_cumulative_months c'))
    expect(fill).toHaveLength(1)
    await w.h.db.write(async (tx) => {
      const run = (text: string) => (tx.sqlDialect === 'postgres' ? execute(tx, sql.raw(text)) : tx.run(sql.raw(text)))
      await run('DELETE FROM usage_cumulative_monthly')
      await run(cumulative[0]!)
      await run(fill[0]!)
      for (const statement of bases) await run(statement)
    })
    const june = await execute<{ key_id: string; events: unknown }>(
      w.h.db,
      sql`SELECT key_id, events FROM usage_cumulative_monthly WHERE month = '2026-06' AND key_id = ${w.acme}`,
    )
    expect(june.map((r) => [r.key_id, num(r.events)])).toEqual([[w.acme, 1]])
    expect(await cumulativeMismatches(w.h)).toEqual([])
  })

  it('moves an exocorp’s fleet rows with its ownership; the platform rollups keep the billed account', async () => {
    const w = await world()
    setNow(w.h, '2026-06-02T10:00:00.000Z')
    await report(w.h, w.tokens.acme, { model: 'gpt-4o', inputTokens: DOLLAR })
    await addMembership(w.h, w.acme, w.other.id)
    const [company] = await w.h.db.select().from(companies).where(eq(companies.id, w.acme))
    await transferOwnership(w.h.deps, company!, w.other.id)
    const account = await execute<{ account_id: string }>(w.h.db, sql`SELECT account_id FROM usage_account_monthly`)
    expect(account.map((r) => r.account_id)).toEqual([w.other.id])
    const billed = await execute<{ account_id: string }>(w.h.db, sql`SELECT account_id FROM usage_platform_monthly`)
    expect(billed.map((r) => r.account_id)).toEqual([w.userId])
    // The cumulative rollup (decision 065) keeps June's first call under the account billed then, and
    // the calls after the transfer, in June and July, under the new owner; acme's own rows hold all three.
    await report(w.h, w.tokens.acme, { model: 'gpt-4o', inputTokens: DOLLAR })
    setNow(w.h, '2026-07-02T10:00:00.000Z')
    await report(w.h, w.tokens.acme, { model: 'gpt-4o', inputTokens: DOLLAR })
    expect(await cumulativeMismatches(w.h)).toEqual([])
    const july = await execute<{ dimension: string; key_id: string; events: unknown; month_events: unknown }>(
      w.h.db,
      sql`SELECT dimension, key_id, events, month_events FROM usage_cumulative_monthly WHERE month = '2026-07'`,
    )
    const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort()
    expect(sorted(july.map((r) => [r.dimension, r.key_id, num(r.events), num(r.month_events)]))).toEqual(
      sorted([
        ['account', w.userId, 1, 0],
        ['account', w.other.id, 2, 1],
        ['company', w.acme, 3, 1],
      ]),
    )
  })

  it('moves an exocorp’s share of the fleet’s daily rows, leaving its old fleet’s other exocorps (decision 062)', async () => {
    const w = await world()
    setNow(w.h, '2026-06-02T10:00:00.000Z')
    // acme and beta share the old fleet's (day, model, agent) row; zulu already has the new fleet's one.
    await report(w.h, w.tokens.acme, { model: 'gpt-4o', inputTokens: DOLLAR, agent: 'writer' })
    await report(w.h, w.tokens.beta, { model: 'gpt-4o', inputTokens: 2 * DOLLAR, agent: 'writer' })
    await report(w.h, w.tokens.zulu, { model: 'gpt-4o', inputTokens: 3 * DOLLAR, agent: 'writer' })
    // Only acme used this model: the old fleet's row empties and goes.
    await report(w.h, w.tokens.acme, { model: 'claude-sonnet-4', inputTokens: 1000 })
    setNow(w.h, '2026-06-03T10:00:00.000Z')
    await report(w.h, w.tokens.acme, { model: 'gpt-4o', inputTokens: DOLLAR })
    await addMembership(w.h, w.acme, w.other.id)
    const [company] = await w.h.db.select().from(companies).where(eq(companies.id, w.acme))
    await transferOwnership(w.h.deps, company!, w.other.id)
    expect(await rollupMismatches(w.h, FLEET_ROLLUPS)).toEqual([])
    const rows = await execute<{ account_id: string; model: string; events: unknown; cost_micros: unknown }>(
      w.h.db,
      sql`SELECT account_id, model, events, cost_micros FROM usage_account_daily WHERE day = '2026-06-02'`,
    )
    const on = (account: string, model: string) =>
      rows.filter((r) => r.account_id === account && r.model === model).map((r) => [num(r.events), num(r.cost_micros)])
    expect(on(w.userId, 'gpt-4o')).toEqual([[1, 2_000_000]])
    expect(on(w.userId, 'claude-sonnet-4')).toEqual([])
    expect(on(w.other.id, 'gpt-4o')).toEqual([[2, 4_000_000]])
    expect(on(w.other.id, 'claude-sonnet-4').map(([events]) => events)).toEqual([1])
    // Any sequence of usage and transfers back and forth keeps the fleet rollups equal to the events.
    const ids = [w.acme, w.beta, w.zulu]
    const owners = [w.userId, w.other.id]
    const step = fc.record({
      company: fc.integer({ min: 0, max: 2 }),
      minute: fc.integer({ min: 0, max: 3 * 24 * 60 }),
      model: fc.constantFrom('gpt-4o', 'claude-sonnet-4'),
      agent: fc.option(fc.constantFrom('writer', 'researcher'), { nil: undefined }),
      inputTokens: fc.integer({ min: 0, max: 2_000_000 }),
      transferTo: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }),
    })
    let k = 0
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        for (const s of steps) {
          setNow(w.h, new Date(Date.parse('2026-06-01T00:00:00.000Z') + s.minute * 60_000).toISOString())
          const companyId = ids[s.company]!
          await recordUsageEvent(w.h.deps, {
            companyId,
            model: s.model,
            inputTokens: s.inputTokens,
            outputTokens: 0,
            agent: s.agent,
            externalId: `t-${++k}`,
          })
          if (s.transferTo !== undefined) {
            const ownerUserId = owners[s.transferTo]!
            await w.h.db.write(async (tx) => {
              await tx.update(companies).set({ ownerUserId }).where(eq(companies.id, companyId))
            })
          }
        }
        expect(await rollupMismatches(w.h, FLEET_ROLLUPS)).toEqual([])
      }),
      { numRuns: 8 },
    )
  })
})

/** Moving the clock ends the sessions (idle timeout): everyone signs in again. */
async function signInAll(w: Awaited<ReturnType<typeof world>>) {
  await signInAgain(w.user, 'user@example.com')
  await signInAgain(w.admin, 'admin@example.com')
  await signInAgain(w.owner, 'owner@example.com')
  await signInAgain(w.other.client, 'zed@example.com')
}

async function usageWorld() {
  const w = await world()
  // May 30 … July 2: whole June from the monthly rollup, the edges from the daily one.
  setNow(w.h, '2026-05-30T09:00:00.000Z')
  await report(w.h, w.tokens.acme, { model: 'gpt-4o', inputTokens: DOLLAR })
  setNow(w.h, '2026-06-10T09:00:00.000Z')
  await report(w.h, w.tokens.acme, { model: 'gpt-4o', inputTokens: 2 * DOLLAR, outcome: 'error' })
  await report(w.h, w.tokens.beta, { model: 'claude-sonnet-4', inputTokens: 1_000_000 }) // $3.00
  setNow(w.h, '2026-06-30T23:59:00.000Z')
  await report(w.h, w.tokens.zulu, { model: 'gpt-4o', inputTokens: 4 * DOLLAR })
  setNow(w.h, '2026-07-02T08:00:00.000Z')
  await report(w.h, w.tokens.zulu, { model: 'mistral-large', inputTokens: 500_000, outputTokens: 0 }) // $1.00
  await setCompany(w.h, w.beta, { name: '=HYPERLINK("http://evil")' })
  await signInAll(w)
  return w
}

const Q = 'from=2026-05-30&to=2026-07-02'

describe('GET /api/admin/usage', () => {
  it('groups the range by account, exocorp, model and day, with totals and errors', async () => {
    const w = await usageWorld()
    const byAccount = AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?${Q}`)).json)
    expect(byAccount.totals).toEqual({ events: 5, errors: 1, inputTokens: 4_300_000, outputTokens: 0, costMicros: 11_000_000 })
    expect(byAccount.items.map((r) => [r.label, r.costMicros, r.events, r.errors])).toEqual([
      ['user@example.com', 6_000_000, 3, 1],
      ['zed@example.com', 5_000_000, 2, 0],
    ])
    const byCompany = AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?${Q}&by=company&sort=name&order=asc`)).json)
    expect(byCompany.items.map((r) => [r.label, r.detail, r.costMicros])).toEqual([
      ['=HYPERLINK("http://evil")', 'beta', 3_000_000],
      ['acme', 'acme', 3_000_000],
      ['zulu', 'zulu', 5_000_000],
    ])
    const byModel = AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?${Q}&by=model`)).json)
    expect(byModel.items.map((r) => [r.key, r.label, r.detail, r.costMicros])).toEqual([
      ['gpt-4o', 'GPT-4o', 'openai', 7_000_000],
      ['claude-sonnet-4', 'Claude Sonnet 4', 'anthropic', 3_000_000],
      ['mistral-large', 'Mistral Large', 'mistral', 1_000_000],
    ])
    const byDay = AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?${Q}&by=day&sort=name`)).json)
    expect(byDay.items.map((r) => [r.key, r.costMicros])).toEqual([
      ['2026-05-30', 1_000_000],
      ['2026-06-10', 5_000_000],
      ['2026-06-30', 4_000_000],
      ['2026-07-02', 1_000_000],
    ])
    // Filters: one account's exocorps by day; one model by account.
    const mine = AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?${Q}&by=day&accountId=${w.userId}`)).json)
    expect(mine.totals.costMicros).toBe(6_000_000)
    expect(mine.items.map((r) => r.key)).toEqual(['2026-06-10', '2026-05-30'])
    const gpt = AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?${Q}&model=gpt-4o`)).json)
    expect(gpt.items.map((r) => [r.label, r.costMicros])).toEqual([
      ['zed@example.com', 4_000_000],
      ['user@example.com', 3_000_000],
    ])
    const june = AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?from=2026-06-01&to=2026-06-30&by=company`)).json)
    expect(june.totals.costMicros).toBe(9_000_000)
    const one = AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?${Q}&by=model&companyId=${w.zulu}`)).json)
    expect(one.items.map((r) => [r.key, r.costMicros])).toEqual([
      ['gpt-4o', 4_000_000],
      ['mistral-large', 1_000_000],
    ])
  })

  it('reads this month so far whole when the range reaches today, and never past a range’s end (decision 057)', async () => {
    const w = await usageWorld() // the clock stands at 2026-07-02; July has $1.00 on the 2nd
    const july = async (q: string) => AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?${q}&by=company`)).json)
    expect((await july('from=2026-07-01&to=2026-07-02')).totals.costMicros).toBe(1_000_000)
    expect((await july('from=2026-07-01&to=2026-07-31')).totals.costMicros).toBe(1_000_000)
    expect((await july('from=2026-07-01&to=2026-07-01')).totals.costMicros).toBe(0)
    expect((await july('from=2026-07-01&to=2026-07-01')).items).toEqual([])
    // Twelve months to date by exocorp: every month from the monthly rollup, the same figures as by day.
    const year = await july('from=2025-08-01&to=2026-07-02')
    const byDay = AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?from=2025-08-01&to=2026-07-02&by=day`)).json)
    expect(year.totals).toEqual(byDay.totals)
    expect(year.totals.costMicros).toBe(11_000_000)
    const perCompany = (u: typeof year) => Object.fromEntries(u.items.map((r) => [r.label, [r.costMicros, r.events, r.errors]]))
    expect(perCompany(year)).toEqual({
      acme: [3_000_000, 2, 1],
      '=HYPERLINK("http://evil")': [3_000_000, 1, 0],
      zulu: [5_000_000, 2, 0],
    })
    // Whole months after May: the cumulative rows minus May's (acme's May 30 call is left out).
    expect(perCompany(await july('from=2026-06-01&to=2026-07-02'))).toEqual({
      acme: [2_000_000, 1, 1],
      '=HYPERLINK("http://evil")': [3_000_000, 1, 0],
      zulu: [5_000_000, 2, 0],
    })
    const accounts = AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?from=2026-06-01&to=2026-07-02`)).json)
    expect(Object.fromEntries(accounts.items.map((r) => [r.label, r.costMicros]))).toEqual({
      'user@example.com': 5_000_000,
      'zed@example.com': 5_000_000,
    })
  })

  it('reads the last 3 and 12 months from each row’s trailing base, late events and carries included (decision 067)', async () => {
    const w = await world()
    const call = async (at: string, companyId: string, inputTokens: number) => {
      setNow(w.h, at)
      await recordUsageEvent(w.h.deps, { companyId, model: 'gpt-4o', inputTokens, outputTokens: 7 })
    }
    // Fifteen months of usage, read and carried along the way, then two calls stamped long ago.
    await call('2025-04-03T10:00:00.000Z', w.acme, 1000)
    await call('2025-07-15T10:00:00.000Z', w.beta, 2000)
    await carryCumulative(w.h.deps, '2025-12')
    await call('2026-02-01T00:00:00.000Z', w.zulu, 4000)
    await call('2026-04-30T23:59:00.000Z', w.acme, 8000)
    await carryCumulative(w.h.deps, '2026-06')
    await call('2026-06-20T10:00:00.000Z', w.beta, 16000)
    await call('2026-07-02T10:00:00.000Z', w.zulu, 32000)
    const late = { ...w.h.deps, clock: { now: () => new Date('2025-09-09T09:00:00.000Z') } }
    await recordUsageEvent(late, { companyId: w.acme, model: 'gpt-4o', inputTokens: 64000, outputTokens: 7 })
    const later = { ...w.h.deps, clock: { now: () => new Date('2026-05-05T05:00:00.000Z') } }
    await recordUsageEvent(later, { companyId: w.zulu, model: 'gpt-4o', inputTokens: 128000, outputTokens: 7 })
    setNow(w.h, '2026-07-10T12:00:00.000Z')
    await signInAll(w)
    expect(await cumulativeMismatches(w.h)).toEqual([])
    // Each preset by exocorp and by account equals the platform's daily rollup over the same days.
    for (const [from, to] of [
      ['2026-05-01', '2026-07-10'],
      ['2025-08-01', '2026-07-10'],
      ['2025-06-01', '2026-05-31'],
      ['2025-05-01', '2025-07-31'],
    ] as const) {
      for (const by of ['company', 'account'] as const) {
        const page = AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?from=${from}&to=${to}&by=${by}`)).json)
        const column = by === 'company' ? 'company_id' : 'account_id'
        const expected = await execute<{ k: string; input_tokens: unknown; events: unknown }>(
          w.h.db,
          sql.raw(
            `SELECT ${column} AS k, sum(input_tokens) AS input_tokens, sum(events) AS events FROM usage_platform_daily
             WHERE day >= '${from}' AND day <= '${to}' GROUP BY ${column}`,
          ),
        )
        const sorted = (rows: [string, number, number][]) => rows.map((r) => r.join(' ')).sort()
        expect(sorted(page.items.map((r) => [r.key, r.inputTokens, r.events])), `${from}…${to} by ${by}`).toEqual(
          sorted(expected.map((r) => [r.k, num(r.input_tokens), num(r.events)])),
        )
        expect(page.groups).toBe(expected.length)
      }
    }
  })

  it('pages on the server with a cursor, in the chosen order', async () => {
    const w = await usageWorld()
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await w.admin.get(
        `/api/admin/usage?${Q}&by=company&sort=events&order=asc&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
      const page = AdminUsageSchema.parse(res.json)
      expect(page.groups).toBe(3)
      seen.push(...page.items.map((r) => r.detail ?? ''))
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 10)
    // acme 2 events, beta 1, zulu 2: fewest first, ties by id.
    expect(seen).toHaveLength(3)
    expect(seen[0]).toBe('beta')
    expect(new Set(seen)).toEqual(new Set(['acme', 'beta', 'zulu']))
  })

  it('pages by name through the names in order, skipping names with no usage in the range (decision 061)', async () => {
    const w = await usageWorld()
    // An exocorp and an account with no usage at all sort first by name and must never show.
    await addCompany(w.h, w.userId, 'aaa-idle', 'running')
    await newUser(w.h, 'aaa@example.com')
    const walk = async (q: string) => {
      const seen: string[] = []
      const groups: number[] = []
      let cursor: string | null = null
      for (let pages = 0; pages < 10; pages++) {
        const res = await w.admin.get(`/api/admin/usage?${q}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
        const page = AdminUsageSchema.parse(res.json)
        groups.push(page.groups)
        seen.push(...page.items.map((r) => `${r.label} ${r.costMicros}`))
        cursor = page.nextCursor
        if (!cursor) break
      }
      return { seen, groups: [...new Set(groups)] }
    }
    // Several months (cumulative rows), one month (its own figures), and a custom range (daily edges).
    expect(await walk(`from=2026-05-01&to=2026-07-02&by=company&sort=name&order=asc`)).toEqual({
      seen: ['=HYPERLINK("http://evil") 3000000', 'acme 3000000', 'zulu 5000000'],
      groups: [3],
    })
    expect(await walk(`from=2026-05-01&to=2026-07-02&by=company&sort=name&order=desc`)).toEqual({
      seen: ['zulu 5000000', 'acme 3000000', '=HYPERLINK("http://evil") 3000000'],
      groups: [3],
    })
    expect(await walk(`from=2026-07-01&to=2026-07-02&by=company&sort=name`)).toEqual({ seen: ['zulu 1000000'], groups: [1] })
    expect(await walk(`from=2026-06-01&to=2026-06-30&by=account&sort=name`)).toEqual({
      seen: ['user@example.com 5000000', 'zed@example.com 4000000'],
      groups: [2],
    })
    expect(await walk(`${Q}&by=account&sort=name&order=desc`)).toEqual({
      seen: ['zed@example.com 5000000', 'user@example.com 6000000'],
      groups: [2],
    })
    // A filtered range pages by name too, counting only what the filter keeps.
    expect(await walk(`${Q}&by=company&sort=name&model=gpt-4o`)).toEqual({
      seen: ['acme 3000000', 'zulu 4000000'],
      groups: [2],
    })
    // Past the last page: no rows, the same count.
    const past = AdminUsageSchema.parse(
      (await w.admin.get(`/api/admin/usage?${Q}&by=company&sort=name&limit=1&cursor=${encodeURIComponent(encodeCursor(5))}`))
        .json,
    )
    expect([past.items, past.groups, past.nextCursor]).toEqual([[], 3, null])
  })

  it('reads one account’s months from its own key range, billed as the whole platform’s rows are (decision 061)', async () => {
    const w = await usageWorld()
    // acme changes hands after its usage: what it used stays with the account billed at the time.
    await addMembership(w.h, w.acme, w.other.id)
    const [company] = await w.h.db.select().from(companies).where(eq(companies.id, w.acme))
    await transferOwnership(w.h.deps, company!, w.other.id)
    const range = 'from=2026-05-01&to=2026-07-31'
    const get = async (q: string) => AdminUsageSchema.parse((await w.admin.get(`/api/admin/usage?${range}&${q}`)).json)
    const mine = await get(`by=company&accountId=${w.userId}`)
    const all = await get('by=company')
    expect(mine.totals.costMicros).toBe(6_000_000)
    // The same as the account's days, and as the unfiltered view's rows for it.
    expect((await get(`by=day&accountId=${w.userId}`)).totals).toEqual(mine.totals)
    expect((await get('by=account')).items.find((r) => r.key === w.userId)?.costMicros).toBe(6_000_000)
    expect(mine.items.map((r) => [r.detail, r.costMicros, r.events])).toEqual(
      all.items.filter((r) => r.detail === 'acme' || r.detail === 'beta').map((r) => [r.detail, r.costMicros, r.events]),
    )
    expect((await get(`by=account&accountId=${w.other.id}`)).items.map((r) => [r.label, r.costMicros])).toEqual([
      ['zed@example.com', 5_000_000],
    ])
    // A tie in cost goes by key.
    expect((await get(`by=model&accountId=${w.userId}`)).items.map((r) => [r.key, r.costMicros, r.events, r.errors])).toEqual([
      ['claude-sonnet-4', 3_000_000, 1, 0],
      ['gpt-4o', 3_000_000, 2, 1],
    ])
  })

  it('exports every row as CSV with formula-safe cells and exact dollars, audited', async () => {
    const w = await usageWorld()
    const res = await w.admin.get(`/api/admin/usage/export.csv?${Q}&by=company&sort=name&order=asc&limit=1`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="platform-usage-by-company-2026-05-30-to-2026-07-02.csv"',
    )
    expect(res.text.split('\r\n')).toEqual([
      'key,label,detail,events,errors,input_tokens,output_tokens,cost_usd',
      `${w.beta},"'=HYPERLINK(""http://evil"")",beta,1,0,1000000,0,3.000000`,
      `${w.acme},acme,acme,2,1,1200000,0,3.000000`,
      `${w.zulu},zulu,zulu,2,0,2100000,0,5.000000`,
      '',
    ])
    const audit = await auditRows(w.h, 'usage.exported')
    expect(audit.map((a) => a.summary)).toEqual(['Exported platform usage by company (3 rows)'])
  })

  it('answers 400 with field errors for bad queries', async () => {
    const w = await usageWorld()
    for (const q of [
      'from=2026-07-02&to=2026-06-01',
      'from=2025-01-01&to=2026-06-01',
      'from=2026-06-01',
      `${Q}&by=exocorp`,
      `${Q}&sort=price`,
      `${Q}&order=up`,
      `${Q}&limit=0`,
      `${Q}&limit=201`,
      `${Q}&cursor=nope`,
      `${Q}&extra=1`,
      `from=June&to=July`,
    ]) {
      // The export has every row: it takes no cursor.
      for (const path of ['/api/admin/usage', ...(q.includes('cursor') ? [] : ['/api/admin/usage/export.csv'])]) {
        const res = await w.admin.get(`${path}?${q}`)
        expect(res.status, `${path}?${q}`).toBe(400)
        expect(res.json.error.code).toBe('validation_failed')
      }
    }
  })
})

describe('the owner’s fleet /usage by month (decisions 049, 062)', () => {
  it('answers by month the same as by day, over a range with edges on both sides', async () => {
    const w = await usageWorld()
    // Previous period 2026-03-20 … 2026-05-14; this one 2026-05-15 … 2026-07-10: June whole, edges around it.
    const range = 'from=2026-05-15&to=2026-07-10'
    const monthly = UsageAnalyticsSchema.parse((await w.user.get(`/api/usage/analytics?${range}&bucket=month`)).json)
    const daily = UsageAnalyticsSchema.parse((await w.user.get(`/api/usage/analytics?${range}&bucket=day`)).json)
    expect(monthly.totals).toEqual(daily.totals)
    expect(monthly.totals.costMicros).toBe(6_000_000)
    expect(monthly.series.map((p) => [p.start, p.costMicros])).toEqual([
      ['2026-05-15', 1_000_000],
      ['2026-06-01', 5_000_000],
      ['2026-07-01', 0],
    ])
    for (const k of ['byCompany', 'byModel', 'byProvider', 'byAgent'] as const) expect(monthly[k]).toEqual(daily[k])
    // By exocorp, June's figures come from the monthly rollup and May 30 from the daily one (decision 062).
    const spend = (a: typeof daily) => Object.fromEntries(a.byCompany.map((r) => [r.key, [r.costMicros, r.previousCostMicros]]))
    expect(spend(daily)).toEqual({ [w.acme]: [3_000_000, 0], [w.beta]: [3_000_000, 0] })
    // Whole months on both sides (April–May before June–July), each exocorp as its own page shows it.
    const whole = UsageAnalyticsSchema.parse((await w.user.get('/api/usage/analytics?from=2026-06-01&to=2026-07-31')).json)
    expect(whole.previous).toEqual({ from: '2026-04-01', to: '2026-05-31' })
    expect(spend(whole)).toEqual({ [w.acme]: [2_000_000, 1_000_000], [w.beta]: [3_000_000, 0] })
    for (const id of [w.acme, w.beta]) {
      const own = UsageAnalyticsSchema.parse(
        (await w.user.get(`/api/usage/analytics?from=2026-06-01&to=2026-07-31&companyId=${id}`)).json,
      )
      expect([own.totals.costMicros, own.previousTotals.costMicros]).toEqual(spend(whole)[id])
    }
    // One exocorp by month still reads its own daily rows.
    const one = UsageAnalyticsSchema.parse(
      (await w.user.get(`/api/usage/analytics?${range}&bucket=month&companyId=${w.acme}`)).json,
    )
    expect(one.totals.costMicros).toBe(3_000_000)
  })
})

describe('GET /api/admin/models', () => {
  it('lists each model with provider, active prices, 24 h / 30 d usage, error rate and coverage', async () => {
    const w = await world()
    // Coverage: acme and zulu have an openai credential bound; beta has none; a destroyed one is not counted.
    for (const [owner, company] of [
      [w.userId, w.acme],
      [w.other.id, w.zulu],
    ] as const) {
      const secret = await createProviderSecret(w.h.deps, owner, {
        provider: 'openai',
        label: `k-${company}`,
        value: 'sk-test-123456789',
      })
      await w.h.db.write(async (tx) => {
        await tx
          .insert(bindings)
          .values({ companyId: company, provider: 'openai', secretId: secret.id, boundAt: w.h.clock.now().toISOString() })
      })
    }
    const gone = await addCompany(w.h, w.userId, 'gone', 'running')
    const s = await createProviderSecret(w.h.deps, w.userId, { provider: 'anthropic', label: 'a', value: 'sk-ant-123456789' })
    await w.h.db.write(async (tx) => {
      await tx
        .insert(bindings)
        .values({ companyId: gone, provider: 'anthropic', secretId: s.id, boundAt: w.h.clock.now().toISOString() })
    })
    await setCompany(w.h, gone, { status: 'destroyed' })

    setNow(w.h, '2026-06-01T10:00:00.000Z') // 20 days before "now": in 30 d only
    await report(w.h, w.tokens.acme, { model: 'gpt-4o', inputTokens: DOLLAR, outcome: 'error' })
    setNow(w.h, '2026-06-20T13:00:00.000Z') // 23 hours before "now": in both
    await report(w.h, w.tokens.zulu, { model: 'gpt-4o', inputTokens: DOLLAR })
    await report(w.h, w.tokens.zulu, { model: 'house-model', inputTokens: 1_000_000 })
    setNow(w.h, '2026-05-01T10:00:00.000Z') // older than 30 days: in neither
    await report(w.h, w.tokens.beta, { model: 'gpt-4o', inputTokens: DOLLAR })
    setNow(w.h, '2026-06-21T12:30:00.000Z')
    await signInAll(w)

    const res = await w.admin.get('/api/admin/models')
    expect(res.status).toBe(200)
    const body = AdminModelsSchema.parse(res.json)
    expect(body.exocorps).toBe(3)
    expect(body.priceBook?.version).toBe(1)
    const gpt = body.items.find((m) => m.id === 'gpt-4o')!
    expect(gpt).toMatchObject({
      provider: 'openai',
      inCatalog: true,
      price: { inputMicrosPerMTok: 2_500_000, outputMicrosPerMTok: 10_000_000 },
      priceSource: 'model',
      coveredExocorps: 2,
      errorRate30d: 0.5,
    })
    expect(gpt.last24h).toEqual({ events: 1, errors: 0, inputTokens: DOLLAR, outputTokens: 0, costMicros: 1_000_000 })
    expect(gpt.last30d).toEqual({ events: 2, errors: 1, inputTokens: 2 * DOLLAR, outputTokens: 0, costMicros: 2_000_000 })
    const claude = body.items.find((m) => m.id === 'claude-sonnet-4')!
    expect(claude).toMatchObject({ provider: 'anthropic', coveredExocorps: 0, errorRate30d: null })
    expect(claude.last30d.events).toBe(0)
    // A model the catalog does not list, reported by a runtime, priced by the book's default.
    const house = body.items.find((m) => m.id === 'house-model')!
    expect(house).toMatchObject({ inCatalog: false, provider: null, priceSource: 'default', coveredExocorps: null })
    expect(house.last24h.costMicros).toBe(3_000_000)
  })

  it('takes the runtime’s outcome and refuses anything else', async () => {
    const w = await world()
    const res = await w.h.app.request(`${ORIGIN}/api/runtime/usage-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${w.tokens.acme}` },
      body: JSON.stringify({ model: 'gpt-4o', inputTokens: 1, outputTokens: 1, outcome: 'boom' }),
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { details: { fields: Record<string, string[]> } } }
    expect(Object.keys(body.error.details.fields)).toEqual(['outcome'])
    const [row] = await execute<{ n: unknown }>(w.h.db, sql`SELECT count(*) AS n FROM usage_model_daily`)
    expect(num(row?.n)).toBe(0)
  })
})

describe('who may read the admin usage screens', () => {
  it('admins and platform owners read; users 403; anonymous 401', async () => {
    const w = await usageWorld()
    const member = await newUser(w.h, 'member@example.com')
    await addMembership(w.h, w.acme, member.id)
    for (const path of ['/api/admin/usage?' + Q, '/api/admin/usage/export.csv?' + Q, '/api/admin/models']) {
      expect((await w.anon.get(path)).status, path).toBe(401)
      expect((await w.user.get(path)).status, path).toBe(403)
      expect((await member.client.get(path)).status, path).toBe(403)
      expect((await w.admin.get(path)).status, path).toBe(200)
      expect((await w.owner.get(path)).status, path).toBe(200)
    }
  })
})
