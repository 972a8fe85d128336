import { and, count, desc, eq, inArray, ne } from 'drizzle-orm'
import type { AdminCredentialList, CredentialRevocation } from '@exocorp/shared/platform-ops'
import { within, type Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { bindings, credentialRevocations, providerSecrets } from '../../db/schema/catalog'
import { companies } from '../../db/schema/companies'
import { notifications } from '../../db/schema/notifications'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'

// BYOK revoke (issue 19 item 3, decision 043). A platform owner revokes a tenant's provider
// credential: the secret row — and with it the only copy of the ciphertext — is deleted, a
// revocation row keeps what a person needs to know (provider, label, last 4, reason), every binding
// that used it points at that row (so it shows as revoked, and the next provision is blocked with
// the reason), and the owner gets a notification. Nothing here ever decrypts the value.

type RevocationRow = typeof credentialRevocations.$inferSelect

async function assertUser(deps: Pick<Deps, 'db'>, userId: string) {
  const [u] = await deps.db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1)
  if (!u) throw AppError.notFound('User')
}

async function affectedOf(deps: Pick<Deps, 'db'>, revocationIds: string[]) {
  const out = new Map<string, CredentialRevocation['affectedCompanies']>()
  if (revocationIds.length === 0) return out
  const rows = await deps.db
    .select({ revocationId: bindings.revocationId, id: companies.id, slug: companies.slug, name: companies.name })
    .from(bindings)
    .innerJoin(companies, eq(companies.id, bindings.companyId))
    .where(inArray(bindings.revocationId, revocationIds))
    .orderBy(companies.name)
  for (const r of rows) {
    if (!r.revocationId) continue
    const list = out.get(r.revocationId) ?? []
    list.push({ id: r.id, slug: r.slug, name: r.name })
    out.set(r.revocationId, list)
  }
  return out
}

function toRevocation(row: RevocationRow, affected: CredentialRevocation['affectedCompanies']): CredentialRevocation {
  return {
    id: row.id,
    provider: row.provider,
    label: row.label,
    last4: row.last4,
    reason: row.reason,
    revokedAt: row.revokedAt,
    affectedCompanies: affected,
  }
}

/** A user's credentials (allow-listed fields, never the value) and the ones revoked from them. */
export async function adminCredentialsOf(deps: Pick<Deps, 'db'>, userId: string): Promise<AdminCredentialList> {
  await assertUser(deps, userId)
  const rows = await deps.db
    .select({
      id: providerSecrets.id,
      provider: providerSecrets.provider,
      label: providerSecrets.label,
      last4: providerSecrets.last4,
      createdAt: providerSecrets.createdAt,
    })
    .from(providerSecrets)
    .where(eq(providerSecrets.ownerUserId, userId))
    .orderBy(providerSecrets.provider, providerSecrets.label)
  const counts =
    rows.length === 0
      ? []
      : await deps.db
          .select({ secretId: bindings.secretId, n: count() })
          .from(bindings)
          .innerJoin(companies, eq(companies.id, bindings.companyId))
          .where(
            and(
              inArray(
                bindings.secretId,
                rows.map((r) => r.id),
              ),
              ne(companies.status, 'destroyed'),
            ),
          )
          .groupBy(bindings.secretId)
  const n = new Map(counts.map((c) => [c.secretId, Number(c.n)]))
  const revoked = await deps.db
    .select()
    .from(credentialRevocations)
    .where(eq(credentialRevocations.ownerUserId, userId))
    .orderBy(desc(credentialRevocations.revokedAt))
    .limit(50)
  const affected = await affectedOf(
    deps,
    revoked.map((r) => r.id),
  )
  return {
    items: rows.map((r) => ({ ...r, boundCompanies: n.get(r.id) ?? 0 })),
    revocations: revoked.map((r) => toRevocation(r, affected.get(r.id) ?? [])),
  }
}

export async function revokeCredential(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: { id: string },
  secretId: string,
  reason: string,
): Promise<CredentialRevocation & { ownerUserId: string }> {
  return deps.db.write(async (tx) => {
    const [secret] = await tx
      .select({
        id: providerSecrets.id,
        ownerUserId: providerSecrets.ownerUserId,
        provider: providerSecrets.provider,
        label: providerSecrets.label,
        last4: providerSecrets.last4,
      })
      .from(providerSecrets)
      .where(eq(providerSecrets.id, secretId))
      .limit(1)
    if (!secret) throw AppError.notFound('Provider secret')
    const now = deps.clock.now().toISOString()
    const row: RevocationRow = {
      id: newId(),
      ownerUserId: secret.ownerUserId,
      secretId: secret.id,
      provider: secret.provider,
      label: secret.label,
      last4: secret.last4,
      reason,
      revokedByUserId: actor.id,
      revokedAt: now,
    }
    await tx.insert(credentialRevocations).values(row)
    // Mark the bindings first: deleting the secret then empties them (ON DELETE SET NULL).
    await tx.update(bindings).set({ revocationId: row.id }).where(eq(bindings.secretId, secret.id))
    await tx.delete(providerSecrets).where(eq(providerSecrets.id, secret.id))
    await tx.insert(notifications).values({
      userId: secret.ownerUserId,
      kind: 'credential_revoked',
      companyId: null,
      title: `A platform owner revoked your ${secret.provider} credential “${secret.label}” (…${secret.last4}): ${reason}`,
      createdAt: now,
    })
    const affected = (await affectedOf(within(deps, tx), [row.id])).get(row.id) ?? []
    return { ...toRevocation(row, affected), ownerUserId: secret.ownerUserId }
  })
}
