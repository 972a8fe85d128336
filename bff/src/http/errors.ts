import type { ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ErrorCode } from '@exocorp/shared/errors'
import { isAppError, isStorageError } from '../lib/errors'
import type { AppEnv } from './context'

function body(code: ErrorCode, message: string, requestId: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ? { details } : {}), requestId } }
}

/** The single place errors become responses: our envelope, a request id, never a stack trace. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const requestId = c.var.requestId ?? 'unknown'
  if (isAppError(err)) {
    const retryAfter = err.details?.retryAfterSeconds
    if (err.status === 429 && typeof retryAfter === 'number') c.header('Retry-After', String(retryAfter))
    return c.json(body(err.code, err.message, requestId, err.details), err.status)
  }
  if (err instanceof HTTPException) {
    const status = err.status
    if (status === 413) return c.json(body('payload_too_large', 'Request body is too large', requestId), 413)
    if (status === 400) return c.json(body('bad_request', err.message || 'Malformed request', requestId), 400)
    if (status === 401) return c.json(body('unauthenticated', 'Sign in to continue', requestId), 401)
    if (status === 415) return c.json(body('unsupported_media_type', err.message, requestId), 415)
  }
  if (isStorageError(err)) {
    c.var.deps?.log.error({ requestId, err: { name: err.name, message: err.message } }, 'write failed: storage full or failing')
    c.header('Retry-After', '60')
    return c.json(
      body(
        'service_unavailable',
        'The server cannot save changes right now: its disk is full or failing. Reading still works; try again later or tell the operator.',
        requestId,
      ),
      503,
    )
  }
  c.var.deps?.log.error({ requestId, err: { name: err.name, message: err.message, stack: err.stack } }, 'unhandled error')
  return c.json(body('internal', 'Something went wrong on our side. Retry, or quote the request id.', requestId), 500)
}

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  c.json(body('not_found', 'No such endpoint', c.var.requestId ?? 'unknown'), 404)
