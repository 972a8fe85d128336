import type { MiddlewareHandler } from 'hono'
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
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
  // Responses are private and fresh unless a route says otherwise (static assets do).
  'Cache-Control': 'no-store',
}

/**
 * Security headers set before the handler runs, so they ride along with the response it builds.
 * hono/secure-headers sets them on the finished response instead, which makes @hono/node-server
 * leave its fast path; on polled endpoints that cost most of our throughput.
 */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  for (const [name, value] of Object.entries(HEADERS)) c.header(name, value)
  await next()
}
