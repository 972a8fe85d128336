import { and, desc, eq, gt, ne, sql } from 'drizzle-orm'
import {
  INVITATION_TTL_DAYS,
  type CreateInvitationInput,
  type Invitation,
  type InvitationStatus,
  type MembershipRole,
  type MyInvitation,
} from '@exocorp/shared/teams'
import type { Deps } from '../../deps'
import { users } from '../../db/schema/accounts'
import { companies, memberships } from '../../db/schema/companies'
import { invitations } from '../../db/schema/teams'
import { lockRows } from '../../db/portable'
import { newId, randomToken, sha256Hex } from '../../lib/crypto'
import { AppError } from '../../lib/errors'
import type { CompanyRow } from '../companies/access'
import type { UserRow } from '../accounts/sessions'

type InvitationRow = typeof invitations.$inferSelect

const TTL_MS = INVITATION_TTL_DAYS * 24 * 3_600_000
/** Invite links carry a recognisable prefix and 256 random bits; only the SHA-256 is stored. */
const TOKEN_PREFIX = 'exo_inv_'

export function inviteUrlOf(token: string): string {
  return `/invite/${token}`
}

function statusOf(row: Pick<InvitationRow, 'status' | 'expiresAt'>, now: Date): InvitationStatus {
  if (row.status === 'pending' && Date.parse(row.expiresAt) <= now.getTime()) return 'expired'
  return row.status
}

const inviterColumns = { inviterName: users.name, inviterEmail: users.email }

function toInvitation(row: InvitationRow & { inviterName: string; inviterEmail: string }, now: Date): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: statusOf(row, now),
    invitedBy: { name: row.inviterName, email: row.inviterEmail },
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    respondedAt: row.respondedAt,
  }
}

async function invitationWithInviter(deps: Pick<Deps, 'db'>, where: ReturnType<typeof eq>) {
  const [row] = await deps.db
    .select({ inv: invitations, ...inviterColumns })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(where)
    .limit(1)
  return row ? { ...row.inv, inviterName: row.inviterName, inviterEmail: row.inviterEmail } : null
}

/** The exocorp's invitations, newest first (the last 200: older ones are history the audit trail keeps). */
export async function listInvitations(deps: Pick<Deps, 'db' | 'clock'>, companyId: string): Promise<Invitation[]> {
  const rows = await deps.db
    .select({ inv: invitations, ...inviterColumns })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.invitedByUserId))
    .where(eq(invitations.companyId, companyId))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(200)
  const now = deps.clock.now()
  return rows.map((r) => toInvitation({ ...r.inv, inviterName: r.inviterName, inviterEmail: r.inviterEmail }, now))
}

/**
 * A new invitation. Someone who is already a member, or an address with a pending invitation,
 * answers 409 (resend that one instead). The token is returned once, for the inviter to share.
 */
export async function createInvitation(
  deps: Pick<Deps, 'db' | 'clock'>,
  company: CompanyRow,
  inviter: UserRow,
  input: CreateInvitationInput,
): Promise<{ invitation: Invitation; token: string }> {
  if (company.status === 'destroyed') throw AppError.conflict('invalid_state', 'This exocorp was destroyed')
  const now = deps.clock.now()
  const token = randomToken(TOKEN_PREFIX)
  const row = await deps.db.write(async (tx) => {
    await lockRows(tx, 'companies', company.id)
    const [member] = await tx
      .select({ id: users.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.companyId, company.id), eq(users.email, input.email)))
      .limit(1)
    if (member) {
      throw AppError.conflict('already_member', `${input.email} is already a member of this exocorp`, {
        fields: { email: ['Already a member of this exocorp'] },
      })
    }
    const [pending] = await tx
      .select({ id: invitations.id })
      .from(invitations)
      .where(
        and(
          eq(invitations.companyId, company.id),
          eq(invitations.email, input.email),
          eq(invitations.status, 'pending'),
          gt(invitations.expiresAt, now.toISOString()),
        ),
      )
      .limit(1)
    if (pending) {
      throw AppError.conflict('already_invited', `${input.email} already has a pending invitation; resend it instead`, {
        invitationId: pending.id,
        fields: { email: ['Already invited; resend the pending invitation'] },
      })
    }
    const inserted: InvitationRow = {
      id: newId(),
      companyId: company.id,
      email: input.email,
      role: input.role,
      tokenHash: sha256Hex(token),
      invitedByUserId: inviter.id,
      status: 'pending',
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + TTL_MS).toISOString(),
      respondedAt: null,
    }
    await tx.insert(invitations).values(inserted)
    return inserted
  })
  return { invitation: toInvitation({ ...row, inviterName: inviter.name, inviterEmail: inviter.email }, now), token }
}

async function ownInvitation(deps: Pick<Deps, 'db'>, companyId: string, invitationId: string) {
  const row = await invitationWithInviter(deps, eq(invitations.id, invitationId))
  if (!row || row.companyId !== companyId) throw AppError.notFound('Invitation')
  return row
}

function closed(status: InvitationStatus) {
  return AppError.conflict(`invitation_${status}`, `This invitation was already ${status}`)
}

