import { and, asc, inArray, isNull, lt, lte, or, type SQL } from 'drizzle-orm'
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core'
import type { Db } from './client'
import { skipLocked } from './portable'

/** A queue table whose rows are retried on a schedule and held by one worker at a time with a lease. */
type LeasedQueue = SQLiteTable & { id: SQLiteColumn; nextAttemptAt: SQLiteColumn; claimedUntil: SQLiteColumn }

/**
 * Claims up to `limit` rows of a leased queue that are due at `now` and that nobody holds: each gets
 * `claimed_until = now + leaseMs`, so a worker that dies lets go of it when the lease runs out.
 * PostgreSQL instances claiming at once each take different rows (`FOR UPDATE SKIP LOCKED`); on
 * SQLite the write transaction holds the whole database, so the select and update already run alone.
 * `where` narrows which rows are eligible at all (the queue's own state column and the like).
 * Earliest due first. The claim is no polled view's business, so the write is not `visible`.
 */
export async function claimDueRows<T extends LeasedQueue>(
  db: Db,
  table: T,
  { where, now, leaseMs, limit }: { where: SQL; now: Date; leaseMs: number; limit: number },
): Promise<T['$inferSelect'][]> {
  const at = now.toISOString()
  return db.write(
    async (tx) => {
      const due = await skipLocked(
        tx,
        tx
          .select({ id: table.id })
          .from(table)
          .where(and(where, lte(table.nextAttemptAt, at), or(isNull(table.claimedUntil), lt(table.claimedUntil, at))))
          .orderBy(asc(table.nextAttemptAt))
          .limit(limit),
      )
      if (due.length === 0) return []
      // drizzle types `set` only for a concrete table; every LeasedQueue has `claimedUntil`.
      const claimed = await tx
        .update(table as SQLiteTable)
        .set({ claimedUntil: new Date(now.getTime() + leaseMs).toISOString() })
        .where(
          inArray(
            table.id,
            due.map((d) => d.id),
          ),
        )
        .returning()
      return claimed as T['$inferSelect'][]
    },
    { visible: false },
  )
}
