import type { MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status'
import { escapeHtml } from '../runtime/reference-runtime/pages'
import { isUnderExocorpBase, LOCAL_APP_HOST, LOCAL_PORTAL_HOST, matchExocorpHost, type ExocorpSurface } from '../runtime/domains'
import { isInternalRuntimePath } from '../runtime/reference-runtime/protocol'
import type { PortalTarget } from '../services/lifecycle/portal'
import type { AppContext, AppEnv } from './context'
import { acceptConnectorDelivery, HOOK_PATH } from './connector-hooks'
import { PORTAL_PLATFORM_PREFIX, portalSignInUrl, portalViewer, servePortalPlatformPath } from './portal-auth'

/** The exocorp behind a slug, or null when there is no such exocorp. */
export type PortalLookup = (slug: string) => PortalTarget | null | Promise<PortalTarget | null>

export interface PortalProxyOptions {
  /** Base hosts served through the BFF; default the embedded `*.portal.localhost` / `*.app.localhost`. */
  hosts?: { portal: string; app: string }
  timeoutMs?: number
}

// Allow-lists both ways: no cookie or Authorization reaches a runtime, and no Set-Cookie comes
// back (a runtime could otherwise set cookies for its sibling exocorps' hosts).
const REQUEST_HEADERS = ['accept', 'accept-language', 'user-agent', 'if-none-match', 'if-modified-since', 'cache-control']
const RESPONSE_HEADERS = [
  // No content-length: fetch may have decoded a compressed body on the way.
  'content-type',
  'content-language',
  'cache-control',
  'etag',
  'last-modified',
  'content-security-policy',
  'x-content-type-options',
]

/**
 * The client's path as an absolute path with single slashes. URL parsing has already resolved dot
 * segments and turned backslashes into slashes; collapsing repeated slashes removes the last way a
 * path could read as `//authority` (a protocol-relative URL) to anything that resolves it later.
 */
export function normaliseProxyPath(pathname: string): string {
  const collapsed = pathname.replace(/\/{2,}/g, '/')
  return collapsed.startsWith('/') ? collapsed : `/${collapsed}`
}

function page(title: string, heading: string, text: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1.25rem;line-height:1.5}</style>
</head>
<body>
<h1>${heading}</h1>
<p>${text}</p>
</body>
</html>
`
}

const surfaceName = (surface: ExocorpSurface) => (surface === 'portal' ? 'operator portal' : 'app')

function unavailablePage(slug: string, surface: ExocorpSurface): string {
  const s = escapeHtml(slug)
  return page(
    `${s} is not running`,
    'This exocorp is not running',
    `The ${surfaceName(surface)} of <code>${s}</code> cannot be reached right now. Its runtime may be stopped,
starting, or unreachable. Check its status in the Exocorp console and start it from there.`,
  )
}

function pausedPage(slug: string, surface: ExocorpSurface): string {
  const s = escapeHtml(slug)
  return page(
    `${s} is paused`,
    'This exocorp is paused',
    `The ${surfaceName(surface)} of <code>${s}</code> is not served while it is paused. Its owner can resume it
from the Exocorp console.`,
  )
}

const NOT_FOUND_PAGE = page('Not found', 'No exocorp here', 'There is no exocorp at this address. Check the link.')

/**
 * Serves `<slug>.portal.localhost[:port]` and `<slug>.app.localhost[:port]` by proxying GET and
 * HEAD to that exocorp's runtime; every other host falls through to the platform's own routes.
 */
export function portalProxy(lookup: PortalLookup, options: PortalProxyOptions = {}): MiddlewareHandler<AppEnv> {
  const hosts = options.hosts ?? { portal: LOCAL_PORTAL_HOST, app: LOCAL_APP_HOST }
  const timeoutMs = options.timeoutMs ?? 10_000

  // The console's own hosts, seen before: straight through (every request asks; a few hosts answer).
  const notOurs = new Set<string>()
  return (c, next) => {
    const hostHeader = c.req.header('host') ?? new URL(c.req.url).host
    // An active custom domain (the host guard found it) is the exocorp's public app surface.
    const custom = c.get('customDomainSlug')
    if (custom) return proxy(c, { slug: custom, surface: 'app' }, hostHeader)
    if (notOurs.has(hostHeader)) return next()
    const match = matchExocorpHost(hostHeader, hosts)
    if (!match) {
      // `a.acme.portal.localhost`, `north_wind.portal.localhost`: under our bases but no exocorp.
      // They never fall through to the console app.
      if (isUnderExocorpBase(hostHeader, hosts)) return Promise.resolve(c.html(NOT_FOUND_PAGE, 404))
      if (notOurs.size < 64) notOurs.add(hostHeader)
      return next()
    }
    return proxy(c, match, hostHeader)
  }

  async function proxy(c: AppContext, match: { slug: string; surface: ExocorpSurface }, hostHeader: string) {
    const unavailable = () => c.html(unavailablePage(match.slug, match.surface), 502)
    // Connector deliveries to the exocorp's app (decision 047): verified, recorded, handed on.
    if (match.surface === 'app' && c.req.method === 'POST') {
      const hook = HOOK_PATH.exec(normaliseProxyPath(new URL(c.req.url).pathname))
      if (hook) return acceptConnectorDelivery(c, match.slug, hook[1]!, lookup)
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      return c.text('Method not allowed', 405, { allow: 'GET, HEAD' })
    }
    const url = new URL(c.req.url)
    const pathname = normaliseProxyPath(url.pathname)
    if (match.surface === 'portal' && pathname.startsWith(PORTAL_PLATFORM_PREFIX)) {
      return servePortalPlatformPath(c, match.slug, pathname)
    }
    const target = await lookup(match.slug)
    if (!target) return c.html(NOT_FOUND_PAGE, 404)
    // The operator portal shows the exocorp's agents and roles: its owner and members only, signed
    // in through the console (decision 032). The app surface is the exocorp's public face.
    if (match.surface === 'portal' && !(await portalViewer(c, match.slug))) {
      c.header('cache-control', 'no-store')
      return c.redirect(portalSignInUrl(c.get('deps').env, match.slug, `${pathname}${url.search}`), 302)
    }
    if (target.state === 'paused') return c.html(pausedPage(match.slug, match.surface), 503)
    if (target.state !== 'running') return unavailable()
    const endpoint = target.endpoint

    // The upstream URL is the runtime's origin followed by a normalised path, concatenated: the
    // client's path is never resolved against the endpoint, so it cannot name another host
    // (`//127.0.0.1:9999/x` once reached any address the BFF could).
    const origin = new URL(endpoint).origin
    const upstreamPath = match.surface === 'app' ? `/app${pathname === '/' ? '/' : pathname}` : pathname
    // Health and control endpoints show internals (company id, flags) and are the driver's alone.
    if (isInternalRuntimePath(upstreamPath)) return c.html(NOT_FOUND_PAGE, 404)
    const upstreamUrl = `${origin}${upstreamPath}${url.search}`
    if (new URL(upstreamUrl).origin !== origin) return c.text('Bad request', 400)
    const headers = new Headers()
    for (const name of REQUEST_HEADERS) {
      const value = c.req.header(name)
      if (value !== undefined) headers.set(name, value)
    }
    headers.set('x-forwarded-host', hostHeader)
    headers.set('x-forwarded-proto', url.protocol.replace(':', ''))

    let upstream: Response
    try {
      upstream = await fetch(upstreamUrl, {
        method: c.req.method,
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch {
      return unavailable()
    }

    const out: Record<string, string> = {}
    for (const name of RESPONSE_HEADERS) {
      const value = upstream.headers.get(name)
      if (value !== null) out[name] = value
    }
    const location = upstream.headers.get('location')
    if (location) {
      // Never reveal the loopback endpoint; keep redirects on the exocorp's own host.
      const target = new URL(location, origin)
      const own = target.origin === origin
      const pathname = match.surface === 'app' ? target.pathname.replace(/^\/app(?=\/|$)/, '') || '/' : target.pathname
      out.location = own ? `${pathname}${target.search}` : target.href
    }
    // Through c.body so the platform's baseline headers (nosniff, frame options, …) stay on the
    // response; the runtime's own CSP and caching headers, when sent, take precedence.
    // fetch only yields statuses 200–599; hono's type lists the registered ones.
    const status = upstream.status as StatusCode
    if (c.req.method === 'HEAD' || !upstream.body) return c.body(null, status, out)
    return c.body(upstream.body, status as ContentfulStatusCode, out)
  }
}
