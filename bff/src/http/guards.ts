import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { PlatformRole } from '@exocorp/shared/auth'
import { AppError } from '../lib/errors'
import { hasFreshStepUp } from '../services/accounts/sessions'
import { audit, type AppContext, type AppEnv, type Principal } from './context'

/**
 * Deny by default: `/api/*` requires a signed-in caller unless the route is listed here.
 * Role checks on top of that are declared per route with `requireRole`.
 */
export const PUBLIC_ROUTES: ReadonlyArray<{ method: string; path: RegExp }> = [
  { method: 'GET', path: /^\/api\/health$/ },
  { method: 'POST', path: /^\/api\/auth\/signup$/ },
  { method: 'POST', path: /^\/api\/auth\/login$/ },
  { method: 'POST', path: /^\/api\/auth\/logout$/ },
  { method: 'POST', path: /^\/api\/operator-clients\/drafts$/ },
  { method: 'POST', path: /^\/api\/operator-clients\/redeem$/ },
  { method: 'POST', path: /^\/api\/billing\/webhooks\/[a-z0-9_-]+$/ },
  { method: 'POST', path: /^\/api\/runtime\/usage-events$/ },
]

export const requireSignedInUnlessPublic: MiddlewareHandler<AppEnv> = async (c, next) => {
  const isPublic = PUBLIC_ROUTES.some((r) => r.method === c.req.method && r.path.test(c.req.path))
  if (!isPublic && !c.var.principal) {
    if (c.req.method !== 'GET') {
      await audit(c, {
        action: 'access.denied',
        // The route pattern, not the raw path: one refusal kind per route however the path is padded.
        target: { type: 'route', id: `${c.req.method} ${routePath(c, -1) || c.req.path}` },
        outcome: 'failed',
        summary: `Anonymous ${c.req.method} ${c.req.path} refused`,
        details: { status: 401 },
      })
    }
    throw AppError.unauthenticated()
  }
  await next()
}

export function principalOf(c: AppContext): Principal {
  const p = c.var.principal
  if (!p) throw AppError.unauthenticated()
  return p
}

const RANK: Record<PlatformRole, number> = { user: 0, admin: 1, platform_owner: 2 }

/** `admin` reads admin screens; `platform_owner` may also act. Refusals are audited. */
export function requireRole(role: PlatformRole): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const p = principalOf(c)
    if (RANK[p.user.role] < RANK[role]) {
      await audit(c, {
        action: 'access.denied',
        target: { type: 'route', id: `${c.req.method} ${c.req.routePath}` },
        outcome: 'failed',
        summary: `${p.user.email} lacks the ${role} role for ${c.req.method} ${c.req.path}`,
        details: { status: 403, requiredRole: role },
      })
      throw AppError.forbidden(`This needs the ${role === 'platform_owner' ? 'platform owner' : role} role`)
    }
    await next()
  }
}

export function reauthRequired(message = 'Enter your password again to confirm this action') {
  return new AppError(403, 'reauth_required', message, { reauthenticateAt: '/api/auth/reauthenticate' })
}

/**
 * Admin mutations whose service decides per action whether a step-up is needed: the lifecycle
 * engine asks for one on destructive actions against someone else's exocorp, not on pause/resume.
 */
const STEP_UP_DECIDED_BY_SERVICE: readonly RegExp[] = [
  /^\/api\/admin\/companies\/[^/]+\/actions$/,
  /^\/api\/admin\/bulk-actions$/,
]

/**
 * Every mutation under /api/admin acts on other tenants' data (money, grace policies, roles,
 * tokens, runtimes), so it needs a browser session whose password was re-entered within the last
 * 10 minutes (seed 003's requireFreshSuperAdmin). Mounted once on the whole /api/admin tree, so
 * a route added later cannot forget it. Callers below platform owner fall through to the route's
 * own role check, which refuses them with 403 `forbidden`.
 */
export const freshStepUpForAdminMutations: MiddlewareHandler<AppEnv> = async (c, next) => {
  const method = c.req.method
  const p = c.var.principal
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || !p || RANK[p.user.role] < RANK.platform_owner) {
    return next()
  }
  if (STEP_UP_DECIDED_BY_SERVICE.some((r) => r.test(c.req.path))) return next()
  if (p.kind !== 'session' || !hasFreshStepUp(c.var.deps, p.session.reauthenticatedAt)) {
    await audit(c, {
      action: 'access.denied',
      target: { type: 'route', id: `${method} ${c.req.path}` },
      outcome: 'failed',
      summary: `${p.user.email} needs to re-enter their password for ${method} ${c.req.path}`,
      details: { status: 403, reason: 'reauth_required' },
    })
    throw reauthRequired()
  }
  await next()
}
