import { http, HttpResponse } from 'msw'
import {
  AdminUserQuerySchema,
  SetUserRoleInputSchema,
  type AdminUserDetail,
  type AdminUserRow,
} from '@exocorp/shared/admin-users'
import { db, type MockUser } from '../mock-db'
import { apiError, requireUser } from '../http'

function rowOf(u: MockUser): AdminUserRow {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    state: db.teams.disabledUserIds.includes(u.id) ? 'disabled' : 'active',
    createdAt: u.createdAt,
    lastSignInAt: u.id === db.sessionUserId ? new Date().toISOString() : null,
    ownedCount: db.fleet.companies.filter((c) => c.ownerId === u.id && c.status !== 'destroyed').length,
  }
}

/** The admin guard of the BFF: admins read; platform owners act after a step-up in the last 10 minutes. */
function guard(act: boolean) {
  const { user, denied } = requireUser()
  if (denied) return { user: null, refused: denied }
  if (user.role === 'user') return { user: null, refused: apiError(403, 'forbidden', 'This needs the admin role') }
  if (!act) return { user, refused: null }
  if (user.role !== 'platform_owner')
    return { user: null, refused: apiError(403, 'forbidden', 'This needs the platform owner role') }
  if (!db.reauthenticatedAt || Date.now() - Date.parse(db.reauthenticatedAt) > 600_000) {
    return {
      user: null,
      refused: apiError(403, 'reauth_required', 'Enter your password again to confirm this action', {
        reauthenticateAt: '/api/auth/reauthenticate',
      }),
    }
  }
  return { user, refused: null }
}

const target = (id: unknown) => db.users.find((u) => u.id === id)

export const adminUserHandlers = [
  http.get('/api/admin/users', ({ request }) => {
    const { refused } = guard(false)
    if (refused) return refused
    const parsed = AdminUserQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid')
    const { q, role, state, sort, order, limit } = parsed.data
    let rows = db.users.map(rowOf)
    if (q) rows = rows.filter((r) => `${r.email} ${r.name}`.toLowerCase().includes(q.toLowerCase()))
    if (role) rows = rows.filter((r) => r.role === role)
    if (state) rows = rows.filter((r) => r.state === state)
    rows.sort((a, b) => String(a[sort] ?? '').localeCompare(String(b[sort] ?? '')) * (order === 'asc' ? 1 : -1))
    return HttpResponse.json({ items: rows.slice(0, limit), nextCursor: null })
  }),

  http.get('/api/admin/users/:userId', ({ params }) => {
    const { refused } = guard(false)
    if (refused) return refused
    const u = target(params.userId)
    if (!u) return apiError(404, 'not_found', 'User not found')
    const body: AdminUserDetail = {
      user: rowOf(u),
      companies: db.fleet.companies
        .filter((c) => c.ownerId === u.id)
        .map((c) => ({ id: c.id, slug: c.slug, name: c.name, status: c.status, role: 'owner' as const })),
      sessions: u.id === db.sessionUserId ? db.teams.sessions.map((s) => ({ ...s, current: false })) : [],
      tokens: [],
      recentAudit: db.audit.filter((e) => e.actor.id === u.id).slice(0, 20),
    }
    return HttpResponse.json(body)
  }),

  http.post('/api/admin/users/:userId/role', async ({ params, request }) => {
    const { refused } = guard(true)
    if (refused) return refused
    const u = target(params.userId)
    if (!u) return apiError(404, 'not_found', 'User not found')
    const parsed = SetUserRoleInputSchema.safeParse(await request.json())
    if (!parsed.success) return apiError(400, 'validation_failed', 'Some fields are invalid')
    if (
      u.role === 'platform_owner' &&
      parsed.data.role !== 'platform_owner' &&
      db.users.filter((x) => x.role === 'platform_owner').length <= 1
    ) {
      return apiError(409, 'conflict', 'The platform needs at least one platform owner; make someone else one first', {
        reason: 'last_platform_owner',
      })
    }
    u.role = parsed.data.role
    return HttpResponse.json(rowOf(u))
  }),

  http.post('/api/admin/users/:userId/disable', ({ params }) => {
    const { user, refused } = guard(true)
    if (refused) return refused
    const u = target(params.userId)
    if (!u) return apiError(404, 'not_found', 'User not found')
    if (u.id === user.id) return apiError(409, 'conflict', 'You cannot disable your own account', { reason: 'self' })
    if (!db.teams.disabledUserIds.includes(u.id)) db.teams.disabledUserIds.push(u.id)
    return HttpResponse.json(rowOf(u))
  }),

  http.post('/api/admin/users/:userId/enable', ({ params }) => {
    const { refused } = guard(true)
    if (refused) return refused
    const u = target(params.userId)
    if (!u) return apiError(404, 'not_found', 'User not found')
    db.teams.disabledUserIds = db.teams.disabledUserIds.filter((id) => id !== u.id)
    return HttpResponse.json(rowOf(u))
  }),

  http.delete('/api/admin/users/:userId/sessions/:sessionId', ({ params }) => {
    const { refused } = guard(true)
    if (refused) return refused
    if (!target(params.userId)) return apiError(404, 'not_found', 'User not found')
    const before = db.teams.sessions.length
    db.teams.sessions = db.teams.sessions.filter((s) => s.id !== params.sessionId)
    if (db.teams.sessions.length === before) return apiError(404, 'not_found', 'Session not found')
    return HttpResponse.json({ signedOut: 1 })
  }),
]
