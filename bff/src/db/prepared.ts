import { refuseRootInsideTransaction, type Db } from './client'

/**
 * A read prepared once per database handle instead of built per call (decision 033): drizzle
 * builds the SQL text once (and SQLite compiles it once); each call only binds its placeholders
 * (`sql.placeholder('name')`). Works on both dialects; on PostgreSQL a transaction's handle is new
 * each time, so inside one this is no dearer than building the query.
 */
export function preparedRead<P extends Record<string, unknown>, R>(
  build: (db: Db) => { execute(params?: P): R },
): (db: Db, params?: P) => Promise<Awaited<R>> {
  const byDb = new WeakMap<Db, { execute(params?: P): R }>()
  // SQLite's statements answer synchronously, PostgreSQL's with a promise: awaited alike.
  return async (db: Db, params?: P): Promise<Awaited<R>> => {
    // A statement prepared on the root handle no longer goes through its connection's prepare,
    // where a read inside a transaction is refused; the same refusal, here.
    if (!db.inTransaction) refuseRootInsideTransaction()
    let query = byDb.get(db)
    if (!query) byDb.set(db, (query = build(db)))
    return (await query.execute(params)) as Awaited<R>
  }
}
