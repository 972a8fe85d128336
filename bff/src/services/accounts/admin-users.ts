import { and, asc, count, desc, eq, ne, or, sql, type SQL } from 'drizzle-orm'
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core'
import type { AdminUserDetail, AdminUserQuery, AdminUserRow } from '@exocorp/shared/admin-users'
import type { PlatformRole } from '@exocorp/shared/auth'
import type { Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { auditEvents, auditRefusals } from '../../db/schema/audit'
import { companies, memberships } from '../../db/schema/companies'
import { operatorClients } from '../../db/schema/operator-clients'
import { lockKey } from '../../db/portable'
import { decodeCursor, encodeCursor, pairCursor } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import { toAuditEvent } from '../audit'
import { toOperatorClients } from '../operator-clients/drafts'
import { toDeviceSession } from './devices'
import { endOtherSessions, listLiveSessions, type UserRow } from './sessions'

const SORT_COLUMNS = {
  email: users.email,
  name: users.name,
  role: users.role,
  createdAt: users.createdAt,
  lastSignInAt: sql`coalesce(${users.lastSignInAt}, '')`,
} satisfies Record<AdminUserQuery['sort'], SQLiteColumn | SQL>

function likePattern(q: string) {
  return `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`
}
const contains = (column: SQLiteColumn, pattern: string) => sql`lower(${column}) LIKE ${pattern} ESCAPE '\\'`

// Spelled out: in a one-table select drizzle leaves columns unqualified, and `id` would be the company's.
const ownedCount = sql<number>`(SELECT count(*) FROM companies owned WHERE owned.owner_user_id = users.id AND owned.status <> 'destroyed')`

export function toAdminUserRow(
  u: Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'disabledAt' | 'createdAt' | 'lastSignInAt'>,
  owned: number,
): AdminUserRow {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    state: u.disabledAt ? 'disabled' : 'active',
    createdAt: u.createdAt,
    lastSignInAt: u.lastSignInAt,
    ownedCount: Number(owned),
  }
}

/** Every account: server-side search (email, name), filters, sort and keyset pages. */
export async function listAdminUsers(deps: Pick<Deps, 'db'>, query: AdminUserQuery) {
  const col = SORT_COLUMNS[query.sort]
  const ascending = query.order === 'asc'
  const direction = ascending ? asc : desc
  const beyond = (column: SQLiteColumn | SQL, value: string) =>
    ascending ? sql`${column} > ${value}` : sql`${column} < ${value}`
  const where: (SQL | undefined)[] = []
  if (query.role) where.push(eq(users.role, query.role))
  if (query.state === 'disabled') where.push(sql`${users.disabledAt} IS NOT NULL`)
  if (query.state === 'active') where.push(sql`${users.disabledAt} IS NULL`)
  if (query.q?.trim()) {
    const p = likePattern(query.q.trim().toLowerCase())
    where.push(or(contains(users.email, p), contains(users.name, p)))
  }
  const after = decodeCursor(query.cursor, pairCursor)
  if (after) where.push(or(beyond(col, after[0]), and(sql`${col} = ${after[0]}`, beyond(users.id, after[1]))))
  const rows = await deps.db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
      lastSignInAt: users.lastSignInAt,
      owned: ownedCount.mapWith(Number),
      sortValue: sql<string>`${col}`,
    })
    .from(users)
    .where(and(...where))
    .orderBy(direction(col), direction(users.id))
    .limit(query.limit + 1)
  const page = rows.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => toAdminUserRow(r, r.owned)),
    nextCursor: rows.length > query.limit && last ? encodeCursor([String(last.sortValue), last.id]) : null,
  }
}

export async function findAdminUser(deps: Pick<Deps, 'db'>, userId: string) {
  const [row] = await deps.db
    .select({ user: users, owned: ownedCount.mapWith(Number) })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1)
  if (!row) throw AppError.notFound('User')
  return row
}

