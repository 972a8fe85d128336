import { eq, sql } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { authThrottle } from '../../db/schema/accounts'

const WINDOW_MS = 15 * 60_000
export const ACCOUNT_LIMIT = 5
export const IP_LIMIT = 30

export function throttleKeys(email: string, ip: string | null) {
  return { account: `account:${email}`, ip: `ip:${ip ?? 'unknown'}` }
}

function failuresIn(deps: Pick<Deps, 'db' | 'clock'>, key: string): number {
  const row = deps.db.select().from(authThrottle).where(eq(authThrottle.key, key)).get()
  if (!row) return 0
  if (Date.parse(row.windowStartedAt) + WINDOW_MS <= deps.clock.now().getTime()) return 0
  return row.failures
}

/** True when either the account or the address has used up its failed attempts for the window. */
export function isThrottled(deps: Pick<Deps, 'db' | 'clock'>, keys: { account: string; ip: string }) {
  return failuresIn(deps, keys.account) >= ACCOUNT_LIMIT || failuresIn(deps, keys.ip) >= IP_LIMIT
}

export function recordFailure(deps: Pick<Deps, 'db' | 'clock'>, keys: { account: string; ip: string }) {
  const now = deps.clock.now()
  const expiredBefore = new Date(now.getTime() - WINDOW_MS).toISOString()
  for (const key of [keys.account, keys.ip]) {
    deps.db
      .insert(authThrottle)
      .values({ key, failures: 1, windowStartedAt: now.toISOString() })
      .onConflictDoUpdate({
        target: authThrottle.key,
        set: {
          failures: sql`CASE WHEN ${authThrottle.windowStartedAt} <= ${expiredBefore} THEN 1 ELSE ${authThrottle.failures} + 1 END`,
          windowStartedAt: sql`CASE WHEN ${authThrottle.windowStartedAt} <= ${expiredBefore} THEN ${now.toISOString()} ELSE ${authThrottle.windowStartedAt} END`,
        },
      })
      .run()
  }
}

export function clearAccountFailures(deps: Pick<Deps, 'db'>, accountKey: string) {
  deps.db.delete(authThrottle).where(eq(authThrottle.key, accountKey)).run()
}
