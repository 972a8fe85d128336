import { HttpResponse } from 'msw'
import type { ApiErrorBody } from '@exocorp/shared/errors'
import { currentUser, db } from './mock-db'

/** The BFF's error envelope, for handlers. */
export function apiError(status: number, code: string, message: string, details?: Record<string, unknown>) {
  const body: ApiErrorBody = { error: { code, message, ...(details ? { details } : {}), requestId: 'mock-request' } }
  return HttpResponse.json(body, { status })
}

/**
 * The signed-in mock user, or the refusal the BFF would send: 401 without a session, and 403
 * `password_change_required` for a session opened with a recovery code, except on the routes the
 * BFF leaves open to it (`beforePasswordSet`: who am I, set the password).
 */
export function requireUser(opts: { beforePasswordSet?: boolean } = {}) {
  const user = currentUser()
  if (!user) return { user: null, denied: apiError(401, 'unauthenticated', 'Sign in to continue') }
  if (db.mustSetPassword && !opts.beforePasswordSet) {
    return {
      user: null,
      denied: apiError(403, 'password_change_required', 'You signed in with a recovery code: set a new password first', {
        setPasswordAt: '/api/account/password',
      }),
    }
  }
  return { user, denied: null }
}

/** The BFF's admin guards: admins read; platform owners act after a step-up in the last 10 minutes. */
export function adminGuard(act: boolean) {
  const { user, denied } = requireUser()
  if (denied) return denied
  if (user.role === 'user') return apiError(403, 'forbidden', 'This needs the admin role')
  if (!act) return null
  if (user.role !== 'platform_owner') return apiError(403, 'forbidden', 'This needs the platform owner role')
  const at = db.reauthenticatedAt
  if (!at || Date.now() - Date.parse(at) > 600_000) {
    return apiError(403, 'reauth_required', 'Enter your password again to confirm this action', {
      reauthenticateAt: '/api/auth/reauthenticate',
    })
  }
  return null
}
