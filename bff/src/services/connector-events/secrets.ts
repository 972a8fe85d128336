import { randomBytes } from 'node:crypto'
import { and, desc, eq, gte, max } from 'drizzle-orm'
import {
  CONNECTOR_SECRET_OVERLAP_DEFAULT_MINUTES,
  type ConnectorPosture,
  type ConnectorSecret,
  type ConnectorSecretIssued,
  type ConnectorSecretList,
} from '@exocorp/shared/connector-events'
import type { Deps } from '../../deps'
import { connectorEvents, connectorSecrets } from '../../db/schema/connector-events'
import { secretBoxFor } from '../../lib/secret-box'
import { domainsOf } from '../companies/domains'

/*
 * An exocorp's signing secret per connector (decisions 047, 056), sealed with the platform key.
 * A rotation keeps the secret it replaces (sealed under its own AAD) until the overlap ends, so a
 * sender still signing with it is verified until then; a second rotation keeps only the one it replaces.
 */

const aad = (companyId: string, connector: string) => `connector-secret:${companyId}:${connector}`
const previousAad = (companyId: string, connector: string) => `connector-secret:${companyId}:${connector}:previous`

type Row = typeof connectorSecrets.$inferSelect

/** The posture view looks back this far for a connector's last delivery (the events' retention). */
const POSTURE_DAYS = 30

function toSecret(deps: Pick<Deps, 'env'>, row: Row, now: Date): ConnectorSecret {
  const clear = secretBoxFor(deps.env).openText(row.sealedSecret, aad(row.companyId, row.connector))
  const overlapLive = row.previousExpiresAt !== null && row.previousExpiresAt > now.toISOString()
  return {
    connector: row.connector,
    // A secret that no longer opens (the platform key changed) has nothing to show.
    last4: clear ? clear.slice(-4) : '????',
    createdAt: row.createdAt,
    rotatedAt: row.rotatedAt,
    previousExpiresAt: overlapLive ? row.previousExpiresAt : null,
  }
}

/**
 * Sets (or rotates) an exocorp's signing secret for one connector; the secret is returned once and
 * kept sealed. Deliveries to `/hooks/<connector>` must then be signed with it. On a rotation the
 * replaced secret keeps verifying for `overlapMinutes` (0: it stops at once).
 */
export async function issueConnectorSecret(
  deps: Pick<Deps, 'db' | 'clock' | 'env'>,
  companyId: string,
  connector: string,
  overlapMinutes = CONNECTOR_SECRET_OVERLAP_DEFAULT_MINUTES,
): Promise<ConnectorSecretIssued & { rotated: boolean }> {
  const box = secretBoxFor(deps.env)
  const secret = `whsec_${randomBytes(32).toString('base64url')}`
  const sealed = box.sealText(secret, aad(companyId, connector))
  const now = deps.clock.now()
  const at = now.toISOString()
  const row = await deps.db.write(async (tx) => {
    const where = and(eq(connectorSecrets.companyId, companyId), eq(connectorSecrets.connector, connector))
    const [existing] = await tx.select().from(connectorSecrets).where(where)
    if (existing) {
      const replaced = box.openText(existing.sealedSecret, aad(companyId, connector))
      const keep = overlapMinutes > 0 && replaced !== null
      const [updated] = await tx
        .update(connectorSecrets)
        .set({
          sealedSecret: sealed,
          rotatedAt: at,
          previousSealedSecret: keep ? box.sealText(replaced, previousAad(companyId, connector)) : null,
          previousExpiresAt: keep ? new Date(now.getTime() + overlapMinutes * 60_000).toISOString() : null,
        })
        .where(where)
        .returning()
      return { row: updated!, rotated: true }
    }
    const [inserted] = await tx
      .insert(connectorSecrets)
      .values({ companyId, connector, sealedSecret: sealed, createdAt: at, rotatedAt: at })
      .returning()
    return { row: inserted!, rotated: false }
  })
  return { ...toSecret(deps, row.row, now), secret, rotated: row.rotated }
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

/**
 * The exocorp's secrets for a connector in clear: the current one, then the one a rotation replaced
 * while its overlap lasts. `configured` false when it set none (deliveries are accepted unsigned).
 */
export async function connectorSecretsFor(
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  companyId: string,
  connector: string,
): Promise<{ secrets: string[]; configured: boolean }> {
  const [row] = await deps.db
    .select()
    .from(connectorSecrets)
    .where(and(eq(connectorSecrets.companyId, companyId), eq(connectorSecrets.connector, connector)))
  if (!row) return { secrets: [], configured: false }
  const box = secretBoxFor(deps.env)
  // A secret that no longer opens (the platform key changed) verifies nothing: configured, no secret.
  const secrets: string[] = []
  const current = box.openText(row.sealedSecret, aad(companyId, connector))
  if (current) secrets.push(current)
  if (row.previousSealedSecret && row.previousExpiresAt && row.previousExpiresAt > deps.clock.now().toISOString()) {
    const previous = box.openText(row.previousSealedSecret, previousAad(companyId, connector))
    if (previous) secrets.push(previous)
  }
  return { secrets, configured: true }
}

/**
 * The owner's posture view: every connector the exocorp set a secret for or received a delivery on
 * in the last 30 days — signed or not, last 4, set/rotated, the overlap's end, the last delivery
 * and how it verified. Connectors in name order.
 */
export async function connectorPosture(
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  company: { id: string; slug: string },
): Promise<ConnectorSecretList> {
  const now = deps.clock.now()
  const since = new Date(now.getTime() - POSTURE_DAYS * 86_400_000).toISOString()
  const secrets = await deps.db.select().from(connectorSecrets).where(eq(connectorSecrets.companyId, company.id))
  const seen = await deps.db
    .select({ connector: connectorEvents.connector, last: max(connectorEvents.receivedAt) })
    .from(connectorEvents)
    .where(
      and(
        eq(connectorEvents.companyId, company.id),
        eq(connectorEvents.source, 'connector'),
        gte(connectorEvents.receivedAt, since),
      ),
    )
    .groupBy(connectorEvents.connector)
  const hookBaseUrl = `${domainsOf(deps, company.slug).appUrl}hooks/`
  const names = [...new Set([...secrets.map((s) => s.connector), ...seen.map((s) => s.connector)])].sort()
  const items: ConnectorPosture[] = []
  for (const connector of names) {
    const row = secrets.find((s) => s.connector === connector)
    const last = seen.find((s) => s.connector === connector)?.last ?? null
    let lastVerification: ConnectorPosture['lastVerification'] = null
    if (last) {
      const [ev] = await deps.db
        .select({ verification: connectorEvents.verification })
        .from(connectorEvents)
        .where(
          and(
            eq(connectorEvents.companyId, company.id),
            eq(connectorEvents.connector, connector),
            eq(connectorEvents.receivedAt, last),
          ),
        )
        .orderBy(desc(connectorEvents.id))
        .limit(1)
      lastVerification = ev?.verification ?? null
    }
    items.push({
      connector,
      hookUrl: `${hookBaseUrl}${connector}`,
      signed: row !== undefined,
      secret: row ? toSecret(deps, row, now) : null,
      lastDeliveryAt: last,
      lastVerification,
    })
  }
  return { hookBaseUrl, items }
}
