/**
 * Rollout controls (issue 17, decision 036): the runtime reads its exocorp's effective agent-loop
 * flags from the platform every `intervalMs` with its own token, and the loop honours them. When
 * the platform cannot be reached the last values received stay in force (a kill switch that was on
 * stays on). Only node built-ins, like the rest of the reference runtime.
 */

export interface LoopFlags {
  killSwitch: boolean
  contextPruning: boolean
  maxSteps: number
}

export interface FlagsPollerOptions {
  url: string
  token: string
  intervalMs: number
  onFlags: (flags: LoopFlags, version: string) => void
  log: (message: string, level?: 'info' | 'warn' | 'error') => void
}

function parseFlags(body: unknown): { flags: LoopFlags; version: string } | null {
  if (!body || typeof body !== 'object') return null
  const { version, flags } = body as { version?: unknown; flags?: Record<string, unknown> }
  if (typeof version !== 'string' || !flags || typeof flags !== 'object') return null
  const { killSwitch, contextPruning, maxSteps } = flags
  if (typeof killSwitch !== 'boolean' || typeof contextPruning !== 'boolean') return null
  if (typeof maxSteps !== 'number' || !Number.isInteger(maxSteps) || maxSteps < 1) return null
  return { flags: { killSwitch, contextPruning, maxSteps }, version }
}

export function startFlagsPoller(o: FlagsPollerOptions) {
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  let version = ''
  let failing = false

  async function tick() {
    timer = null
    try {
      const res = await fetch(o.url, {
        headers: { authorization: `Bearer ${o.token}`, ...(version ? { 'if-none-match': `"${version}"` } : {}) },
        signal: AbortSignal.timeout(3_000),
      })
      if (res.status === 304) await res.body?.cancel().catch(() => {})
      else if (res.ok) {
        const parsed = parseFlags(await res.json())
        if (parsed && parsed.version !== version) {
          version = parsed.version
          o.onFlags(parsed.flags, parsed.version)
        }
      } else {
        await res.body?.cancel().catch(() => {})
        if (!failing) o.log(`flags answered ${res.status}; keeping the last values`, 'warn')
        failing = true
      }
      if (res.ok || res.status === 304) failing = false
    } catch (err) {
      if (!failing)
        o.log(`flags unreachable (${err instanceof Error ? err.message : String(err)}); keeping the last values`, 'warn')
      failing = true
    }
    if (!stopped) timer = setTimeout(() => void tick(), o.intervalMs)
  }

  timer = setTimeout(() => void tick(), 0)
  return {
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
    },
  }
}
