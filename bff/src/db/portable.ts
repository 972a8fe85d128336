import { sql, type SQL } from 'drizzle-orm'
import type { Db } from './client'

/**
 * The few things SQLite and PostgreSQL spell differently, in one place (decision 023). Code outside
 * bff/src/db uses drizzle's builders and these helpers, never dialect-specific SQL.
 */

/** The driver's error code, looked up through drizzle's `DrizzleQueryError` wrapper. */
export function dbErrorCode(err: unknown): string {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
  }
  return ''
}

/** A unique index refused the row (SQLite's constraint codes, PostgreSQL's 23505). */
export function isUniqueViolation(err: unknown): boolean {
  const code = dbErrorCode(err)
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/**
 * Locks rows for the rest of the transaction, so concurrent transactions on other instances queue
 * behind it (`SELECT … FOR UPDATE`). SQLite's write transaction already holds the whole database.
 * `'key share'` is the weakest lock that still queues behind a `FOR UPDATE` holder: a transaction
 * that will write rows referencing this one takes it first, so it waits before holding anything
 * the `FOR UPDATE` holder may want next, instead of deadlocking with it.
 */
export async function lockRows(
  tx: Db,
  table: 'companies' | 'jobs' | 'billing_accounts' | 'runners',
  id: string,
  mode: 'update' | 'key share' = 'update',
): Promise<void> {
  if (!tx.inTransaction) throw new Error('lockRows needs a transaction handle')
  if (tx.sqlDialect === 'postgres')
    await execute(
      tx,
      sql`SELECT 1 FROM ${sql.identifier(table)} WHERE id = ${id} FOR ${sql.raw(mode === 'update' ? 'UPDATE' : 'KEY SHARE')}`,
    )
}

/**
 * Serialises transactions that name the same key until they end, for decisions that span several
 * rows (a transaction-scoped advisory lock on PostgreSQL; SQLite's write lock already does it).
 */
export async function lockKey(tx: Db, key: string): Promise<void> {
  if (!tx.inTransaction) throw new Error('lockKey needs a transaction handle')
  if (tx.sqlDialect === 'postgres') await execute(tx, sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`)
}

/**
 * `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL: rows another transaction is claiming are passed
 * over instead of waited for, so instances claiming work at once each take a different row.
 * SQLite's write transaction holds the whole database, so the query runs as it is.
 */
export function skipLocked<Q>(tx: Db, query: Q): Q {
  if (!tx.inTransaction) throw new Error('skipLocked needs a transaction handle')
  if (tx.sqlDialect !== 'postgres') return query
  return (query as unknown as { for(strength: 'update', config: { skipLocked: boolean }): Q }).for('update', { skipLocked: true })
}

/** Runs a statement built with drizzle's `sql` and returns its rows, on either dialect. */
export async function execute<T = Record<string, unknown>>(q: Db, statement: SQL): Promise<T[]> {
  if (q.sqlDialect === 'postgres') {
    const res = (await (q as unknown as { execute(s: SQL): Promise<{ rows: T[] }> }).execute(statement)) as { rows: T[] }
    return res.rows
  }
  return (q as unknown as { all(s: SQL): Promise<T[]> }).all(statement)
}
