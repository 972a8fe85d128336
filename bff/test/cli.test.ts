import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDb } from '../src/db/client'
import { auditEvents } from '../src/db/schema/audit'
import { systemClock } from '../src/lib/clock'
import { createUser, findUserByEmail } from '../src/services/accounts/users'

const bffDir = path.resolve(import.meta.dirname, '..')
const dirs: string[] = []

function cli(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: bffDir,
    env: { ...process.env, EXOCORP_DATA_DIR: dataDir },
    encoding: 'utf8',
  })
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('pnpm exocorp grant-role / revoke-role', () => {
  it('grants and revokes a platform role on an existing account, audited', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-cli-'))
    dirs.push(dataDir)
    const db = openDb(path.join(dataDir, 'exocorp.db'))
    await createUser({ db, clock: systemClock }, { email: 'first@example.com', name: 'First', password: 'first password' })
    await createUser({ db, clock: systemClock }, { email: 'second@example.com', name: 'Second', password: 'second password' })
    db.$client.close()

    const grant = cli(dataDir, 'grant-role', 'Second@Example.com', 'admin')
    expect(grant.status).toBe(0)
    expect(grant.stdout).toContain('second@example.com: user → admin')

    const revoke = cli(dataDir, 'revoke-role', 'second@example.com')
    expect(revoke.status).toBe(0)

    const check = openDb(path.join(dataDir, 'exocorp.db'))
    expect(findUserByEmail({ db: check }, 'second@example.com')?.role).toBe('user')
    const rows = check.select().from(auditEvents).all()
    expect(rows.map((r) => r.action)).toEqual(['user.role_granted', 'user.role_revoked'])
    check.$client.close()
  })

  it('explains its usage and refuses unknown accounts', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-cli-'))
    dirs.push(dataDir)
    const usage = cli(dataDir, 'grant-role', 'someone@example.com', 'emperor')
    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain('Usage:')
    const unknown = cli(dataDir, 'grant-role', 'nobody@example.com', 'admin')
    expect(unknown.status).toBe(1)
    expect(unknown.stderr).toContain('No account with email nobody@example.com')
  })
})
