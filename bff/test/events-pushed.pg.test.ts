import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { pino } from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import { openDb, type Db } from '../src/db/client'
import { execute } from '../src/db/portable'
import { createEventHub, parsePushedEvent, type Subscriber } from '../src/services/events/hub'

// Decision 039: on PostgreSQL the NOTIFY carries the event (pg/0022), so an instance delivers it
// without reading the row back; an event too large for a NOTIFY still arrives, read from the table,
// and both paths send exactly the bytes a replay (always read from the table) sends.

if (!process.env.DATABASE_URL) throw new Error('runs in the bff-pg project (DATABASE_URL is set there)')

const opened: Db[] = []
afterAll(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()))
})

describe('events pushed in the NOTIFY', () => {
  it('delivers a small event from the notification alone, a large one from the table, both as replay sends them', async () => {
    const statements: string[] = []
    const db = await openDb({
      url: process.env.DATABASE_URL!,
      pgSchema: `push_${randomBytes(4).toString('hex')}`,
      poolSize: 4,
      onQuery: (q) => statements.push(q),
    })
    opened.push(db)
    const hub = createEventHub({ db, log: pino({ level: 'silent' }) }, { pollMs: 60_000 })
    await hub.start()
    const got: Array<{ id: number; message: string }> = []
    // The account the billing events below are about (user scope: only its own sockets get them).
    const owner: Subscriber = { viewer: { userId: 'u-1', role: 'user' }, deliver: (id, message) => got.push({ id, message }) }
    hub.subscribe(owner)
    const until = async (n: number) => {
      for (let i = 0; i < 200 && got.length < n; i++) await new Promise((r) => setTimeout(r, 25))
      expect(got).toHaveLength(n)
    }

    statements.length = 0
    await execute(
      db,
      sql`SELECT exocorp_event('billing.state', NULL, 'u-1', 'user', '{"state":"grace","previousState":"current"}'::jsonb)`,
    )
    await until(1)
    // Only our own statement ran: the hub took the event from the notification, not from a SELECT.
    expect(statements.filter((q) => /platform_events/.test(q))).toEqual([])

    const big = 'x'.repeat(9_000)
    await execute(
      db,
      sql`SELECT exocorp_event('billing.state', NULL, 'u-1', 'user', ${JSON.stringify({ state: 'grace', previousState: 'current', note: big })}::jsonb)`,
    )
    await until(2)
    expect(statements.some((q) => /from "platform_events"/i.test(q))).toBe(true)

    const replay = await hub.replay(0, got[1]!.id, { userId: 'u-1', role: 'user' })
    expect(replay).toEqual({ kind: 'events', events: got })
    expect(JSON.parse(got[0]!.message)).toMatchObject({
      type: 'billing.state',
      data: { state: 'grace', previousState: 'current' },
    })
    await hub.stop()
  })

  it('takes an event from a payload only when it is whole and of its own schema', () => {
    const meta = '{"at": "2026-11-29T12:00:00.000Z", "type": "log.line", "scope": "owners", "userId": null, "companyId": "c1"}'
    expect(parsePushedEvent(`s1 7 ${meta}\n{"a": 1}`, 's1')).toEqual({
      id: 7,
      at: '2026-11-29T12:00:00.000Z',
      type: 'log.line',
      companyId: 'c1',
      userId: null,
      scope: 'owners',
      data: '{"a": 1}',
    })
    expect(parsePushedEvent(`s2 7 ${meta}\n{}`, 's1')).toBeNull()
    expect(parsePushedEvent('s1 7', 's1')).toBeNull()
    expect(parsePushedEvent(`s1 x ${meta}\n{}`, 's1')).toBeNull()
    expect(parsePushedEvent(`s1 7 {"at": 1}\n{}`, 's1')).toBeNull()
    expect(parsePushedEvent(`s1 7 ${meta.replace('owners', 'everyone')}\n{}`, 's1')).toBeNull()
    expect(parsePushedEvent(`s1 7 ${meta}\n{}`, null)).toBeNull()
  })
})
