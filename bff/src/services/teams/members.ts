import { and, asc, count, desc, eq, sql } from 'drizzle-orm'
import type { Member, MembershipRole } from '@exocorp/shared/teams'
import type { Deps } from '../../deps'
import { sessions, users } from '../../db/schema/accounts'
import { bindings } from '../../db/schema/catalog'
import { companies, memberships } from '../../db/schema/companies'
import { lockRows } from '../../db/portable'
import type { Db } from '../../db/client'
import { AppError } from '../../lib/errors'
import type { CompanyRow } from '../companies/access'

/** Owners and members of one exocorp, owners first, then by when they joined. */
export async function listMembers(deps: Pick<Deps, 'db'>, company: CompanyRow): Promise<Member[]> {
  const rows = await deps.db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      addedAt: memberships.createdAt,
      lastSignInAt: users.lastSignInAt,
      lastSeenAt: sql<
        string | null
      >`(SELECT max(${sessions.lastSeenAt}) FROM ${sessions} WHERE ${sessions.userId} = ${users.id})`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.companyId, company.id))
    // 'owner' sorts after 'member': descending puts owners first.
    .orderBy(desc(memberships.role), asc(memberships.createdAt), asc(users.id))
  return rows.map((r) => ({
    userId: r.userId,
    name: r.name,
    email: r.email,
    role: r.role,
    primaryOwner: r.userId === company.ownerUserId,
    addedAt: r.addedAt,
    lastActiveAt: r.lastSeenAt ?? r.lastSignInAt,
  }))
}

async function memberIn(tx: Db, companyId: string, userId: string) {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.companyId, companyId), eq(memberships.userId, userId)))
    .limit(1)
  if (!row) throw AppError.notFound('Member')
  return row
}

async function ownerCount(tx: Db, companyId: string): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.companyId, companyId), eq(memberships.role, 'owner')))
  return row?.n ?? 0
}

type Verb = 'demoted' | 'removed' | 'leave'
const phrase = (verb: Verb) => (verb === 'leave' ? 'leave' : `be ${verb}`)

function lastOwner(verb: Verb) {
  return AppError.conflict('last_owner', `The last owner cannot ${phrase(verb)}; make someone else an owner first`)
}
function primaryOwner(verb: Verb) {
  return AppError.conflict(
    'primary_owner',
    `The primary owner (the account this exocorp is billed to) cannot ${phrase(verb)}; transfer ownership first`,
  )
}

/**
 * Changes a member's role. The company row is locked first so two owners demoting each other at
 * once cannot both pass the last-owner check.
 */
export async function changeMemberRole(
  deps: Pick<Deps, 'db'>,
  company: CompanyRow,
  userId: string,
  role: MembershipRole,
): Promise<{ from: MembershipRole; to: MembershipRole }> {
  return deps.db.write(async (tx) => {
    await lockRows(tx, 'companies', company.id)
    const current = await memberIn(tx, company.id, userId)
    if (current.role === role) return { from: role, to: role }
    if (current.role === 'owner' && role === 'member') {
      if ((await ownerCount(tx, company.id)) <= 1) throw lastOwner('demoted')
      if (userId === company.ownerUserId) throw primaryOwner('demoted')
    }
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.companyId, company.id), eq(memberships.userId, userId)))
    return { from: current.role, to: role }
  })
}

/**
 * Removes a member (or, with `leaving`, the caller themselves); they lose access on their very next
 * request (access is read per request). The same last-owner and primary-owner rules hold either way.
 */
export async function removeMember(
  deps: Pick<Deps, 'db'>,
  company: CompanyRow,
  userId: string,
  leaving = false,
): Promise<MembershipRole> {
  const verb: Verb = leaving ? 'leave' : 'removed'
  return deps.db.write(async (tx) => {
    await lockRows(tx, 'companies', company.id)
    const current = await memberIn(tx, company.id, userId)
    if (current.role === 'owner' && (await ownerCount(tx, company.id)) <= 1) throw lastOwner(verb)
    if (userId === company.ownerUserId) throw primaryOwner(verb)
    await tx.delete(memberships).where(and(eq(memberships.companyId, company.id), eq(memberships.userId, userId)))
    return current.role
  })
}

/**
 * Makes another member the primary owner: the exocorp is billed to them from now on, and they
 * become an owner. Provider credentials are per account and never shared, so the bindings to the
 * previous owner's credentials are dropped: the new owner binds their own before the next
 * provision or update (the runtime that is running keeps running).
 */
export async function transferOwnership(
  deps: Pick<Deps, 'db' | 'clock'>,
  company: CompanyRow,
  toUserId: string,
): Promise<{ droppedBindings: number }> {
  if (toUserId === company.ownerUserId) {
    throw AppError.conflict('already_primary_owner', 'This person is already the primary owner')
  }
  return deps.db.write(async (tx) => {
    await lockRows(tx, 'companies', company.id)
    await memberIn(tx, company.id, toUserId)
    const [target] = await tx.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, toUserId)).limit(1)
    if (target?.disabledAt) throw AppError.conflict('account_disabled', 'This account is disabled')
    await tx
      .update(memberships)
      .set({ role: 'owner' })
      .where(and(eq(memberships.companyId, company.id), eq(memberships.userId, toUserId)))
    await tx
      .update(companies)
      .set({ ownerUserId: toUserId, updatedAt: deps.clock.now().toISOString() })
      .where(eq(companies.id, company.id))
    const dropped = await tx.delete(bindings).where(eq(bindings.companyId, company.id)).returning({ provider: bindings.provider })
    return { droppedBindings: dropped.length }
  })
}
