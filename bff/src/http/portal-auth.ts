import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Env } from '../env'
import { escapeHtml } from '../runtime/reference-runtime/pages'
import { domainBasesFromEnv } from '../runtime/domains'
import { companyForPortal, portalViewerFor, redeemPortalHandoff, type PortalViewer } from '../services/portal/portal-sessions'
import type { AppContext } from './context'

/*
 * The portal host's side of decision 032: its own cookie, the hand-off it redeems, and where it
 * sends a visitor who is not signed in. Every URL here comes from configuration (the public origin,
 * the portal base), never from the request's Host.
 */

/** Paths the platform answers on a portal host itself; never proxied to the runtime. */
export const PORTAL_PLATFORM_PREFIX = '/__exocorp/'
export const PORTAL_HANDOFF_PATH = `${PORTAL_PLATFORM_PREFIX}handoff`
export const PORTAL_CONSOLE_PATH = `${PORTAL_PLATFORM_PREFIX}console`

type UrlEnv = Pick<Env, 'EXOCORP_PUBLIC_ORIGIN' | 'PORT' | 'EXOCORP_PORTAL_BASE' | 'EXOCORP_APP_BASE'>

/** The console's origin: the configured public origin, else the BFF on localhost. */
export function consoleOrigin(env: UrlEnv): string {
  return env.EXOCORP_PUBLIC_ORIGIN ? new URL(env.EXOCORP_PUBLIC_ORIGIN).origin : `http://localhost:${env.PORT}`
}

/** Where a portal visitor without a (valid) portal session is sent: the console's hand-off. */
export function portalSignInUrl(env: UrlEnv, slug: string, nextPath: string): string {
  const query = new URLSearchParams({ slug, ...(nextPath !== '/' ? { next: nextPath } : {}) })
  return `${consoleOrigin(env)}/api/portal/handoff?${query.toString()}`
}

/** `__Host-` needs Secure, so the prefix is used only when portals are served over HTTPS. */
function portalCookie(env: UrlEnv) {
  const secure = domainBasesFromEnv(env).portal.scheme === 'https'
  return { name: secure ? '__Host-exo_portal' : 'exo_portal', secure }
}

/**
 * The signed-in viewer of this portal host, or null. A cookie that no longer signs anyone in is
 * cleared, so the browser stops sending it.
 */
export async function portalViewer(c: AppContext, slug: string): Promise<PortalViewer | null> {
  const env = c.get('deps').env
  const { name, secure } = portalCookie(env)
  const token = getCookie(c, name)
  if (!token) return null
  const viewer = await portalViewerFor(c.get('deps'), token, slug)
  if (!viewer) deleteCookie(c, name, { path: '/', secure })
  return viewer
}

function page(title: string, text: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1.25rem;line-height:1.5}</style>
</head>
<body>
<h1>${title}</h1>
<p>${text}</p>
</body>
</html>
`
}

/** Only a path on this host is followed after sign-in: `//other` and `https://other` become `/`. */
export function portalNextPath(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.length > 2000) return '/'
  const url = new URL(next, 'http://portal.invalid')
  return url.origin === 'http://portal.invalid' ? `${url.pathname}${url.search}` : '/'
}

/**
 * `/__exocorp/handoff?token=…` redeems a hand-off and sets this host's cookie (no Domain: the
 * cookie goes to this exocorp's portal host only); `/__exocorp/console` leads back to the console.
 */
export async function servePortalPlatformPath(c: AppContext, slug: string, pathname: string): Promise<Response> {
  const deps = c.get('deps')
  const env = deps.env
  if (pathname === PORTAL_HANDOFF_PATH) {
    const company = await companyForPortal(deps, slug)
    const token = c.req.query('token')
    const redeemed = company && token ? await redeemPortalHandoff(deps, token, company.id) : null
    if (!redeemed) {
      const again = escapeHtml(portalSignInUrl(env, slug, '/'))
      return c.html(
        page(
          'This sign-in link cannot be used',
          `It has expired, was already used, or is not for this exocorp. <a href="${again}">Sign in to the operator portal again</a>.`,
        ),
        403,
        { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
      )
    }
    const { name, secure } = portalCookie(env)
    setCookie(c, name, redeemed.token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure,
      maxAge: Math.max(1, Math.floor((redeemed.expiresAt.getTime() - deps.clock.now().getTime()) / 1000)),
    })
    c.header('referrer-policy', 'no-referrer')
    c.header('cache-control', 'no-store')
    return c.redirect(portalNextPath(redeemed.nextPath), 302)
  }
  if (pathname === PORTAL_CONSOLE_PATH) {
    const viewer = await portalViewer(c, slug)
    const origin = consoleOrigin(env)
    return c.redirect(viewer ? `${origin}/company/${encodeURIComponent(viewer.companyId)}` : `${origin}/dashboard`, 302)
  }
  return c.html(page('Not found', 'There is no such page on this operator portal.'), 404)
}
