import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import { AppError, isAppError } from '../lib/errors'
import { resolveSession } from '../services/accounts/sessions'
import { hasAuditForRequest } from '../services/audit'
import { actorOf, audit, type AppEnv, type Principal } from './context'
import { onError } from './errors'
import { clearSessionCookie, readSessionCookie } from './cookies'
import { declaredGuard } from './guards'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Mutations carry JSON or nothing at all. */
export const jsonOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (MUTATING.has(c.req.method)) {
    const type = c.req.header('content-type')
    const length = c.req.header('content-length')
    const hasBody = (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined
    if ((type !== undefined || hasBody) && !/^application\/json\s*(;|$)/i.test(type ?? '')) {
      throw new AppError(415, 'unsupported_media_type', 'Send the request body as application/json')
    }
  }
  await next()
}

/**
 * CSRF defence for cookie sessions: a browser mutation must come from our own origin. Clients
 * that send neither header (curl, coding agents with bearer tokens) are not browsers.
 */
export const sameOriginMutations: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (MUTATING.has(c.req.method)) refuseCrossOrigin(c)
  await next()
}

/**
 * Throws 403 unless the request comes from our own origin (or an allowed one), or from a client
 * that is not a browser. Mutations use it, and so does the event stream's WebSocket upgrade
 * (browsers send Origin on every WebSocket handshake, and a cookie with it).
 */
export function refuseCrossOrigin(c: Parameters<MiddlewareHandler<AppEnv>>[0]): void {
  const env = c.get('deps').env
  const site = c.req.header('sec-fetch-site')
  const origin = c.req.header('origin')
  const own = new URL(c.req.url).origin
  const allowed = new Set([
    own,
    ...env.EXOCORP_ALLOWED_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  ])
  if (env.EXOCORP_PUBLIC_ORIGIN) allowed.add(new URL(env.EXOCORP_PUBLIC_ORIGIN).origin)
  if (origin !== undefined && !allowed.has(origin)) {
    throw new AppError(403, 'forbidden', 'Cross-origin request refused')
  }
  if (origin === undefined && site === 'cross-site') {
    throw new AppError(403, 'forbidden', 'Cross-site request refused')
  }
}

export type BearerResolver = (c: Parameters<MiddlewareHandler<AppEnv>>[0], token: string) => Promise<Principal | null>

/** Loads the caller from the session cookie (or a bearer token) once per request. */
export function loadPrincipal(resolveBearer: BearerResolver | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', null)
    const authz = c.req.header('authorization')
    if (authz?.startsWith('Bearer ')) {
      // Runtimes report usage with their own per-runtime token; that route authenticates it itself.
      if (declaredGuard(c)?.access === 'runtime_token') return next()
      const principal = (await resolveBearer?.(c, authz.slice(7).trim())) ?? null
      if (!principal) throw new AppError(401, 'unauthenticated', 'The bearer token is not valid (expired, revoked or unknown)')
      c.set('principal', principal)
    } else {
      const token = readSessionCookie(c)
      if (token) {
        const found = await resolveSession(c.get('deps'), token)
        if (found) c.set('principal', { kind: 'session', ...found })
        else clearSessionCookie(c)
      }
    }
    await next()
  }
}

/** Deeper JSON than any of our bodies needs; recursive walks (reviver, zod) stay far from the stack limit. */
export const MAX_JSON_DEPTH = 32

/** Deepest `[`/`{` nesting of a JSON text, counted without parsing (strings skipped). Stops past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === 92 /* \ */) i++
      else if (ch === 34 /* " */) inString = false
    } else if (ch === 34) inString = true
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      if (++depth > limit) return true
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) depth--
  }
  return false
}

/**
 * Runs after the body limit, before any handler sees the body. Nesting is bounded first: the
 * `__proto__` search below walks the parsed value recursively, and a 20,000-deep array used to
 * overflow the stack there, which the catch took for malformed JSON and let the key through.
 * `__proto__` becomes an own key that some code paths treat as the prototype: refused by name.
 */
export const rejectPrototypeKeys: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (MUTATING.has(c.req.method) && /^application\/json/i.test(c.req.header('content-type') ?? '')) {
    const text = await c.req.text()
    if (text.length > MAX_JSON_DEPTH && jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      throw AppError.validation(
        { _root: [`JSON nested deeper than ${MAX_JSON_DEPTH} levels`] },
        'The request body is nested too deeply',
      )
    }
    if (text.includes('__proto__')) {
      let found = false
      try {
        JSON.parse(text, (key, value: unknown) => {
          if (key === '__proto__') found = true
          return value
        })
      } catch {
        // Malformed JSON is the validator's to report.
      }
      if (found) {
        const fields = Object.create(null) as Record<string, string[]>
        fields['__proto__'] = ['Unknown field']
        throw AppError.validation(fields)
      }
    }
  }
  await next()
}

/**
 * QUALITY.md: every refused write is audited once. Routes audit the refusals they understand; this
 * net catches the rest, whichever layer refused (media type, CSRF, body limit, JSON guards,
 * validation, a 404 on an unknown id) so no handler can forget one. Outermost on `/api`, it sees
 * the final status after `onError`. Reads are not audited here: a refused GET changes nothing.
 */
export const auditRefusedWrites: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  if (!MUTATING.has(c.req.method) || c.get('audited')) return
  const status = c.res.status
  if (status < 400 || status >= 500) return
  if (await hasAuditForRequest(c.get('deps'), c.get('requestId'))) return
  const err = c.error
  const fields = isAppError(err) && err.details?.fields ? Object.keys(err.details.fields).slice(0, 20) : undefined
  const route = routePath(c, -1) || c.req.path
  try {
    await audit(c, {
      action: 'request.refused',
      target: { type: 'route', id: `${c.req.method} ${route}` },
      outcome: 'failed',
      summary: `${actorOf(c.get('principal') ?? null).label}: ${c.req.method} ${c.req.path} refused with ${status}`,
      details: { status, code: isAppError(err) ? err.code : 'not_found', ...(fields ? { fields } : {}) },
    })
  } catch (thrown) {
    // audit() answers a principal past the refusal burst with 429: the response becomes that.
    if (!isAppError(thrown) || thrown.status !== 429) throw thrown
    c.res = await onError(thrown, c)
  }
}
