import { and, eq, ne } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies } from '../../db/schema/companies'
import { randomToken, sha256Hex } from '../../lib/crypto'

const TOKEN_PREFIX = 'exo_rt_'

/**
 * A fresh per-runtime bearer token for usage reports; only its SHA-256 is stored, so issuing a new
 * one (each provision or restart) retires the previous one.
 */
export function issueUsageToken(deps: Pick<Deps, 'db'>, companyId: string): string {
  const token = randomToken(TOKEN_PREFIX)
  deps.db
    .update(companies)
    .set({ usageTokenHash: sha256Hex(token) })
    .where(eq(companies.id, companyId))
    .run()
  return token
}

/** The exocorp a usage token belongs to; null for unknown tokens and destroyed exocorps. */
export function companyForUsageToken(deps: Pick<Deps, 'db'>, token: string | null | undefined) {
  if (!token || !token.startsWith(TOKEN_PREFIX) || token.length > 200) return null
  return (
    deps.db
      .select()
      .from(companies)
      .where(and(eq(companies.usageTokenHash, sha256Hex(token)), ne(companies.status, 'destroyed')))
      .get() ?? null
  )
}

/** Ends the token (stop and destroy call this so a dead runtime's token stops working). */
export function revokeUsageToken(deps: Pick<Deps, 'db'>, companyId: string): void {
  deps.db.update(companies).set({ usageTokenHash: null }).where(eq(companies.id, companyId)).run()
}
