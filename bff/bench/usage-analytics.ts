/**
 * Issue 16 item 3 / decision 040: usage analytics answer from the daily rollup, not from the events.
 * Seeds a fleet of 100 exocorps with a year of rollup rows (100 × 365 days × 3 models × 2 agents =
 * 219,000 rows, standing for ~4.4 million model calls at 20 a row), serves the real app and prints
 * p50/p95 of the analytics request for a 30-day and a 365-day fleet range and one exocorp's 90 days,
 * and the CSV export's rows/s for the whole year.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { pino } from 'pino'
import { createApp } from '../src/app'
import { createDeps } from '../src/create-deps'
import { companies, memberships } from '../src/db/schema/companies'
import { usageDaily } from '../src/db/schema/usage'
import { loadEnv } from '../src/env'
import { systemClock } from '../src/lib/clock'
import { openBenchDb, report } from './bench-db'

const COMPANIES = 100
const DAYS = 365
const MODELS = ['gpt-4o', 'claude-sonnet-4', 'gemini-1.5-pro']
const AGENTS = ['writer', 'researcher']
const RUNS = 50

const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-bench-usage-'))
  try {
    const env = loadEnv({ EXOCORP_DATA_DIR: dir, LOG_LEVEL: 'silent' })
    const db = await openBenchDb(dir)
    const deps = createDeps({ env, db, clock: systemClock, log: pino({ level: 'silent' }) })
    const app = createApp(deps)
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((r) => server.once('listening', r))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const signup = await fetch(`${base}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ email: 'bench@example.com', name: 'Bench', password: 'bench password 1' }),
    })
    const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0]!
    const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json()) as { user: { id: string } }
    const started = performance.now()
    const now = new Date().toISOString()
    const ids = Array.from({ length: COMPANIES }, (_, i) => `bench-co-${String(i).padStart(3, '0')}`)
    await db.write(async (tx) => {
      for (const id of ids) {
        await tx.insert(companies).values({
          id,
          slug: id,
          name: id,
          ownerUserId: me.user.id,
          status: 'running',
          health: 'healthy',
          channel: 'stable',
          installedVersion: '1.5.0',
          draftVersion: 1,
          draftConfig: '{"agents":[],"providers":[],"settings":{}}',
          draftUpdatedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        await tx.insert(memberships).values({ companyId: id, userId: me.user.id, role: 'owner', createdAt: now })
        const rows = []
        for (let d = 0; d < DAYS; d++)
          for (const model of MODELS)
            for (const agent of AGENTS)
              rows.push({
                companyId: id,
                day: day(d),
                model,
                agent,
                events: 20,
                inputTokens: 40_000,
                outputTokens: 8_000,
                costMicros: 180_000,
              })
        for (let i = 0; i < rows.length; i += 500) await tx.insert(usageDaily).values(rows.slice(i, i + 500))
      }
    })
    const seeded = COMPANIES * DAYS * MODELS.length * AGENTS.length
    console.log(`seeded ${seeded.toLocaleString()} rollup rows in ${((performance.now() - started) / 1000).toFixed(1)} s`)

    // The keep-alive socket of the sign-up went idle while seeding: one throwaway request drops it.
    await fetch(`${base}/api/health`).catch(() => undefined)
    const cases = [
      ['fleet, 30 days by day', `from=${day(300)}&to=${day(329)}`],
      ['fleet, 365 days by week', `from=${day(0)}&to=${day(364)}&bucket=week`],
      ['one exocorp, 90 days by day', `from=${day(200)}&to=${day(289)}&companyId=${ids[7]}`],
    ] as const
    for (const [name, q] of cases) {
      const times: number[] = []
      for (let i = 0; i < RUNS + 5; i++) {
        const t = performance.now()
        const res = await fetch(`${base}/api/usage/analytics?${q}`, { headers: { cookie } })
        if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`)
        await res.arrayBuffer()
        if (i >= 5) times.push(performance.now() - t)
      }
      console.log(`${name.padEnd(30)} p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms`)
      report(`usage analytics ${name}: p95`, Number(pct(times, 95).toFixed(1)), 'ms')
    }
    const t = performance.now()
    const csv = await (
      await fetch(`${base}/api/usage/analytics.csv?from=${day(0)}&to=${day(364)}`, { headers: { cookie } })
    ).text()
    const rows = csv.split('\r\n').length - 2
    const s = (performance.now() - t) / 1000
    console.log(
      `csv export, 365 days: ${rows.toLocaleString()} rows in ${s.toFixed(2)} s (${Math.round(rows / s).toLocaleString()} rows/s)`,
    )
    report('usage csv export: rows/s', Math.round(rows / s), 'rows/s')
    server.close()
    await db.close()
    if (rows !== seeded) {
      console.log(`FAIL the export has ${rows} rows, expected ${seeded}`)
      process.exitCode = 1
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
