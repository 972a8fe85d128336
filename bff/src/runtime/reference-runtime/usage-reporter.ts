import { randomInt, randomUUID } from 'node:crypto'
import type { RuntimeAgent, UsageEvent } from './protocol'

export interface UsageReporterOptions {
  url: string
  token: string
  agents: RuntimeAgent[]
  intervalMs: number
  /** Delay before the first event, so a fresh runtime shows usage within a second or so. */
  firstDelayMs: number
  isPaused: () => boolean
  /** Called for each step of agent work started (one model call → one usage event). */
  onStep?: () => void
  onReported: () => void
  log: (message: string) => void
}

/** Keep at most this many unsent events; the oldest go first when the BFF stays unreachable. */
const MAX_QUEUED = 50
/** Answers that sending the same event again cannot fix. Others (409, 429, 5xx, …) are retried. */
const DROP = new Set([400, 401, 403, 404, 405, 413, 415, 422])

/**
 * Simulates the agents' model calls: one usage event per tick (never while paused), sent with the
 * per-runtime bearer token. A failed send stays queued and is retried on the next tick under the
 * same Idempotency-Key; a refusal a retry cannot fix (bad request, bad token) is logged and dropped. Nothing here can crash the runtime.
 */
export function startUsageReporter(o: UsageReporterOptions) {
  const queue: { key: string; event: UsageEvent }[] = []
  let turn = 0
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  function nextEvent(): UsageEvent | null {
    if (!o.agents.length) return null
    const agent = o.agents[turn++ % o.agents.length]!
    // About one simulated call in twenty fails, as provider calls now and then do.
    const outcome = randomInt(20) === 0 ? 'error' : 'ok'
    return {
      model: agent.model,
      agent: agent.name,
      inputTokens: randomInt(200, 2_000),
      outputTokens: randomInt(50, 800),
      outcome,
    }
  }

  async function flush() {
    while (queue.length && !stopped) {
      const item = queue[0]!
      let status: number
      try {
        const res = await fetch(o.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${o.token}`,
            'idempotency-key': item.key,
          },
          body: JSON.stringify(item.event),
          signal: AbortSignal.timeout(3_000),
        })
        status = res.status
        await res.body?.cancel().catch(() => {})
      } catch (err) {
        o.log(`usage report failed, will retry: ${err instanceof Error ? err.message : String(err)}`)
        return
      }
      if (status >= 200 && status < 300) {
        queue.shift()
        o.onReported()
      } else if (DROP.has(status)) {
        queue.shift()
        o.log(`usage report refused with ${status}; dropped`)
      } else {
        o.log(`usage report answered ${status}, will retry`)
        return
      }
    }
  }

  async function tick() {
    timer = null
    try {
      if (!o.isPaused()) {
        const event = nextEvent()
        if (event) {
          o.onStep?.()
          queue.push({ key: randomUUID(), event })
          if (queue.length > MAX_QUEUED) queue.shift()
        }
      }
      await flush()
    } catch (err) {
      o.log(`usage reporter: ${err instanceof Error ? err.message : String(err)}`)
    }
    if (!stopped) timer = setTimeout(() => void tick(), o.intervalMs)
  }

  timer = setTimeout(() => void tick(), o.firstDelayMs)
  return {
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
