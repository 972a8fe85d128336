import { Hono, type Context, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { Deps } from './deps'
import type { AppEnv } from './http/context'
import { notFoundOrMethodNotAllowed, onError } from './http/errors'
import { securityHeaderObject } from './http/security-headers'
import { addMissingHeaders, chain, isWholeResponse, routeBuildsWholeResponse } from './http/respond'
import { trustedHostsOnly } from './http/host-guard'
import { readSummaryOf } from './http/read-summary'
import { portalProxy, type PortalLookup } from './http/portal-proxy'
import { captureProbes } from './http/probe-capture'
import { unknownRoutesNeedCredentials } from './http/guards'
import {
  auditRefusedWrites,
  jsonOnly,
  loadPrincipal,
  rejectPrototypeKeys,
  sameOriginMutations,
  type BearerResolver,
} from './http/middleware'
import { auditOperatorClientCalls, resolveOperatorClientBearer } from './http/operator-client-calls'
import { AppError } from './lib/errors'
import { adminRoutes } from './routes/admin'
import { authRoutes } from './routes/auth'
import { billingRoutes } from './routes/billing'
import { usageRoutes } from './routes/usage'
import { dashboardRoutes } from './routes/dashboard'
import { healthRoutes } from './routes/health'
import { eventRoutes } from './routes/events'
import { feedbackRoutes } from './routes/feedback'
import { openApiRoutes } from './routes/openapi'
import { accountRoutes, invitationLinkRoutes } from './routes/account'
import { operatorClientRoutes } from './routes/operator-clients'
import { portalRoutes } from './routes/portal'
import { registryRoutes } from './routes/registry'
import { runtimeRoutes } from './routes/runtime'
import { skillRoutes } from './routes/skills'
import { publicV1Routes, sitePublicRoutes } from './routes/site-public'
import { testCheckoutRoutes } from './routes/test-checkout'
import { webhookRoutes } from './routes/webhooks'

export const BODY_LIMIT_BYTES = 256 * 1024

export interface AppOptions {
  resolveBearer?: BearerResolver
  /** Serves the built web app and anything else outside /api (see main.ts). */
  mountStatic?: (app: Hono<AppEnv>) => void
  /** Runtime endpoint per slug for `<slug>.portal.localhost` / `<slug>.app.localhost` (http/portal-proxy.ts). */
  portalLookup?: PortalLookup
  /** Active custom domain → exocorp slug (services/domains, decision 042); served like `<slug>.app.<base>`. */
  customDomains?: (host: string) => Promise<string | null>
}

const bodyLimiter = bodyLimit({
  maxSize: BODY_LIMIT_BYTES,
  onError: (c) => {
    // The unread rest of the body is still on the socket; the server drops the connection once
    // we answer. Saying so lets a keep-alive client open a fresh one instead of hitting a reset.
    c.header('Connection', 'close')
    throw new AppError(413, 'payload_too_large', `Request body is larger than ${BODY_LIMIT_BYTES / 1024} KB`)
  },
})

/**
 * Only requests that may carry a body go through the limiter: it reads `c.req.raw`, which makes
 * @hono/node-server build a full Request, and on polled GETs that was a large share of the cost.
 */
const limitBody: MiddlewareHandler<AppEnv> = (c, next) => (isRead(c) ? next() : bodyLimiter(c, next))

function isRead(c: Context<AppEnv>): boolean {
  const method = c.req.method
  return method === 'GET' || method === 'HEAD'
}

/** Composes every route once. Tests call `createApp(deps).request(...)` against a fresh database. */
export function createApp(deps: Deps, options: AppOptions = {}) {
  // Who may call a route is declared on the route (its first handler is a guard, http/guards.ts);
  // what runs here is for every request: input hygiene, who is calling, and auditing.
  const api = new Hono<AppEnv>()
    .use(captureProbes)
    // Each a single step of Hono's chain, not one per middleware (decision 033): a read skips the
    // write hygiene at once, and who is calling is settled in one step.
    .use(chain([auditRefusedWrites, jsonOnly, sameOriginMutations, limitBody, rejectPrototypeKeys], isRead))
    .use(
      chain([
        loadPrincipal(options.resolveBearer ?? resolveOperatorClientBearer),
        unknownRoutesNeedCredentials,
        auditOperatorClientCalls,
      ]),
    )
    .route('/health', healthRoutes)
    .route('/events', eventRoutes)
    .route('/openapi.json', openApiRoutes())
    .route('/auth', authRoutes)
    .route('/operator-clients', operatorClientRoutes)
    .route('/portal', portalRoutes)
    .route('/registry', registryRoutes)
    .route('/account', accountRoutes)
    .route('/webhooks', webhookRoutes)
    .route('/invitations', invitationLinkRoutes)
    .route('/dashboard', dashboardRoutes)
    .route('/billing', billingRoutes)
    .route('/usage', usageRoutes)
    .route('/runtime', runtimeRoutes)
    .route('/admin', adminRoutes)
    .route('/feedback', feedbackRoutes)
    .route('/v1', publicV1Routes)

  const app = new Hono<AppEnv>()
  const reads = readSummaryOf(deps)
  const base = securityHeaderObject(deps.env)
  app.use(async (c, next) => {
    // Always ours, never the client's X-Request-Id: audit rows are keyed by it, and a chosen id
    // could pose as (or hide behind) another request's row.
    const id = crypto.randomUUID()
    c.set('requestId', id)
    c.set('deps', deps)
    // The polled reads write every header at once (http/respond.ts); any other route gets them
    // here, before its handler, so they ride along with whatever response it builds.
    const whole = routeBuildsWholeResponse(c)
    if (!whole) {
      for (const name in base) c.header(name, base[name])
      c.header('X-Request-Id', id)
    }
    const started = performance.now()
    await next()
    // Such a route's error or refusal was built the ordinary way: it gets the headers now.
    if (whole && !isWholeResponse(c.res)) addMissingHeaders(c, base, id)
    const status = c.res.status
    const ms = performance.now() - started
    // A successful read is counted, not logged: polls would otherwise be most of the log and of its cost.
    const read = (c.req.method === 'GET' || c.req.method === 'HEAD') && status < 400
    if (read) reads.count(ms)
    if (!read || deps.log.isLevelEnabled('debug')) {
      deps.log[read ? 'debug' : 'info'](
        { requestId: id, method: c.req.method, path: c.req.path, status, ms: +ms.toFixed(1) },
        'request',
      )
    }
  })
  app.onError(onError)
  app.notFound(notFoundOrMethodNotAllowed(() => app.routes))
  app.use(trustedHostsOnly(deps.env, options.portalLookup ? options.customDomains : undefined))
  if (options.portalLookup) app.use(portalProxy(options.portalLookup))
  app.route('/api', api)
  app.route('/', skillRoutes)
  app.route('/', sitePublicRoutes)
  // The built-in test payment provider's hosted checkout (decision 035), outside /api like a provider's own site.
  app.route('/pay', testCheckoutRoutes)
  options.mountStatic?.(app)
  return app
}

export type AppType = ReturnType<typeof createApp>
