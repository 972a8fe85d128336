import type { MiddlewareHandler } from 'hono'
import { matchedRoutes, routePath } from 'hono/route'
import type { ApiAccess } from '@exocorp/shared/api-operations'
import type { PlatformRole } from '@exocorp/shared/auth'
import { AppError } from '../lib/errors'
import { hasFreshStepUp } from '../services/accounts/sessions'
import { audit, type AppContext, type AppEnv, type Principal } from './context'

/*
 * Deny by default, declared where the routes are: the first handler of every route is one of the
 * guards below (test/route-guards.test.ts lists them all and fails on a route without one). A guard
 * names who may call the route with the contract's `ApiAccess` (shared/src/api-operations.ts), so
 * the listing can be held against the OpenAPI document.
 */

/** A route's guard: middleware tagged with the access it enforces. */
export type Guard = MiddlewareHandler<AppEnv> & { readonly access: ApiAccess; readonly agents: boolean }

function defineGuard(access: ApiAccess, agents: boolean, check: MiddlewareHandler<AppEnv>): Guard {
  return Object.assign(check, { access, agents })
}

export function isGuard(handler: unknown): handler is Guard {
  return typeof handler === 'function' && typeof (handler as Partial<Guard>).access === 'string'
}

/** The guard the matched route declares, or undefined when no route matched (a 404 or 405 is coming). */
export function declaredGuard(c: AppContext): Guard | undefined {
  for (const route of matchedRoutes(c)) if (route.method !== 'ALL' && isGuard(route.handler)) return route.handler
  return undefined
}

export function principalOf(c: AppContext): Principal {
  const p = c.get('principal')
  if (!p) throw AppError.unauthenticated()
  return p
}

const RANK: Record<PlatformRole, number> = { user: 0, admin: 1, platform_owner: 2 }

