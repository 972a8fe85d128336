import { upgradeWebSocket, type WebSocketLike } from '@hono/node-server'
import { Hono } from 'hono'
import type { AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { refuseCrossOrigin } from '../http/middleware'
import { AppError } from '../lib/errors'
import type { Connection, LiveSocket, StreamCredential } from '../services/events/stream'

// `GET /api/events`: the live event stream over WebSocket (decision 030). The upgrade request
// goes through the same /api middleware as any request (host check, session cookie or bearer
// token, deny by default), then here: WebSocket only, our own Origin, a cap per user, and a
// well-formed `lastEventId`. Everything after the handshake is services/events/stream.ts.

const LAST_EVENT_ID = /^\d{1,15}$/

/** The `ws` socket behind Hono's context, as the stream needs it. */
function liveSocket(raw: WebSocketLike | undefined): LiveSocket {
  if (!raw) throw new Error('no socket behind the WebSocket context')
  return raw as unknown as LiveSocket
}

export const eventRoutes = new Hono<AppEnv>().get(
  '/',
  guard.user,
  async (c, next) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new AppError(426, 'upgrade_required', 'Open this endpoint as a WebSocket (Upgrade: websocket)')
    }
    refuseCrossOrigin(c)
    const stream = c.get('deps').events
    if (!stream) throw new AppError(503, 'service_unavailable', 'The event stream is not available on this server')
    const lastEventId = c.req.query('lastEventId')
    if (lastEventId !== undefined && !LAST_EVENT_ID.test(lastEventId)) {
      throw AppError.validation({ lastEventId: ['Expected the id of the last event received'] })
    }
    const p = principalOf(c)
    if (!stream.hasRoomFor(p.user.id)) {
      throw new AppError(429, 'too_many_requests', 'Too many open event streams for this account; close a tab and retry')
    }
    await next()
  },
  upgradeWebSocket((c) => {
    const p = principalOf(c)
    const stream = c.get('deps').events!
    const raw = c.req.query('lastEventId')
    const credential: StreamCredential =
      p.kind === 'session' ? { kind: 'session', sessionId: p.session.id } : { kind: 'operator_client', clientId: p.clientId }
    let conn: Connection | null = null
    return {
      onOpen(_event, ws) {
        conn = stream.attach({
          // An agent acts for its human, never with the human's admin reach.
          viewer: {
            userId: p.user.id,
            role: p.kind === 'session' ? p.user.role : 'user',
            companies: p.kind === 'operator_client' ? p.companyIds : null,
          },
          credential,
          socket: liveSocket(ws.raw),
          lastEventId: raw === undefined ? null : Number(raw),
        })
      },
      // The stream is one-way; anything a client sends is ignored.
      onClose() {
        conn?.detach()
      },
      onError() {
        conn?.detach()
      },
    }
  }),
)
