import { and, eq, lt } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { sessions, users } from '../../db/schema/accounts'
import { companies, memberships } from '../../db/schema/companies'
import { portalHandoffs, portalSessions } from '../../db/schema/portal'
import { newId, randomToken, safeEqual, sha256Hex } from '../../lib/crypto'
import { secretBoxFor } from '../../lib/secret-box'

/*
 * The operator portal behind the console session (decision 032). The console mints a hand-off for
 * one exocorp; the browser carries it to that exocorp's portal host, which redeems it once and
 * opens a portal session bound to the console session, the exocorp and the host. Nothing here is
 * shared between the console's origin and the portal's: each keeps its own host-only cookie.
 */

/** A hand-off is carried by one redirect: a minute is plenty, and little use to anyone who copies it. */
export const HANDOFF_TTL_MS = 60_000
/** A portal session never outlives its console session, nor this. */
export const PORTAL_SESSION_MAX_MS = 12 * 3_600_000

const PURPOSE = 'portal-handoff'

type PortalDeps = Pick<Deps, 'db' | 'clock' | 'env'>

function sessionLimits(deps: Pick<Deps, 'env'>) {
  return { idleMs: deps.env.EXOCORP_SESSION_IDLE_MINUTES * 60_000 }
}

/** The exocorp a slug names (destroyed ones have no portal), or null. */
export async function companyForPortal(deps: Pick<Deps, 'db'>, slug: string): Promise<{ id: string } | null> {
  const [row] = await deps.db
    .select({ id: companies.id, status: companies.status })
    .from(companies)
    .where(eq(companies.slug, slug))
    .limit(1)
  return row && row.status !== 'destroyed' ? { id: row.id } : null
}

/**
 * A signed, single-use hand-off for `companyId`: `<payload>.<signature>`, the payload naming the
 * nonce, the exocorp and the expiry. The signature lets a portal host refuse a forged or altered
 * token without a database read; the row (keyed by the nonce's hash) makes it single-use on every
 * instance. Callers have checked that the session's user may see the exocorp.
 */
export async function mintPortalHandoff(
  deps: PortalDeps,
  input: { sessionId: string; companyId: string; nextPath: string },
): Promise<string> {
  const now = deps.clock.now().getTime()
  const expiresAt = now + HANDOFF_TTL_MS
  const nonce = randomToken()
  const payload = Buffer.from(JSON.stringify({ n: nonce, c: input.companyId, e: expiresAt })).toString('base64url')
  const signature = secretBoxFor(deps.env).sign(PURPOSE, payload)
  await deps.db.write(
    async (tx) => {
      // Unredeemed hand-offs are swept as new ones are minted.
      await tx.delete(portalHandoffs).where(lt(portalHandoffs.expiresAt, new Date(now).toISOString()))
      await tx.insert(portalHandoffs).values({
        id: sha256Hex(nonce),
        sessionId: input.sessionId,
        companyId: input.companyId,
        nextPath: input.nextPath,
        expiresAt: new Date(expiresAt).toISOString(),
      })
    },
    { visible: false },
  )
  return `${payload}.${signature}`
}

function readHandoff(deps: PortalDeps, token: string): { nonce: string; companyId: string; expiresAt: number } | null {
  const [payload, signature, extra] = token.split('.')
  if (!payload || !signature || extra !== undefined || token.length > 1000) return null
  if (!safeEqual(signature, secretBoxFor(deps.env).sign(PURPOSE, payload))) return null
  try {
    const data: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    if (typeof data !== 'object' || data === null) return null
    const { n, c, e } = data as Record<string, unknown>
    if (typeof n !== 'string' || typeof c !== 'string' || typeof e !== 'number') return null
    return { nonce: n, companyId: c, expiresAt: e }
  } catch {
    return null
  }
}

export interface RedeemedHandoff {
  /** The portal session's cookie value (only its hash is stored). */
  token: string
  expiresAt: Date
  nextPath: string
}

/**
 * Redeems a hand-off on the portal host of `companyId`: once, before it expires, for that exocorp
 * only, and only while its console session is alive. Anything else answers null.
 */
export async function redeemPortalHandoff(deps: PortalDeps, token: string, companyId: string): Promise<RedeemedHandoff | null> {
  const handoff = readHandoff(deps, token)
  const now = deps.clock.now()
  if (!handoff || handoff.companyId !== companyId || handoff.expiresAt <= now.getTime()) return null
  return deps.db.write(
    async (tx) => {
      // Deleting is the redemption: of two concurrent redeemers, one gets the row.
      const [row] = await tx
        .delete(portalHandoffs)
        .where(eq(portalHandoffs.id, sha256Hex(handoff.nonce)))
        .returning({
          sessionId: portalHandoffs.sessionId,
          companyId: portalHandoffs.companyId,
          nextPath: portalHandoffs.nextPath,
        })
      if (!row || row.companyId !== companyId) return null
      const [consoleSession] = await tx.select().from(sessions).where(eq(sessions.id, row.sessionId)).limit(1)
      if (!consoleSession || !consoleSessionAlive(deps, consoleSession, now.getTime())) return null
      const expiresAt = new Date(Math.min(Date.parse(consoleSession.expiresAt), now.getTime() + PORTAL_SESSION_MAX_MS))
      const portalToken = randomToken()
      await tx.insert(portalSessions).values({
        id: newId(),
        tokenHash: sha256Hex(portalToken),
        sessionId: row.sessionId,
        companyId,
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      })
      return { token: portalToken, expiresAt, nextPath: row.nextPath }
    },
    { visible: false },
  )
}

function consoleSessionAlive(deps: Pick<Deps, 'env'>, s: { lastSeenAt: string; expiresAt: string }, now: number): boolean {
  return Date.parse(s.lastSeenAt) + sessionLimits(deps).idleMs > now && Date.parse(s.expiresAt) > now
}

export interface PortalViewer {
  userId: string
  companyId: string
  role: 'owner' | 'member'
}

/**
 * Who a portal cookie signs in on the portal host of `slug`: its portal session must be for this
 * exocorp and unexpired, its console session alive (idle and absolute limits, as the console
 * applies them), its user enabled and still the exocorp's owner or a member. One query.
 */
export async function portalViewerFor(deps: PortalDeps, token: string, slug: string): Promise<PortalViewer | null> {
  const [row] = await deps.db
    .select({
      portalExpiresAt: portalSessions.expiresAt,
      portalSessionId: portalSessions.id,
      companyId: companies.id,
      slug: companies.slug,
      status: companies.status,
      ownerUserId: companies.ownerUserId,
      userId: users.id,
      disabledAt: users.disabledAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      role: memberships.role,
    })
    .from(portalSessions)
    .innerJoin(sessions, eq(sessions.id, portalSessions.sessionId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(companies, eq(companies.id, portalSessions.companyId))
    .leftJoin(memberships, and(eq(memberships.companyId, companies.id), eq(memberships.userId, users.id)))
    .where(eq(portalSessions.tokenHash, sha256Hex(token)))
    .limit(1)
  if (!row || row.slug !== slug || row.status === 'destroyed' || row.disabledAt) return null
  const now = deps.clock.now().getTime()
  if (Date.parse(row.portalExpiresAt) <= now || !consoleSessionAlive(deps, row, now)) {
    await deps.db.write(
      async (tx) => {
        await tx.delete(portalSessions).where(eq(portalSessions.id, row.portalSessionId))
      },
      { visible: false },
    )
    return null
  }
  const role = row.ownerUserId === row.userId ? 'owner' : row.role
  return role ? { userId: row.userId, companyId: row.companyId, role } : null
}
