import { HttpResponse } from 'msw'
import type { $ZodIssue, $ZodType } from 'zod/v4/core'
import type { ApiErrorBody } from '@exocorp/shared/errors'
import { fieldErrorsOf, ruleRefusal } from '@exocorp/shared/field-issues'
import type { FieldRuleKey } from '@exocorp/shared/field-rules'
import { currentUser, db } from './mock-db'

/** The BFF's error envelope, for handlers. */
export function apiError(status: number, code: string, message: string, details?: Record<string, unknown>) {
  const body: ApiErrorBody = { error: { code, message, ...(details ? { details } : {}), requestId: 'mock-request' } }
  return HttpResponse.json(body, { status })
}

/**
 * The 400 the BFF answers when the contract's schema refuses the input (bff/src/http/validate.ts),
 * through the same shared `fieldErrorsOf`: a sentence per field and, sentence by sentence, the issue
 * behind it; each unknown field named on its own, with the fields allowed when `schema` is given.
 */
export function invalidInput(issues: readonly $ZodIssue[], schema?: $ZodType) {
  return apiError(400, 'validation_failed', 'Some fields are invalid', fieldErrorsOf(issues, schema))
}

/** A service's own refusal of one field, keyed as the BFF's `AppError.rule` keys it (decision 064). */
export function ruleRefused(
  field: string,
  sentence: string,
  key: FieldRuleKey,
  options: { vars?: Record<string, string | number>; message?: string } = {},
) {
  return apiError(
    400,
    'validation_failed',
    options.message ?? 'Some fields are invalid',
    ruleRefusal(field, sentence, key, options.vars),
  )
}

/** A JSON body as the BFF reads it (validate.ts): an empty one is `{}`, one that is not JSON a 400 `bad_request`. */
export async function jsonBodyOf(
  request: Request,
): Promise<{ body: unknown; refused: null } | { body: null; refused: Response }> {
  const text = await request.text()
  if (!text.trim()) return { body: {}, refused: null }
  try {
    return { body: JSON.parse(text) as unknown, refused: null }
  } catch {
    return { body: null, refused: apiError(400, 'bad_request', 'The request body is not valid JSON') }
  }
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
