import type { MiddlewareHandler, Next } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { AppContext, AppEnv } from './context'
import { onError } from './errors'
import type { Guard } from './guards'
import type { Env } from '../env'
import { securityHeaderObject } from './security-headers'

/*
 * Responses built whole (decision 033). A route whose guard is `polled(…)` answers with
 * `respond()`: status, body and every header (security headers, request id, its own) in one plain
 * object, which @hono/node-server writes with a single writeHead and no undici `Headers` at all.
 * For any other route, and for anything else such a route answers (an error, a 401 from its
 * guard), the request pipeline in app.ts adds the same headers the ordinary way, so every
 * response carries them whichever way it was built.
 */

const WHOLE = Symbol('buildsWholeResponse')
const whole = new WeakSet<Response>()

/**
 * The guard of a route whose handler answers with `respond()` (the polled reads, http/etag.ts):
 * the same check, tagged so the request pipeline leaves the headers to the handler.
 */
export function polled(guard: Guard): Guard {
  return Object.assign((c: AppContext, next: Next) => guard(c, next), {
    access: guard.access,
    agents: guard.agents,
    [WHOLE]: true,
  })
}

/** Whether the route this request matched has a `polled` guard. */
export function routeBuildsWholeResponse(c: AppContext): boolean {
  for (const route of matchedRoutes(c)) if (route.method !== 'ALL' && WHOLE in route.handler) return true
  return false
}

/**
 * The headers of one kind of response, built once: the security headers, `fixed`, and a slot for
 * the request id. `respond()` copies it (one object of one shape, which V8 clones fast) per response.
 */
export function responseHeaders(
  env: Pick<Env, 'EXOCORP_PUBLIC_ORIGIN'>,
  fixed: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  return Object.freeze({ ...securityHeaderObject(env), ...fixed, 'X-Request-Id': '' })
}

/** A response with every header in one object: `headers` (from responseHeaders), the request id, an ETag. */
export function respond(
  c: AppContext,
  status: number,
  body: Uint8Array<ArrayBuffer> | string | null,
  headers: Readonly<Record<string, string>>,
  etag?: string,
): Response {
  const all: Record<string, string> = { ...headers }
  all['X-Request-Id'] = c.get('requestId')
  if (etag !== undefined) all.ETag = etag
  const res = new Response(body, { status, headers: all })
  whole.add(res)
  return res
}

export function isWholeResponse(res: Response): boolean {
  return whole.has(res)
}

/**
 * For a response not built by `respond()` on a route whose headers were left to it (an error, a
 * guard's refusal): the security headers and request id it lacks, added to a copy of it.
 */
export function addMissingHeaders(c: AppContext, base: Readonly<Record<string, string>>, requestId: string): void {
  const res = c.res
  const headers = new Headers(res.headers)
  for (const name in base) if (!headers.has(name)) headers.set(name, base[name]!)
  if (!headers.has('x-request-id')) headers.set('X-Request-Id', requestId)
  c.res = undefined
  c.res = new Response(res.body, { status: res.status, statusText: res.statusText, headers })
}

/**
 * Middleware run one after the other with Hono's own semantics (an error thrown by one becomes the
 * response there, through `onError`, and the ones before it still see that response), but as one
 * step of Hono's chain instead of one each. `skip(c)` true: straight to what follows.
 */
export function chain(
  middleware: readonly MiddlewareHandler<AppEnv>[],
  skip: (c: AppContext) => boolean = () => false,
): MiddlewareHandler<AppEnv> {
  return (c, next) => (skip(c) ? next() : step(middleware, 0, c, next))
}

async function step(middleware: readonly MiddlewareHandler<AppEnv>[], i: number, c: AppContext, next: Next): Promise<void> {
  const mw = middleware[i]
  if (!mw) return next()
  try {
    const res = await mw(c, () => step(middleware, i + 1, c, next))
    if (res && !c.finalized) c.res = res
  } catch (err) {
    if (!(err instanceof Error)) throw err
    c.error = err
    c.res = await onError(err, c)
  }
}
