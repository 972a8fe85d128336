import { randomBytes, randomInt } from 'node:crypto'
import type { RuntimeAgent } from './protocol'

/**
 * The agents' work as workloads (decision 037): every `everyMs` one agent takes a task through
 * starting → running → stopped (now and then failed), each step reported to the platform with the
 * runtime's token. Never while paused; a report that fails is logged and the workload goes on.
 */
export interface WorkloadSimulatorOptions {
  url: string
  token: string
  agents: RuntimeAgent[]
  everyMs: number
  firstDelayMs: number
  isPaused: () => boolean
  log: (message: string, level?: 'info' | 'warn' | 'error') => void
}

const TASKS = [
  'Triage the inbox',
  'Draft the weekly report',
  'Review open pull requests',
  'Answer a support ticket',
  'Plan the sprint',
]

export function startWorkloadSimulator(o: WorkloadSimulatorOptions) {
  let stopped = false
  let turn = 0
  const timers = new Set<NodeJS.Timeout>()
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t)
      if (!stopped) fn()
    }, ms)
    t.unref()
    timers.add(t)
  }

  async function report(body: Record<string, unknown>) {
    try {
      const res = await fetch(o.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(3_000),
      })
      await res.body?.cancel().catch(() => {})
      if (!res.ok) o.log(`workload report answered ${res.status}`, 'warn')
    } catch (err) {
      o.log(`workload report failed: ${err instanceof Error ? err.message : String(err)}`, 'warn')
    }
  }

  function runOne() {
    if (!o.isPaused() && o.agents.length > 0) {
      const agent = o.agents[turn % o.agents.length]!
      const title = TASKS[turn % TASKS.length]!
      turn += 1
      const base = { id: `wl_${randomBytes(8).toString('hex')}`, agent: agent.name, title, startedAt: new Date().toISOString() }
      o.log(`${agent.name} starts "${title}"`)
      void report({ ...base, status: 'starting' }).then(() =>
        later(300, () => {
          void report({ ...base, status: 'running' }).then(() =>
            later(1_200 + randomInt(0, 600), () => {
              const failed = randomInt(0, 8) === 0
              o.log(`${agent.name} ${failed ? 'failed' : 'finished'} "${title}"`, failed ? 'warn' : 'info')
              void report({ ...base, status: failed ? 'failed' : 'stopped', finishedAt: new Date().toISOString() })
            }),
          )
        }),
      )
    }
    later(o.everyMs, runOne)
  }
  later(o.firstDelayMs, runOne)

  return {
    stop() {
      stopped = true
      for (const t of timers) clearTimeout(t)
      timers.clear()
    },
  }
}
