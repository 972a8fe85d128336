/**
 * Issue 19 item 1 / decision 049: `/api/admin/models` and `/api/admin/usage` answer from the
 * platform rollups in ≤ 20 ms at p95 with 10,000 exocorps and 10,000,000 usage events, and an
 * owner's whole-fleet `/api/usage/analytics` over 365 days by month reads the monthly rollup.
 *
 * Sizes (defaults are the issue's): BENCH_COMPANIES=10000 BENCH_USAGE_EVENTS=10000000
 * BENCH_ACCOUNTS=1000 BENCH_DAYS=365 (the bench owner owns min(1000, companies) of the exocorps).
 *
 * Seeding: exocorps and accounts in multi-row inserts; the raw events are generated inside the
 * database (a recursive CTE on SQLite, generate_series on PostgreSQL) in 500,000-row transactions
 * with the rollup triggers off, then every rollup is filled by **the migrations' own backfill
 * statements** (read from 0027/0030/0039 and pg/0021/pg/0025/pg/0034 — the same grouping the triggers
 * keep, and the test `admin-usage.test.ts` checks backfill = trigger). The ranges are the screen's
 * month presets (decision 057) plus one custom 30-day range, printed for information. Figures are
 * printed, never asserted.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { eq, sql } from 'drizzle-orm'
import { pino } from 'pino'
import { adminUsagePreset, type AdminUsagePreset } from '@exocorp/shared/admin-usage'
import { createApp } from '../src/app'
import { createDeps } from '../src/create-deps'
import type { Db } from '../src/db/client'
import { execute } from '../src/db/portable'
import { users } from '../src/db/schema/accounts'
import { bindings, providerSecrets } from '../src/db/schema/catalog'
import { companies, memberships } from '../src/db/schema/companies'
import { loadEnv } from '../src/env'
import { systemClock } from '../src/lib/clock'
import { carryCumulative } from '../src/services/billing/usage-cumulative'
import { benchSchema, openBenchDb, report } from './bench-db'

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 10_000)
const EVENTS = Number(process.env.BENCH_USAGE_EVENTS ?? 10_000_000)
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1000)
const DAYS = Number(process.env.BENCH_DAYS ?? 365)
const OWNED = Math.min(1000, COMPANIES)
const SAMPLES = 40
const CHUNK = 500_000

const MIGRATIONS = path.resolve(import.meta.dirname, '../src/db/migrations')

/** The backfill statements of a migration file: those that start with `starts` and read `reads`. */
function backfillOf(file: string, reads = 'FROM usage_events', starts = 'INSERT INTO usage_'): string[] {
  return fs
    .readFileSync(path.join(MIGRATIONS, file), 'utf8')
    .split(';')
    .map((s) => s.replace(/^(\s*--[^\n]*\n)*/g, '').trim())
    .filter((s) => s.startsWith(starts) && s.includes(reads))
}