/** 401 for a caller without credentials; a refused write is audited with the route's pattern. */
async function unauthenticated(c: AppContext): Promise<never> {
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

/**
 * Agents act as their human on the registry API, never on the platform's own controls (admin,
 * account creation and sign-in, client management). Their refusals are audited by the bearer-call
 * audit around every agent request (auditOperatorClientCalls), so not here.
 */
function refuseAgent(): never {
  throw AppError.forbidden('Operator clients cannot use this endpoint; sign in as the user in a browser')
}

/**
 * A session opened with a recovery code must set a new password before anything else (issue 14),
 * so its next sign-in needs no code: the server refuses every signed-in route with 403
 * `password_change_required` except the few guarded `…BeforePasswordSet` (who am I, set the
 * password) and the public ones (sign out). The web app's redirect to /account/set-password is
 * only the friendly side of this.
 */
function signedIn(c: AppContext, opts: { beforePasswordSet?: boolean } = {}): Promise<Principal> | Principal {
  const p = c.get('principal')
  if (!p) return unauthenticated(c)
  if (!opts.beforePasswordSet && p.kind === 'session' && p.session.passwordResetRequiredAt !== null) {
    throw passwordChangeRequired()
  }
  return p
}

export function passwordChangeRequired() {
  return new AppError(
    403,
    'password_change_required',
    'You signed in with a recovery code: set a new password first (POST /api/account/password)',
    { setPasswordAt: '/api/account/password' },
  )
}

async function requireRole(c: AppContext, p: Principal, role: PlatformRole) {
  if (RANK[p.user.role] >= RANK[role]) return
  await audit(c, {
    action: 'access.denied',
    target: { type: 'route', id: `${c.req.method} ${routePath(c)}` },
    outcome: 'failed',
    summary: `${p.user.email} lacks the ${role} role for ${c.req.method} ${c.req.path}`,
    details: { status: 403, requiredRole: role },
  })
  throw AppError.forbidden(`This needs the ${role === 'platform_owner' ? 'platform owner' : role} role`)
}

/**
 * Destroying an exocorp cannot be undone: an agent does it only when its human granted
 * `registry:destroy` on the consent screen; `registry:write` operates everything else.
 */
export function refuseAgentWithoutDestroy(c: AppContext, action: string): void {
  const p = c.get('principal')
  if (action === 'destroy' && p?.kind === 'operator_client' && !p.scopes.includes('registry:destroy')) {
    throw new AppError(403, 'forbidden', 'This operator client was not approved to destroy exocorps', {
      reason: 'scope_missing',
      scope: 'registry:destroy',
    })
  }
}

/**
 * What an agent limited to chosen exocorps (issue 20 item 8) may call besides the routes about one
 * of those exocorps: reads that hold nothing of the human's other exocorps, and the fleet-wide ones
 * whose services filter to the chosen exocorps (lists, summary, audit, the event stream, bulk actions).
 */
const ROUTES_FOR_LIMITED_AGENTS = new Set([
  'GET /api/auth/me',
  'GET /api/registry/my-companies',
  'GET /api/registry/audit-events',
  'POST /api/registry/bulk-actions',
  'GET /api/registry/models',
  'GET /api/registry/price-books/active',
  'GET /api/registry/company-releases/current',
  'GET /api/registry/company-releases/catalog',
  'GET /api/dashboard/summary',
  'GET /api/events',
  'GET /api/runtime/execution-providers/state',
  // Names its exocorp in the query: visibleCompany refuses the others (http/company-access.ts).
  'GET /api/runtime/billing/usage',
])
const ONE_COMPANY_ROUTES = '/api/registry/companies/:id'

/**
 * An agent limited to chosen exocorps reaches only those: a route about another exocorp answers the
 * same 404 as an unknown id (it must not learn which ids exist), and an account-wide route — creating
 * an exocorp, credentials, billing, invitations — is refused with 403 `exocorp_restricted`.
 */
function confineToChosenCompanies(c: AppContext, p: Principal) {
  if (p.kind !== 'operator_client' || p.companyIds === null) return
  const pattern = routePath(c)
  if (pattern === ONE_COMPANY_ROUTES || pattern.startsWith(`${ONE_COMPANY_ROUTES}/`)) {
    if (!p.companyIds.has(c.req.param('id') ?? '')) throw AppError.notFound('Exocorp')
    return
  }
  if (ROUTES_FOR_LIMITED_AGENTS.has(`${c.req.method === 'HEAD' ? 'GET' : c.req.method} ${pattern}`)) return
  throw new AppError(
    403,
    'forbidden',
    'This operator client was approved for chosen exocorps only; this endpoint reaches beyond them',
    {
      reason: 'exocorp_restricted',
    },
  )
}

export function reauthRequired(message = 'Enter your password again to confirm this action') {
  return new AppError(403, 'reauth_required', message, { reauthenticateAt: '/api/auth/reauthenticate' })
}

/**
 * Mutations on other tenants' data (money, grace policies, roles, runtimes) need a browser session
 * whose password was re-entered within the last 10 minutes (seed 003's requireFreshSuperAdmin).
 */
async function requireFreshStepUp(c: AppContext, p: Principal) {
  if (p.kind === 'session' && hasFreshStepUp(c.get('deps'), p.session.reauthenticatedAt)) return
  await audit(c, {
    action: 'access.denied',
    target: { type: 'route', id: `${c.req.method} ${c.req.path}` },
    outcome: 'failed',
    summary: `${p.user.email} needs to re-enter their password for ${c.req.method} ${c.req.path}`,
    details: { status: 403, reason: 'reauth_required' },
  })
  throw reauthRequired()
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS'])

export const guard = {
  /** Anyone, with or without credentials, agents included (health, the API description). */
  public: defineGuard('public', true, (_c, next) => next()),

  /** Anyone but an agent: creating an account, signing in and out, an agent asking to connect. */
  publicNoAgents: defineGuard('public', false, async (c, next) => {
    if (c.get('principal')?.kind === 'operator_client') refuseAgent()
    await next()
  }),

  /** A payment provider's delivery: the route checks the signature. */
  webhook: defineGuard('webhook_signature', true, (_c, next) => next()),

  /**
   * A runtime reporting usage with its own token: the route authenticates it, and loadPrincipal
   * leaves its Authorization header alone (it is not an operator client's bearer token).
   */
  runtime: defineGuard('runtime_token', false, (_c, next) => next()),

  /** A signed-in person, in a browser or through an agent; an agent writes only with `registry:write`. */
  user: defineGuard('user', true, async (c, next) => {
    const p = await signedIn(c)
    if (p.kind === 'operator_client' && !READS.has(c.req.method) && !p.scopes.includes('registry:write')) {
      throw AppError.forbidden('This operator client was approved for reading only')
    }
    confineToChosenCompanies(c, p)
    await next()
  }),

  /** A signed-in person in a browser session (no agent). */
  session: defineGuard('session', false, async (c, next) => {
    const p = await signedIn(c)
    if (p.kind !== 'session') refuseAgent()
    await next()
  }),

  /** As `user`, and open to a session that still has to set a new password (who am I). */
  userBeforePasswordSet: defineGuard('user', true, async (c, next) => {
    confineToChosenCompanies(c, await signedIn(c, { beforePasswordSet: true }))
    await next()
  }),

  /** As `session`, and open to a session that still has to set a new password (setting it). */
  sessionBeforePasswordSet: defineGuard('session', false, async (c, next) => {
    const p = await signedIn(c, { beforePasswordSet: true })
    if (p.kind !== 'session') refuseAgent()
    await next()
  }),

  /** Admin screens: `admin` and `platform_owner` read (refusals audited). */
  admin: defineGuard('admin', false, async (c, next) => {
    const p = await signedIn(c)
    if (p.kind !== 'session') refuseAgent()
    await requireRole(c, p, 'admin')
    await next()
  }),

  /** Admin actions: `platform_owner` only, with a password re-entered within 10 minutes. */
  platformOwner: defineGuard('platform_owner', false, async (c, next) => {
    const p = await signedIn(c)
    if (p.kind !== 'session') refuseAgent()
    await requireRole(c, p, 'platform_owner')
    await requireFreshStepUp(c, p)
    await next()
  }),

  /**
   * `platform_owner`, where the service decides per action whether a step-up is needed: the
   * lifecycle engine asks for one on destructive actions against someone else's exocorp, not on pause.
   */
  platformOwnerStepUpByService: defineGuard('platform_owner', false, async (c, next) => {
    const p = await signedIn(c)
    if (p.kind !== 'session') refuseAgent()
    await requireRole(c, p, 'platform_owner')
    await next()
  }),
} satisfies Record<string, Guard>

/**
 * Paths no route answers: an anonymous caller gets 401 there too, as on any route that needs
 * credentials, so probing does not map the API; a signed-in one gets the 404 or 405.
 */
export const unknownRoutesNeedCredentials: MiddlewareHandler<AppEnv> = (c, next) =>
  c.get('principal') || declaredGuard(c) ? next() : unauthenticated(c)
