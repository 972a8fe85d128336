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
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  // FULL for every write: ledger and audit rows must survive a power cut, and the cost is small here.
  sqlite.pragma('synchronous = FULL')
  migrate(sqlite)
  return drizzle(sqlite, { schema })
}

/** Runs `fn` in a `BEGIN IMMEDIATE` transaction so concurrent writers queue instead of failing late. */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate()
}
