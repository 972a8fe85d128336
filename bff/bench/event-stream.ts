/**
 * Issue 15's push figures (decision 030): 1,000 sockets on one instance, action → delivery delay
 * p50/p95/p99 (the time from the commit of a status change to its arrival on every socket), and
 * the server's memory per idle socket. Clients run in a child process.
 */
import { fork } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { serve } from '@hono/node-server'
import { eq, sql } from 'drizzle-orm'
import { pino } from 'pino'
import { WebSocketServer } from 'ws'
import { createApp } from '../src/app'
import { createDeps } from '../src/create-deps'
import { users } from '../src/db/schema/accounts'
import { companies, memberships } from '../src/db/schema/companies'
import { platformEvents } from '../src/db/schema/events'
import { loadEnv } from '../src/env'
import { systemClock } from '../src/lib/clock'
import { createSession } from '../src/services/accounts/sessions'
import { createEventHub } from '../src/services/events/hub'
import { createEventStream } from '../src/services/events/stream'
import { openBenchDb, report } from './bench-db'

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000)
const USERS = 100
const ACTIONS = 40

const dir = mkdtempSync(path.join(os.tmpdir(), 'exocorp-bench-events-'))
const db = await openBenchDb(dir)
const env = loadEnv({ EXOCORP_DATA_DIR: dir, LOG_LEVEL: 'silent', NODE_ENV: 'production' })
const log = pino({ level: 'silent' })
const base = { env, db, clock: systemClock, log }
// BENCH_EVENTS_PUSHED=0 reads every event back from the table (decision 030) instead of taking it
// from the NOTIFY (decision 039), to measure both on PostgreSQL under the same conditions.
const hub = createEventHub(base, { usePushed: process.env.BENCH_EVENTS_PUSHED !== '0' })
await hub.start()
const events = createEventStream(base, hub, { maxPerUser: SOCKETS })
const deps = createDeps(base, { events })
const app = createApp(deps)
const server = serve({
  fetch: app.fetch,
  hostname: '127.0.0.1',
  port: 0,
  websocket: { server: new WebSocketServer({ noServer: true }) },
})
await new Promise<void>((r) => server.once('listening', () => r()))
const origin = `http://localhost:${(server.address() as AddressInfo).port}`

async function post(p: string, body: unknown, cookie = '') {
  const res = await fetch(`${origin}${p}`, {
    method: 'POST',
    headers: { origin, cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`)
  return { json: (await res.json()) as { id?: string }, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? cookie }
}
// 100 members of one exocorp (the first signup is the platform owner: taken by "root").
await post('/api/auth/signup', { email: 'root@example.com', name: 'root', password: 'correct horse battery' })
const owner = await post('/api/auth/signup', { email: 'owner@example.com', name: 'owner', password: 'correct horse battery' })
const company = await post('/api/registry/companies', { name: 'Bench', slug: 'bench' }, owner.cookie)
// The other 99 people are written straight to the database (signups are rate-limited per address).
const cookieName = owner.cookie.split('=')[0]!
const cookies = [owner.cookie]
for (let i = 1; i < USERS; i++) {
  const now = new Date().toISOString()
  const id = `bench-user-${i}`
  await db.write(async (tx) => {
    await tx.insert(users).values({
      id,
      email: `m${i}@example.com`,
      name: `m${i}`,
      passwordHash: 'x',
      role: 'user',
      disabledAt: null,
      createdAt: now,
      updatedAt: now,
    })
    await tx.insert(memberships).values({ companyId: company.json.id!, userId: id, role: 'member', createdAt: now })
  })
  const { token } = await createSession(deps, id, { userAgent: 'bench', ip: null })
  cookies.push(`${cookieName}=${token}`)
}

global.gc?.()
const before = process.memoryUsage()
const child = fork(path.join(import.meta.dirname, 'event-stream-client.ts'), [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, URL_BASE: origin, COOKIES: cookies.join('\n'), PER_COOKIE: String(SOCKETS / USERS) },
})
const messages: Array<{ kind: string; [k: string]: unknown }> = []
const waitFor = (kind: string) =>
  new Promise<{ kind: string; [k: string]: unknown }>((resolve) => {
    const check = (m: { kind: string }) => {
      if (m.kind === kind) {
        child.off('message', check)
        resolve(m as never)
      }
    }
    child.on('message', check)
  })
child.on('message', (m: { kind: string }) => void messages.push(m))
await waitFor('open')
await new Promise((r) => setTimeout(r, 500))
global.gc?.()
const after = process.memoryUsage()

const sent: Array<[number, number]> = []
let status: 'paused' | 'running' = 'running'
for (let i = 0; i < ACTIONS; i++) {
  status = status === 'running' ? 'paused' : 'running'
  // From just before the action's transaction: commit, trigger, wake-up, read, authorise, send.
  const t0 = performance.timeOrigin + performance.now()
  await db.write(async (tx) => {
    await tx.update(companies).set({ status }).where(eq(companies.id, company.json.id!))
  })
  const [row] = await db.select({ id: sql<number>`max(${platformEvents.id})` }).from(platformEvents)
  sent.push([Number(row!.id), t0])
  await new Promise((r) => setTimeout(r, 100))
}
await new Promise((r) => setTimeout(r, 1000))
child.send({ kind: 'collect', sent })
const { delays, missing } = (await waitFor('delays')) as unknown as { delays: number[]; missing: number }
child.send({ kind: 'close' })
delays.sort((a, b) => a - b)
const pct = (p: number) => delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))]!
console.log(`${SOCKETS} sockets, ${ACTIONS} status changes, ${delays.length} deliveries, ${missing} missing`)
report(`events: commit → delivery p50 (${SOCKETS} sockets)`, pct(50), 'ms')
report(`events: commit → delivery p95 (${SOCKETS} sockets)`, pct(95), 'ms')
report(`events: commit → delivery p99 (${SOCKETS} sockets)`, pct(99), 'ms')
report('events: server memory per idle socket (rss)', (after.rss - before.rss) / SOCKETS / 1024, 'KB')
report(
  'events: server memory per idle socket (heap + external)',
  (after.heapUsed + after.external - before.heapUsed - before.external) / SOCKETS / 1024,
  'KB',
)
await events.close()
await hub.stop()
server.close()
await db.close()
process.exit(missing === 0 ? 0 : 1)
