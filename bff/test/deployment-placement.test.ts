import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { moveRefusal, placeExocorp, type PlacementCandidate } from '@exocorp/shared/deployments'
import { migrate, migratePostgres } from '../src/db/migrate'

// The placement rule (decision 054) as a pure function, and the migration that places every
// existing exocorp on the seeded default target, on both databases.

const t = (over: Partial<PlacementCandidate> & { id: string }): PlacementCandidate => ({
  name: over.id,
  driver: 'local',
  state: 'active',
  isolationMode: 'shared',
  health: 'healthy',
  healthReason: null,
  capacity: 10,
  placed: 0,
  ...over,
})

describe('placeExocorp: where a new exocorp goes', () => {
  it('takes the least loaded healthy shared target by fraction of capacity', () => {
    // a: 5/10 = 0.5, b: 3/4 = 0.75, c: 40/100 = 0.4 → c, though it holds the most.
    expect(
      placeExocorp([
        t({ id: 'a', placed: 5 }),
        t({ id: 'b', placed: 3, capacity: 4 }),
        t({ id: 'c', placed: 40, capacity: 100 }),
      ]),
    ).toEqual({
      ok: true,
      targetId: 'c',
    })
  })

  it('breaks ties by fewer exocorps, then by name, then by id, whatever the input order', () => {
    // Same fraction (0.5): the one with fewer exocorps.
    expect(placeExocorp([t({ id: 'a', placed: 5 }), t({ id: 'b', placed: 1, capacity: 2 })])).toEqual({ ok: true, targetId: 'b' })
    const same = [t({ id: 'z1', name: 'zulu' }), t({ id: 'a1', name: 'alpha' }), t({ id: 'm1', name: 'mike' })]
    expect(placeExocorp(same)).toEqual({ ok: true, targetId: 'a1' })
    expect(placeExocorp([...same].reverse())).toEqual({ ok: true, targetId: 'a1' })
    expect(placeExocorp([t({ id: 'b', name: 'x' }), t({ id: 'a', name: 'x' })])).toEqual({ ok: true, targetId: 'a' })
  })

  it('passes over unhealthy, unprobed, draining, dedicated, full and unavailable-driver targets', () => {
    const others = [
      t({ id: 'sick', health: 'unhealthy', healthReason: 'data dir: ENOTDIR' }),
      t({ id: 'new', health: 'unknown' }),
      t({ id: 'drain', state: 'draining' }),
      t({ id: 'ded', isolationMode: 'dedicated' }),
      t({ id: 'full', placed: 3, capacity: 3 }),
      t({ id: 'k8s', driver: 'kubernetes' }),
    ]
    expect(placeExocorp([...others, t({ id: 'ok', placed: 9 })])).toEqual({ ok: true, targetId: 'ok' })
  })

  it('blocks provisioning with a reason that names every target and why', () => {
    const blocked = placeExocorp([
      t({ id: 'sick', health: 'unhealthy', healthReason: 'data dir: ENOTDIR' }),
      t({ id: 'full', placed: 3, capacity: 3 }),
      t({ id: 'drain', state: 'draining' }),
    ])
    expect(blocked).toEqual({
      ok: false,
      reason:
        'No deployment target can take a new exocorp: sick is unhealthy (data dir: ENOTDIR); full is full (3 of 3); drain is draining',
    })
    expect(placeExocorp([])).toEqual({ ok: false, reason: 'No deployment target is registered; add one under Deployments' })
    // A target of capacity 0 takes nothing.
    expect(placeExocorp([t({ id: 'zero', capacity: 0 })]).ok).toBe(false)
  })

  it('moves: a dedicated target takes one exocorp when empty; the same target, draining or unhealthy ones refuse', () => {
    expect(moveRefusal(t({ id: 'ded', isolationMode: 'dedicated' }), 'local')).toBeNull()
    expect(moveRefusal(t({ id: 'ded', isolationMode: 'dedicated', placed: 1 }), 'local')).toBe(
      'ded is dedicated and already holds an exocorp',
    )
    expect(moveRefusal(t({ id: 'local' }), 'local')).toBe('The exocorp already runs on local')
    expect(moveRefusal(t({ id: 'd', state: 'draining' }), 'local')).toBe('d is draining; it takes no new exocorps')
    expect(moveRefusal(t({ id: 's', health: 'unhealthy', healthReason: 'free disk: low' }), 'local')).toBe(
      's is unhealthy (free disk: low)',
    )
    expect(moveRefusal(t({ id: 'f', placed: 2, capacity: 2 }), 'local')).toBe('f is full (2 of 2)')
  })
})

