import { hash, randomBytes } from 'node:crypto'
import type { AppContext } from './context'
import type { Deps } from '../deps'
import { respond, responseHeaders } from './respond'

// Stored but always revalidated, so the browser itself sends If-None-Match when the UI polls.
const REVALIDATE = { 'Cache-Control': 'private, no-cache' }
const templates = new WeakMap<object, { ok: Readonly<Record<string, string>>; notModified: Readonly<Record<string, string>> }>()
export function templatesFor(env: Deps['env']) {
  let t = templates.get(env)
  if (!t) {
    t = {
      ok: responseHeaders(env, { ...REVALIDATE, 'Content-Type': 'application/json' }),
      notModified: responseHeaders(env, REVALIDATE),
    }
    templates.set(env, t)
  }
  return t
}

/** Per process: a restart (a deploy may change what a view looks like) never matches an old tag. */
const BOOT = randomBytes(8).toString('base64url')
const MAX_CACHED_VIEWS = 2000
const utf8 = new TextEncoder()
const MAX_CACHED_BYTES = 256 * 1024

export interface CachedView {
  version: number
  /** For a view that shows the clock: the instant (epoch ms) it changes by itself; else Infinity. */
  until: number
  tag: string
  /** Encoded once: writing the same string again cost a UTF-8 encoding per poll (13% of a list's CPU). */
  bytes: Uint8Array<ArrayBuffer>
}
const views = new WeakMap<object, Map<string, CachedView>>()

/** The cached views of this database, if any was cached yet (the polled lane, http/polled-lane.ts, reads them). */
export function cachedViews(db: object): ReadonlyMap<string, Readonly<CachedView>> | undefined {
  return views.get(db)
}

/**
 * The cache key of a view: who asks, through which session, and the request target without its
 * scheme (`host/path?query`). The polled lane builds the same key from the raw request.
 */
export function viewKey(userId: string, sessionOrClientId: string, hostAndTarget: string): string {
  return `${userId}|${sessionOrClientId}|${hostAndTarget}`
}

function viewCache(db: object): Map<string, CachedView> {
  let cache = views.get(db)
  if (!cache) views.set(db, (cache = new Map()))
  return cache
}

export interface PolledOptions<T> {
  /**
   * For a view that also shows the clock (billing's days in state): the instant its body changes
   * by itself, read off the built view. The cached view and its tag hold until then; before it is
   * cached (first poll, after a write or a restart) the body is built before the tag is compared.
   */
  until?: (view: T) => number
}

/**
 * A polled read keyed on the data version (decision 026): the ETag derives from the version, the
 * caller and the URL, so a matching If-None-Match answers 304 before anything is read, and an
 * unchanged view is sent again from memory instead of being rebuilt. Only for views built from
 * stored state alone (no process memory) and, with `until`, the clock: any write they show moves
 * the version. A tag also stands for the access check it passed: losing access is a write, which
 * moves the version. The route's guard is `polled(…)` (http/respond.ts).
 */
export async function polledJson<T>(c: AppContext, build: () => Promise<T>, options: PolledOptions<T> = {}): Promise<Response> {
  const deps = c.get('deps')
  const version = await deps.db.dataVersion()
  const p = c.get('principal')
  // Everything besides stored rows that a view can depend on: who asks, through which session, and the URL.
  const url = c.req.url
  const target = url.slice(url.indexOf('//') + 2)
  const key = p ? viewKey(p.user.id, p.kind === 'session' ? p.session.id : p.clientId, target) : `-|-|${target}`
  const cache = viewCache(deps.db)
  let entry = cache.get(key)
  if (entry && (entry.version !== version || (entry.until !== Infinity && deps.clock.now().getTime() >= entry.until))) {
    entry = undefined
  }
  const headers = templatesFor(deps.env)
  const ifNoneMatch = c.req.header('if-none-match')
  if (!entry && options.until) {
    // The tag depends on the clock as well, known once the view is built.
    const view = await build()
    const until = options.until(view)
    entry = remember(cache, key, { version, until, tag: tagOf(version, `${key}|${until}`), bytes: encode(view) })
  }
  const tag = entry?.tag ?? tagOf(version, key)
  if (matches(ifNoneMatch, tag)) return respond(c, 304, null, headers.notModified, tag)
  entry ??= remember(cache, key, { version, until: Infinity, tag, bytes: encode(await build()) })
  return respond(c, 200, entry.bytes, headers.ok, tag)
}

function tagOf(version: number, key: string): string {
  return `W/"${version.toString(36)}.${hash('sha1', `${BOOT}|${version}|${key}`, 'base64url')}"`
}

function encode(view: unknown): Uint8Array<ArrayBuffer> {
  return utf8.encode(JSON.stringify(view))
}

function remember(cache: Map<string, CachedView>, key: string, entry: CachedView): CachedView {
  if (entry.bytes.byteLength <= MAX_CACHED_BYTES) {
    cache.delete(key)
    if (cache.size >= MAX_CACHED_VIEWS) cache.delete(cache.keys().next().value!)
    cache.set(key, entry)
  }
  return entry
}

export function matches(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false
  if (header === tag) return true
  return header.split(',').some((t) => t.trim() === tag || `W/${t.trim()}` === tag)
}
