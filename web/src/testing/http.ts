import { HttpResponse } from 'msw'
import type { $ZodIssue } from 'zod/v4/core'
import type { ApiErrorBody, FieldErrors } from '@exocorp/shared/errors'
import { fieldIssueOf, type FieldIssues } from '@exocorp/shared/field-issues'
import { currentUser, db } from './mock-db'

/** The BFF's error envelope, for handlers. */
export function apiError(status: number, code: string, message: string, details?: Record<string, unknown>) {
  const body: ApiErrorBody = { error: { code, message, ...(details ? { details } : {}), requestId: 'mock-request' } }
  return HttpResponse.json(body, { status })
}

/**
 * The 400 the BFF answers when the contract's schema refuses the input (bff/src/http/validate.ts):
 * a sentence per field and, sentence by sentence, the issue behind it (`fieldIssueOf`, the shared
 * rule); each unknown field is named on its own.
 */
export function invalidInput(issues: readonly $ZodIssue[]) {
  const fields: FieldErrors = {}
  const fieldIssues: FieldIssues = {}
  const add = (key: string, message: string, issue: $ZodIssue) => {
    ;(fields[key] ??= []).push(message)
    ;(fieldIssues[key] ??= []).push(fieldIssueOf(issue))
  }
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys')
      for (const key of issue.keys) add([...issue.path, key].join('.'), 'Unknown field', issue)
    else add(issue.path.map(String).join('.') || '_root', issue.message, issue)
  }
  return apiError(400, 'validation_failed', 'Some fields are invalid', { fields, fieldIssues })
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
