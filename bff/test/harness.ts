import { randomBytes } from 'node:crypto'
import { pino } from 'pino'
import { afterAll } from 'vitest'
import { createApp, type AppOptions } from '../src/app'
import { openDb, type Db } from '../src/db/client'
import { auditEvents, auditRefusals } from '../src/db/schema/audit'
import { createDeps } from '../src/create-deps'
import type { BillingEffects } from '../src/services/billing/effects'
import type { LifecycleSettings } from '../src/services/lifecycle/context'
import { loadEnv } from '../src/env'
import { ManualClock } from '../src/lib/clock'

export const ORIGIN = 'http://localhost'

const opened: Db[] = []
afterAll(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()))
})

/**
 * A fresh database of the dialect this run tests (a private SQLite file, or a PostgreSQL schema of
 * its own in the run's database, test/setup/postgres.ts), closed when the test file ends.
 */
export async function openTestDb(): Promise<Db> {
  const url = process.env.DATABASE_URL
  const db = url
    ? await openDb({ url, pgSchema: `h_${randomBytes(6).toString('hex')}`, poolSize: 4 })
    : await openDb({ file: ':memory:' })
  opened.push(db)
  return db
}

export interface HarnessServices {
  /** A runtime driver (and lease settings): the engine can act; without one it refuses to. */
  lifecycle?: LifecycleSettings
  billingEffects?: BillingEffects
}

/** A fresh database, a hand-moved clock and the whole app, per test; built like main.ts builds it. */
export async function makeHarness(
  envOverrides: Record<string, string> = {},
  options: AppOptions = {},
  services: HarnessServices = {},
) {
  const clock = new ManualClock('2026-06-01T12:00:00.000Z')
  const env = loadEnv({ EXOCORP_DATA_DIR: '/tmp/exocorp-test-unused', LOG_LEVEL: 'silent', NODE_ENV: 'test', ...envOverrides })
  const logLines: string[] = []
  const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) })
  const db = await openTestDb()
  const deps = createDeps({ env, db, clock, log }, services)
  const app = createApp(deps, options)
  return { app, deps, db, clock, logLines, client: new TestClient(app) }
}

export type Harness = Awaited<ReturnType<typeof makeHarness>>

/** Keeps a cookie jar like a browser does, and sends JSON with our own Origin. */
export class TestClient {
  cookie: string | null = null
  constructor(private app: { request: (input: string, init?: RequestInit) => Response | Promise<Response> }) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const init: RequestInit = { method, headers: { origin: ORIGIN, ...headers } }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
    }
    if (this.cookie) (init.headers as Record<string, string>).cookie = this.cookie
    const res = await this.app.request(`${ORIGIN}${path}`, init)
    const setCookie = res.headers.get('set-cookie')
    if (setCookie) {
      const [pair] = setCookie.split(';')
      this.cookie = pair && !/=\s*$/.test(pair) ? pair : null
    }
    const text = await res.text()
    let json: unknown = undefined
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    return { status: res.status, headers: res.headers, text, json: json as any }
  }
  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers)
  }
  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body ?? {}, headers)
  }
}

export async function signUp(client: TestClient, email = 'first@example.com', password = 'correct horse battery') {
  const res = await client.post('/api/auth/signup', { email, name: email.split('@')[0], password })
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${res.text}`)
  return res.json as { me: { user: { id: string; role: string } }; recoveryCodes: string[] }
}

/**
 * Audit rows as attempts: a refusal counted N times on one row (decision 015) appears N times, so
 * tests can count attempts whether they were written out or aggregated.
 */
export async function auditAttempts(db: Db) {
  const counts = new Map((await db.select().from(auditRefusals)).map((r) => [r.auditEventId, r.count]))
  return (await db.select().from(auditEvents).orderBy(auditEvents.seq)).flatMap((row) =>
    Array.from({ length: counts.get(row.id) ?? 1 }, () => row),
  )
}

/** How many audit records carry this request id: its own row, or the refusal row it was counted on. */
export async function auditRecordsFor(db: Db, requestId: string | null) {
  if (!requestId) return 0
  const rows = (await db.select().from(auditEvents)).filter((r) => r.requestId === requestId).length
  const counted = (await db.select().from(auditRefusals)).filter((r) => r.lastRequestId === requestId && r.count > 1).length
  return rows + counted
}