export async function adminUserDetail(deps: Pick<Deps, 'db' | 'clock' | 'env'>, userId: string): Promise<AdminUserDetail> {
  const { user, owned } = await findAdminUser(deps, userId)
  const owns = await deps.db
    .select({ id: companies.id, slug: companies.slug, name: companies.name, status: companies.status, role: memberships.role })
    .from(memberships)
    .innerJoin(companies, eq(companies.id, memberships.companyId))
    .where(and(eq(memberships.userId, userId), ne(companies.status, 'destroyed')))
    .orderBy(asc(companies.name))
    .limit(200)
  const tokens = await deps.db
    .select()
    .from(operatorClients)
    .where(eq(operatorClients.userId, userId))
    .orderBy(desc(operatorClients.createdAt))
    .limit(100)
  const audit = await deps.db
    .select({ event: auditEvents, refusal: auditRefusals })
    .from(auditEvents)
    .leftJoin(auditRefusals, eq(auditRefusals.auditEventId, auditEvents.id))
    .where(
      or(
        and(eq(auditEvents.actorType, 'user'), eq(auditEvents.actorId, userId)),
        and(eq(auditEvents.targetType, 'user'), eq(auditEvents.targetId, userId)),
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(20)
  return {
    user: toAdminUserRow(user, owned),
    companies: owns,
    sessions: (await listLiveSessions(deps, userId)).map((s) => toDeviceSession(s, null)),
    tokens: await toOperatorClients(deps, tokens),
    recentAudit: audit.map((r) => toAuditEvent(r.event, r.refusal)),
  }
}

async function platformOwnerCount(tx: Deps['db']): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.role, 'platform_owner'), sql`${users.disabledAt} IS NULL`))
  return row?.n ?? 0
}

/** Grants or revokes a platform role; the platform keeps at least one active platform owner. */
export async function changePlatformRole(
  deps: Pick<Deps, 'db' | 'clock'>,
  userId: string,
  role: PlatformRole,
): Promise<{ user: UserRow; from: PlatformRole }> {
  return deps.db.write(async (tx) => {
    await lockKey(tx, 'platform-owners')
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).limit(1)
    if (!user) throw AppError.notFound('User')
    if (user.role === 'platform_owner' && role !== 'platform_owner' && !user.disabledAt && (await platformOwnerCount(tx)) <= 1) {
      throw AppError.conflict(
        'last_platform_owner',
        'The platform needs at least one platform owner; make someone else one first',
      )
    }
    const updatedAt = deps.clock.now().toISOString()
    await tx.update(users).set({ role, updatedAt }).where(eq(users.id, userId))
    return { user: { ...user, role, updatedAt }, from: user.role }
  })
}

/**
 * Disables or enables an account. Disabling deletes its sessions at once (the session lookup also
 * refuses a disabled user's sessions, and the bearer lookup its operator clients' tokens), so the
 * very next request of either answers 401.
 */
export async function setAccountDisabled(
  deps: Pick<Deps, 'db' | 'clock'>,
  actorId: string,
  userId: string,
  disabled: boolean,
): Promise<{ user: UserRow; endedSessions: number }> {
  if (disabled && actorId === userId) throw AppError.conflict('self', 'You cannot disable your own account')
  const user = await deps.db.write(async (tx) => {
    await lockKey(tx, 'platform-owners')
    const [row] = await tx.select().from(users).where(eq(users.id, userId)).limit(1)
    if (!row) throw AppError.notFound('User')
    if (disabled && row.role === 'platform_owner' && !row.disabledAt && (await platformOwnerCount(tx)) <= 1) {
      throw AppError.conflict('last_platform_owner', 'The last platform owner cannot be disabled')
    }
    const now = deps.clock.now().toISOString()
    const disabledAt = disabled ? (row.disabledAt ?? now) : null
    await tx.update(users).set({ disabledAt, updatedAt: now }).where(eq(users.id, userId))
    return { ...row, disabledAt, updatedAt: now }
  })
  const endedSessions = disabled ? await endOtherSessions(deps, userId, null) : 0
  return { user, endedSessions }
}
