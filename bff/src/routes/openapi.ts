import { createHash } from 'node:crypto'
import { Hono } from 'hono'
import { createOpenApiDocument } from '@exocorp/shared/openapi-document'
import type { AppEnv } from '../http/context'
import { guard } from '../http/guards'

/**
 * GET /api/openapi.json: the OpenAPI 3.1 document generated from the contract (decision 025).
 * Public (guard.public), mounted at /api/openapi.json. The document changes only with the code,
 * so it is rendered once per app, on the first request, and answered with a strong ETag; caches may
 * keep it but revalidate, which costs a 304.
 */
export function openApiRoutes() {
  let rendered: { text: string; etag: string } | undefined
  const render = () => {
    const text = JSON.stringify(createOpenApiDocument())
    return { text, etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"` }
  }
  return new Hono<AppEnv>().get('/', guard.public, (c) => {
    rendered ??= render()
    c.header('ETag', rendered.etag)
    c.header('Cache-Control', 'public, no-cache')
    const match = c.req.header('if-none-match')
    if (match !== undefined && match.split(',').some((t) => t.trim() === rendered?.etag || t.trim() === `W/${rendered?.etag}`)) {
      return c.body(null, 304)
    }
    return c.body(rendered.text, 200, { 'Content-Type': 'application/json; charset=utf-8' })
  })
}
