import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type Database from 'better-sqlite3'

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/**
 * Applies `migrations/NNNN_name.sql` in order, each in its own transaction, recording them in
 * `schema_migrations`. See docs/decisions/004-sql-migrations.md for why not drizzle-kit's journal.
 */
export function migrate(sqlite: Database.Database, dir = MIGRATIONS_DIR): string[] {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
  const applied = new Set(
    sqlite
      .prepare('SELECT name FROM schema_migrations')
      .all()
      .map((row) => String((row as { name: unknown }).name)),
  )
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
  const ran: string[] = []
  for (const file of files) {
    if (applied.has(file)) continue
    const sql = fs.readFileSync(path.join(dir, file), 'utf8')
    sqlite
      .transaction(() => {
        sqlite.exec(sql)
        sqlite.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(file, new Date().toISOString())
      })
      .immediate()
    ran.push(file)
  }
  return ran
}

/** Any object with pg's `query` (a Pool or a PoolClient). */
interface PgQueryable {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>
}
interface PgPool extends PgQueryable {
  connect(): Promise<PgQueryable & { release(): void }>
}

/**
 * PostgreSQL's migrations (`migrations/pg/NNNN_name.sql`). Several instances may start at once:
 * the first takes a session advisory lock and migrates; the others wait on that lock, then find
 * nothing left to apply. Each file runs in its own transaction.
 */
export async function migratePostgres(pool: PgPool, dir = path.join(MIGRATIONS_DIR, 'pg')): Promise<string[]> {
  const client = await pool.connect()
  try {
    // One key per schema, so test schemas on one server migrate side by side.
    await client.query(`SELECT pg_advisory_lock(5381, hashtext(current_schema()))`)
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`)
      const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations')
      const applied = new Set(rows.map((r) => r.name))
      const files = fs
        .readdirSync(dir)
        .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
        .sort()
      const ran: string[] = []
      for (const file of files) {
        if (applied.has(file)) continue
        const sql = fs.readFileSync(path.join(dir, file), 'utf8')
        await client.query('BEGIN')
        try {
          await client.query(sql)
          await client.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [file, new Date().toISOString()])
          await client.query('COMMIT')
        } catch (err) {
          await client.query('ROLLBACK')
          throw new Error(`migration ${file} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
        }
        ran.push(file)
      }
      return ran
    } finally {
      await client.query(`SELECT pg_advisory_unlock(5381, hashtext(current_schema()))`)
    }
  } finally {
    client.release()
  }
}
