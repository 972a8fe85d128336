import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LiveStatus } from '@/lib/live-status'
import { createLiveConnection, type SocketLike } from './live-connection'

/** A socket the test drives: it records the URL it was opened with. */
class FakeSocket implements SocketLike {
  onopen: SocketLike['onopen'] = null
  onmessage: SocketLike['onmessage'] = null
  onclose: SocketLike['onclose'] = null
  onerror: SocketLike['onerror'] = null
  closed = false
  constructor(readonly url: string) {}
  send(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) })
  }
  drop(code = 1006) {
    this.onclose?.({ code })
  }
  close() {
    this.closed = true
    this.onclose?.({ code: 1000 })
  }
}

function setup() {
  const sockets: FakeSocket[] = []
  const statuses: LiveStatus[] = []
  const events: number[] = []
  let resyncs = 0
  const conn = createLiveConnection(
    {
      onEvent: (e) => events.push(e.id),
      onResync: () => void resyncs++,
      onStatus: (s) => statuses.push(s),
    },
    {
      url: 'ws://app.test/api/events',
      open: (url) => {
        const s = new FakeSocket(url)
        sockets.push(s)
        return s
      },
      backoffMs: () => 10,
    },
  )
  return { conn, sockets, statuses, events, resyncs: () => resyncs }
}

const status = (id: number, companyId = 'c1') => ({
  type: 'company.status',
  id,
  at: '2026-11-29T12:00:00.000Z',
  companyId,
  data: { status: 'paused', health: 'unknown', previousStatus: 'running', previousHealth: 'unknown' },
})

afterEach(() => vi.useRealTimers())

describe('the tab’s live connection', () => {
  it('goes live on hello, hands events on, and resumes after a drop from the last event id', async () => {
    vi.useFakeTimers()
    const t = setup()
    t.conn.start()
    expect(t.sockets[0]!.url).toBe('ws://app.test/api/events')
    t.sockets[0]!.send({ type: 'hello', lastEventId: 7, heartbeatMs: 1000 })
    t.sockets[0]!.send(status(8))
    t.sockets[0]!.send(status(9))
    // Unknown kinds from a newer server are skipped, not fatal.
    t.sockets[0]!.send({ type: 'workload.changed', id: 10 })
    expect(t.events).toEqual([8, 9])
    t.sockets[0]!.drop()
    expect(t.statuses).toEqual(['connecting', 'live', 'reconnecting'])
    await vi.advanceTimersByTimeAsync(10)
    expect(t.sockets[1]!.url).toBe('ws://app.test/api/events?lastEventId=9')
    t.sockets[1]!.send({ type: 'hello', lastEventId: 9, heartbeatMs: 1000 })
    expect(t.statuses.at(-1)).toBe('live')
  })

  it('asks for a refetch on resync, and takes the server’s cursor', async () => {
    vi.useFakeTimers()
    const t = setup()
    t.conn.start()
    t.sockets[0]!.send({ type: 'resync', lastEventId: 500, reason: 'window_exceeded' })
    t.sockets[0]!.send({ type: 'hello', lastEventId: 500, heartbeatMs: 1000 })
    expect(t.resyncs()).toBe(1)
    expect(t.conn.lastEventId).toBe(500)
  })

  it('closes a socket that stops sending heartbeats, and stays offline once the session ended', async () => {
    vi.useFakeTimers()
    const t = setup()
    t.conn.start()
    t.sockets[0]!.send({ type: 'hello', lastEventId: 1, heartbeatMs: 1000 })
    await vi.advanceTimersByTimeAsync(3_100)
    expect(t.sockets[0]!.closed).toBe(true)
    await vi.advanceTimersByTimeAsync(10)
    expect(t.sockets).toHaveLength(2)
    t.sockets[1]!.drop(4401)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(t.sockets).toHaveLength(2)
    expect(t.statuses.at(-1)).toBe('offline')
  })
})
