import { Hono } from 'hono'
import {
  ChangePasswordInputSchema,
  RecoveryKitInputSchema,
  UpdateProfileInputSchema,
  type ChangePasswordResult,
  type DeviceSessionList,
  type PendingRecoveryKit,
  type RecoveryKit,
} from '@exocorp/shared/account'
import type { InvitationResponse } from '@exocorp/shared/teams'
import { AcceptInvitationTokenInputSchema } from '@exocorp/shared/teams'
import { actorOf, audit, clientIp, type AppContext, type AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { toDeviceSession } from '../services/accounts/devices'
import { verifyPassword } from '../services/accounts/passwords'
import { setPassword, updateProfile } from '../services/accounts/profile'
import { heldRecoveryKit, holdRecoveryKit, issueRecoveryCodes, releaseRecoveryKit } from '../services/accounts/recovery-codes'
import { clearPasswordReset, endOtherSessions, endUserSession, listLiveSessions } from '../services/accounts/sessions'
import { credentialBudgets, refundAttempt, reserveAttempt, throttleKeys } from '../services/accounts/throttle'
import { toMe } from '../services/accounts/users'
import { myInvitations, respondToInvitation } from '../services/teams/invitations'
import { attempt } from './company-members'
import { attempt as audited } from '../http/attempt'
import { NotificationPathSchema } from '@exocorp/shared/notifications'
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '../services/notifications'
import { NewsletterPreferenceInputSchema } from '@exocorp/shared/platform-ops'
import { activeBroadcastsFor } from '../services/operations/broadcasts'
import { newsletterPreferenceOf, setNewsletterPreference } from '../services/operations/newsletter'

/** Account security is for the person in a browser: agents' bearer tokens are refused here. */
function sessionOf(c: AppContext) {
  const p = principalOf(c)
  if (p.kind !== 'session') throw AppError.forbidden('Manage your account from a signed-in browser session')
  return p
}

/**
 * Checks the current password under the sign-in throttle (per account and address), so these
 * endpoints cannot be used to guess it faster than the sign-in form allows.
 */
async function checkPassword(c: AppContext, field: string, password: string): Promise<void> {
  const p = sessionOf(c)
  const deps = c.get('deps')
  const keys = throttleKeys(p.user.email, clientIp(c))
  const reservation = await reserveAttempt(deps, credentialBudgets(keys))
  if (!reservation.allowed) {
    throw new AppError(429, 'too_many_requests', 'Too many failed attempts. Try again later.', {
      retryAfterSeconds: reservation.retryAfterSeconds,
    })
  }
  if (!(await verifyPassword(p.user.passwordHash, password))) {
    throw AppError.validation({ [field]: ['Password is incorrect'] }, 'Password is incorrect')
  }
  await refundAttempt(deps, [keys.account, keys.ip])
}

function respond(c: AppContext, find: { id: string } | { token: string }, response: 'accept' | 'decline') {
  const p = principalOf(c)
  return attempt(
    c,
    `invitation.${response}`,
    { type: 'invitation', id: 'id' in find ? find.id : null },
    () => respondToInvitation(c.get('deps'), p.user, find, response),
    (r) => ({
      summary: `${actorOf(p).label} ${r.outcome.status} the invitation to ${r.outcome.company.slug}${
        r.outcome.status === 'accepted' ? ` as ${r.outcome.role}` : ''
      }`,
      details: { invitationId: r.invitationId, companyId: r.outcome.company.id, role: r.outcome.role },
    }),
  )
}

export const accountRoutes = new Hono<AppEnv>()
  .patch('/profile', guard.session, validate('json', UpdateProfileInputSchema), async (c) => {
    const p = sessionOf(c)
    const input = c.req.valid('json')
    const updated = await attempt(
      c,
      'account.profile',
      { type: 'user', id: p.user.id },
      async () => {
        if (input.email !== undefined && input.email !== p.user.email) {
          await checkPassword(c, 'currentPassword', input.currentPassword ?? '')
        }
        return updateProfile(c.get('deps'), p.user, { name: input.name, email: input.email })
      },
      (u) => ({
        summary: `${p.user.email} updated their profile${u.email !== p.user.email ? ` (email now ${u.email})` : ''}`,
        details: {
          fields: [...(u.name !== p.user.name ? ['name'] : []), ...(u.email !== p.user.email ? ['email'] : [])],
          ...(u.email !== p.user.email ? { previousEmail: p.user.email } : {}),
        },
      }),
    )
    return c.json(toMe(updated, p.session.reauthenticatedAt, 'session', p.session.passwordResetRequiredAt !== null), 200)
  })

  .post('/password', guard.sessionBeforePasswordSet, validate('json', ChangePasswordInputSchema), async (c) => {
    const p = sessionOf(c)
    const input = c.req.valid('json')
    // A session opened with a recovery code proved the account without the password it lost.
    const recovering = p.session.passwordResetRequiredAt !== null
    const result = await attempt(
      c,
      'account.password',
      { type: 'user', id: p.user.id },
      async () => {
        if (!recovering) {
          if (input.currentPassword === undefined) {
            throw AppError.validation({ currentPassword: ['Enter your current password'] })
          }
          await checkPassword(c, 'currentPassword', input.currentPassword)
        }
        await setPassword(c.get('deps'), p.user.id, input.newPassword)
        // Explicit, not left to a cache's expiry: every other device is signed out now (issue 11).
        const signedOutSessions = await endOtherSessions(c.get('deps'), p.user.id, p.session.id)
        if (recovering) await clearPasswordReset(c.get('deps'), p.session.id)
        return { signedOutSessions }
      },
      (r) => ({
        summary: `${p.user.email} ${recovering ? 'set a new password after a recovery-code sign-in' : 'changed their password'}; ${r.signedOutSessions} other session(s) signed out`,
        details: { signedOutSessions: r.signedOutSessions, recovering },
      }),
    )
    const body: ChangePasswordResult = result
    return c.json(body, 200)
  })

  .post('/recovery-kit', guard.session, validate('json', RecoveryKitInputSchema), async (c) => {
    const p = sessionOf(c)
    const input = c.req.valid('json')
    const codes = await attempt(
      c,
      'account.recovery_kit',
      { type: 'user', id: p.user.id },
      async () => {
        await checkPassword(c, 'password', input.password)
        return issueRecoveryCodes(c.get('deps'), p.user.id)
      },
      (r) => ({
        summary: `${p.user.email} generated a new recovery kit; the previous codes stopped working`,
        details: { codes: r.length },
      }),
    )
    await holdRecoveryKit(c.get('deps'), p.session.id, codes)
    const body: RecoveryKit = { recoveryCodes: codes }
    return c.json(body, 201)
  })

  .get('/recovery-kit/pending', guard.session, async (c) => {
    const p = sessionOf(c)
    const body: PendingRecoveryKit = { recoveryCodes: await heldRecoveryKit(c.get('deps'), p.session.id) }
    return c.json(body, 200)
  })

  .post('/recovery-kit/saved', guard.session, async (c) => {
    const p = sessionOf(c)
    if (await releaseRecoveryKit(c.get('deps'), p.session.id)) {
      await audit(c, {
        action: 'account.recovery_kit_saved',
        target: { type: 'user', id: p.user.id },
        outcome: 'succeeded',
        summary: `${p.user.email} confirmed saving their recovery kit`,
      })
    }
    return c.json({ ok: true as const }, 200)
  })

  .get('/sessions', guard.session, async (c) => {
    const p = sessionOf(c)
    const rows = await listLiveSessions(c.get('deps'), p.user.id)
    const body: DeviceSessionList = { items: rows.map((r) => toDeviceSession(r, p.session.id)) }
    return c.json(body, 200)
  })

  .post('/sessions/sign-out-others', guard.session, async (c) => {
    const p = sessionOf(c)
    const signedOut = await attempt(
      c,
      'account.sessions_end_others',
      { type: 'user', id: p.user.id },
      () => endOtherSessions(c.get('deps'), p.user.id, p.session.id),
      (n) => ({ summary: `${p.user.email} signed out ${n} other session(s)`, details: { signedOut: n } }),
    )
    return c.json({ signedOut }, 200)
  })

  .delete('/sessions/:sessionId', guard.session, async (c) => {
    const p = sessionOf(c)
    const sessionId = c.req.param('sessionId')
    await attempt(
      c,
      'account.session_end',
      { type: 'session', id: sessionId },
      async () => {
        if (sessionId === p.session.id) {
          throw AppError.conflict('current_session', 'This is the session you are using; sign out instead')
        }
        if (!(await endUserSession(c.get('deps'), p.user.id, sessionId))) throw AppError.notFound('Session')
      },
      () => ({ summary: `${p.user.email} signed out one of their sessions` }),
    )
    return c.json({ signedOut: 1 }, 200)
  })

  .get('/invitations', guard.user, async (c) => c.json({ items: await myInvitations(c.get('deps'), principalOf(c).user) }, 200))

  .post('/invitations/:invitationId/accept', guard.user, async (c) => {
    const { outcome } = await respond(c, { id: c.req.param('invitationId') }, 'accept')
    const body: InvitationResponse = outcome
    return c.json(body, 200)
  })

  .post('/invitations/:invitationId/decline', guard.user, async (c) => {
    const { outcome } = await respond(c, { id: c.req.param('invitationId') }, 'decline')
    const body: InvitationResponse = outcome
    return c.json(body, 200)
  })

  // Broadcasts live for your segment (decision 043): the console shows them as banners.
  .get('/broadcasts', guard.user, async (c) => c.json(await activeBroadcastsFor(c.get('deps'), principalOf(c).user), 200))

  // Newsletter opt-in (decision 043): off until the person turns it on.
  .get('/newsletter', guard.session, async (c) => c.json(await newsletterPreferenceOf(c.get('deps'), sessionOf(c).user.id), 200))
  .put(
    '/newsletter',
    guard.session,
    validate('json', NewsletterPreferenceInputSchema, () => ({
      action: 'account.newsletter',
      target: { type: 'user', id: null },
      failSummary: 'A newsletter preference was refused',
    })),
    async (c) => {
      const p = sessionOf(c)
      const { optedIn } = c.req.valid('json')
      const pref = await audited(
        c,
        {
          action: 'account.newsletter',
          target: { type: 'user', id: p.user.id },
          failSummary: `${p.user.email}: newsletter preference failed`,
        },
        () => setNewsletterPreference(c.get('deps'), p.user.id, optedIn),
        () => ({
          summary: `${p.user.email} ${optedIn ? 'subscribed to' : 'unsubscribed from'} the newsletter`,
          details: { optedIn },
        }),
      )
      return c.json(pref, 200)
    },
  )

  // Notifications (decision 037): yours only; another user's id answers 404 like an unknown one.
  .get('/notifications', guard.user, async (c) => c.json(await listNotifications(c.get('deps'), principalOf(c).user.id), 200))

  .post('/notifications/read-all', guard.user, async (c) => {
    const user = principalOf(c).user
    const result = await audited(
      c,
      {
        action: 'notification.read_all',
        target: { type: 'user', id: user.id },
        failSummary: `${user.email} could not mark notifications read`,
      },
      () => markAllNotificationsRead(c.get('deps'), user.id),
      (r) => ({ summary: `${user.email} marked ${r.marked} notification(s) read`, details: { marked: r.marked } }),
    )
    return c.json(result, 200)
  })

  .post(
    '/notifications/:notificationId/read',
    guard.user,
    validate('param', NotificationPathSchema, (c) => ({
      action: 'notification.read',
      target: { type: 'notification', id: null },
      failSummary: `${principalOf(c).user.email} gave a malformed notification id`,
    })),
    async (c) => {
      const user = principalOf(c).user
      const { notificationId } = c.req.valid('param')
      const result = await audited(
        c,
        {
          action: 'notification.read',
          target: { type: 'notification', id: notificationId },
          failSummary: `${user.email} could not mark a notification read`,
        },
        () => markNotificationRead(c.get('deps'), user.id, Number(notificationId)),
        (r) => ({ summary: `${user.email} marked a notification read`, details: { marked: r.marked } }),
      )
      return c.json(result, 200)
    },
  )

/** `POST /api/invitations/accept` with the token of an invite link. */
export const invitationLinkRoutes = new Hono<AppEnv>().post(
  '/accept',
  guard.user,
  validate('json', AcceptInvitationTokenInputSchema),
  async (c) => {
    const { outcome } = await respond(c, { token: c.req.valid('json').token }, 'accept')
    const body: InvitationResponse = outcome
    return c.json(body, 200)
  },
)
