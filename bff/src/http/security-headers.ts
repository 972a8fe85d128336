import type { MiddlewareHandler } from 'hono'
import type { Env } from '../env'
import type { AppEnv } from './context'

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

/**
 * Security headers set before the handler runs, so they ride along with the response it builds.
 * hono/secure-headers sets them on the finished response instead, which makes @hono/node-server
 * leave its fast path; on polled endpoints that cost most of our throughput.
 */
export function securityHeaders(env: Pick<Env, 'EXOCORP_PUBLIC_ORIGIN'>): MiddlewareHandler<AppEnv> {
  const headers = Object.entries({
    ...HEADERS,
    // HSTS only when the product is served over HTTPS: over plain http it means nothing, and on
    // `localhost` it would pin every other local development server to https.
    ...(env.EXOCORP_PUBLIC_ORIGIN?.startsWith('https:')
      ? { 'Strict-Transport-Security': 'max-age=15552000; includeSubDomains' }
      : {}),
  })
  return async (c, next) => {
    for (const [name, value] of headers) c.header(name, value)
    await next()
  }
}
