/**
 * Ships the runtime's own stdout/stderr lines to the platform (decision 037): every write to
 * either stream is also split into lines and queued, and a batch is POSTed to
 * `/api/runtime/logs` with the runtime's token every `intervalMs`. The local file (`runtime.log`)
 * stays the record that survives everything; shipping is best effort and can never crash us.
 */

export type ShippedLevel = 'debug' | 'info' | 'warn' | 'error'

export interface LogShipperOptions {
  url: string
  token: string
  intervalMs: number
}

/** Unsent lines kept while the platform is unreachable; the oldest go first. */
const MAX_QUEUED = 2_000
const BATCH = 200
/** `<iso time> <LEVEL> message`, the shape `log()` writes. */
const STRUCTURED = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z) (DEBUG|INFO|WARN|ERROR) (.*)$/

interface Line {
  at: string
  level: ShippedLevel
  stream: 'stdout' | 'stderr'
  message: string
}

export function startLogShipper(o: LogShipperOptions) {
  const queue: Line[] = []
  const partial = { stdout: '', stderr: '' }
  let timer: NodeJS.Timeout | null = null
  let sending = false
  let stopped = false

  function push(stream: 'stdout' | 'stderr', chunk: unknown) {
    const text = typeof chunk === 'string' ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString('utf8') : ''
    const parts = (partial[stream] + text).split('\n')
    partial[stream] = parts.pop() ?? ''
    for (const raw of parts) {
      if (!raw.trim()) continue
      const m = STRUCTURED.exec(raw)
      queue.push(
        m
          ? { at: m[1]!, level: m[2]!.toLowerCase() as ShippedLevel, stream, message: m[3]!.slice(0, 4000) }
          : { at: new Date().toISOString(), level: stream === 'stderr' ? 'warn' : 'info', stream, message: raw.slice(0, 4000) },
      )
      if (queue.length > MAX_QUEUED) queue.shift()
    }
  }

  for (const stream of ['stdout', 'stderr'] as const) {
    const target = process[stream]
    const original = target.write.bind(target) as (...args: unknown[]) => boolean
    target.write = ((chunk: unknown, ...rest: unknown[]) => {
      try {
        push(stream, chunk)
      } catch {
        /* never let shipping break a write */
      }
      return original(chunk, ...rest)
    }) as typeof target.write
  }

  async function flush() {
    if (sending || queue.length === 0) return
    sending = true
    try {
      while (queue.length > 0 && !stopped) {
        const batch = queue.slice(0, BATCH)
        let status: number
        try {
          const res = await fetch(o.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
            body: JSON.stringify({ lines: batch }),
            signal: AbortSignal.timeout(3_000),
          })
          status = res.status
          await res.body?.cancel().catch(() => {})
        } catch {
          return // unreachable: keep the lines, try again next tick
        }
        // Sent, or refused in a way a retry cannot fix: either way these lines are done.
        if ((status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 429)) queue.splice(0, batch.length)
        else return
      }
    } finally {
      sending = false
    }
  }

  const tick = () => {
    timer = null
    void flush().finally(() => {
      if (!stopped) timer = setTimeout(tick, o.intervalMs)
    })
  }
  timer = setTimeout(tick, o.intervalMs)
  timer.unref()

  return {
    /** Sends what is queued now (on shutdown), without waiting longer than the request timeout. */
    async drain() {
      await flush()
    },
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
