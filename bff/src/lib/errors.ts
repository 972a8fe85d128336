import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorCode, FieldErrors } from '@exocorp/shared/errors'
import { ruleRefusal, type FieldIssues } from '@exocorp/shared/field-issues'
import type { FieldRuleKey } from '@exocorp/shared/field-rules'

/** The one error type services and routes throw; `app.onError` renders it as the envelope. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'AppError'
  }

  /** `fieldIssues` (from the contract's schema) explain `fields` sentence by sentence, for clients that word them. */
  static validation(fields: FieldErrors, message = 'Some fields are invalid', fieldIssues?: FieldIssues) {
    return new AppError(400, 'validation_failed', message, fieldIssues ? { fields, fieldIssues } : { fields })
  }
  /**
   * A service's own refusal of one field, with the rule's message key (decision 064), so a client
   * can word it in its language; `fields` keeps the English sentence for everyone else.
   */
  static rule(
    field: string,
    sentence: string,
    key: FieldRuleKey,
    options: { vars?: Record<string, string | number>; message?: string } = {},
  ) {
    const { fields, fieldIssues } = ruleRefusal(field, sentence, key, options.vars)
    return AppError.validation(fields, options.message, fieldIssues)
  }
  static unauthenticated(message = 'Sign in to continue') {
    return new AppError(401, 'unauthenticated', message)
  }
  static forbidden(message = 'You do not have access to this') {
    return new AppError(403, 'forbidden', message)
  }
  static notFound(what = 'Resource') {
    return new AppError(404, 'not_found', `${what} not found`)
  }
  static conflict(reason: string, message: string, details: Record<string, unknown> = {}) {
    return new AppError(409, 'conflict', message, { reason, ...details })
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}

/**
 * The database could not write: the disk is full (SQLITE_FULL, also what `max_page_count` raises;
 * PostgreSQL's 53100) or failing (SQLITE_IOERR_*; 58030). Reads still work; writes answer 503
 * (http/errors.ts). The driver's error may sit under drizzle's `DrizzleQueryError` as its cause.
 */
export function isStorageError(e: unknown): boolean {
  for (let err: unknown = e, depth = 0; err && depth < 4; err = (err as { cause?: unknown }).cause, depth++) {
    const code = (err as { code?: unknown }).code
    if (typeof code === 'string')
      return code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === '53100' || code === '58030'
  }
  return false
}
