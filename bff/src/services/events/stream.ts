import { eq, inArray } from 'drizzle-orm'
import type { PlatformRole } from '@exocorp/shared/auth'
import { EVENT_STREAM_CLOSE } from '@exocorp/shared/events'
import type { Deps } from '../../deps'
import { sessions, users } from '../../db/schema/accounts'
import { operatorClients } from '../../db/schema/operator-clients'
import type { EventHub, Subscriber, Viewer } from './hub'

// The sockets of `GET /api/events` on this instance (decision 030): replay on connect, live
// delivery from the hub, heartbeats, dead-socket and slow-consumer cut-off, a per-user cap, and a
// periodic check that the session (or the agent's token) behind each socket still holds.

/** What the stream needs of a socket (the `ws` WebSocket behind Hono's WSContext). */
export interface LiveSocket {
  send(message: string): void
  close(code: number, reason: string): void
  ping(): void
  terminate(): void
  readonly bufferedAmount: number
  on(event: 'pong', listener: () => void): unknown
}

/** Whose socket this is: a browser session or an operator client's bearer token, by row id. */
export type StreamCredential = { kind: 'session'; sessionId: string } | { kind: 'operator_client'; clientId: string }

export interface StreamOptions {
  heartbeatMs?: number
  /** How often the sessions behind open sockets are checked (logout, expiry, disabled account, role). */
  revalidateMs?: number
  maxPerUser?: number
  /** A socket whose unsent bytes pass this is closed (the client reconnects and replays). */
  maxBufferedBytes?: number
}

export interface Connection {
  readonly viewer: Viewer
  detach(): void
}

export interface EventStream {
  readonly hub: EventHub
  readonly heartbeatMs: number
  /** Open sockets of this user on this instance. */
  countFor(userId: string): number
  hasRoomFor(userId: string): boolean
  attach(input: { viewer: Viewer; credential: StreamCredential; socket: LiveSocket; lastEventId: number | null }): Connection
  /** Sockets open on this instance. */
  size(): number
  /** Closes every socket with 1001 (clients reconnect, to another instance if there is one). */
  close(): Promise<void>
}

interface Conn extends Connection {
  viewer: Viewer
  credential: StreamCredential
  socket: LiveSocket
  alive: boolean
  closed: boolean
  end(code: number, reason: string): void
}

