import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bffProcess, type BffProcess } from './bff-process'
import { isHello, openStream } from './events-fixtures'

// Issue 15, decision 030: two compiled BFF processes on one PostgreSQL schema. A change made
// through instance A reaches a browser whose socket is on instance B (NOTIFY fan-out), and B's
// socket resumes on A with lastEventId (one id sequence for the whole fleet).

if (!process.env.DATABASE_URL) throw new Error('multi-instance tests run in the bff-pg project (DATABASE_URL is set there)')

const schema = `ev_${process.pid}_${Date.now().toString(36)}`
const dirs = { a: mkdtempSync(path.join(os.tmpdir(), 'exocorp-ev-a-')), b: mkdtempSync(path.join(os.tmpdir(), 'exocorp-ev-b-')) }
let a: BffProcess
let b: BffProcess

beforeAll(async () => {
  a = await bffProcess(dirs.a, { EXOCORP_PG_SCHEMA: schema, EXOCORP_INSTANCE_ID: 'a' })
  b = await bffProcess(dirs.b, { EXOCORP_PG_SCHEMA: schema, EXOCORP_INSTANCE_ID: 'b' })
  await a.start()
  await b.start()
}, 60_000)

afterAll(async () => {
  await a?.stop('SIGTERM')
  await b?.stop('SIGTERM')
  for (const d of Object.values(dirs)) rmSync(d, { recursive: true, force: true })
})

/** JSON over real HTTP as a browser of that instance sends it, with a cookie of its own. */
async function call(bff: BffProcess, cookie: string, method: string, p: string, body?: unknown) {
  const origin = `http://127.0.0.1:${bff.port}`
  const res = await fetch(`${origin}${p}`, {
    method,
    headers: { origin, cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return {
    status: res.status,
    cookie: res.headers.get('set-cookie')?.split(';')[0] ?? cookie,
    json: text ? JSON.parse(text) : undefined,
  }
}

async function signUp(bff: BffProcess, email: string) {
  const res = await call(bff, '', 'POST', '/api/auth/signup', {
    email,
    name: email.split('@')[0],
    password: 'correct horse battery',
  })
  expect(res.status).toBe(201)
  return res.cookie
}

describe('the event stream across two instances on PostgreSQL', () => {
  it('delivers an event raised on A to a socket on B, only to those allowed to see it, and resumes on A', async () => {
    // The first account is the platform owner (it would see everything): take it first.
    await signUp(a, 'root@example.com')
    const owner = await signUp(a, 'owner@example.com')
    const stranger = await signUp(b, 'stranger@example.com')
    const origin = (bff: BffProcess) => ({ origin: `http://localhost:${bff.port}` })

    const onB = await openStream(b.port, { cookie: owner }, origin(b))
    const hello = await onB.waitFor(isHello)
    const strangerOnB = await openStream(b.port, { cookie: stranger }, origin(b))
    await strangerOnB.waitFor(isHello)

    // Fan-out latency is a benchmark figure (pnpm bench); the deadline only bounds the wait.
    const created = await call(a, owner, 'POST', '/api/registry/companies', { name: 'Fan out', slug: 'fan-out' })
    expect(created.status).toBe(201)
    const event = await onB.waitFor((m) => m.type === 'company.created' && m.companyId === created.json.id, 10_000)
    expect(event).toMatchObject({ type: 'company.created', data: { status: 'draft', health: 'unknown' } })
    // And the audit row of that creation, for its owner.
    await onB.waitFor((m) => m.type === 'audit.created' && m.companyId === created.json.id, 3_000)
    await new Promise((r) => setTimeout(r, 300))
    expect(strangerOnB.events()).toEqual([])

    // Resume on the other instance from B's first cursor: the same events, in the same order.
    onB.close()
    await onB.closed
    const onA = await openStream(
      a.port,
      { cookie: owner },
      { ...origin(a), lastEventId: hello.type === 'hello' ? hello.lastEventId : 0 },
    )
    await onA.waitFor(isHello)
    expect(onA.events().map((e) => e.id)).toEqual(onB.events().map((e) => e.id))
  })
})
