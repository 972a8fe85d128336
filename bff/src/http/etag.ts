import { createHash } from 'node:crypto'
import type { AppContext } from './context'

/**
 * JSON with a weak ETag, for the endpoints the UI polls; a matching If-None-Match answers 304
 * with no body. Done in the handler, not as a middleware that rebuilds the response: rebuilding
 * drops @hono/node-server's fast path and cut throughput tenfold (bff/bench/api-throughput.ts).
 */
export function jsonWithEtag(c: AppContext, value: unknown) {
  const text = JSON.stringify(value)
  const tag = `W/"${createHash('sha1').update(text).digest('base64url')}"`
  c.header('ETag', tag)
  // Stored but always revalidated, so the browser itself sends If-None-Match when the UI polls.
  c.header('Cache-Control', 'private, no-cache')
  const match = c.req.header('if-none-match')
  if (match !== undefined && match.split(',').some((t) => t.trim() === tag || `W/${t.trim()}` === tag)) {
    return c.body(null, 304)
  }
  return c.body(text, 200, { 'Content-Type': 'application/json' })
}
