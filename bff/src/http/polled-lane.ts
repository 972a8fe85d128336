import { randomUUID } from 'node:crypto'
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http'
import type { Deps } from '../deps'
import { cachedSession, resolveSession, type SessionRow, type UserRow } from '../services/accounts/sessions'
import { leadingSessionToken, sessionCookieName } from './cookies'
import { cachedViews, matches, templatesFor, viewKey } from './etag'
import { readSummaryOf } from './read-summary'

/*
 * The polled lane (issue 11, decision 045). A browser polls the same few views every second or
 * four; between two writes the answer is the view it already holds. `polledJson` (http/etag.ts)
 * keeps each view it built, keyed by who asked through which session and the URL, and valid for
 * one data version. This lane answers a poll for such a view straight from node:http, before
 * Hono builds a request, routes it and runs the middleware: one session lookup (cached, as on
 * the router's path), one map lookup, one version compare.
 *
 * It can only repeat what the full path answered: an entry exists only after the route's guard
 * passed for that very session and URL at the current data version, and anything that could
 * change that answer — signing out, a role change, disabling the user, losing a membership, any
 * write at all — moves the version or ends the session, so the lane misses and the request goes
 * the full way. It serves browser sessions only: an agent's bearer calls are audited per minute
 * on the full path. Any doubt (a header it does not parse the quick way, an uncommon URL, a HEAD)
 * is a miss, never an answer.
 */

/** A request answered here (true), or to hand to the router (false). */
export type PolledLane = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>

export function createPolledLane(deps: Pick<Deps, 'db' | 'clock' | 'env' | 'log'>): PolledLane {
  const reads = readSummaryOf(deps)
  const publicOrigin = deps.env.EXOCORP_PUBLIC_ORIGIN
  return (req, res) => {
    if (req.method !== 'GET') return false
    const url = req.url
    // Only our API's own paths, written plainly (the router normalises anything else first).
    if (url === undefined || !url.startsWith('/api/')) return false
    const headers = req.headers
    if (headers.authorization !== undefined || headers.upgrade !== undefined) return false
    const cookie = headers.cookie
    const host = headers.host
    if (cookie === undefined || host === undefined) return false
    const views = cachedViews(deps.db)
    if (views === undefined || views.size === 0) return false
    const https = publicOrigin ? publicOrigin.startsWith('https:') : Boolean((req.socket as { encrypted?: boolean }).encrypted)
    const token = leadingSessionToken(cookie, sessionCookieName(https))
    if (token === undefined) return false
    const target = `${host}${url}`
    // The usual poll needs nothing it must wait for: the data version and the session are both
    // known in memory, so it is answered within this call (no promise, no microtask). Otherwise
    // the same checks run after reading what is missing.
    const version = deps.db.knownDataVersion()
    if (version === undefined) return answerAfterReading(req, res, token, target)
    const found = cachedSession(deps, token, version)
    if (found === undefined) return answerAfterReading(req, res, token, target)
    return answer(req, res, found, target, version, performance.now())
  }

  async function answerAfterReading(req: IncomingMessage, res: ServerResponse, token: string, target: string) {
    const started = performance.now()
    const found = await resolveSession(deps, token)
    if (!found) return false
    return answer(req, res, found, target, await deps.db.dataVersion(), started)
  }

  function answer(
    req: IncomingMessage,
    res: ServerResponse,
    found: { session: SessionRow; user: UserRow },
    target: string,
    version: number,
    started: number,
  ): boolean {
    // A recovery session that must set a password: the full path answers.
    if (found.session.passwordResetRequiredAt !== null) return false
    const entry = cachedViews(deps.db)?.get(viewKey(found.user.id, found.session.id, target))
    if (entry === undefined) return false
    if (entry.version !== version || (entry.until !== Infinity && deps.clock.now().getTime() >= entry.until)) return false
    const templates = templatesFor(deps.env)
    const fresh = matches(req.headers['if-none-match'], entry.tag)
    const head: Record<string, string> = { ...(fresh ? templates.notModified : templates.ok) }
    head['X-Request-Id'] = randomUUID()
    head.ETag = entry.tag
    if (fresh) {
      res.writeHead(304, head)
      res.end()
    } else {
      head['Content-Length'] = String(entry.bytes.byteLength)
      res.writeHead(200, head)
      res.end(entry.bytes)
    }
    reads.count(performance.now() - started)
    return true
  }
}

/**
 * `createServer` for @hono/node-server's `serve`: the polled lane first, the router for the rest.
 * A lane that fails hands the request on untouched (it writes nothing before it is sure).
 */
export function withPolledLane(lane: PolledLane): typeof createServer {
  // @hono/node-server calls it as createServer(serverOptions, requestListener).
  const create = (options: ServerOptions, listener: RequestListener): Server =>
    createServer(options, (req, res) => {
      let taken: boolean | Promise<boolean>
      try {
        taken = lane(req, res)
      } catch {
        taken = false
      }
      if (taken === true) return
      if (taken === false) return void listener(req, res)
      taken.then(
        (done) => {
          if (!done) void listener(req, res)
        },
        () => {
          if (!res.headersSent) void listener(req, res)
        },
      )
    })
  return create as typeof createServer
}
