import { HttpResponse } from 'msw'
import type { ApiErrorBody } from '@exocorp/shared/errors'
import { currentUser } from './mock-db'

/** The BFF's error envelope, for handlers. */
export function apiError(status: number, code: string, message: string, details?: Record<string, unknown>) {
  const body: ApiErrorBody = { error: { code, message, ...(details ? { details } : {}), requestId: 'mock-request' } }
  return HttpResponse.json(body, { status })
}

/** The signed-in mock user, or the 401 the BFF would send. */
export function requireUser() {
  const user = currentUser()
  return user ? { user, denied: null } : { user: null, denied: apiError(401, 'unauthenticated', 'Sign in to continue') }
}
