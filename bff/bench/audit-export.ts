/**
 * Issue 5: the audit export streams a million rows with flat memory. Seeds 1,000,000 audit rows
 * into the database of this run (one transaction, batched inserts), serves the real app,
 * downloads the CSV and NDJSON exports over HTTP and prints rows/s and peak RSS while streaming.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { serve } from '@hono/node-server'
import { pino } from 'pino'
import { createApp } from '../src/app'
import { createDeps } from '../src/create-deps'
import type { Db } from '../src/db/client'
import { auditEvents } from '../src/db/schema/audit'
import { loadEnv } from '../src/env'
import { systemClock } from '../src/lib/clock'
import { openBenchDb, report } from './bench-db'

const ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000)
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

/** Rows per INSERT: 12 columns each, well under SQLite's and PostgreSQL's bound-parameter limits. */
const SEED_BATCH = 1000

async function seed(db: Db) {
  const started = performance.now()
  const actions = ['company.provision', 'company.pause', 'company.resume', 'auth.login', 'billing.adjustment']
  const base = Date.parse('2026-01-01T00:00:00.000Z')
  await db.write(async (tx) => {
    for (let from = 0; from < ROWS; from += SEED_BATCH) {
      const rows = Array.from({ length: Math.min(SEED_BATCH, ROWS - from) }, (_, k) => {
        const i = from + k
        const actor = `user-${i % 500}`
        return {
          // Ordered ids keep the unique index append-only, so seeding measures little but itself.
          id: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
          at: new Date(base + i * 1000).toISOString(),
          actorType: 'user' as const,
          actorId: actor,
          actorLabel: `${actor}@example.com`,
          action: actions[i % actions.length]!,
          targetType: 'company',
          targetId: `company-${i % 2000}`,
          outcome: i % 17 === 0 ? ('failed' as const) : ('succeeded' as const),
          summary: `Seeded event ${i}, with a comma and "quotes"`,
          details: `{"i":${i},"note":"bench"}`,
          requestId: randomUUID(),
        }
      })
      await tx.insert(auditEvents).values(rows)
    }
  })
  const s = (performance.now() - started) / 1000
  report('audit seed (batched inserts): rows/s', Math.round(ROWS / s), 'rows/s')
  console.log(`seeded ${ROWS.toLocaleString()} rows in ${s.toFixed(1)} s (${Math.round(ROWS / s).toLocaleString()} rows/s)`)
}

async function download(url: string, cookie: string, label: string) {
  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 10)
  const started = performance.now()
  const res = await fetch(url, { headers: { cookie } })
  if (res.status !== 200 || !res.body) throw new Error(`${label}: HTTP ${res.status}`)
  let bytes = 0
  let lines = 0
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++
    peak = Math.max(peak, process.memoryUsage().rss)
  }
  clearInterval(sampler)
  const s = (performance.now() - started) / 1000
  const rows = label === 'csv' ? lines - 1 : lines
  console.log(
    `${label.padEnd(6)} ${rows.toLocaleString()} rows, ${mb(bytes)} in ${s.toFixed(1)} s: ${Math.round(rows / s).toLocaleString()} rows/s; ` +
      `RSS before ${mb(before)}, peak while streaming ${mb(peak)} (+${mb(peak - before)})`,
  )
  report(`audit export ${label}: rows/s`, Math.round(rows / s), 'rows/s')
  report(`audit export ${label}: peak RSS growth`, Math.round((peak - before) / 1024 / 1024), 'MB')
  return { rows, bytes, peakDelta: peak - before }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-bench-audit-'))
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
    await seed(db)
    const csv = await download(`${base}/api/admin/audit-events/export.csv`, cookie, 'csv')
    const ndjson = await download(`${base}/api/admin/audit-events/export.ndjson`, cookie, 'ndjson')
    server.close()
    await db.close()
    // The signup writes a few audit rows of its own.
    const ok = csv.rows >= ROWS && ndjson.rows >= ROWS
    const flat = Math.max(csv.peakDelta, ndjson.peakDelta) < 100 * 1024 * 1024
    console.log(`${ok ? 'PASS' : 'FAIL'} every row exported; ${flat ? 'PASS' : 'FAIL'} memory flat (peak growth < 100 MB)`)
    if (!ok || !flat) process.exitCode = 1
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
