import type { ErrorHandler, NotFoundHandler } from 'hono'
import type { RouterRoute } from 'hono/types'
import { HTTPException } from 'hono/http-exception'
import type { ErrorCode } from '@exocorp/shared/errors'
import { isAppError, isStorageError } from '../lib/errors'
import type { AppEnv } from './context'

function body(code: ErrorCode, message: string, requestId: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...(details ? { details } : {}), requestId } }
}

/** The single place errors become responses: our envelope, a request id, never a stack trace. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const requestId = c.get('requestId') ?? 'unknown'
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
    c.get('deps')?.log.error(
      { requestId, err: { name: err.name, message: err.message } },
      'write failed: storage full or failing',
    )
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
  c.get('deps')?.log.error({ requestId, err: { name: err.name, message: err.message, stack: err.stack } }, 'unhandled error')
  return c.json(body('internal', 'Something went wrong on our side. Retry, or quote the request id.', requestId), 500)
}

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  c.json(body('not_found', 'No such endpoint', c.get('requestId') ?? 'unknown'), 404)

/** `/api/registry/companies/:id/draft` → a regex for concrete paths; `*` and `:x?` included. */
function patternOf(path: string): RegExp {
  const parts = path.split('/').filter(Boolean)
  let source = ''
  for (const part of parts) {
    if (part === '*') source += '(?:/.*)?'
    else if (part.startsWith(':')) source += part.endsWith('?') ? '(?:/[^/]+)?' : '/[^/]+'
    else source += '/' + part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source || '/'}/?$`)
}

type CompiledRoute = { method: string; pattern: RegExp }

function compile(routes: readonly RouterRoute[]): CompiledRoute[] {
  return routes
    .filter((r) => r.method !== 'ALL' && r.path !== '*' && r.path !== '/*')
    .map((r) => ({ method: r.method, pattern: patternOf(r.path) }))
}

/**
 * The methods the router would answer for `path`: a real path asked with the wrong method is a
 * 405 with `Allow`, not "no such endpoint". Middleware (`ALL`) and catch-alls do not count.
 */
export function allowedMethods(routes: readonly CompiledRoute[], path: string): string[] {
  const allowed = new Set<string>()
  for (const r of routes) {
    if (!r.pattern.test(path)) continue
    allowed.add(r.method)
    if (r.method === 'GET') allowed.add('HEAD')
  }
  return [...allowed].sort()
}

/** Not-found for the root app: 405 + `Allow` when the path exists under other methods. */
export function notFoundOrMethodNotAllowed(routes: () => readonly RouterRoute[]): NotFoundHandler<AppEnv> {
  // Routes are all registered before the first request; compiled once, again only if that changes.
  let compiled: { count: number; routes: CompiledRoute[] } | null = null
  return (c) => {
    const all = routes()
    if (!compiled || compiled.count !== all.length) compiled = { count: all.length, routes: compile(all) }
    const allow = allowedMethods(compiled.routes, c.req.path)
    if (allow.length > 0 && !allow.includes(c.req.method)) {
      c.header('Allow', allow.join(', '))
      return c.json(
        body(
          'method_not_allowed',
          `${c.req.method} is not allowed here; use ${allow.join(', ')}`,
          c.get('requestId') ?? 'unknown',
          {
            allow,
          },
        ),
        405,
      )
    }
    return onNotFound(c)
  }
}
