/**
 * QUALITY.md: with 10,000 exocorps and 1,000,000 audit events, the dashboard summary, list pages
 * (any sort or filter) and an audit page each answer in ≤ 20 ms at p95. Seeds a temp database
 * directly (one transaction each), starts the real server and times real HTTP requests.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { pino } from 'pino'
import { createApp } from '../src/app'
import { openDb } from '../src/db/client'
import { loadEnv } from '../src/env'
import { systemClock } from '../src/lib/clock'

const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 10_000)
const AUDIT_ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000)
const SAMPLES = 60
const STATUSES = ['draft', 'running', 'stopped', 'failed', 'paused'] as const
const CHANNELS = ['stable', 'beta', 'canary'] as const

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-bench-'))
  const env = loadEnv({ EXOCORP_DATA_DIR: dir, LOG_LEVEL: 'silent' })
  const db = openDb(path.join(dir, 'bench.db'))
  const app = createApp({ env, db, clock: systemClock, log: pino({ level: 'silent' }) })
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

  const sqlite = db.$client
  const seedStart = performance.now()
  const now = Date.now()
  const users = sqlite.prepare(
    `INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, 'x', 'user', ?, ?)`,
  )
  const companies =
    sqlite.prepare(`INSERT INTO companies (id, slug, name, owner_user_id, status, health, channel, installed_version, draft_updated_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const members = sqlite.prepare(`INSERT INTO memberships (company_id, user_id, role, created_at) VALUES (?, ?, 'owner', ?)`)
  sqlite.transaction(() => {
    for (let u = 0; u < 1000; u++) {
      const at = new Date(now - u * 1000).toISOString()
      users.run(`u-${u}`, `user${u}@bench.dev`, `User ${u}`, at, at)
    }
    for (let i = 0; i < COMPANIES; i++) {
      const owner = i < 50 ? ownerId : `u-${i % 1000}`
      const at = new Date(now - i * 60_000).toISOString()
      const status = STATUSES[i % STATUSES.length]!
      companies.run(
        `c-${i}`,
        `bench-${i}`,
        `Bench company ${String(i).padStart(5, '0')}`,
        owner,
        status,
        status === 'running' ? 'healthy' : 'unknown',
        CHANNELS[i % 3]!,
        status === 'draft' ? null : '1.4.2',
        at,
        at,
        at,
      )
      members.run(`c-${i}`, owner, at)
    }
  })()
  const audit =
    sqlite.prepare(`INSERT INTO audit_events (id, at, actor_type, actor_id, actor_label, action, target_type, target_id, outcome, summary, details, request_id)
    VALUES (?, ?, 'user', ?, ?, ?, 'company', ?, ?, ?, '{}', NULL)`)
  const ACTIONS = ['company.provision', 'company.stop', 'company.pause', 'auth.login', 'company.restart']
  sqlite.transaction(() => {
    for (let i = 0; i < AUDIT_ROWS; i++) {
      const at = new Date(now - (AUDIT_ROWS - i) * 1000).toISOString()
      audit.run(
        `a-${i}`,
        at,
        `u-${i % 1000}`,
        `user${i % 1000}@bench.dev`,
        ACTIONS[i % 5]!,
        `c-${i % COMPANIES}`,
        i % 17 === 0 ? 'failed' : 'succeeded',
        'bench event',
      )
    }
  })()
  sqlite.prepare(`UPDATE users SET role = 'platform_owner' WHERE id = ?`).run(ownerId)
  console.log(
    `seeded ${COMPANIES} exocorps and ${AUDIT_ROWS} audit events in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  )

  const targets = [
    '/api/dashboard/summary',
    '/api/registry/my-companies',
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
      if (body.nextCursor && i % 3 === 0) url = `${base}${target}&cursor=${encodeURIComponent(body.nextCursor)}`
    }
    times.sort((a, b) => a - b)
    const p50 = times[Math.floor(SAMPLES * 0.5)]!
    const p95 = times[Math.floor(SAMPLES * 0.95)]!
    worst = Math.max(worst, p95)
    console.log(target.padEnd(72), String(status).padEnd(7), p50.toFixed(1).padStart(6), p95.toFixed(1).padStart(7))
  }
  console.log(`worst p95 ${worst.toFixed(1)} ms (target ≤ 20 ms)`)
  server.close()
  db.$client.close()
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

void main()
