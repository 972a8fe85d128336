import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { etag } from 'hono/etag'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import type { Deps } from './deps'
import type { AppEnv } from './http/context'
import { onError, onNotFound } from './http/errors'
import { requireSignedInUnlessPublic } from './http/guards'
import { jsonOnly, loadPrincipal, rejectPrototypeKeys, sameOriginMutations, type BearerResolver } from './http/middleware'
import { AppError } from './lib/errors'
import { adminAuditRoutes } from './routes/admin-audit'
import { authRoutes } from './routes/auth'
import { healthRoutes } from './routes/health'

export const BODY_LIMIT_BYTES = 256 * 1024

export interface AppOptions {
  resolveBearer?: BearerResolver
  /** Serves the built web app and anything else outside /api (see main.ts). */
  mountStatic?: (app: Hono<AppEnv>) => void
}

/** Composes every route once. Tests call `createApp(deps).request(...)` against a fresh database. */
export function createApp(deps: Deps, options: AppOptions = {}) {
  const api = new Hono<AppEnv>()
    .use(jsonOnly, sameOriginMutations)
    .use(
      bodyLimit({
        maxSize: BODY_LIMIT_BYTES,
        onError: () => {
          throw new AppError(413, 'payload_too_large', `Request body is larger than ${BODY_LIMIT_BYTES / 1024} KB`)
        },
      }),
      rejectPrototypeKeys,
    )
    .use(loadPrincipal(options.resolveBearer), requireSignedInUnlessPublic)
    // Polled endpoints answer 304 to a matching If-None-Match.
    .use(etag())
    .route('/health', healthRoutes)
    .route('/auth', authRoutes)
    .route('/admin', adminAuditRoutes)

  const app = new Hono<AppEnv>()
  app.use(requestId({ headerName: 'X-Request-Id', generator: () => crypto.randomUUID() }))
  app.use(async (c, next) => {
    c.set('deps', deps)
    const started = performance.now()
    await next()
    c.header('Cache-Control', c.res.headers.get('Cache-Control') ?? 'no-store')
    deps.log.info(
      {
        requestId: c.var.requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: +(performance.now() - started).toFixed(1),
      },
      'request',
    )
  })
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Radix's scroll lock injects <style> tags; inline styles cannot run script (docs/decisions/006).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'strict-origin-when-cross-origin',
      crossOriginEmbedderPolicy: false,
    }),
  )
  app.onError(onError)
  app.notFound(onNotFound)
  app.route('/api', api)
  options.mountStatic?.(app)
  return app
}

export type AppType = ReturnType<typeof createApp>
