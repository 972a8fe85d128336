import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import * as schema from './schema/index'
import { migrate } from './migrate'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

/**
 * Opens (or creates) the SQLite database with the pragmas QUALITY.md asks for and applies
 * pending migrations. `:memory:` gives each test its own fresh database.
 */
export function openDb(file: string): Db {
  let sqlite: Database.Database | undefined
  try {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
    sqlite = new Database(file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('foreign_keys = ON')
    // FULL for every write: ledger and audit rows must survive a power cut, and the cost is small here.
    sqlite.pragma('synchronous = FULL')
    migrate(sqlite)
  } catch (err) {
    sqlite?.close()
    throw new Error(cannotOpenMessage(file, err), { cause: err })
  }
  return drizzle(sqlite, { schema })
}

/**
 * What an operator reads when the database cannot be opened: the path and what to do. SQLite alone
 * says "disk I/O error" or "unable to open database file" and names nothing.
 */
export function cannotOpenMessage(file: string, err: unknown): string {
  const code = String((err as { code?: unknown } | null)?.code ?? '')
  const cause = err instanceof Error ? err.message : String(err)
  const dir = path.dirname(file)
  const elsewhere = 'or set EXOCORP_DATA_DIR to another directory'
  let advice: string
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    advice = `The disk holding ${dir} is full: free some space on it and start again, ${elsewhere} on a disk with space.`
  } else if (code === 'ENOTDIR' || code === 'EEXIST') {
    advice = `Something that is not a directory is in the way of ${dir}: move it aside, ${elsewhere}.`
  } else if (['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_CANTOPEN'].includes(code)) {
    advice = `${dir} must be a directory this user can write to: fix its permissions (or the mount), ${elsewhere}.`
  } else if (code.startsWith('SQLITE_IOERR')) {
    advice = `The disk holding ${dir} reported an I/O error, which usually means it is full or failing: check its free space and health, ${elsewhere}.`
  } else {
    advice = `Check that ${dir} is a writable directory on a disk with free space, ${elsewhere}.`
  }
  return `Cannot open the database at ${file} (${cause}). ${advice}`
}

/** Runs `fn` in a `BEGIN IMMEDIATE` transaction so concurrent writers queue instead of failing late. */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate()
}
