import { Hono } from 'hono'
import { AdminUserQuerySchema, SetUserRoleInputSchema, type AdminUserRow } from '@exocorp/shared/admin-users'
import { actorOf, type AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import {
  adminUserDetail,
  changePlatformRole,
  findAdminUser,
  listAdminUsers,
  setAccountDisabled,
  toAdminUserRow,
} from '../services/accounts/admin-users'
import { endUserSession } from '../services/accounts/sessions'
import { attempt } from './company-members'

async function rowOf(deps: Parameters<typeof findAdminUser>[0], userId: string): Promise<AdminUserRow> {
  const { user, owned } = await findAdminUser(deps, userId)
  return toAdminUserRow(user, owned)
}

/**
 * Platform users. Reads for `admin`; mutations for `platform_owner` with a fresh step-up
 * (guard.platformOwner asks for it before these handlers run).
 */
export const adminUserRoutes = new Hono<AppEnv>()
  .get('/users', guard.admin, validate('query', AdminUserQuerySchema), async (c) =>
    c.json(await listAdminUsers(c.get('deps'), c.req.valid('query')), 200),
  )

  .get('/users/:userId', guard.admin, async (c) => c.json(await adminUserDetail(c.get('deps'), c.req.param('userId')), 200))

  .post('/users/:userId/role', guard.platformOwner, validate('json', SetUserRoleInputSchema), async (c) => {
    const p = principalOf(c)
    const userId = c.req.param('userId')
    const { role } = c.req.valid('json')
    await attempt(
      c,
      'admin.user_role',
      { type: 'user', id: userId },
      () => changePlatformRole(c.get('deps'), userId, role),
      (r) => ({
        summary: `${actorOf(p).label} changed the platform role of ${r.user.email} from ${r.from} to ${role}`,
        details: { from: r.from, to: role },
      }),
    )
    return c.json(await rowOf(c.get('deps'), userId), 200)
  })

  .post('/users/:userId/disable', guard.platformOwner, async (c) => {
    const p = principalOf(c)
    const userId = c.req.param('userId')
    await attempt(
      c,
      'admin.user_disable',
      { type: 'user', id: userId },
      () => setAccountDisabled(c.get('deps'), p.user.id, userId, true),
      (r) => ({
        summary: `${actorOf(p).label} disabled ${r.user.email}; ${r.endedSessions} session(s) ended`,
        details: { endedSessions: r.endedSessions },
      }),
    )
    return c.json(await rowOf(c.get('deps'), userId), 200)
  })

  .post('/users/:userId/enable', guard.platformOwner, async (c) => {
    const p = principalOf(c)
    const userId = c.req.param('userId')
    await attempt(
      c,
      'admin.user_enable',
      { type: 'user', id: userId },
      () => setAccountDisabled(c.get('deps'), p.user.id, userId, false),
      (r) => ({ summary: `${actorOf(p).label} enabled ${r.user.email}` }),
    )
    return c.json(await rowOf(c.get('deps'), userId), 200)
  })

  .delete('/users/:userId/sessions/:sessionId', guard.platformOwner, async (c) => {
    const p = principalOf(c)
    const { userId, sessionId } = c.req.param()
    await attempt(
      c,
      'admin.session_cancel',
      { type: 'user', id: userId },
      async () => {
        const { user } = await findAdminUser(c.get('deps'), userId)
        if (!(await endUserSession(c.get('deps'), userId, sessionId))) throw AppError.notFound('Session')
        return user
      },
      (u) => ({ summary: `${actorOf(p).label} cancelled a session of ${u.email}`, details: { sessionId } }),
    )
    return c.json({ signedOut: 1 }, 200)
  })
