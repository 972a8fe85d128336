import { and, eq, ne } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies } from '../../db/schema/companies'
import { randomToken, sha256Hex } from '../../lib/crypto'

const TOKEN_PREFIX = 'exo_rt_'

/**
 * A fresh per-runtime bearer token for usage reports; only its SHA-256 is stored, so issuing a new
 * one (each provision or restart) retires the previous one.
 */
export async function issueUsageToken(deps: Pick<Deps, 'db'>, companyId: string): Promise<string> {
  const token = randomToken(TOKEN_PREFIX)
  await deps.db.write(async (tx) => {
    await tx
      .update(companies)
      .set({ usageTokenHash: sha256Hex(token) })
      .where(eq(companies.id, companyId))
  })
  return token
}

/** The exocorp a usage token belongs to; null for unknown tokens and destroyed exocorps. */
export async function companyForUsageToken(deps: Pick<Deps, 'db'>, token: string | null | undefined) {
  if (!token || !token.startsWith(TOKEN_PREFIX) || token.length > 200) return null
  const [row] = await deps.db
    .select()
    .from(companies)
    .where(and(eq(companies.usageTokenHash, sha256Hex(token)), ne(companies.status, 'destroyed')))
    .limit(1)
  return row ?? null
}

/** Ends the token (stop and destroy call this so a dead runtime's token stops working). */
export async function revokeUsageToken(deps: Pick<Deps, 'db'>, companyId: string): Promise<void> {
  await deps.db.write(async (tx) => {
    await tx.update(companies).set({ usageTokenHash: null }).where(eq(companies.id, companyId))
  })
}
