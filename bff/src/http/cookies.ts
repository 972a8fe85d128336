import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppContext } from './context'

/** `__Host-` needs Secure, so the prefix is used only when the app is served over HTTPS. */
function cookieName(c: AppContext) {
  return isHttps(c) ? '__Host-exo_session' : 'exo_session'
}

function isHttps(c: AppContext) {
  const origin = c.var.deps.env.EXOCORP_PUBLIC_ORIGIN
  if (origin) return origin.startsWith('https:')
  return c.req.url.startsWith('https:')
}

export function readSessionCookie(c: AppContext): string | undefined {
  return getCookie(c, cookieName(c))
}

export function writeSessionCookie(c: AppContext, token: string) {
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c),
    maxAge: Math.floor(c.var.deps.env.EXOCORP_SESSION_ABSOLUTE_HOURS * 3600),
  })
}

export function clearSessionCookie(c: AppContext) {
  deleteCookie(c, cookieName(c), { path: '/', secure: isHttps(c) })
}
