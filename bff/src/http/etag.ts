import { createHash, randomBytes } from 'node:crypto'
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

/** Per process: a restart (a deploy may change what a view looks like) never matches an old tag. */
const BOOT = randomBytes(8).toString('base64url')
const MAX_CACHED_VIEWS = 2000
const utf8 = new TextEncoder()
const MAX_CACHED_BYTES = 256 * 1024

interface CachedView {
  version: number
  tag: string
  /** Encoded once: writing the same string again cost a UTF-8 encoding per poll (13% of a list's CPU). */
  bytes: Uint8Array<ArrayBuffer>
}
const views = new WeakMap<object, Map<string, CachedView>>()

function viewCache(db: object): Map<string, CachedView> {
  let cache = views.get(db)
  if (!cache) views.set(db, (cache = new Map()))
  return cache
}

/**
 * A polled read keyed on the data version (decision 026): the ETag derives from the version, the
 * caller and the URL, so a matching If-None-Match answers 304 before anything is read, and an
 * unchanged view is sent again from memory instead of being rebuilt. Only for views built from
 * stored state alone (no clock, no process memory): any write they show moves the version.
 * A tag also stands for the access check it passed: losing access is a write, which moves the version.
 */
export async function polledJson(c: AppContext, build: () => Promise<unknown>): Promise<Response> {
  const deps = c.var.deps
  const version = await deps.db.dataVersion()
  const p = c.var.principal
  // Everything besides stored rows that a view can depend on: who asks, through which session, and the URL.
  const who = p ? `${p.user.id}|${p.kind === 'session' ? p.session.id : p.clientId}` : '-'
  const key = `${who}|${c.req.url}`
  const cache = viewCache(deps.db)
  let entry = cache.get(key)
  if (entry?.version !== version) entry = undefined
  const tag =
    entry?.tag ?? `W/"${version.toString(36)}.${createHash('sha1').update(`${BOOT}|${version}|${key}`).digest('base64url')}"`
  const headers = { ETag: tag, 'Cache-Control': 'private, no-cache' }
  if (matches(c.req.header('if-none-match'), tag)) return c.body(null, 304, headers)
  if (!entry) {
    const bytes = utf8.encode(JSON.stringify(await build()))
    entry = { version, tag, bytes }
    if (bytes.byteLength <= MAX_CACHED_BYTES) {
      cache.delete(key)
      if (cache.size >= MAX_CACHED_VIEWS) cache.delete(cache.keys().next().value!)
      cache.set(key, entry)
    }
  }
  return c.body(entry.bytes, 200, { ...headers, 'Content-Type': 'application/json' })
}

function matches(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false
  if (header === tag) return true
  return header.split(',').some((t) => t.trim() === tag || `W/${t.trim()}` === tag)
}
