import { and, desc, eq, ne, sql } from 'drizzle-orm'
import { isStorageError } from '../../lib/errors'
import type { Deps } from '../../deps'
import { sessions, users } from '../../db/schema/accounts'
import { newId, randomToken, sha256Hex } from '../../lib/crypto'

export type UserRow = typeof users.$inferSelect
export type SessionRow = typeof sessions.$inferSelect

/** Sliding-expiry writes are skipped when the last one is this recent, to keep reads read-only. */
const TOUCH_EVERY_MS = 60_000

function limits(deps: Pick<Deps, 'env'>) {
  return {
    idleMs: deps.env.EXOCORP_SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: deps.env.EXOCORP_SESSION_ABSOLUTE_HOURS * 3_600_000,
  }
}

export interface NewSession {
  token: string
  session: SessionRow
}

export async function createSession(
  deps: Pick<Deps, 'db' | 'clock' | 'env'>,
  userId: string,
  meta: { userAgent: string | null; ip: string | null; reauthenticated?: boolean; passwordResetRequired?: boolean },
): Promise<NewSession> {
  const now = deps.clock.now()
  const token = randomToken()
  const row: SessionRow = {
    id: newId(),
    userId,
    tokenHash: sha256Hex(token),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + limits(deps).absoluteMs).toISOString(),
    reauthenticatedAt: meta.reauthenticated ? now.toISOString() : null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
    ip: meta.ip,
    passwordResetRequiredAt: meta.passwordResetRequired ? now.toISOString() : null,
  }
  await deps.db.write(async (tx) => {
    await tx.insert(sessions).values(row)
  })
  return { token, session: row }
}

// Every authenticated request runs this lookup: prepare it once per database, not per request.
const lookups = new WeakMap<Deps['db'], ReturnType<typeof prepareLookup>>()
function prepareLookup(db: Deps['db']) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare()
}
function sessionLookup(db: Deps['db']) {
  let lookup = lookups.get(db)
  if (!lookup) lookups.set(db, (lookup = prepareLookup(db)))
  return lookup
}

/**
 * How long a looked-up session is reused (decision 026). Within it, an entry also holds only while
 * the data version stands: logout, a role change and disabling a user are writes that move it, so
 * on this instance they take effect on the very next request, and on another instance within
 * VERSION_REFRESH_MS (db/client.ts).
 */
export const SESSION_CACHE_MS = 5_000
const MAX_CACHED_SESSIONS = 10_000

interface CachedSession {
  found: { session: SessionRow; user: UserRow }
  version: number
  at: number
  /** The session's lastSeenAt and expiresAt, parsed once. */
  lastSeen: number
  expires: number
}
const cachedSessions = new WeakMap<Deps['db'], Map<string, CachedSession>>()

/**
 * Finds the live session for a cookie token. Expired sessions (idle or absolute) and sessions of
 * disabled users are deleted and answer null, so the very next request after either is anonymous.
 */
export async function resolveSession(
  deps: Pick<Deps, 'db' | 'clock' | 'env'>,
  token: string,
): Promise<{ session: SessionRow; user: UserRow } | null> {
  const tokenHash = sha256Hex(token)
  const now = deps.clock.now().getTime()
  const version = await deps.db.dataVersion()
  let cache = cachedSessions.get(deps.db)
  if (!cache) cachedSessions.set(deps.db, (cache = new Map()))
  const hit = cache.get(tokenHash)
  if (hit && isFresh(deps, hit, version, now)) return hit.found
  cache.delete(tokenHash)
  const found = await lookUpSession(deps, tokenHash, now)
  if (found) {
    if (cache.size >= MAX_CACHED_SESSIONS) cache.delete(cache.keys().next().value!)
    cache.set(tokenHash, {
      found,
      version,
      at: now,
      lastSeen: Date.parse(found.session.lastSeenAt),
      expires: Date.parse(found.session.expiresAt),
    })
  }
  return found
}

/**
 * What `resolveSession` would answer from its cache, without waiting for anything: the session,
 * or undefined when only the async path can tell (not cached, stale, or the data version unknown).
 * The polled lane's synchronous answer (decision 045) uses it; it never deletes or writes.
 */
export function cachedSession(
  deps: Pick<Deps, 'db' | 'clock' | 'env'>,
  token: string,
  version: number,
): { session: SessionRow; user: UserRow } | undefined {
  const hit = cachedSessions.get(deps.db)?.get(sha256Hex(token))
  return hit && isFresh(deps, hit, version, deps.clock.now().getTime()) ? hit.found : undefined
}

/**
 * A cached session may answer: read at this data version, recently, and still within both expiry
 * windows and not due for a sliding-expiry write.
 */
