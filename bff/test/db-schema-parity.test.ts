import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { getTableConfig as pgTableConfig, type PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as sqliteTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, migratePostgres } from '../src/db/migrate'
import * as pgSchema from '../src/db/schema/pg/index'
import * as sqliteSchema from '../src/db/schema/sqlite/index'

// Both dialects' migrations and drizzle schemas describe one database (decision 023): the same
// tables, columns, nullability, kinds of value, indexes and guard triggers. A migration added to
// one side only fails here.

const PG_URL = process.env.EXOCORP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

type Column = { table: string; column: string; notNull: boolean; kind: string }

function kindOfSqlite(type: string, table: string, column: string): string {
  // SQLite has no boolean: these INTEGER 0/1 columns are PostgreSQL booleans.
  if ((table === 'price_books' && column === 'active') || (table === 'budgets' && column === 'hard_limit')) return 'boolean'
  return { TEXT: 'text', INTEGER: 'integer', BLOB: 'bytes' }[type.toUpperCase()] ?? type
}
function kindOfPg(type: string): string {
  return { text: 'text', integer: 'integer', bigint: 'integer', bytea: 'bytes', boolean: 'boolean' }[type] ?? type
}

const sqlite = new Database(':memory:')
const schemaName = `parity_${randomBytes(4).toString('hex')}`
const pool = new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schemaName}` })

beforeAll(async () => {
  migrate(sqlite)
  await pool.query(`CREATE SCHEMA ${schemaName}`)
  await migratePostgres(pool)
})
afterAll(async () => {
  sqlite.close()
  await pool.query(`DROP SCHEMA ${schemaName} CASCADE`)
  await pool.end()
})

function sqliteColumns(): Column[] {
  const tables = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all() as { name: string }[]
  return tables.flatMap(({ name }) =>
    (sqlite.prepare(`PRAGMA table_info(${name})`).all() as { name: string; type: string; notnull: number; pk: number }[]).map(
      (c) => ({ table: name, column: c.name, notNull: c.notnull === 1 || c.pk > 0, kind: kindOfSqlite(c.type, name, c.name) }),
    ),
  )
}

async function pgColumns(): Promise<Column[]> {
  const { rows } = await pool.query<{ table_name: string; column_name: string; is_nullable: string; data_type: string }>(
    `SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns
     WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    [schemaName],
  )
  return rows.map((r) => ({
    table: r.table_name,
    column: r.column_name,
    notNull: r.is_nullable === 'NO',
    kind: kindOfPg(r.data_type),
  }))
}

const byKey = (cols: Column[]) => cols.map((c) => `${c.table}.${c.column} ${c.kind}${c.notNull ? ' not null' : ''}`).sort()

describe('SQLite and PostgreSQL schemas', () => {
  it('number their migrations once each, in an unbroken sequence per dialect', () => {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/db/migrations')
    for (const folder of [dir, path.join(dir, 'pg')]) {
      const numbers = fs
        .readdirSync(folder)
        .filter((f) => f.endsWith('.sql'))
        .map((f) => Number(f.slice(0, 4)))
        .sort((a, b) => a - b)
      // Two branches landing the same number would apply in name order by luck: renumber the later one.
      expect(numbers, folder).toEqual(numbers.map((_, i) => numbers[0]! + i))
    }
  })

  it('have the same tables and columns, with the same nullability and kinds of value', async () => {
    expect(byKey(await pgColumns())).toEqual(byKey(sqliteColumns()))
  })

  it('have the same named indexes and guard triggers', async () => {
    const liteIndexes = (
      sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`).all() as { name: string }[]
    ).map((r) => r.name)
    const { rows: pgIndexes } = await pool.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'`,
      [schemaName],
    )
    expect(pgIndexes.map((r) => r.indexname).sort()).toEqual(liteIndexes.sort())

    const liteTriggers = (
      sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string }[]
    ).map((r) => r.name)
    const { rows: pgTriggers } = await pool.query<{ tgname: string }>(
      `SELECT DISTINCT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = $1 AND NOT t.tgisinternal`,
      [schemaName],
    )
    expect(pgTriggers.map((r) => r.tgname).sort()).toEqual(liteTriggers.sort())
  })

  it('have the same seed rows (releases and the first price book)', async () => {
    const lite = sqlite.prepare(`SELECT version, channel, required_providers FROM releases ORDER BY version`).all()
    const { rows } = await pool.query(`SELECT version, channel, required_providers FROM releases ORDER BY version`)
    expect(rows).toEqual(lite)
    const book = (await pool.query(`SELECT id, active FROM price_books`)).rows
    expect(book).toEqual([{ id: 'pb-2026-01', active: true }])
  })

  it('are described alike by the drizzle schemas the services use', () => {
    const lite = Object.entries(sqliteSchema).map(([name, t]) => {
      const cfg = sqliteTableConfig(t as SQLiteTable)
      return [name, cfg.name, cfg.columns.map((c) => `${c.name}${c.notNull ? '!' : ''}`).sort()]
    })
    const pgT = Object.entries(pgSchema).map(([name, t]) => {
      const cfg = pgTableConfig(t as PgTable)
      return [name, cfg.name, cfg.columns.map((c) => `${c.name}${c.notNull ? '!' : ''}`).sort()]
    })
    expect(pgT.sort()).toEqual(lite.sort())
    // And every table the migrations create is described (schema_migrations is the runner's own).
    const described = new Set(lite.map(([, table]) => table as string))
    const created = new Set(sqliteColumns().map((c) => c.table))
    created.delete('schema_migrations')
    expect([...created].filter((t) => !described.has(t))).toEqual([])
  })
})
