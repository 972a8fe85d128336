import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../src/db/migrate'

// Decision 040: SQLite cannot change the notifications table's CHECK in place, so the migration that
// adds the `budget` kind rebuilds the table. An existing database keeps its notices, their ids and
// read marks, and every trigger that writes notices works on the rebuilt table. (PostgreSQL swaps the
// constraint in place; its twin runs in every bff-pg test.)

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/db/migrations')

describe('the notifications rebuild for budget alerts (SQLite)', () => {
  it('keeps existing notices, ids and read marks; the sequence and every trigger carry on', () => {
    const files = fs
      .readdirSync(MIGRATIONS)
      .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
      .sort()
    const rebuild = files.findIndex((f) => f.endsWith('_budget_notifications.sql'))
    expect(rebuild).toBeGreaterThan(0)
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-mig-'))
    for (const f of files.slice(0, rebuild)) fs.copyFileSync(path.join(MIGRATIONS, f), path.join(before, f))

    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, before)
    const now = '2026-11-01T00:00:00.000Z'
    db.prepare(
      `INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ('u1', 'o@x.dev', 'O', 'h', ?, ?)`,
    ).run(now, now)
    db.prepare(
      `INSERT INTO billing_accounts (id, owner_user_id, state, state_changed_at, created_at, updated_at) VALUES ('ba1', 'u1', 'current', ?, ?, ?)`,
    ).run(now, now, now)
    db.prepare(`UPDATE billing_accounts SET state = 'grace' WHERE id = 'ba1'`).run()
    db.prepare(`UPDATE billing_accounts SET state = 'current' WHERE id = 'ba1'`).run()
    db.prepare(`DELETE FROM notifications WHERE id = (SELECT max(id) FROM notifications)`).run()
    db.prepare(`UPDATE notifications SET read_at = ? WHERE id = 1`).run(now)
    const old = db
      .prepare('SELECT id, user_id, kind, company_id, title, created_at, read_at FROM notifications ORDER BY id')
      .all()
    expect(old).toHaveLength(1)

    expect(migrate(db)).toEqual([files[rebuild], ...files.slice(rebuild + 1)])
    expect(
      db.prepare('SELECT id, user_id, kind, company_id, title, created_at, read_at FROM notifications ORDER BY id').all(),
    ).toEqual(old)
    // AUTOINCREMENT: the deleted id 2 is not handed out again; the billing trigger writes into the new table.
    db.prepare(`UPDATE billing_accounts SET state = 'grace' WHERE id = 'ba1'`).run()
    const rows = db.prepare('SELECT id, kind, title FROM notifications ORDER BY id').all()
    expect(rows).toEqual([
      { id: 1, kind: 'billing_state', title: 'Your billing account is now grace' },
      { id: 3, kind: 'billing_state', title: 'Your billing account is now grace' },
    ])
    // The new kind is allowed, an unknown one still refused, and each insert is pushed as an event.
    db.prepare(`INSERT INTO notifications (user_id, kind, title, created_at) VALUES ('u1', 'budget', 'b', ?)`).run(now)
    expect(() =>
      db.prepare(`INSERT INTO notifications (user_id, kind, title, created_at) VALUES ('u1', 'other', 'x', ?)`).run(now),
    ).toThrow(/CHECK/)
    const pushed = db
      .prepare(`SELECT json_extract(data, '$.kind') AS kind FROM platform_events WHERE type = 'notification.created' ORDER BY id`)
      .all()
    expect(pushed.map((p) => (p as { kind: string }).kind)).toEqual(['billing_state', 'billing_state', 'billing_state', 'budget'])
    expect(db.pragma('foreign_key_check')).toEqual([])
    db.close()
    fs.rmSync(before, { recursive: true })
  })
})