function isFresh(deps: Pick<Deps, 'env'>, hit: CachedSession, version: number, now: number): boolean {
  return (
    hit.version === version &&
    now - hit.at < SESSION_CACHE_MS &&
    now >= hit.at &&
    now - hit.lastSeen < TOUCH_EVERY_MS &&
    hit.lastSeen + limits(deps).idleMs > now &&
    hit.expires > now
  )
}

async function lookUpSession(
  deps: Pick<Deps, 'db' | 'clock' | 'env'>,
  tokenHash: string,
  now: number,
): Promise<{ session: SessionRow; user: UserRow } | null> {
  const [found] = await sessionLookup(deps.db).execute({ tokenHash })
  if (!found) return null
  const idleExpired = Date.parse(found.session.lastSeenAt) + limits(deps).idleMs <= now
  const absoluteExpired = Date.parse(found.session.expiresAt) <= now
  if (idleExpired || absoluteExpired || found.user.disabledAt) {
    await deleteSession(deps, found.session.id)
    return null
  }
  if (now - Date.parse(found.session.lastSeenAt) >= TOUCH_EVERY_MS) {
    const lastSeenAt = new Date(now).toISOString()
    try {
      // No view shows lastSeenAt: the touch leaves the data version (and every 304) alone.
      await deps.db.write(
        async (tx) => {
          await tx.update(sessions).set({ lastSeenAt }).where(eq(sessions.id, found.session.id))
        },
        { visible: false },
      )
      found.session.lastSeenAt = lastSeenAt
    } catch (err) {
      // On a full disk reads keep working: a missed touch only shortens the idle window once.
      if (!isStorageError(err)) throw err
    }
  }
  return found
}

/** Step-up: records the re-entry time and swaps the token, so a token seen before is worth less. */
export async function reauthenticateSession(
  deps: Pick<Deps, 'db' | 'clock'>,
  sessionId: string,
): Promise<{ token: string; reauthenticatedAt: string }> {
  const token = randomToken()
  const reauthenticatedAt = deps.clock.now().toISOString()
  await deps.db.write(async (tx) => {
    await tx
      .update(sessions)
      .set({ tokenHash: sha256Hex(token), reauthenticatedAt, lastSeenAt: reauthenticatedAt })
      .where(eq(sessions.id, sessionId))
  })
  return { token, reauthenticatedAt }
}

export async function deleteSession(deps: Pick<Deps, 'db'>, sessionId: string): Promise<void> {
  await deps.db.write(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, sessionId))
  })
}

/** Step-up window: a fixed 10 minutes from the password re-entry, not sliding. */
export const STEP_UP_WINDOW_MS = 10 * 60_000

export function hasFreshStepUp(deps: Pick<Deps, 'clock'>, reauthenticatedAt: string | null): boolean {
  if (!reauthenticatedAt) return false
  return deps.clock.now().getTime() - Date.parse(reauthenticatedAt) < STEP_UP_WINDOW_MS
}

/** The user's sessions that are still alive (idle and absolute expiry applied), latest first. */
export async function listLiveSessions(deps: Pick<Deps, 'db' | 'clock' | 'env'>, userId: string): Promise<SessionRow[]> {
  const rows = await deps.db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.lastSeenAt))
  const now = deps.clock.now().getTime()
  const { idleMs } = limits(deps)
  return rows.filter((s) => Date.parse(s.lastSeenAt) + idleMs > now && Date.parse(s.expiresAt) > now)
}

/**
 * Ends one session of this user; false when it is not theirs (or gone). Deleting the row is what
 * ends it: every request resolves its session from the database (a cache in front of that lookup
 * must drop the token here too).
 */
export async function endUserSession(deps: Pick<Deps, 'db'>, userId: string, sessionId: string): Promise<boolean> {
  const gone = await deps.db.write((tx) =>
    tx
      .delete(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
      .returning({ id: sessions.id }),
  )
  return gone.length > 0
}

/** Ends every session of the user but `keepSessionId`: "sign out other devices", and a password change. */
export async function endOtherSessions(deps: Pick<Deps, 'db'>, userId: string, keepSessionId: string | null): Promise<number> {
  const gone = await deps.db.write((tx) =>
    tx
      .delete(sessions)
      .where(keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId))
      .returning({ id: sessions.id }),
  )
  return gone.length
}

/** A new password was set in this session: it no longer has to ask for one. */
export async function clearPasswordReset(deps: Pick<Deps, 'db'>, sessionId: string): Promise<void> {
  await deps.db.write(async (tx) => {
    await tx.update(sessions).set({ passwordResetRequiredAt: null }).where(eq(sessions.id, sessionId))
  })
}
