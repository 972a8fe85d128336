import fs from 'node:fs'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono } from 'hono'
import type { AppEnv } from './http/context'

/**
 * Paths the web app answers itself (its client routes, deep links included): not under /api or
 * /assets and no file extension in the last segment. Anything else that is not a real file —
 * `/robots.txt`, `/openapi.json`, `/foo.php` — is a 404, never the app's HTML (decision 021).
 */
export function isAppRoute(pathname: string): boolean {
  if (pathname === '/api' || pathname.startsWith('/api/') || pathname.startsWith('/assets/')) return false
  const last = pathname.slice(pathname.lastIndexOf('/') + 1)
  return !last.includes('.')
}

/**
 * Serves the built SPA: hashed assets cached for a year, the app's own routes get index.html.
 * The build writes `.br`/`.gz` beside each asset (scripts/precompress.ts); `precompressed` picks the
 * one the browser accepts, so the JavaScript crosses the wire at about a third of its size.
 */
export function mountWebApp(app: Hono<AppEnv>, distDir: string) {
  const indexFile = path.join(distDir, 'index.html')
  if (!fs.existsSync(indexFile)) return false
  const root = path.relative(process.cwd(), distDir)
  const assets = serveStatic({ root, precompressed: true })
  app.use('/assets/*', async (c, next) => {
    const found = await assets(c, next)
    // serveStatic runs its onFound hook after it has built the response, so a header set there
    // never reaches the browser; hashed files get theirs here, on the response itself. A missing
    // file went on to next() and is left alone (a 404 must not be cached for a year).
    if (found instanceof Response) found.headers.set('Cache-Control', 'public, max-age=31536000, immutable')
    return found
  })
  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next()
    return serveStatic({ root, precompressed: true })(c, next)
  })
  const html = fs.readFileSync(indexFile, 'utf8')
  app.get('*', (c) => {
    if (!isAppRoute(c.req.path)) return c.notFound()
    c.header('Cache-Control', 'no-cache')
    return c.html(html, 200)
  })
  return true
}