/** A new link (the old one stops working) and seven more days; pending or expired invitations only. */
export async function resendInvitation(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  invitationId: string,
): Promise<{ invitation: Invitation; token: string }> {
  const now = deps.clock.now()
  const token = randomToken(TOKEN_PREFIX)
  const row = await ownInvitation(deps, companyId, invitationId)
  if (row.status !== 'pending') throw closed(row.status)
  const patch = { tokenHash: sha256Hex(token), expiresAt: new Date(now.getTime() + TTL_MS).toISOString() }
  const updated = await deps.db.write((tx) =>
    tx
      .update(invitations)
      .set(patch)
      .where(and(eq(invitations.id, invitationId), eq(invitations.status, 'pending')))
      .returning({ id: invitations.id }),
  )
  if (updated.length === 0) throw closed('revoked')
  return { invitation: toInvitation({ ...row, ...patch }, now), token }
}

export async function revokeInvitation(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  invitationId: string,
): Promise<Invitation> {
  const now = deps.clock.now()
  const row = await ownInvitation(deps, companyId, invitationId)
  if (row.status !== 'pending') throw closed(row.status)
  const respondedAt = now.toISOString()
  const updated = await deps.db.write((tx) =>
    tx
      .update(invitations)
      .set({ status: 'revoked', respondedAt })
      .where(and(eq(invitations.id, invitationId), eq(invitations.status, 'pending')))
      .returning({ id: invitations.id }),
  )
  if (updated.length === 0) throw closed('accepted')
  return toInvitation({ ...row, status: 'revoked', respondedAt }, now)
}

/** Pending, unexpired invitations addressed to this user's email, to live exocorps. */
export async function myInvitations(deps: Pick<Deps, 'db' | 'clock'>, user: UserRow): Promise<MyInvitation[]> {
  const rows = await deps.db
    .select({
      inv: invitations,
      ...inviterColumns,
      company: { id: companies.id, slug: companies.slug, name: companies.name },
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.invitedByUserId))
    .innerJoin(companies, eq(companies.id, invitations.companyId))
    .where(
      and(
        eq(invitations.email, user.email),
        eq(invitations.status, 'pending'),
        gt(invitations.expiresAt, deps.clock.now().toISOString()),
        ne(companies.status, 'destroyed'),
        // Someone who joined another way meanwhile has nothing left to accept.
        sql`NOT EXISTS (SELECT 1 FROM ${memberships} WHERE ${memberships.companyId} = ${invitations.companyId} AND ${memberships.userId} = ${user.id})`,
      ),
    )
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(100)
  return rows.map((r) => ({
    id: r.inv.id,
    company: r.company,
    role: r.inv.role,
    invitedBy: { name: r.inviterName, email: r.inviterEmail },
    createdAt: r.inv.createdAt,
    expiresAt: r.inv.expiresAt,
  }))
}

export interface InvitationOutcome {
  status: 'accepted' | 'declined'
  company: { id: string; slug: string; name: string }
  role: MembershipRole
}

/**
 * Accepts or declines, once. The invitation must be addressed to this user's email (another
 * account's invitation is 404 by id, and 403 by link so the holder of a link learns to switch
 * accounts); an expired, revoked or already answered one is 409 and changes nothing.
 */
export async function respondToInvitation(
  deps: Pick<Deps, 'db' | 'clock'>,
  user: UserRow,
  find: { id: string } | { token: string },
  response: 'accept' | 'decline',
): Promise<{ outcome: InvitationOutcome; invitationId: string }> {
  const now = deps.clock.now()
  const where = 'id' in find ? eq(invitations.id, find.id) : eq(invitations.tokenHash, sha256Hex(find.token.trim()))
  const [found] = await deps.db.select().from(invitations).where(where).limit(1)
  if (!found) throw AppError.notFound('Invitation')
  if (found.email !== user.email) {
    if ('id' in find) throw AppError.notFound('Invitation')
    throw new AppError(
      403,
      'forbidden',
      'This invitation was sent to a different email address; sign in with that account to accept it',
      {
        reason: 'wrong_account',
      },
    )
  }
  return deps.db.write(async (tx) => {
    await lockRows(tx, 'companies', found.companyId)
    const [row] = await tx.select().from(invitations).where(eq(invitations.id, found.id)).limit(1)
    const [company] = await tx
      .select({ id: companies.id, slug: companies.slug, name: companies.name, status: companies.status })
      .from(companies)
      .where(eq(companies.id, found.companyId))
      .limit(1)
    if (!row || !company) throw AppError.notFound('Invitation')
    const status = statusOf(row, now)
    if (status !== 'pending') throw closed(status)
    if (company.status === 'destroyed') throw AppError.conflict('invalid_state', 'This exocorp was destroyed')
    const respondedAt = now.toISOString()
    await tx
      .update(invitations)
      .set({ status: response === 'accept' ? 'accepted' : 'declined', respondedAt })
      .where(eq(invitations.id, row.id))
    let role = row.role
    if (response === 'accept') {
      const [existing] = await tx
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.companyId, company.id), eq(memberships.userId, user.id)))
        .limit(1)
      if (!existing) {
        await tx.insert(memberships).values({ companyId: company.id, userId: user.id, role: row.role, createdAt: respondedAt })
      } else if (existing.role === 'member' && row.role === 'owner') {
        await tx
          .update(memberships)
          .set({ role: 'owner' })
          .where(and(eq(memberships.companyId, company.id), eq(memberships.userId, user.id)))
      } else role = existing.role
    }
    return {
      invitationId: row.id,
      outcome: {
        status: response === 'accept' ? 'accepted' : 'declined',
        company: { id: company.id, slug: company.slug, name: company.name },
        role,
      },
    }
  })
}
