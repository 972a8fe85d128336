/**
 * QUALITY.md: with 10,000 exocorps and 1,000,000 audit events, the dashboard summary, list pages
 * (any sort or filter) and an audit page each answer in ≤ 20 ms at p95. Issue 12: `my-companies`
 * for a user with 1,000 exocorps, any sort or filter, p95 ≤ 20 ms, and a bulk preview (`dryRun`) of
 * 500 exocorps ≤ 200 ms. Seeds a temp database through drizzle (one transaction each), starts the
 * real server and times real HTTP requests. Figures are printed, never asserted.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { eq } from 'drizzle-orm'
import { pino } from 'pino'
import { createApp } from '../src/app'
import { createDeps } from '../src/create-deps'
import { users } from '../src/db/schema/accounts'
import { auditEvents } from '../src/db/schema/audit'
import { companies, memberships } from '../src/db/schema/companies'
import { loadEnv } from '../src/env'
import { systemClock } from '../src/lib/clock'
import { openBenchDb, report } from './bench-db'

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 10_000)
const AUDIT_ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000)
const SAMPLES = 60
/** The bench owner's own exocorps (issue 12: a user with 1,000 exocorps must page, not get them all). */
const OWNED = Math.min(1000, COMPANIES)
const BULK_SAMPLES = 20
const STATUSES = ['draft', 'running', 'stopped', 'failed', 'paused'] as const
const CHANNELS = ['stable', 'beta', 'canary'] as const

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-bench-'))
  const env = loadEnv({ EXOCORP_DATA_DIR: dir, LOG_LEVEL: 'silent' })
  const db = await openBenchDb(dir)
  const app = createApp(createDeps({ env, db, clock: systemClock, log: pino({ level: 'silent' }) }))
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const signup = await fetch(`${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'owner@bench.dev', name: 'Bench Owner', password: 'bench password 1' }),
  })
  const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0]!
  const ownerId = ((await signup.json()) as { me: { user: { id: string } } }).me.user.id

  const seedStart = performance.now()
  const now = Date.now()
  // Multi-row inserts in chunks: a few hundred rows per statement stays under every driver's parameter limit.
  const inChunks = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500))
  }
  await db.write(async (tx) => {
    const userRows = Array.from({ length: 1000 }, (_, u) => {
      const at = new Date(now - u * 1000).toISOString()
      return {
        id: `u-${u}`,
        email: `user${u}@bench.dev`,
        name: `User ${u}`,
        passwordHash: 'x',
        role: 'user' as const,
        createdAt: at,
        updatedAt: at,
      }
    })
    await inChunks(userRows, (chunk) => tx.insert(users).values(chunk))
    const companyRows = Array.from({ length: COMPANIES }, (_, i) => {
      const owner = i < OWNED ? ownerId : `u-${i % 1000}`
      const at = new Date(now - i * 60_000).toISOString()
      const status = STATUSES[i % STATUSES.length]!
      return {
        id: `c-${i}`,
        slug: `bench-${i}`,
        name: `Bench company ${String(i).padStart(5, '0')}`,
        ownerUserId: owner,
        status,
        health: status === 'running' ? ('healthy' as const) : ('unknown' as const),
        channel: CHANNELS[i % 3]!,
        installedVersion: status === 'draft' ? null : '1.4.2',
        draftVersion: 1,
        draftConfig: '{"agents":[],"providers":[],"settings":{}}',
        draftUpdatedAt: at,
        createdAt: at,
        updatedAt: at,
      }
    })
    await inChunks(companyRows, (chunk) => tx.insert(companies).values(chunk))
    await inChunks(companyRows, (chunk) =>
      tx
        .insert(memberships)
        .values(chunk.map((c) => ({ companyId: c.id, userId: c.ownerUserId, role: 'owner' as const, createdAt: c.createdAt }))),
    )
  })
  const ACTIONS = ['company.provision', 'company.stop', 'company.pause', 'auth.login', 'company.restart']
  await db.write(async (tx) => {
    for (let start = 0; start < AUDIT_ROWS; start += 500) {
      const chunk = Array.from({ length: Math.min(500, AUDIT_ROWS - start) }, (_, k) => {
        const i = start + k
        return {
          id: `a-${i}`,
          at: new Date(now - (AUDIT_ROWS - i) * 1000).toISOString(),
          actorType: 'user' as const,
          actorId: `u-${i % 1000}`,
          actorLabel: `user${i % 1000}@bench.dev`,
          action: ACTIONS[i % 5]!,
          targetType: 'company',
          targetId: `c-${i % COMPANIES}`,
          outcome: i % 17 === 0 ? ('failed' as const) : ('succeeded' as const),
          summary: 'bench event',
          details: '{}',
          requestId: null,
        }
      })
      await tx.insert(auditEvents).values(chunk)
    }
    await tx.update(users).set({ role: 'platform_owner' }).where(eq(users.id, ownerId))
  })
  console.log(
    `seeded ${COMPANIES} exocorps and ${AUDIT_ROWS} audit events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  )

  const targets = [
    '/api/dashboard/summary',
    '/api/registry/my-companies',
    '/api/registry/my-companies?sort=createdAt&order=desc&limit=50',
    '/api/registry/my-companies?status=running&sort=status&limit=50',
    '/api/registry/my-companies?health=healthy&channel=canary&limit=50',
    '/api/registry/my-companies?q=company%2000&sort=updatedAt&limit=50',
    '/api/admin/companies?limit=50',
    '/api/admin/companies?sort=name&order=asc&limit=50',
    '/api/admin/companies?status=failed&sort=createdAt&limit=50',
    '/api/admin/companies?channel=canary&sort=status&order=asc&limit=50',
    '/api/admin/companies?q=company%2009&limit=50',
    '/api/admin/runtime-stats',
    '/api/admin/audit-events?limit=50',
    '/api/admin/audit-events?outcome=failed&limit=50',
    '/api/admin/audit-events?action=company.stop&limit=50',
    '/api/admin/audit-events?targetType=company&targetId=c-42&limit=50',
    '/api/registry/audit-events?limit=50',
  ]
  console.log('endpoint'.padEnd(72), 'status  p50 ms  p95 ms')
  let worst = 0
  for (const target of targets) {
    const times: number[] = []
    let status = 0
    let url = `${base}${target}`
    for (let i = 0; i < SAMPLES; i++) {
      const t = performance.now()
      const res = await fetch(url, { headers: { cookie } })
      const body = (await res.json()) as { nextCursor?: string | null }
      times.push(performance.now() - t)
      status = res.status
      // Walk forward through pages where there is a cursor, so later pages are measured too.
      if (body.nextCursor && i % 3 === 0)
        url = `${base}${target}${target.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(body.nextCursor)}`
    }
    times.sort((a, b) => a - b)
    const p50 = times[Math.floor(SAMPLES * 0.5)]!
    const p95 = times[Math.floor(SAMPLES * 0.95)]!
    worst = Math.max(worst, p95)
    console.log(target.padEnd(72), String(status).padEnd(7), p50.toFixed(1).padStart(6), p95.toFixed(1).padStart(7))
    report(`p95 ${target}`, p95, 'ms (≤ 20)')
  }
  console.log(`worst p95 ${worst.toFixed(1)} ms (target ≤ 20 ms)`)

  // Bulk preview of 500 of the owner's exocorps: the engine's policy for each, nothing written.
  const bulkIds = Array.from({ length: Math.min(500, OWNED) }, (_, i) => `c-${i}`)
  const bulkTimes: number[] = []
  let bulkStatus = 0
  let verdicts = ''
  for (let i = 0; i < BULK_SAMPLES; i++) {
    const t = performance.now()
    const res = await fetch(`${base}/api/registry/bulk-actions`, {
      method: 'POST',
      headers: { cookie, origin: base, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'pause', companyIds: bulkIds, dryRun: true }),
    })
    const body = (await res.json()) as { items?: { outcome: string }[] }
    bulkTimes.push(performance.now() - t)
    bulkStatus = res.status
    const counts = new Map<string, number>()
    for (const item of body.items ?? []) counts.set(item.outcome, (counts.get(item.outcome) ?? 0) + 1)
    verdicts = [...counts].map(([k, n]) => `${n} ${k}`).join(', ')
  }
  bulkTimes.sort((a, b) => a - b)
  const bulkP50 = bulkTimes[Math.floor(BULK_SAMPLES * 0.5)]!
  const bulkP95 = bulkTimes[Math.floor(BULK_SAMPLES * 0.95)]!
  console.log(
    `bulk preview (pause, dryRun) of ${bulkIds.length} exocorps: status ${bulkStatus}, p50 ${bulkP50.toFixed(1)} ms, p95 ${bulkP95.toFixed(1)} ms (target ≤ 200 ms) — ${verdicts}`,
  )
  report(`p95 bulk preview of ${bulkIds.length}`, bulkP95, 'ms (≤ 200)')
  server.close()
  await db.close()
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

void main()
