/**
 * The client side of event-stream.ts, in a process of its own so the server's memory is measured
 * alone: opens N sockets, then for each action the parent announces (event id, time) records when
 * each socket received that event, and sends the delays back.
 */
import WebSocket from 'ws'

const { URL_BASE, COOKIES, PER_COOKIE } = process.env as Record<string, string>
const cookies = COOKIES!.split('\n')
const perCookie = Number(PER_COOKIE)
const received = new Map<number, number[]>()
let open = 0
const sockets: WebSocket[] = []
for (const cookie of cookies) {
  for (let i = 0; i < perCookie; i++) {
    const ws = new WebSocket(`${URL_BASE}/api/events`, { headers: { cookie, origin: URL_BASE! } })
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; id?: number }
      if (m.type === 'hello' && ++open === cookies.length * perCookie) process.send!({ kind: 'open' })
      if (m.id !== undefined) {
        const at = performance.timeOrigin + performance.now()
        const list = received.get(m.id) ?? []
        list.push(at)
        received.set(m.id, list)
      }
    })
    ws.on('error', (err) => process.send!({ kind: 'error', message: err.message }))
    sockets.push(ws)
  }
}
process.on('message', (msg: { kind: 'collect'; sent: Array<[number, number]> } | { kind: 'close' }) => {
  if (msg.kind === 'collect') {
    const delays: number[] = []
    let missing = 0
    for (const [id, t0] of msg.sent) {
      const got = received.get(id) ?? []
      missing += sockets.length - got.length
      for (const t of got) delays.push(t - t0)
    }
    process.send!({ kind: 'delays', delays, missing })
  } else {
    for (const ws of sockets) ws.close()
    setTimeout(() => process.exit(0), 200)
  }
})
