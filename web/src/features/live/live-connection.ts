import { EVENT_STREAM_CLOSE, ServerMessageSchema, type PlatformEvent } from '@exocorp/shared/events'
import { API } from '@exocorp/shared/api-paths'
import type { LiveStatus } from '@/lib/live-status'

// One WebSocket per tab to `GET /api/events` (decision 030), shared by every screen: it keeps the
// last event id, reconnects with backoff and replays what it missed, and watches heartbeats so a
// silently dead socket is noticed within two of them.

export interface SocketLike {
  onopen: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: { code: number }) => void) | null
  onerror: ((ev: unknown) => void) | null
  close(code?: number, reason?: string): void
}

export interface LiveHandlers {
  onEvent(event: PlatformEvent): void
  /** The missed events cannot all be replayed: refetch what is shown. */
  onResync(): void
  onStatus(status: LiveStatus): void
}

export interface LiveConnectionOptions {
  url?: string
  open?: (url: string) => SocketLike
  /** Backoff before reconnect attempt n (1-based). */
  backoffMs?: (attempt: number) => number
}

export function eventStreamUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${API.events.stream.path}`
}

const defaultBackoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2)

export function createLiveConnection(handlers: LiveHandlers, options: LiveConnectionOptions = {}) {
  const open = options.open ?? ((url: string) => new WebSocket(url) as unknown as SocketLike)
  const url = options.url ?? eventStreamUrl(window.location)
  const backoff = options.backoffMs ?? defaultBackoff
  let socket: SocketLike | null = null
  let lastEventId: number | null = null
  let attempt = 0
  let stopped = false
  let retry: ReturnType<typeof setTimeout> | null = null
  let watchdog: ReturnType<typeof setTimeout> | null = null
  let heartbeatMs = 25_000
  let status: LiveStatus = 'off'

  const setStatus = (next: LiveStatus) => {
    if (next === status) return
    status = next
    handlers.onStatus(next)
  }

  const armWatchdog = () => {
    if (watchdog) clearTimeout(watchdog)
    watchdog = setTimeout(() => socket?.close(4000, 'no heartbeat'), heartbeatMs * 2 + 1000)
  }

  const connect = () => {
    if (stopped) return
    setStatus(attempt === 0 ? 'connecting' : 'reconnecting')
    const s = open(lastEventId === null ? url : `${url}?lastEventId=${lastEventId}`)
    socket = s
    s.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return
      let parsed
      try {
        parsed = ServerMessageSchema.safeParse(JSON.parse(ev.data))
      } catch {
        return
      }
      // A newer server may send kinds this build does not know: skip them.
      if (!parsed.success) return
      const message = parsed.data
      if (message.type === 'hello') {
        heartbeatMs = message.heartbeatMs
        lastEventId = Math.max(lastEventId ?? 0, message.lastEventId)
        attempt = 0
        setStatus('live')
      } else if (message.type === 'resync') {
        lastEventId = message.lastEventId
        handlers.onResync()
      } else if (message.type !== 'heartbeat') {
        lastEventId = Math.max(lastEventId ?? 0, message.id)
        handlers.onEvent(message)
      }
      // Any message proves the socket alive; after hello, with the server's own heartbeat period.
      armWatchdog()
    }
    s.onclose = (ev) => {
      if (watchdog) clearTimeout(watchdog)
      if (socket !== s) return
      socket = null
      if (stopped) return
      if (ev.code === EVENT_STREAM_CLOSE.sessionEnded) {
        setStatus('offline')
        return
      }
      attempt += 1
      setStatus('reconnecting')
      retry = setTimeout(connect, backoff(attempt))
    }
    s.onerror = () => undefined
    armWatchdog()
  }

  return {
    start() {
      stopped = false
      if (!socket && !retry) connect()
    },
    stop() {
      stopped = true
      if (retry) clearTimeout(retry)
      if (watchdog) clearTimeout(watchdog)
      retry = null
      socket?.close(1000, 'closed by the page')
      socket = null
      setStatus('off')
    },
    /** Right now, e.g. when the browser comes back online. */
    reconnectNow() {
      if (stopped || socket) return
      if (retry) clearTimeout(retry)
      retry = null
      connect()
    },
    get lastEventId() {
      return lastEventId
    },
  }
}

export type LiveConnection = ReturnType<typeof createLiveConnection>
