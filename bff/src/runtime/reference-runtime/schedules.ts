import { randomBytes, randomInt } from 'node:crypto'
import { nextCronRun, parseCron, type CronSchedule } from '@exocorp/shared/cron'
import type { RuntimeAgent, RuntimeSchedule } from './protocol'

/**
 * Agents' schedules (issue 17 item 3, decision 051). Each schedule of each agent runs on its cron
 * expression (UTC): the agent takes the schedule's task as a workload (starting → running →
 * stopped, or failed as any simulated task can), then the runtime reports the run to the platform
 * with its token — `schedule_completed` or `schedule_failed` — and, when the schedule names a
 * recipient, the agent's result message (`message`). The platform turns them into admin notices.
 *
 * A run that comes due while the platform's kill switch holds agent work does not start and is
 * reported failed (admins want to know what the switch held back); while the owner paused the
 * exocorp it is skipped silently (nothing is expected to run). A run still going when the next one
 * comes due makes that one skip (no overlap). Expressions the platform validated never fail to
 * parse here; one that does is logged and left out.
 */
export interface ScheduleRunnerOptions {
  baseUrl: string
  token: string
  agents: RuntimeAgent[]
  isPaused: () => boolean
  isHalted: () => boolean
  log: (message: string, level?: 'info' | 'warn' | 'error') => void
}

/** setTimeout takes at most 2^31-1 ms; farther runs are re-armed on the way. */
const MAX_DELAY = 2_147_483_647

export function startScheduleRunner(o: ScheduleRunnerOptions) {
  let stopped = false
  const timers = new Set<NodeJS.Timeout>()
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t)
      if (!stopped) fn()
    }, ms)
    t.unref()
    timers.add(t)
  }

  async function post(path: string, body: Record<string, unknown>): Promise<boolean> {
    try {
      const res = await fetch(new URL(path, o.baseUrl).href, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(3_000),
      })
      await res.body?.cancel().catch(() => {})
      if (!res.ok) o.log(`${path} answered ${res.status}`, 'warn')
      return res.ok
    } catch (err) {
      o.log(`${path} failed: ${err instanceof Error ? err.message : String(err)}`, 'warn')
      return false
    }
  }

  const notice = (body: {
    kind: 'schedule_completed' | 'schedule_failed' | 'message'
    name: string
    agent: string
    detail: string
  }) => post('/api/runtime/notices', body)

  async function run(agent: RuntimeAgent, schedule: RuntimeSchedule) {
    const task = schedule.task ?? schedule.name
    if (o.isHalted()) {
      o.log(`${agent.name}: schedule "${schedule.name}" held back by the kill switch`, 'warn')
      await notice({
        kind: 'schedule_failed',
        name: schedule.name,
        agent: agent.name,
        detail: `Not started: the platform's kill switch holds agent work (${schedule.cron})`,
      })
      return
    }
    const base = {
      id: `wl_${randomBytes(8).toString('hex')}`,
      agent: agent.name,
      title: task,
      startedAt: new Date().toISOString(),
    }
    o.log(`${agent.name} runs schedule "${schedule.name}": ${task}`)
    await post('/api/runtime/workloads', { ...base, status: 'starting' })
    await post('/api/runtime/workloads', { ...base, status: 'running' })
    await new Promise((r) => setTimeout(r, 200 + randomInt(0, 300)).unref())
    if (stopped) return
    // Simulated work fails now and then, like every task of the reference runtime.
    const failed = randomInt(0, 8) === 0
    const finishedAt = new Date().toISOString()
    await post('/api/runtime/workloads', { ...base, status: failed ? 'failed' : 'stopped', finishedAt })
    const took = Date.parse(finishedAt) - Date.parse(base.startedAt)
    o.log(`${agent.name} ${failed ? 'failed' : 'finished'} schedule "${schedule.name}"`, failed ? 'warn' : 'info')
    await notice({
      kind: failed ? 'schedule_failed' : 'schedule_completed',
      name: schedule.name,
      agent: agent.name,
      detail: failed
        ? `“${task}” failed after ${took} ms (${schedule.cron})`
        : `“${task}” finished in ${took} ms (${schedule.cron})`,
    })
    if (!failed && schedule.notify) {
      await notice({
        kind: 'message',
        name: schedule.notify,
        agent: agent.name,
        detail: `Done: ${task} (schedule “${schedule.name}”)`,
      })
    }
  }

  interface Armed {
    agent: RuntimeAgent
    schedule: RuntimeSchedule
    cron: CronSchedule
    running: boolean
  }

  function arm(s: Armed, from: Date) {
    const next = nextCronRun(s.cron, from)
    if (!next) return
    const wait = next.getTime() - Date.now()
    if (wait > MAX_DELAY) return later(MAX_DELAY, () => arm(s, from))
    later(Math.max(0, wait), () => {
      // Arm the next run first, from this one's due time, so a slow run shifts nothing.
      arm(s, next)
      if (s.running || o.isPaused()) return
      s.running = true
      void run(s.agent, s.schedule).finally(() => (s.running = false))
    })
  }

  for (const agent of o.agents) {
    for (const schedule of agent.schedules ?? []) {
      const parsed = parseCron(schedule.cron)
      if (!parsed.ok) {
        o.log(`${agent.name}: schedule "${schedule.name}" left out: ${parsed.error}`, 'error')
        continue
      }
      o.log(`${agent.name}: schedule "${schedule.name}" (${schedule.cron}, UTC)`)
      arm({ agent, schedule, cron: parsed.schedule, running: false }, new Date())
    }
  }

  return {
    stop() {
      stopped = true
      for (const t of timers) clearTimeout(t)
      timers.clear()
    },
  }
}
