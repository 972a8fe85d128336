import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadEnv } from '../src/env'
import { freePort } from './bff-process'

// What an operator sees when the PostgreSQL configuration is wrong: the process stops at start
// with what to fix, before it serves anything (README, "PostgreSQL and several instances").

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'exocorp-pgconf-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

function start(env: Record<string, string>) {
  const { DATABASE_URL: _inherited, ...parent } = process.env
  return spawnSync(process.execPath, [path.join(process.env.EXOCORP_TEST_BUILD_DIR!, 'main.mjs')], {
    env: { ...parent, EXOCORP_DATA_DIR: dataDir, EXOCORP_DEMO: '0', PORT: '0', NODE_ENV: 'production', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  })
}

describe('PostgreSQL configuration', () => {
  it('needs both shared secrets from the environment, and names them', () => {
    expect(() => loadEnv({ DATABASE_URL: 'postgres://db.internal/exocorp' })).toThrow(
      /EXOCORP_SECRET_KEY: required with DATABASE_URL[\s\S]*EXOCORP_PAYMENT_WEBHOOK_SECRET: required with DATABASE_URL/,
    )
    const started = start({
      DATABASE_URL: 'postgres://db.internal/exocorp',
      EXOCORP_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
    })
    expect(started.status).toBe(1)
    expect(started.stderr).toContain('EXOCORP_PAYMENT_WEBHOOK_SECRET: required with DATABASE_URL')
    expect(started.stderr).not.toContain('EXOCORP_SECRET_KEY: required')
  })

  it('refuses a URL that is not PostgreSQL', () => {
    expect(() => loadEnv({ DATABASE_URL: 'mysql://db.internal/exocorp' })).toThrow(/DATABASE_URL: a postgres:\/\/ URL/)
    // Empty means unset: SQLite.
    expect(loadEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined()
  })

  it('stops with the server it could not reach (password hidden) and what to check', async () => {
    const port = await freePort()
    const started = start({
      DATABASE_URL: `postgres://exocorp:hunter2-secret@127.0.0.1:${port}/exocorp`,
      EXOCORP_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
      EXOCORP_PAYMENT_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
    })
    expect(started.status).toBe(1)
    expect(started.stderr).toContain(`Cannot use the PostgreSQL database at postgres://exocorp:***@127.0.0.1:${port}/exocorp`)
    expect(started.stderr).toContain('Check that the server is running')
    expect(started.stderr + started.stdout).not.toContain('hunter2-secret')
  })
})
