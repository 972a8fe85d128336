import { randomBytes } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { connectorSecrets } from '../../db/schema/connector-events'
import { secretBoxFor } from '../../lib/secret-box'

const aad = (companyId: string, connector: string) => `connector-secret:${companyId}:${connector}`

/**
 * Sets (or rotates) an exocorp's signing secret for one connector; the secret is returned once and
 * kept sealed. Deliveries to `/hooks/<connector>` must then be signed with it.
 */
export async function issueConnectorSecret(deps: Pick<Deps, 'db' | 'clock' | 'env'>, companyId: string, connector: string) {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`
  const sealed = secretBoxFor(deps.env).sealText(secret, aad(companyId, connector))
  const now = deps.clock.now().toISOString()
  const row = await deps.db.write(async (tx) => {
    const [existing] = await tx
      .select()
      .from(connectorSecrets)
      .where(and(eq(connectorSecrets.companyId, companyId), eq(connectorSecrets.connector, connector)))
    if (existing) {
      await tx
        .update(connectorSecrets)
        .set({ sealedSecret: sealed, rotatedAt: now })
        .where(and(eq(connectorSecrets.companyId, companyId), eq(connectorSecrets.connector, connector)))
      return { connector, createdAt: existing.createdAt, rotatedAt: now }
    }
    await tx.insert(connectorSecrets).values({ companyId, connector, sealedSecret: sealed, createdAt: now, rotatedAt: now })
    return { connector, createdAt: now, rotatedAt: now }
  })
  return { ...row, secret }
}

export async function removeConnectorSecret(deps: Pick<Deps, 'db'>, companyId: string, connector: string): Promise<boolean> {
  return deps.db.write(async (tx) => {
    const gone = await tx
      .delete(connectorSecrets)
      .where(and(eq(connectorSecrets.companyId, companyId), eq(connectorSecrets.connector, connector)))
      .returning({ connector: connectorSecrets.connector })
    return gone.length > 0
  })
}

/** The exocorp's secret for a connector in clear, or null when it set none (unsigned deliveries). */
export async function connectorSecretFor(
  deps: Pick<Deps, 'db' | 'env'>,
  companyId: string,
  connector: string,
): Promise<{ secret: string | null; configured: boolean }> {
  const [row] = await deps.db
    .select({ sealed: connectorSecrets.sealedSecret })
    .from(connectorSecrets)
    .where(and(eq(connectorSecrets.companyId, companyId), eq(connectorSecrets.connector, connector)))
  if (!row) return { secret: null, configured: false }
  // A secret that no longer opens (the platform key changed) verifies nothing: configured, no secret.
  return { secret: secretBoxFor(deps.env).openText(row.sealed, aad(companyId, connector)), configured: true }
}
