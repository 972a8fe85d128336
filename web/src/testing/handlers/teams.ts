import { http, HttpResponse } from 'msw'
import {
  AcceptInvitationTokenInputSchema,
  CreateInvitationInputSchema,
  INVITATION_TTL_DAYS,
  UpdateMemberInputSchema,
  type IssuedInvitation,
  type Member,
  type MyInvitation,
} from '@exocorp/shared/teams'
import { addAudit, addNotification, db, type MockUser } from '../mock-db'
import { apiError, invalidInput, requireUser } from '../http'

/** Owner-only, like the BFF: a member gets 403, anyone else the 404 of a missing id. */
function ownedCompany(id: unknown, user: MockUser) {
  const c = db.fleet.companies.find((x) => x.id === id)
  if (c && c.ownerId === user.id) return { c, refused: null }
  if (c && db.teams.memberships.some((m) => m.companyId === c.id && m.userId === user.id)) {
    return { c: null, refused: apiError(403, 'forbidden', 'Only the owner of this exocorp can do this') }
  }
  return { c: null, refused: apiError(404, 'not_found', 'Exocorp not found') }
}

function membersOf(companyId: string): Member[] {
  const c = db.fleet.companies.find((x) => x.id === companyId)!
  const owner = db.users.find((u) => u.id === c.ownerId)!
  const rows: Member[] = [
    {
      userId: owner.id,
      name: owner.name,
      email: owner.email,
      role: 'owner',
      primaryOwner: true,
      addedAt: c.createdAt,
      lastActiveAt: new Date().toISOString(),
    },
  ]
  for (const m of db.teams.memberships.filter((x) => x.companyId === companyId)) {
    const u = db.users.find((x) => x.id === m.userId)
    if (u) {
      rows.push({
        userId: u.id,
        name: u.name,
        email: u.email,
        role: m.role,
        primaryOwner: false,
        addedAt: m.addedAt,
        lastActiveAt: null,
      })
    }
  }
  return rows.sort((a, b) => (a.role === b.role ? 0 : a.role === 'owner' ? -1 : 1))
}

function invitationView({ companyId: _c, token: _t, ...inv }: (typeof db.teams.invitations)[number]) {
  return inv.status === 'pending' && Date.parse(inv.expiresAt) <= Date.now() ? { ...inv, status: 'expired' as const } : inv
}

function respond(user: MockUser, inv: (typeof db.teams.invitations)[number] | undefined, response: 'accept' | 'decline') {
  if (!inv) return apiError(404, 'not_found', 'Invitation not found')
  if (inv.email !== user.email) {
    return apiError(
      403,
      'forbidden',
      'This invitation was sent to a different email address; sign in with that account to accept it',
      {
        reason: 'wrong_account',
      },
    )
  }
  const status = invitationView(inv).status
  if (status !== 'pending')
    return apiError(409, 'conflict', `This invitation was already ${status}`, { reason: `invitation_${status}` })
  inv.status = response === 'accept' ? 'accepted' : 'declined'
  inv.respondedAt = new Date().toISOString()
  if (response === 'accept') {
    db.teams.memberships.push({ companyId: inv.companyId, userId: user.id, role: inv.role, addedAt: inv.respondedAt })
  }
  const c = db.fleet.companies.find((x) => x.id === inv.companyId)!
  addAudit({
    actor: { type: 'user', id: user.id, label: user.email },
    action: `invitation.${response}`,
    target: { type: 'invitation', id: inv.id },
    outcome: 'succeeded',
    summary: `${user.email} ${inv.status} the invitation to ${c.slug}`,
  })
  return HttpResponse.json({ status: inv.status, company: { id: c.id, slug: c.slug, name: c.name }, role: inv.role })
}

