import { Hono } from 'hono'
import {
  CreateInvitationInputSchema,
  TransferOwnershipInputSchema,
  UpdateMemberInputSchema,
  type IssuedInvitation,
} from '@exocorp/shared/teams'
import { actorOf, audit, type AppContext, type AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { AppError, isAppError } from '../lib/errors'
import { companyForOwner, companyForViewer } from '../services/companies/access'
import { createInvitation, inviteUrlOf, listInvitations, resendInvitation, revokeInvitation } from '../services/teams/invitations'
import { changeMemberRole, listMembers, removeMember, transferOwnership } from '../services/teams/members'
import { findUserById } from '../services/accounts/users'

type Target = { type: string; id: string | null }

/**
 * Runs one owner mutation and writes its one audit row: the refusal (404 another tenant, 403 a
 * member, 409 a rule) or the success, with the summary the caller builds from the result.
 */
export async function attempt<T>(
  c: AppContext,
  action: string,
  target: Target,
  run: () => Promise<T>,
  describe: (result: T) => { summary: string; details?: Record<string, unknown> },
): Promise<T> {
  let result: T
  try {
    result = await run()
  } catch (err) {
    await audit(c, {
      action,
      target,
      outcome: 'failed',
      summary: `${actorOf(c.get('principal')).label}: ${action} refused (${isAppError(err) ? err.message : 'error'})`,
      details: {
        status: isAppError(err) ? err.status : 500,
        reason: isAppError(err) ? (err.details?.reason ?? err.code) : 'error',
      },
    })
    throw err
  }
  const { summary, details } = describe(result)
  await audit(c, { action, target, outcome: 'succeeded', summary, ...(details ? { details } : {}) })
  return result
}

/** Members and invitations of one exocorp: owner-only, like every other owner setting. */
export const companyMemberRoutes = new Hono<AppEnv>()
  .get('/companies/:id/members', guard.user, async (c) => {
    const { company } = await companyForOwner(c.get('deps'), c.req.param('id'), principalOf(c).user.id)
    return c.json({ items: await listMembers(c.get('deps'), company) }, 200)
  })

  .patch('/companies/:id/members/:userId', guard.user, validate('json', UpdateMemberInputSchema), async (c) => {
    const p = principalOf(c)
    const { id, userId } = c.req.param()
    const { role } = c.req.valid('json')
    const result = await attempt(
      c,
      'company.member_role',
      { type: 'company', id },
      async () => {
        const { company } = await companyForOwner(c.get('deps'), id, p.user.id)
        const change = await changeMemberRole(c.get('deps'), company, userId, role)
        const user = await findUserById(c.get('deps'), userId)
        return { company, change, email: user?.email ?? userId }
      },
      (r) => ({
        summary: `${actorOf(p).label} made ${r.email} ${r.change.to === 'owner' ? 'an owner' : 'a member'} of ${r.company.slug}`,
        details: { userId, from: r.change.from, to: r.change.to },
      }),
    )
    const members = await listMembers(c.get('deps'), result.company)
    return c.json(
      members.find((m) => m.userId === userId)!,
      200,
    )
  })

  .delete('/companies/:id/members/:userId', guard.user, async (c) => {
    const p = principalOf(c)
    const { id, userId } = c.req.param()
    await attempt(
      c,
      'company.member_remove',
      { type: 'company', id },
      async () => {
        const { company } = await companyForOwner(c.get('deps'), id, p.user.id)
        const user = await findUserById(c.get('deps'), userId)
        const role = await removeMember(c.get('deps'), company, userId)
        return { company, role, email: user?.email ?? userId }
      },
      (r) => ({
        summary: `${actorOf(p).label} removed ${r.email} (${r.role}) from ${r.company.slug}`,
        details: { userId, role: r.role },
      }),
    )
    return c.json({ ok: true as const }, 200)
  })

  // Anyone in the exocorp may leave it themselves (a person, not an agent acting for them).
  .post('/companies/:id/leave', guard.session, async (c) => {
    const p = principalOf(c)
    const id = c.req.param('id')
    await attempt(
      c,
      'company.member_leave',
      { type: 'company', id },
      async () => {
        const { company } = await companyForViewer(c.get('deps'), id, p.user.id)
        const role = await removeMember(c.get('deps'), company, p.user.id, true)
        return { company, role }
      },
      (r) => ({
        summary: `${actorOf(p).label} left ${r.company.slug} (was ${r.role === 'owner' ? 'an owner' : 'a member'})`,
        details: { userId: p.user.id, role: r.role },
      }),
    )
    return c.json({ ok: true as const }, 200)
  })

  .post('/companies/:id/transfer', guard.user, validate('json', TransferOwnershipInputSchema), async (c) => {
    const p = principalOf(c)
    const id = c.req.param('id')
    const input = c.req.valid('json')
    const result = await attempt(
      c,
      'company.transfer_ownership',
      { type: 'company', id },
      async () => {
        const { company } = await companyForOwner(c.get('deps'), id, p.user.id)
        if (input.confirm !== company.slug) {
          throw AppError.validation({ confirm: [`Type ${company.slug} to confirm`] }, 'Type the exocorp’s slug to confirm')
        }
        const to = await findUserById(c.get('deps'), input.userId)
        const moved = await transferOwnership(c.get('deps'), company, input.userId)
        return { company, moved, email: to?.email ?? input.userId }
      },
      (r) => ({
        summary: `${actorOf(p).label} transferred ${r.company.slug} to ${r.email}`,
        details: { from: r.company.ownerUserId, to: input.userId, droppedBindings: r.moved.droppedBindings },
      }),
    )
    return c.json({ items: await listMembers(c.get('deps'), { ...result.company, ownerUserId: input.userId }) }, 200)
  })

  .get('/companies/:id/invitations', guard.user, async (c) => {
    const { company } = await companyForOwner(c.get('deps'), c.req.param('id'), principalOf(c).user.id)
    return c.json({ items: await listInvitations(c.get('deps'), company.id) }, 200)
  })

  .post('/companies/:id/invitations', guard.user, validate('json', CreateInvitationInputSchema), async (c) => {
    const p = principalOf(c)
    const id = c.req.param('id')
    const input = c.req.valid('json')
    const { invitation, token } = await attempt(
      c,
      'company.invite',
      { type: 'company', id },
      async () => {
        const { company } = await companyForOwner(c.get('deps'), id, p.user.id)
        return { ...(await createInvitation(c.get('deps'), company, p.user, input)), slug: company.slug }
      },
      (r) => ({
        summary: `${actorOf(p).label} invited ${input.email} to ${r.slug} as ${input.role}`,
        details: { invitationId: r.invitation.id, email: input.email, role: input.role },
      }),
    )
    const body: IssuedInvitation = { invitation, inviteUrl: inviteUrlOf(token) }
    return c.json(body, 201)
  })

  .post('/companies/:id/invitations/:invitationId/resend', guard.user, async (c) => {
    const p = principalOf(c)
    const { id, invitationId } = c.req.param()
    const { invitation, token } = await attempt(
      c,
      'company.invite_resend',
      { type: 'company', id },
      async () => {
        await companyForOwner(c.get('deps'), id, p.user.id)
        return resendInvitation(c.get('deps'), id, invitationId)
      },
      (r) => ({
        summary: `${actorOf(p).label} sent a new invitation link to ${r.invitation.email}`,
        details: { invitationId, email: r.invitation.email },
      }),
    )
    const body: IssuedInvitation = { invitation, inviteUrl: inviteUrlOf(token) }
    return c.json(body, 200)
  })

  .delete('/companies/:id/invitations/:invitationId', guard.user, async (c) => {
    const p = principalOf(c)
    const { id, invitationId } = c.req.param()
    const invitation = await attempt(
      c,
      'company.invite_revoke',
      { type: 'company', id },
      async () => {
        await companyForOwner(c.get('deps'), id, p.user.id)
        return revokeInvitation(c.get('deps'), id, invitationId)
      },
      (r) => ({
        summary: `${actorOf(p).label} revoked the invitation of ${r.email}`,
        details: { invitationId, email: r.email },
      }),
    )
    return c.json(invitation, 200)
  })
