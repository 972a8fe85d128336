import type { Env } from '../env'

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Radix's scroll lock injects <style> tags; inline styles cannot run script (docs/decisions/006).
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  // The same as frame-ancestors 'none', for browsers that ignore CSP.
  'X-Frame-Options': 'DENY',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
  // Responses are private and never stored unless a route says otherwise: static assets and skill
  // files are public, the polled reads are `private, no-cache` (docs/decisions/014).
  'Cache-Control': 'no-store',
}

const built = new WeakMap<object, Readonly<Record<string, string>>>()

/**
 * Every response's security headers as one plain object, built once per environment. A response
 * built with all its headers in one plain object (http/respond.ts) keeps @hono/node-server on its
 * fastest path; undici `Headers` written field by field cost about a tenth of a poll.
 */
export function securityHeaderObject(env: Pick<Env, 'EXOCORP_PUBLIC_ORIGIN'>): Readonly<Record<string, string>> {
  let headers = built.get(env)
  if (!headers) {
    headers = Object.freeze({
      ...HEADERS,
      // HSTS only when the product is served over HTTPS: over plain http it means nothing, and on
      // `localhost` it would pin every other local development server to https.
      ...(env.EXOCORP_PUBLIC_ORIGIN?.startsWith('https:')
        ? { 'Strict-Transport-Security': 'max-age=15552000; includeSubDomains' }
        : {}),
    })
    built.set(env, headers)
  }
  return headers
}
