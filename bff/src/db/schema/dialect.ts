/**
 * Which database this process talks to, fixed at start (docs/decisions/023-postgresql-beside-sqlite.md):
 * `DATABASE_URL=postgres://…` picks PostgreSQL, anything else the embedded SQLite. The table objects
 * in this folder are chosen once from it, so services import one set of tables whatever the dialect.
 */
export type Dialect = 'sqlite' | 'postgres'

export function dialectOf(databaseUrl: string | undefined): Dialect {
  return /^postgres(ql)?:\/\//.test(databaseUrl ?? '') ? 'postgres' : 'sqlite'
}

export const dialect: Dialect = dialectOf(process.env.DATABASE_URL)

/** The SQLite table where the process runs on SQLite, else its PostgreSQL twin typed as the SQLite one. */
export function pick<T>(sqliteTable: T, pgTable: unknown): T {
  return dialect === 'postgres' ? (pgTable as T) : sqliteTable
}
