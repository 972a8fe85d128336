import { createHash, randomBytes } from 'node:crypto'
import os from 'node:os'
import { parseArgs } from 'node:util'

/**
 * `pnpm exocorp runner --server URL --token T` (decision 037): a small runner process. It trades
 * its one-time enrollment token for a secret of its own, then heartbeats with that secret until it
 * is stopped (SIGINT/SIGTERM) or revoked. Only node built-ins; the secret lives in memory only.
 * Every `--work-every-ms` it executes a reference workload (decision 039: hashing a few MB of random
 * data) and reports it starting → running → stopped with its secret, so the workload is placed on
 * this runner; `--work-every-ms 0` turns that off. Every `--poll-ms` (default 2000; 0 turns it off)
 * it asks the platform for a queued workload of its exocorp while it is idle (decision 053), runs
 * the reference workload for it and reports it running → stopped (or failed) under the queued id.
 */

const VERSION = '0.1.0'
export const RUNNER_USAGE =
  'Usage: pnpm exocorp runner --server <url> --token <enrollment token> [--heartbeat-ms 10000] [--work-every-ms 15000] [--poll-ms 2000]'

export async function runRunner(argv: string[]): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        server: { type: 'string' },
        token: { type: 'string' },
        'heartbeat-ms': { type: 'string' },
        'work-every-ms': { type: 'string' },
        'poll-ms': { type: 'string' },
      },
    }))
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err))
    console.error(RUNNER_USAGE)
    return 2
  }
  const heartbeatMs = Number(values['heartbeat-ms'] ?? 10_000)
  const workEveryMs = Number(values['work-every-ms'] ?? 15_000)
  const pollMs = Number(values['poll-ms'] ?? 2_000)
  if (
    !values.server ||
    !values.token ||
    !Number.isInteger(heartbeatMs) ||
    heartbeatMs < 100 ||
    !Number.isInteger(workEveryMs) ||
    (workEveryMs !== 0 && workEveryMs < 100) ||
    !Number.isInteger(pollMs) ||
    (pollMs !== 0 && pollMs < 100)
  ) {
    console.error(RUNNER_USAGE)
    return 2
  }
  const server = values.server.replace(/\/+$/, '')
  const post = (path: string, body: unknown, bearer?: string) =>
    fetch(`${server}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    })

  const res = await post('/api/runtime/runners/enroll', {
    token: values.token,
    hostname: os.hostname(),
    version: VERSION,
    heartbeatMs,
  }).catch((err: unknown) => err)
  if (!(res instanceof Response)) {
    console.error(`cannot reach ${server}: ${res instanceof Error ? res.message : String(res)}`)
    return 1
  }
  if (!res.ok) {
    console.error(`enrollment refused (${res.status}): the token is unknown, already used or revoked`)
    return 1
  }
  const enrolled = (await res.json()) as { runnerId?: unknown; secret?: unknown }
  if (typeof enrolled.secret !== 'string' || typeof enrolled.runnerId !== 'string') {
    console.error('enrollment answered an unexpected body')
    return 1
  }
  const secret = enrolled.secret
  console.log(`enrolled as runner ${enrolled.runnerId}; heartbeat every ${heartbeatMs} ms`)

  return new Promise<number>((resolve) => {
    let stopped = false
    const stop = (code: number) => {
      if (stopped) return
      stopped = true
      clearInterval(timer)
      if (workTimer) clearInterval(workTimer)
      if (pollTimer) clearInterval(pollTimer)
      resolve(code)
    }
    const beat = async () => {
      try {
        const r = await post('/api/runtime/runners/heartbeat', {}, secret)
        await r.body?.cancel().catch(() => {})
        if (r.status === 401) {
          console.error('the platform no longer accepts this runner (revoked); stopping')
          stop(1)
        }
      } catch (err) {
        // The platform may be restarting: keep beating, it marks us offline only after missed beats.
        console.error(`heartbeat failed, will retry: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    const timer = setInterval(() => void beat(), heartbeatMs)
    let working = false
    const work = async () => {
      if (working || stopped) return
      working = true
      try {
        await runReferenceWorkload((body) => post('/api/runtime/runners/workloads', body, secret))
      } catch (err) {
        console.error(`workload report failed: ${err instanceof Error ? err.message : String(err)}`)
      } finally {
        working = false
      }
    }
    const workTimer = workEveryMs > 0 ? setInterval(() => void work(), workEveryMs) : null
    // Queued work (decision 053): claim only while idle, so the platform places work on idle runners.
    const poll = async () => {
      if (working || stopped) return
      working = true
      let claimed: QueuedWork | null = null
      try {
        const r = await post('/api/runtime/runners/claim', {}, secret)
        if (r.status === 401) {
          await r.body?.cancel().catch(() => {})
          console.error('the platform no longer accepts this runner (revoked); stopping')
          stop(1)
          return
        }
        if (!r.ok) throw new Error(`the platform answered ${r.status}`)
        const { workload } = (await r.json()) as { workload: QueuedWork | null }
        if (!workload) return
        console.log(`claimed workload ${workload.id}: ${workload.title}`)
        claimed = workload
        await runReferenceWorkload((body) => post('/api/runtime/runners/workloads', body, secret), workload)
      } catch (err) {
        // A claimed workload left `starting` or `running` would keep this runner busy: say it failed.
        if (claimed) {
          const failed = { ...claimed, status: 'failed', finishedAt: new Date().toISOString() }
          await post('/api/runtime/runners/workloads', failed, secret)
            .then((r) => r.body?.cancel())
            .catch(() => {})
        }
        console.error(`claiming or running queued work failed: ${err instanceof Error ? err.message : String(err)}`)
      } finally {
        working = false
      }
    }
    const pollTimer = pollMs > 0 ? setInterval(() => void poll(), pollMs) : null
    if (workTimer) setTimeout(() => void work(), Math.min(1_000, workEveryMs)).unref()
    process.once('SIGINT', () => stop(0))
    process.once('SIGTERM', () => stop(0))
  })
}

const REFERENCE_MB = 8

/**
 * The reference workload: SHA-256 over REFERENCE_MB of random data, one MB per turn of the event
 * loop so heartbeats keep going. Reported starting (unless claimed: it already is), running, then
 * stopped (or failed).
 */
type QueuedWork = { id: string; agent: string; title: string; startedAt: string }

async function runReferenceWorkload(report: (body: unknown) => Promise<Response>, claimed?: QueuedWork) {
  const base = claimed ?? {
    id: `wl_${randomBytes(8).toString('hex')}`,
    agent: 'Runner',
    title: `Reference workload: hash ${REFERENCE_MB} MB`,
    startedAt: new Date().toISOString(),
  }
  const send = async (status: 'starting' | 'running' | 'stopped' | 'failed', extra: object = {}) => {
    const r = await report({ ...base, status, ...extra })
    await r.body?.cancel().catch(() => {})
    if (!r.ok) throw new Error(`the platform answered ${r.status}`)
  }
  // A claimed workload is already `starting` on this runner.
  if (!claimed) await send('starting')
  await send('running')
  try {
    const hash = createHash('sha256')
    for (let i = 0; i < REFERENCE_MB; i++) {
      hash.update(randomBytes(1024 * 1024))
      await new Promise((r) => setImmediate(r))
    }
    console.log(`workload ${base.id} done: ${hash.digest('hex').slice(0, 16)}`)
    await send('stopped', { finishedAt: new Date().toISOString() })
  } catch (err) {
    await send('failed', { finishedAt: new Date().toISOString() })
    throw err
  }
}
