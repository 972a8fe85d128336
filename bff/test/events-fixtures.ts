import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { ServerMessageSchema, type ServerMessage } from '@exocorp/shared/events'
import { createEventHub, type EventHubOptions } from '../src/services/events/hub'
import { createEventStream, type StreamOptions } from '../src/services/events/stream'
import type { Harness } from './harness'

// The event stream over real sockets: the harness's app behind a real HTTP server with the same
// WebSocket wiring as main.ts, and a client that records what it receives.

const servers: Array<() => Promise<void>> = []
afterAll(async () => {
  await Promise.all(servers.splice(0).map((stop) => stop()))
})

export async function serveWithEvents(
  h: Pick<Harness, 'app' | 'deps'>,
  options: EventHubOptions & StreamOptions & { port?: number } = {},
) {
  const hub = createEventHub(h.deps, { pollMs: 200, ...options })
  await hub.start()
  const stream = createEventStream(h.deps, hub, options)
  h.deps.events = stream
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 })
  const server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: options.port ?? 0, websocket: { server: wss } })
  await new Promise<void>((r) => (server.listening ? r() : server.once('listening', () => r())))
  const port = (server.address() as AddressInfo).port
  const stop = async () => {
    await stream.close()
    await hub.stop()
    await new Promise<void>((r) => server.close(() => r()))
  }
  servers.push(stop)
  return { port, hub, stream, origin: `http://localhost:${port}`, stop }
}

export interface StreamClient {
  readonly messages: ServerMessage[]
  readonly closed: Promise<{ code: number; reason: string }>
  /** The first message (from `from` on) matching, waiting up to `timeoutMs`. */
  next<T extends ServerMessage>(match: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>
  waitFor(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>
  events(): Extract<ServerMessage, { id: number }>[]
  close(): void
  raw: WebSocket
}

/** Opens `/api/events` like a browser of `origin` with `cookie` (or a bearer token); rejects with the HTTP status on refusal. */
export function openStream(
  port: number,
  auth: { cookie?: string | null; bearer?: string },
  opts: { lastEventId?: number; origin?: string | null } = {},
): Promise<StreamClient> {
  const query = opts.lastEventId === undefined ? '' : `?lastEventId=${opts.lastEventId}`
  const headers: Record<string, string> = {}
  if (auth.cookie) headers.cookie = auth.cookie
  if (auth.bearer) headers.authorization = `Bearer ${auth.bearer}`
  const origin = opts.origin === undefined ? `http://localhost:${port}` : opts.origin
  if (origin) headers.origin = origin
  const ws = new WebSocket(`ws://localhost:${port}/api/events${query}`, { headers })
  const messages: ServerMessage[] = []
  const waiters = new Set<() => void>()
  ws.on('message', (data) => {
    messages.push(ServerMessageSchema.parse(JSON.parse(String(data))))
    for (const w of waiters) w()
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() })
      for (const w of waiters) w()
    }),
  )
  const waitFor = (match: (m: ServerMessage) => boolean, timeoutMs = 5_000) =>
    new Promise<ServerMessage>((resolve, reject) => {
      const check = () => {
        const found = messages.find(match)
        if (found) {
          waiters.delete(check)
          clearTimeout(timer)
          resolve(found)
        }
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`))
      }, timeoutMs)
      waiters.add(check)
      check()
    })
  const client: StreamClient = {
    messages,
    closed,
    raw: ws,
    next: (match, timeoutMs) => waitFor(match, timeoutMs) as never,
    waitFor,
    events: () => messages.filter((m): m is Extract<ServerMessage, { id: number }> => 'id' in m),
    close: () => ws.close(),
  }
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

export const isHello = (m: ServerMessage) => m.type === 'hello'
