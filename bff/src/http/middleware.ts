import type { MiddlewareHandler } from 'hono'
import { AppError } from '../lib/errors'
import { resolveSession } from '../services/accounts/sessions'
import type { AppEnv, Principal } from './context'
import { clearSessionCookie, readSessionCookie } from './cookies'

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
  if (MUTATING.has(c.req.method)) {
    const env = c.var.deps.env
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
  await next()
}

const RUNTIME_USAGE_PATH = '/api/runtime/usage-events'

export type BearerResolver = (c: Parameters<MiddlewareHandler<AppEnv>>[0], token: string) => Principal | null

/** Loads the caller from the session cookie (or a bearer token) once per request. */
export function loadPrincipal(resolveBearer: BearerResolver | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', null)
    const authz = c.req.header('authorization')
    // Runtimes report usage with their own per-runtime token; that route authenticates it itself.
    if (c.req.path === RUNTIME_USAGE_PATH) return next()
    if (authz?.startsWith('Bearer ')) {
      const principal = resolveBearer?.(c, authz.slice(7).trim()) ?? null
      if (!principal) throw new AppError(401, 'unauthenticated', 'The bearer token is not valid (expired, revoked or unknown)')
      c.set('principal', principal)
    } else {
      const token = readSessionCookie(c)
      if (token) {
        const found = resolveSession(c.var.deps, token)
        if (found) c.set('principal', { kind: 'session', ...found })
        else clearSessionCookie(c)
      }
    }
    await next()
  }
}

/**
 * `__proto__` in a JSON body becomes an own key that some code paths treat as the prototype.
 * Refuse it outright, by name, before any handler sees the body. Runs after the body limit.
 */
export const rejectPrototypeKeys: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (MUTATING.has(c.req.method) && /^application\/json/i.test(c.req.header('content-type') ?? '')) {
    const text = await c.req.text()
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
      if (found)
        throw new AppError(400, 'validation_failed', 'Some fields are invalid', { fields: { ['__proto__']: ['Unknown field'] } })
    }
  }
  await next()
}