async function run(q: Db, text: string) {
  if (q.sqlDialect === 'postgres') await execute(q, sql.raw(text))
  // better-sqlite3 runs synchronously under drizzle's typing.
  else q.run(sql.raw(text))
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

/** The exocorps, accounts, credentials and usage events of the size, and every rollup filled from them. */
async function seed(db: Db, base: string) {
  const pg = db.sqlDialect === 'postgres'
  const signup = await fetch(`${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'owner@bench.dev', name: 'Bench Owner', password: 'bench password 1' }),
  })
  const ownerId = ((await signup.json()) as { me: { user: { id: string } } }).me.user.id

  const t0 = performance.now()
  const now = Date.now()
  const inChunks = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500))
  }
  await db.write(async (tx) => {
    const at = new Date(now).toISOString()
    await inChunks(
      Array.from({ length: ACCOUNTS }, (_, u) => ({
        id: `u-${u}`,
        email: `user${u}@bench.dev`,
        name: `User ${u}`,
        passwordHash: 'x',
        role: 'user' as const,
        createdAt: at,
        updatedAt: at,
      })),
      (chunk) => tx.insert(users).values(chunk),
    )
    const ownerOf = (i: number) => (i < OWNED ? ownerId : `u-${i % ACCOUNTS}`)
    const rows = Array.from({ length: COMPANIES }, (_, i) => ({
      id: `c-${i}`,
      slug: `bench-${i}`,
      name: `Bench company ${String(i).padStart(5, '0')}`,
      ownerUserId: ownerOf(i),
      status: 'running' as const,
      health: 'healthy' as const,
      channel: 'stable' as const,
      installedVersion: '1.4.2',
      draftVersion: 1,
      draftConfig: '{"agents":[],"providers":[],"settings":{}}',
      draftUpdatedAt: at,
      createdAt: at,
      updatedAt: at,
    }))
    await inChunks(rows, (chunk) => tx.insert(companies).values(chunk))
    await inChunks(rows, (chunk) =>
      tx
        .insert(memberships)
        .values(chunk.map((c) => ({ companyId: c.id, userId: c.ownerUserId, role: 'owner' as const, createdAt: at }))),
    )
    // One openai credential per account, bound to two exocorps in three (coverage on /admin/models).
    const owners = [ownerId, ...Array.from({ length: ACCOUNTS }, (_, u) => `u-${u}`)]
    const blob = Buffer.alloc(16)
    await inChunks(owners, (chunk) =>
      tx.insert(providerSecrets).values(
        chunk.map((o) => ({
          id: `s-${o}`,
          ownerUserId: o,
          provider: 'openai' as const,
          label: 'bench',
          ciphertext: blob,
          iv: blob,
          tag: blob,
          last4: '0000',
          createdAt: at,
          updatedAt: at,
        })),
      ),
    )
    await inChunks(
      rows.filter((_, i) => i % 3 !== 0),
      (chunk) =>
        tx
          .insert(bindings)
          .values(
            chunk.map((c) => ({ companyId: c.id, provider: 'openai' as const, secretId: `s-${c.ownerUserId}`, boundAt: at })),
          ),
    )
  })
  console.log(`seeded ${COMPANIES} exocorps, ${ACCOUNTS + 1} accounts in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

  // Raw events, generated in the database: spread evenly over DAYS up to now, each exocorp on two of
  // four models and two agents, one call in 50 failed.
  const t1 = performance.now()
  const TRIGGERS = ['usage_daily_rollup', 'usage_platform_rollup', 'usage_cumulative_rollup', 'usage_account_daily_rollup']
  await db.write(async (tx) => {
    for (const t of TRIGGERS) await run(tx, pg ? `ALTER TABLE usage_events DISABLE TRIGGER ${t}` : `DROP TRIGGER ${t}`)
  })
  const startS = Math.floor(now / 1000) - DAYS * 86_400
  const spanS = DAYS * 86_400 - 60
  const cols = (i: string) => {
    const company = `(${i} % ${COMPANIES})`
    const round = `(${i} / ${COMPANIES})`
    const model = `CASE ((${company} % 3) + (${round} % 2)) WHEN 0 THEN 'gpt-4o' WHEN 1 THEN 'claude-sonnet-4' WHEN 2 THEN 'gpt-4o-mini' ELSE 'mistral-large' END`
    const secs = `(${startS} + (${i} * ${spanS}) / ${EVENTS})`
    const at = pg
      ? `to_char(to_timestamp(${secs}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')`
      : `strftime('%Y-%m-%dT%H:%M:%S', ${secs}, 'unixepoch') || '.000Z'`
    return `'e' || ${i}, 'c-' || ${company}, ${model}, 500 + (${i} % 1000), 100 + (${i} % 300),
      (500 + (${i} % 1000)) * 3 + (100 + (${i} % 300)) * 15, 'pb-2026-01', ${at},
      CASE (${round} / 2) % 2 WHEN 0 THEN 'writer' ELSE 'researcher' END,
      CASE WHEN ${i} % 50 = 0 THEN 'error' ELSE 'ok' END`
  }
  const insert = `INSERT INTO usage_events (id, company_id, model, input_tokens, output_tokens, cost_micros, price_book_id, at, agent, outcome)`
  for (let lo = 0; lo < EVENTS; lo += CHUNK) {
    const hi = Math.min(EVENTS, lo + CHUNK) - 1
    await db.write(async (tx) =>
      run(
        tx,
        pg
          ? `${insert} SELECT ${cols('i')} FROM generate_series(${lo}::bigint, ${hi}::bigint) AS i`
          : `WITH RECURSIVE n(i) AS (SELECT ${lo} UNION ALL SELECT i + 1 FROM n WHERE i < ${hi}) ${insert} SELECT ${cols('i')} FROM n`,
      ),
    )
  }
  console.log(`inserted ${EVENTS.toLocaleString()} usage events in ${((performance.now() - t1) / 1000).toFixed(1)} s`)
  const t2 = performance.now()
  const statements = pg
    ? [...backfillOf('pg/0021_usage_rollups.sql'), ...backfillOf('pg/0025_platform_usage_rollups.sql')]
    : [...backfillOf('0027_usage_rollups.sql'), ...backfillOf('0030_platform_usage_rollups.sql')]
  if (statements.length !== 6) throw new Error(`expected 6 backfill statements, found ${statements.length}`)
  // The cumulative rollup (decisions 057, 061, 065) is backfilled from the monthly one, so it comes
  // last; on PostgreSQL the migration writes it in key order, as a live database's rows lie.
  const cumulative = backfillOf(
    pg ? 'pg/0039_usage_cumulative_by_key.sql' : '0044_usage_cumulative_by_key.sql',
    'FROM usage_platform_monthly',
  )
  if (cumulative.length !== 1) throw new Error(`expected 1 cumulative backfill statement, found ${cumulative.length}`)
  // …then each row's trailing bases (decision 067), from the rows themselves.
  const bases = backfillOf(
    pg ? 'pg/0041_usage_cumulative_trailing_bases.sql' : '0046_usage_cumulative_trailing_bases.sql',
    'FROM usage_cumulative_monthly q',
    'UPDATE usage_cumulative_monthly SET (base',
  )
  if (bases.length !== 2) throw new Error(`expected 2 trailing-base backfill statements, found ${bases.length}`)
  // The owner's account-keyed daily rollups (decision 062) are backfilled from usage_daily.
  const accountDaily = backfillOf(pg ? 'pg/0038_usage_account_daily.sql' : '0043_usage_account_daily.sql', 'FROM usage_daily d')
  if (accountDaily.length !== 2) throw new Error(`expected 2 account daily backfill statements, found ${accountDaily.length}`)
  for (const s of [...statements, ...cumulative, ...bases, ...accountDaily]) await db.write(async (tx) => run(tx, s))
  // The months a read needs are carried by the first read; done here so no sample pays for it.
  await carryCumulative({ db }, new Date(now).toISOString().slice(0, 7))
  // PostgreSQL's triggers come back on; on SQLite this throwaway database keeps them dropped (nothing is inserted after).
  if (pg) {
    await db.write(async (tx) => {
      for (const t of TRIGGERS) await run(tx, `ALTER TABLE usage_events ENABLE TRIGGER ${t}`)
    })
  }
  // Statistics and the visibility map, as autovacuum leaves them on a live database after a bulk load.
  if (pg) await run(db, 'VACUUM ANALYZE')
  else await db.write(async (tx) => run(tx, 'ANALYZE'))
  const sizes: string[] = []
  for (const t of [
    'usage_daily',
    'usage_model_hourly',
    'usage_model_daily',
    'usage_platform_daily',
    'usage_platform_monthly',
    'usage_account_monthly',
    'usage_cumulative_monthly',
    'usage_account_daily',
    'usage_account_company_daily',
  ]) {
    const [r] = await execute<{ n: unknown }>(db, sql.raw(`SELECT count(*) AS n FROM ${t}`))
    sizes.push(`${t} ${Number(r?.n).toLocaleString()}`)
  }
  console.log(`filled the rollups in ${((performance.now() - t2) / 1000).toFixed(1)} s: ${sizes.join(', ')}`)
  await db.write(async (tx) => {
    await tx.update(users).set({ role: 'platform_owner' }).where(eq(users.id, ownerId))
  })
}

async function main() {
  // BENCH_REUSE names the data a BENCH_KEEP run left (a temp dir, or a PostgreSQL schema): measure again without seeding.
  const reuse = process.env.BENCH_REUSE
  const dir = reuse && !process.env.DATABASE_URL ? reuse : fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-bench-platform-usage-'))
  const env = loadEnv({ EXOCORP_DATA_DIR: dir, LOG_LEVEL: 'silent' })
  const db = await openBenchDb(dir, reuse)
  const now = Date.now()
  const app = createApp(createDeps({ env, db, clock: systemClock, log: pino({ level: 'silent' }) }))
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  if (!reuse) await seed(db, base)
  // The keep-alive socket of the sign-up went idle while seeding: one throwaway request drops it.
  await fetch(`${base}/api/health`).catch(() => undefined)
  // Seeding can outlast the session's idle timeout: sign in now, as the platform owner it has become.
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'owner@bench.dev', password: 'bench password 1' }),
  })
  if (login.status !== 200) throw new Error(`sign-in after seeding answered ${login.status}`)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!

  const day = (offset: number) => new Date(now + offset * 86_400_000).toISOString().slice(0, 10)
  const today = day(0)
  // The screen's presets (decision 057): this month (its default), last month, 3 and 12 months; each
  // figure is named by its preset so the side-by-side table keeps them apart whatever today is.
  const preset = (p: AdminUsagePreset) => {
    const r = adminUsagePreset(p, today)
    return `from=${r.from}&to=${r.to}`
  }
  const targets: { name: string; path: string; target: boolean }[] = [
    { name: 'models', path: '/api/admin/models', target: true },
    ...(
      [
        ['thisMonth', ''],
        ['thisMonth', '&by=company'],
        ['thisMonth', '&by=model'],
        ['thisMonth', '&by=day'],
        ['thisMonth', '&by=company&sort=name&order=asc'],
        ['lastMonth', '&by=company'],
        ['last3Months', ''],
        ['last12Months', ''],
        ['last12Months', '&by=company&sort=events'],
        ['last12Months', '&by=day'],
        ['last12Months', '&by=model&accountId=u-7'],
      ] as const
    ).map(([p, rest]) => ({ name: `usage ${p}${rest}`, path: `/api/admin/usage?${preset(p)}${rest}`, target: true })),
    // A custom range that cuts months reads their days from the daily rollup: printed, not a target.
    {
      name: 'usage custom 30 days&by=company',
      path: `/api/admin/usage?from=${day(-44)}&to=${day(-15)}&by=company`,
      target: false,
    },
    {
      name: 'owner analytics 365 days by month',
      path: `/api/usage/analytics?from=${day(-364)}&to=${today}&bucket=month`,
      target: false,
    },
    { name: 'owner analytics 30 days', path: `/api/usage/analytics?from=${day(-29)}&to=${today}`, target: false },
  ]
  console.log('endpoint'.padEnd(100), 'status  p50 ms  p95 ms  p99 ms')
  for (const { name, path: target, target: isTarget } of targets) {
    const times: number[] = []
    let status = 0
    let url = `${base}${target}`
    for (let i = 0; i < SAMPLES + 3; i++) {
      const t = performance.now()
      const res = await fetch(url, { headers: { cookie } })
      const body = (await res.json()) as { nextCursor?: string | null }
      if (i >= 3) times.push(performance.now() - t)
      status = res.status
      if (status !== 200) throw new Error(`${target} answered ${status}: no figure is printed for a failed request`)
      // Later pages are measured too.
      if (body.nextCursor && i % 3 === 0) url = `${base}${target}&cursor=${encodeURIComponent(body.nextCursor)}`
    }
    const [p50, p95, p99] = [pct(times, 50), pct(times, 95), pct(times, 99)]
    console.log(
      target.padEnd(100),
      String(status).padEnd(7),
      p50.toFixed(1).padStart(6),
      p95.toFixed(1).padStart(7),
      p99.toFixed(1).padStart(7),
    )
    report(`p95 ${name}`, Number(p95.toFixed(1)), isTarget ? 'ms (≤ 20)' : 'ms')
  }
  server.close()
  await db.close()
  if (process.env.BENCH_KEEP)
    console.log(`kept the data: BENCH_REUSE=${db.sqlDialect === 'postgres' ? benchSchema() : dir} measures it again`)
  else if (!reuse) fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