const MIGRATIONS = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/db/migrations')
const migrationFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
/** A copy of the migrations before the deployment-targets one, and its name. */
function before(dir: string) {
  const files = migrationFiles(dir)
  const at = files.findIndex((f) => f.endsWith('_deployment_targets.sql'))
  expect(at).toBeGreaterThan(0)
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-mig-'))
  for (const f of files.slice(0, at)) fs.copyFileSync(path.join(dir, f), path.join(copy, f))
  return { copy, name: files[at]! }
}

const NOW = '2026-11-01T00:00:00.000Z'
const USER = `INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ('u1', 'o@x.dev', 'O', 'h', '${NOW}', '${NOW}')`
const company = (id: string, status: string) =>
  `INSERT INTO companies (id, slug, name, owner_user_id, status, health, channel, draft_version, draft_config, draft_updated_at, created_at, updated_at)
   VALUES ('${id}', '${id}', '${id}', 'u1', '${status}', 'unknown', 'stable', 1, '{}', '${NOW}', '${NOW}', '${NOW}')`

describe('the deployment-targets migration', () => {
  it('seeds the default local target and places every existing exocorp on it', async () => {
    if (process.env.DATABASE_URL) {
      const { copy, name } = before(path.join(MIGRATIONS, 'pg'))
      const schema = `mig_${Date.now().toString(36)}`
      const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2, options: `-c search_path=${schema}` })
      try {
        await pool.query(`CREATE SCHEMA ${schema}`)
        await migratePostgres(pool, copy)
        await pool.query(USER)
        await pool.query(company('running-co', 'running'))
        await pool.query(company('draft-co', 'draft'))
        expect(await migratePostgres(pool)).toEqual([
          name,
          ...migrationFiles(path.join(MIGRATIONS, 'pg')).filter((f) => f > name),
        ])
        const { rows } = await pool.query('SELECT id, deployment_target_id FROM companies ORDER BY id')
        expect(rows).toEqual([
          { id: 'draft-co', deployment_target_id: 'local' },
          { id: 'running-co', deployment_target_id: 'local' },
        ])
        const targets = await pool.query('SELECT id, driver, state, health, isolation_mode FROM deployment_targets')
        expect(targets.rows).toEqual([
          { id: 'local', driver: 'local', state: 'active', health: 'unknown', isolation_mode: 'shared' },
        ])
      } finally {
        await pool.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {})
        await pool.end()
      }
      return
    }
    const { copy } = before(MIGRATIONS)
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    migrate(db, copy)
    db.prepare(USER).run()
    db.prepare(company('running-co', 'running')).run()
    db.prepare(company('draft-co', 'draft')).run()
    migrate(db)
    expect(db.prepare('SELECT id, deployment_target_id FROM companies ORDER BY id').all()).toEqual([
      { id: 'draft-co', deployment_target_id: 'local' },
      { id: 'running-co', deployment_target_id: 'local' },
    ])
    expect(db.prepare('SELECT id, driver, state, health, isolation_mode FROM deployment_targets').all()).toEqual([
      { id: 'local', driver: 'local', state: 'active', health: 'unknown', isolation_mode: 'shared' },
    ])
    // A company cannot name a target that does not exist.
    expect(() => db.prepare(`UPDATE companies SET deployment_target_id = 'nowhere' WHERE id = 'draft-co'`).run()).toThrow(
      /FOREIGN KEY/,
    )
  })
})
