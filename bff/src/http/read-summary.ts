import type { Deps } from '../deps'

export const READ_SUMMARY_EVERY_MS = 60_000

/**
 * Successful GETs as one line a minute (count, slowest), written when the next read after the
 * minute arrives; `LOG_LEVEL=debug` logs each of them as well (decision 026).
 */
function readSummary(deps: Pick<Deps, 'log'>) {
  let since = performance.now()
  let n = 0
  let slowest = 0
  return {
    count(ms: number) {
      n++
      if (ms > slowest) slowest = ms
      const now = performance.now()
      if (now - since < READ_SUMMARY_EVERY_MS) return
      deps.log.info({ reads: n, slowestMs: +slowest.toFixed(1), seconds: Math.round((now - since) / 1000) }, 'reads')
      since = now
      n = 0
      slowest = 0
    },
  }
}

export type ReadSummary = ReturnType<typeof readSummary>
const summaries = new WeakMap<object, ReadSummary>()

/** One summary per process's dependencies: the router and the polled lane count into the same line. */
export function readSummaryOf(deps: Pick<Deps, 'log'>): ReadSummary {
  let s = summaries.get(deps)
  if (!s) summaries.set(deps, (s = readSummary(deps)))
  return s
}
