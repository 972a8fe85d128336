import { eq, sql } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { authThrottle } from '../../db/schema/accounts'

const WINDOW_MS = 15 * 60_000
export const ACCOUNT_LIMIT = 5
export const IP_LIMIT = 30
const SIGNUP_WINDOW_MS = 60 * 60_000

export interface Budget {
  key: string
  limit: number
  windowMs: number
}

export type Reservation = { allowed: true } | { allowed: false; retryAfterSeconds: number }

type ThrottleDeps = Pick<Deps, 'db' | 'clock'>

export function throttleKeys(email: string, ip: string | null) {
  return { account: `account:${email}`, ip: `ip:${ip ?? 'unknown'}` }
}

/** Sign-in and step-up attempts: per account and per address, in one 15-minute window. */
export function credentialBudgets(keys: { account: string; ip: string }): Budget[] {
  return [
    { key: keys.account, limit: ACCOUNT_LIMIT, windowMs: WINDOW_MS },
    { key: keys.ip, limit: IP_LIMIT, windowMs: WINDOW_MS },
  ]
}

/** Signups per address per hour; every attempt counts, so probing for taken emails is bounded too. */
export function signupBudget(deps: Pick<Deps, 'env'>, ip: string | null): Budget {
  return { key: `signup:${ip ?? 'unknown'}`, limit: deps.env.EXOCORP_SIGNUP_LIMIT_PER_HOUR, windowMs: SIGNUP_WINDOW_MS }
}

/**
 * Checks every budget and counts one attempt against each, in one write transaction, before the
 * caller does the slow part (argon2). Counting after the hash let parallel requests all pass the
 * check while the first ones were still hashing (100 parallel → 15 checked against a limit of 5).
 * A refused attempt is not counted, so the window is not extended by hammering.
 */
export function reserveAttempt(deps: ThrottleDeps, budgets: Budget[]): Promise<Reservation> {
  const now = deps.clock.now()
  return deps.db.write(async (tx): Promise<Reservation> => {
    // Touching each row first locks it on PostgreSQL: a concurrent reservation of the same key waits
    // here for this one to commit, so two cannot both read the last free attempt.
    for (const b of budgets) {
      await tx
        .insert(authThrottle)
        .values({ key: b.key, failures: 0, windowStartedAt: now.toISOString() })
        .onConflictDoUpdate({ target: authThrottle.key, set: { key: b.key } })
    }
    let retryAt = 0
    for (const b of budgets) {
      const row = (await tx.select().from(authThrottle).where(eq(authThrottle.key, b.key)).limit(1))[0]
      if (!row) continue
      const endsAt = Date.parse(row.windowStartedAt) + b.windowMs
      if (endsAt > now.getTime() && row.failures >= b.limit) retryAt = Math.max(retryAt, endsAt)
    }
    if (retryAt > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)) }
    for (const b of budgets) {
      const expiredBefore = new Date(now.getTime() - b.windowMs).toISOString()
      await tx
        .update(authThrottle)
        .set({
          failures: sql`CASE WHEN ${authThrottle.windowStartedAt} <= ${expiredBefore} THEN 1 ELSE ${authThrottle.failures} + 1 END`,
          windowStartedAt: sql`CASE WHEN ${authThrottle.windowStartedAt} <= ${expiredBefore} THEN ${now.toISOString()} ELSE ${authThrottle.windowStartedAt} END`,
        })
        .where(eq(authThrottle.key, b.key))
    }
    return { allowed: true }
  })
}

/** A successful check gives its reserved attempt back: only failures use up the budget. */
export async function refundAttempt(deps: ThrottleDeps, keys: string[]): Promise<void> {
  await deps.db.write(async (tx) => {
    for (const key of keys) {
      await tx
        .update(authThrottle)
        .set({ failures: sql`CASE WHEN ${authThrottle.failures} > 0 THEN ${authThrottle.failures} - 1 ELSE 0 END` })
        .where(eq(authThrottle.key, key))
    }
  })
}

export async function clearAccountFailures(deps: Pick<Deps, 'db'>, accountKey: string): Promise<void> {
  await deps.db.write(async (tx) => {
    await tx.delete(authThrottle).where(eq(authThrottle.key, accountKey))
  })
}
