import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppContext } from './context'

/** `__Host-` needs Secure, so the prefix is used only when the app is served over HTTPS. */
function cookieName(c: AppContext) {
  return sessionCookieName(isHttps(c))
}

export function sessionCookieName(https: boolean) {
  return https ? '__Host-exo_session' : 'exo_session'
}

function isHttps(c: AppContext) {
  const origin = c.get('deps').env.EXOCORP_PUBLIC_ORIGIN
  if (origin) return origin.startsWith('https:')
  return c.req.url.startsWith('https:')
}

/** Our own tokens: base64url (lib/crypto.ts randomToken). */
const TOKEN = /^[A-Za-z0-9_-]+$/

export function readSessionCookie(c: AppContext): string | undefined {
  const name = cookieName(c)
  const header = c.req.header('cookie')
  if (header === undefined) return undefined
  return leadingSessionToken(header, name) ?? getCookie(c, name)
}

/**
 * What a browser sends on every poll: our cookie first, holding one of our tokens. Read without
 * parsing the whole header; undefined for anything else, which callers hand to a full parser.
 */
export function leadingSessionToken(header: string, name: string): string | undefined {
  if (header.startsWith(name) && header.charCodeAt(name.length) === 61 /* = */) {
    const end = header.indexOf(';', name.length + 1)
    const value = header.slice(name.length + 1, end === -1 ? undefined : end).trimEnd()
    if (value.length > 0 && TOKEN.test(value)) return value
  }
  return undefined
}

export function writeSessionCookie(c: AppContext, token: string) {
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: isHttps(c),
    maxAge: Math.floor(c.get('deps').env.EXOCORP_SESSION_ABSOLUTE_HOURS * 3600),
  })
}

export function clearSessionCookie(c: AppContext) {
  deleteCookie(c, cookieName(c), { path: '/', secure: isHttps(c) })
}
