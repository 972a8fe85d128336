import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { renderAppPage, renderNotFoundPage, renderPortalPage, type PageState } from './pages'
import type { HealthBody, LoopState } from './protocol'
import type { Store } from './store'

export interface RuntimeState extends PageState {
  companyId: string
  orphaned: boolean
  loop: LoopState
  work: { tasksStarted: number; stepsRun: number; taskSteps: number }
}

export interface ControlHandlers {
  pause(): void
  resume(): void
  /** A restarted BFF takes ownership; the runtime then watches that process instead. */
  adopt(ownerPid: number): void
  /** The owner shuts down on purpose (a deploy): keep serving until the next BFF adopts us. */
  release(): void
}

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // Server-rendered pages without any script: nothing but inline styles is allowed.
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

function digest(value: string) {
  return createHash('sha256').update(value).digest()
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  })
  res.end(text)
}

function sendPage(req: IncomingMessage, res: ServerResponse, status: number, html: string) {
  res.writeHead(status, { ...PAGE_HEADERS, 'content-length': Buffer.byteLength(html) })
  res.end(req.method === 'HEAD' ? undefined : html)
}

async function readJson(req: IncomingMessage, limit = 4_096): Promise<unknown> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > limit) throw new Error('body too large')
    chunks.push(buf)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? (JSON.parse(text) as unknown) : {}
}

/** The control plane: health, pause/resume/adopt/release (bearer control token), the portal and app pages. */
export function createRuntimeServer(state: RuntimeState, controlToken: string, control: ControlHandlers, store?: Store) {
  const expected = digest(controlToken)
  const authorized = (req: IncomingMessage) => {
    const header = req.headers.authorization ?? ''
    return header.startsWith('Bearer ') && timingSafeEqual(digest(header.slice(7)), expected)
  }

  // Connector deliveries the platform handed on (decision 047), by event id: a replay is answered
  // as a duplicate. Bounded; the oldest ids are forgotten first.
  const seenHooks = new Set<string>()
  let hooksReceived = 0

  return createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' })
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://runtime.invalid').pathname
    const method = req.method ?? 'GET'

    if (path === '/healthz') {
      const body: HealthBody = {
        ok: true,
        companyId: state.companyId,
        paused: state.paused,
        version: state.version,
        startedAt: state.startedAt,
        orphaned: state.orphaned,
        loop: state.loop,
        work: { tasksStarted: state.work.tasksStarted, stepsRun: state.work.stepsRun },
      }
      return sendJson(res, 200, body)
    }

    if (path.startsWith('/control/')) {
      if (method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' })
      if (!authorized(req)) return sendJson(res, 401, { error: 'control token required' })
      if (path === '/control/pause') control.pause()
      else if (path === '/control/resume') control.resume()
      else if (path === '/control/adopt') {
        const body = await readJson(req).catch(() => null)
        const ownerPid = body && typeof body === 'object' && 'ownerPid' in body ? body.ownerPid : null
        if (typeof ownerPid !== 'number' || !Number.isInteger(ownerPid) || ownerPid <= 0) {
          return sendJson(res, 400, { error: 'ownerPid must be a positive integer' })
        }
        control.adopt(ownerPid)
      } else if (path === '/control/release') control.release()
      else return sendJson(res, 404, { error: 'not found' })
      return sendJson(res, 200, { ok: true, paused: state.paused })
    }

    const hook = /^\/hooks\/([a-z0-9][a-z0-9-]{0,39})$/.exec(path)
    if (hook && method === 'POST') {
      const eventId = String(req.headers['x-exocorp-event-id'] ?? '')
      // The body is the connector's own; read (bounded) and dropped: the reference runtime has no agents acting on it.
      let size = 0
      for await (const chunk of req) {
        size += (chunk as Buffer).length
        if (size > 256 * 1024) return sendJson(res, 413, { error: 'body too large' })
      }
      if (!eventId) return sendJson(res, 400, { error: 'x-exocorp-event-id required' })
      const duplicate = seenHooks.has(eventId)
      if (!duplicate) {
        hooksReceived++
        seenHooks.add(eventId)
        if (seenHooks.size > 10_000) seenHooks.delete(seenHooks.values().next().value!)
      }
      return sendJson(res, 202, { accepted: true, duplicate, received: hooksReceived })
    }

    // The store (decision 055): anyone who reaches the runtime reads it (through the platform that is
    // the signed-in operator portal); adding a product or placing an order needs the control token.
    if (store && (path === '/store' || path === '/store/products' || path === '/store/orders')) {
      if (path === '/store') {
        if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' })
        const view = store.view()
        return view ? sendJson(res, 200, view) : sendJson(res, 404, { error: 'this exocorp keeps no store' })
      }
      if (method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' })
      if (!authorized(req)) return sendJson(res, 401, { error: 'control token required' })
      const body = await readJson(req).catch(() => undefined)
      if (body === undefined) return sendJson(res, 400, { error: 'malformed JSON' })
      const result = path === '/store/products' ? store.addProduct(body) : store.placeOrder(body)
      return result.ok ? sendJson(res, 201, result.value) : sendJson(res, result.status, { error: result.error })
    }

    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' })
      return res.end()
    }
    if (path === '/') return sendPage(req, res, 200, renderPortalPage(state))
    if (path === '/app' || path.startsWith('/app/')) return sendPage(req, res, 200, renderAppPage(state))
    return sendPage(req, res, 404, renderNotFoundPage())
  }
}
