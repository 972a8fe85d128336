import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const bffDir = path.resolve(import.meta.dirname, '..')
const dirs: string[] = []

/** Starts on SQLite whichever database this run tests: the data dir only holds a database there. */
function start(dataDir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: bffDir,
    env: { ...process.env, DATABASE_URL: '', EXOCORP_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  })
}

function tmp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-start-'))
  dirs.push(dir)
  return dir
}

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

// Tests run as root, so permissions do not bite; these two fail for root as well.
describe('finding 10: an unusable data dir at start', () => {
  it('a full disk names the database path and says to free space, exit code non-zero', () => {
    const dataDir = tmp()
    // /dev/full accepts opens and refuses every write with ENOSPC: SQLite sees a full disk.
    fs.symlinkSync('/dev/full', path.join(dataDir, 'exocorp.db'))
    const run = start(dataDir)
    expect(run.status, run.stderr).not.toBe(0)
    expect(run.stderr).toContain(`Cannot open the database at ${path.join(dataDir, 'exocorp.db')}`)
    expect(run.stderr).toMatch(/is full: free some space on it and start again, or set EXOCORP_DATA_DIR/)
    expect(run.stderr).not.toMatch(/^disk I\/O error$/m)
  })

  it('a file where the data dir should be names the path and says to move it, exit code non-zero', () => {
    const parent = tmp()
    const blocker = path.join(parent, 'data')
    fs.writeFileSync(blocker, 'not a directory')
    const dataDir = path.join(blocker, 'exocorp')
    const run = start(dataDir)
    expect(run.status, run.stderr).not.toBe(0)
    expect(run.stderr).toContain(`Cannot open the database at ${path.join(dataDir, 'exocorp.db')}`)
    expect(run.stderr).toMatch(/not a directory is in the way .* move it aside, or set EXOCORP_DATA_DIR/)
  })
})
