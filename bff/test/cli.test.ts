import { randomBytes } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openConfiguredDb } from '../src/db/client'
import { auditEvents } from '../src/db/schema/audit'
import { loadEnv } from '../src/env'
import { systemClock } from '../src/lib/clock'
import { createUser, findUserByEmail } from '../src/services/accounts/users'

const bffDir = path.resolve(import.meta.dirname, '..')
const dirs: string[] = []

/**
 * The environment of one CLI installation: its own data dir, and on the PostgreSQL run its own
 * schema in the run's database (with the secrets every instance on PostgreSQL must be given).
 */
function installation(): NodeJS.ProcessEnv {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-cli-'))
  dirs.push(dataDir)
  const postgres = process.env.DATABASE_URL
    ? {
        EXOCORP_PG_SCHEMA: `cli_${randomBytes(6).toString('hex')}`,
        EXOCORP_SECRET_KEY: randomBytes(32).toString('base64'),
        EXOCORP_PAYMENT_WEBHOOK_SECRET: randomBytes(24).toString('base64'),
      }
    : {}
  return { ...process.env, EXOCORP_DATA_DIR: dataDir, ...postgres }
}

function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: bffDir, env, encoding: 'utf8' })
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('pnpm exocorp grant-role / revoke-role', () => {
  it('grants and revokes a platform role on an existing account, audited', async () => {
    const env = installation()
    const db = await openConfiguredDb(loadEnv(env))
    await createUser({ db, clock: systemClock }, { email: 'first@example.com', name: 'First', password: 'first password' })
    await createUser({ db, clock: systemClock }, { email: 'second@example.com', name: 'Second', password: 'second password' })
    await db.close()

    const grant = cli(env, 'grant-role', 'Second@Example.com', 'admin')
    expect(grant.status).toBe(0)
    expect(grant.stdout).toContain('second@example.com: user → admin')

    const revoke = cli(env, 'revoke-role', 'second@example.com')
    expect(revoke.status).toBe(0)

    const check = await openConfiguredDb(loadEnv(env))
    expect((await findUserByEmail({ db: check }, 'second@example.com'))?.role).toBe('user')
    const rows = await check.select().from(auditEvents).orderBy(auditEvents.seq)
    expect(rows.map((r) => r.action)).toEqual(['user.role_granted', 'user.role_revoked'])
    await check.close()
  })

  it('explains its usage and refuses unknown accounts', () => {
    const env = installation()
    const usage = cli(env, 'grant-role', 'someone@example.com', 'emperor')
    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain('Usage:')
    const unknown = cli(env, 'grant-role', 'nobody@example.com', 'admin')
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('No account with email nobody@example.com')
  })
})