export function createEventStream(
  deps: Pick<Deps, 'db' | 'clock' | 'env' | 'log'>,
  hub: EventHub,
  options: StreamOptions = {},
): EventStream {
  const heartbeatMs = options.heartbeatMs ?? 25_000
  const revalidateMs = options.revalidateMs ?? 5_000
  const maxPerUser = options.maxPerUser ?? 10
  const maxBuffered = options.maxBufferedBytes ?? 1_000_000
  const conns = new Set<Conn>()
  const perUser = new Map<string, number>()

  const heartbeat = setInterval(() => {
    const message = JSON.stringify({ type: 'heartbeat', at: new Date().toISOString() })
    for (const conn of conns) {
      // No pong since the last ping: the peer is gone without a close (laptop lid, lost network).
      if (!conn.alive) {
        conn.socket.terminate()
        conn.detach()
        continue
      }
      conn.alive = false
      try {
        conn.socket.ping()
        conn.socket.send(message)
      } catch {
        conn.detach()
      }
    }
  }, heartbeatMs)
  heartbeat.unref()

  const revalidator = setInterval(() => void revalidate().catch(() => undefined), revalidateMs)
  revalidator.unref()

  /** One query per kind of credential for every open socket: who may still listen, with which role. */
  async function revalidate() {
    if (conns.size === 0) return
    const all = [...conns]
    const sessionIds = all.flatMap((c) => (c.credential.kind === 'session' ? [c.credential.sessionId] : []))
    const clientIds = all.flatMap((c) => (c.credential.kind === 'operator_client' ? [c.credential.clientId] : []))
    const now = deps.clock.now().getTime()
    const idleMs = deps.env.EXOCORP_SESSION_IDLE_MINUTES * 60_000
    const valid = new Map<string, PlatformRole>()
    if (sessionIds.length > 0) {
      const rows = await deps.db
        .select({
          id: sessions.id,
          lastSeenAt: sessions.lastSeenAt,
          expiresAt: sessions.expiresAt,
          role: users.role,
          disabledAt: users.disabledAt,
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(inArray(sessions.id, sessionIds))
      for (const r of rows) {
        const live = !r.disabledAt && Date.parse(r.expiresAt) > now && Date.parse(r.lastSeenAt) + idleMs > now
        if (live) valid.set(`s:${r.id}`, r.role)
      }
    }
    if (clientIds.length > 0) {
      const rows = await deps.db
        .select({ id: operatorClients.id, revokedAt: operatorClients.revokedAt, role: users.role, disabledAt: users.disabledAt })
        .from(operatorClients)
        .innerJoin(users, eq(users.id, operatorClients.userId))
        .where(inArray(operatorClients.id, clientIds))
      for (const r of rows) if (!r.revokedAt && !r.disabledAt) valid.set(`c:${r.id}`, r.role)
    }
    for (const conn of all) {
      const key = conn.credential.kind === 'session' ? `s:${conn.credential.sessionId}` : `c:${conn.credential.clientId}`
      const role = valid.get(key)
      if (role === undefined) conn.end(EVENT_STREAM_CLOSE.sessionEnded, 'session ended')
      // An operator client acts as its human but never with the human's admin reach.
      else conn.viewer.role = conn.credential.kind === 'session' ? role : 'user'
    }
  }

  return {
    hub,
    heartbeatMs,
    countFor: (userId) => perUser.get(userId) ?? 0,
    hasRoomFor: (userId) => (perUser.get(userId) ?? 0) < maxPerUser,
    size: () => conns.size,
    attach({ viewer, credential, socket, lastEventId }) {
      let unsubscribe = () => {}
      let lastSent = 0
      let replaying = true
      const held: Array<[number, string]> = []
      const send = (id: number, message: string) => {
        if (conn.closed || id <= lastSent) return
        if (socket.bufferedAmount > maxBuffered) {
          conn.end(EVENT_STREAM_CLOSE.slowConsumer, 'slow consumer')
          return
        }
        lastSent = id
        socket.send(message)
      }
      const conn: Conn = {
        viewer: { ...viewer },
        credential,
        socket,
        alive: true,
        closed: false,
        detach() {
          if (conn.closed) return
          conn.closed = true
          unsubscribe()
          conns.delete(conn)
          const n = (perUser.get(viewer.userId) ?? 1) - 1
          if (n <= 0) perUser.delete(viewer.userId)
          else perUser.set(viewer.userId, n)
        },
        end(code, reason) {
          if (conn.closed) return
          conn.detach()
          try {
            socket.close(code, reason)
          } catch {
            socket.terminate()
          }
        },
      }
      conns.add(conn)
      perUser.set(viewer.userId, (perUser.get(viewer.userId) ?? 0) + 1)
      socket.on('pong', () => {
        conn.alive = true
      })
      if ((perUser.get(viewer.userId) ?? 0) > maxPerUser) {
        conn.end(1008, 'too many connections')
        return conn
      }
      const subscriber: Subscriber = {
        viewer: conn.viewer,
        deliver(id, message) {
          if (replaying) held.push([id, message])
          else send(id, message)
        },
      }
      // Subscribe before reading the backlog, so nothing falls between the replay and live delivery.
      unsubscribe = hub.subscribe(subscriber)
      const upTo = hub.cursor()
      void (async () => {
        try {
          if (lastEventId !== null) {
            const replay = await hub.replay(lastEventId, upTo, conn.viewer)
            if (replay.kind === 'resync') {
              if (!conn.closed) socket.send(JSON.stringify({ type: 'resync', lastEventId: upTo, reason: replay.reason }))
            } else {
              for (const e of replay.events) send(e.id, e.message)
            }
          }
          lastSent = Math.max(lastSent, upTo)
          if (conn.closed) return
          socket.send(JSON.stringify({ type: 'hello', lastEventId: upTo, heartbeatMs }))
          replaying = false
          for (const [id, message] of held.splice(0)) send(id, message)
        } catch (err) {
          deps.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'event replay failed')
          conn.end(1011, 'replay failed')
        }
      })()
      return conn
    },
    async close() {
      clearInterval(heartbeat)
      clearInterval(revalidator)
      for (const conn of [...conns]) conn.end(EVENT_STREAM_CLOSE.goingAway, 'server shutting down')
    },
  }
}
