import { eq, sql } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { billingAccounts, ledgerEntries } from '../../db/schema/billing'
import { newId } from '../../lib/crypto'

/** $25.00 of model usage for every new account. */
export const SIGNUP_CREDIT_MICROS = 25_000_000

/**
 * Opens the user's billing account with the signup credit as its first ledger entry. Joins the
 * caller's transaction when handed one (signup creates the user and the account together).
 */
export async function openBillingAccount(deps: Pick<Deps, 'db' | 'clock'>, userId: string): Promise<string> {
  const now = deps.clock.now().toISOString()
  const accountId = newId()
  await deps.db.write(async (tx) => {
    await tx
      .insert(billingAccounts)
      .values({ id: accountId, ownerUserId: userId, state: 'current', stateChangedAt: now, createdAt: now, updatedAt: now })
    await tx.insert(ledgerEntries).values({
      id: newId(),
      accountId,
      kind: 'signup_credit',
      amountMicros: SIGNUP_CREDIT_MICROS,
      description: 'Signup credit',
      idempotencyKey: `signup:${userId}`,
      createdBy: 'system',
      createdAt: now,
    })
  })
  return accountId
}

/** The sum of the account's entries; pass a transaction's deps to read what it has written. */
export async function accountBalanceMicros(deps: Pick<Deps, 'db'>, accountId: string): Promise<number> {
  const [row] = await deps.db
    // PostgreSQL answers SUM over a bigint as numeric, which its driver hands back as a string.
    .select({ total: sql<number>`coalesce(sum(${ledgerEntries.amountMicros}), 0)`.mapWith(Number) })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.accountId, accountId))
  return row?.total ?? 0
}

export async function findBillingAccountByOwner(deps: Pick<Deps, 'db'>, userId: string) {
  const [row] = await deps.db.select().from(billingAccounts).where(eq(billingAccounts.ownerUserId, userId)).limit(1)
  return row ?? null
}
