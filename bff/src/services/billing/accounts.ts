import { eq, sql } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { billingAccounts, ledgerEntries } from '../../db/schema/billing'
import { newId } from '../../lib/crypto'

/** $25.00 of model usage for every new account. */
export const SIGNUP_CREDIT_MICROS = 25_000_000

/** Opens the user's billing account with the signup credit as its first ledger entry. */
export function openBillingAccount(deps: Pick<Deps, 'db' | 'clock'>, userId: string): string {
  const now = deps.clock.now().toISOString()
  const accountId = newId()
  deps.db
    .insert(billingAccounts)
    .values({ id: accountId, ownerUserId: userId, state: 'current', stateChangedAt: now, createdAt: now, updatedAt: now })
    .run()
  deps.db
    .insert(ledgerEntries)
    .values({
      id: newId(),
      accountId,
      kind: 'signup_credit',
      amountMicros: SIGNUP_CREDIT_MICROS,
      description: 'Signup credit',
      idempotencyKey: `signup:${userId}`,
      createdBy: 'system',
      createdAt: now,
    })
    .run()
  return accountId
}

export function accountBalanceMicros(deps: Pick<Deps, 'db'>, accountId: string): number {
  const row = deps.db
    .select({ total: sql<number>`coalesce(sum(${ledgerEntries.amountMicros}), 0)` })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.accountId, accountId))
    .get()
  return row?.total ?? 0
}

export function findBillingAccountByOwner(deps: Pick<Deps, 'db'>, userId: string) {
  return deps.db.select().from(billingAccounts).where(eq(billingAccounts.ownerUserId, userId)).get() ?? null
}