export const teamHandlers = [
  http.get('/api/registry/companies/:id/members', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, refused } = ownedCompany(params.id, user)
    return refused ?? HttpResponse.json({ items: membersOf(c.id) })
  }),

  http.patch('/api/registry/companies/:id/members/:userId', async ({ params, request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, refused } = ownedCompany(params.id, user)
    if (refused) return refused
    const parsed = UpdateMemberInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalidInput(parsed.error.issues, UpdateMemberInputSchema)
    if (params.userId === c.ownerId) {
      if (parsed.data.role === 'owner') return HttpResponse.json(membersOf(c.id)[0])
      return apiError(409, 'conflict', 'The last owner cannot be demoted; make someone else an owner first', {
        reason: 'last_owner',
      })
    }
    const m = db.teams.memberships.find((x) => x.companyId === c.id && x.userId === params.userId)
    if (!m) return apiError(404, 'not_found', 'Member not found')
    m.role = parsed.data.role
    return HttpResponse.json(membersOf(c.id).find((x) => x.userId === m.userId))
  }),

  http.delete('/api/registry/companies/:id/members/:userId', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, refused } = ownedCompany(params.id, user)
    if (refused) return refused
    if (params.userId === c.ownerId) {
      return apiError(409, 'conflict', 'The last owner cannot be removed; make someone else an owner first', {
        reason: 'last_owner',
      })
    }
    const before = db.teams.memberships.length
    db.teams.memberships = db.teams.memberships.filter((x) => !(x.companyId === c.id && x.userId === params.userId))
    if (db.teams.memberships.length === before) return apiError(404, 'not_found', 'Member not found')
    return HttpResponse.json({ ok: true })
  }),

  // Like the BFF: any member leaves by themselves; the billed (primary) owner cannot.
  http.post('/api/registry/companies/:id/leave', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const c = db.fleet.companies.find((x) => x.id === params.id)
    if (c && c.ownerId === user.id) {
      return apiError(
        409,
        'conflict',
        'The primary owner (the account this exocorp is billed to) cannot leave; transfer ownership first',
        { reason: 'primary_owner' },
      )
    }
    const before = db.teams.memberships.length
    db.teams.memberships = db.teams.memberships.filter((m) => !(c && m.companyId === c.id && m.userId === user.id))
    if (!c || db.teams.memberships.length === before) return apiError(404, 'not_found', 'Exocorp not found')
    return HttpResponse.json({ ok: true })
  }),

  http.get('/api/registry/companies/:id/invitations', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, refused } = ownedCompany(params.id, user)
    return refused ?? HttpResponse.json({ items: db.teams.invitations.filter((i) => i.companyId === c.id).map(invitationView) })
  }),

  http.post('/api/registry/companies/:id/invitations', async ({ params, request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, refused } = ownedCompany(params.id, user)
    if (refused) return refused
    const parsed = CreateInvitationInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalidInput(parsed.error.issues, CreateInvitationInputSchema)
    const { email, role } = parsed.data
    if (membersOf(c.id).some((m) => m.email === email)) {
      return apiError(409, 'conflict', `${email} is already a member of this exocorp`, {
        reason: 'already_member',
        fields: { email: ['Already a member of this exocorp'] },
      })
    }
    if (db.teams.invitations.some((i) => i.companyId === c.id && i.email === email && invitationView(i).status === 'pending')) {
      return apiError(409, 'conflict', `${email} already has a pending invitation; resend it instead`, {
        reason: 'already_invited',
        fields: { email: ['Already invited; resend the pending invitation'] },
      })
    }
    const now = new Date()
    const token = `exo_inv_mock${crypto.randomUUID().replaceAll('-', '')}`
    const inv = {
      id: crypto.randomUUID(),
      companyId: c.id,
      token,
      email,
      role,
      status: 'pending' as const,
      invitedBy: { name: user.name, email: user.email },
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000).toISOString(),
      respondedAt: null,
    }
    db.teams.invitations.unshift(inv)
    const invitee = db.users.find((u) => u.email.toLowerCase() === email.toLowerCase())
    if (invitee)
      addNotification({
        userId: invitee.id,
        kind: 'invite_received',
        companyId: c.id,
        title: `You are invited to ${c.name} as ${inv.role}`,
      })
    const body: IssuedInvitation = { invitation: invitationView(inv), inviteUrl: `/invite/${token}` }
    return HttpResponse.json(body, { status: 201 })
  }),

  http.post('/api/registry/companies/:id/invitations/:invitationId/resend', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, refused } = ownedCompany(params.id, user)
    if (refused) return refused
    const inv = db.teams.invitations.find((i) => i.companyId === c.id && i.id === params.invitationId)
    if (!inv) return apiError(404, 'not_found', 'Invitation not found')
    if (inv.status !== 'pending') return apiError(409, 'conflict', `This invitation was already ${inv.status}`)
    inv.token = `exo_inv_mock${crypto.randomUUID().replaceAll('-', '')}`
    inv.expiresAt = new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000).toISOString()
    const body: IssuedInvitation = { invitation: invitationView(inv), inviteUrl: `/invite/${inv.token}` }
    return HttpResponse.json(body)
  }),

  http.delete('/api/registry/companies/:id/invitations/:invitationId', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const { c, refused } = ownedCompany(params.id, user)
    if (refused) return refused
    const inv = db.teams.invitations.find((i) => i.companyId === c.id && i.id === params.invitationId)
    if (!inv) return apiError(404, 'not_found', 'Invitation not found')
    if (inv.status !== 'pending') return apiError(409, 'conflict', `This invitation was already ${inv.status}`)
    inv.status = 'revoked'
    inv.respondedAt = new Date().toISOString()
    return HttpResponse.json(invitationView(inv))
  }),

  http.get('/api/account/invitations', () => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const items: MyInvitation[] = db.teams.invitations
      .filter((i) => i.email === user.email && invitationView(i).status === 'pending')
      .map((i) => {
        const c = db.fleet.companies.find((x) => x.id === i.companyId)!
        return {
          id: i.id,
          company: { id: c.id, slug: c.slug, name: c.name },
          role: i.role,
          invitedBy: i.invitedBy,
          createdAt: i.createdAt,
          expiresAt: i.expiresAt,
        }
      })
    return HttpResponse.json({ items })
  }),

  http.post('/api/account/invitations/:invitationId/accept', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const inv = db.teams.invitations.find((i) => i.id === params.invitationId && i.email === user.email)
    return respond(user, inv, 'accept')
  }),

  http.post('/api/account/invitations/:invitationId/decline', ({ params }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const inv = db.teams.invitations.find((i) => i.id === params.invitationId && i.email === user.email)
    return respond(user, inv, 'decline')
  }),

  http.post('/api/invitations/accept', async ({ request }) => {
    const { user, denied } = requireUser()
    if (denied) return denied
    const parsed = AcceptInvitationTokenInputSchema.safeParse(await request.json())
    if (!parsed.success) return invalidInput(parsed.error.issues, AcceptInvitationTokenInputSchema)
    return respond(
      user,
      db.teams.invitations.find((i) => i.token === parsed.data.token),
      'accept',
    )
  }),
]
