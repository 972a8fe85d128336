import os from 'node:os'
import { parseArgs } from 'node:util'

/**
 * `pnpm exocorp runner --server URL --token T` (decision 037): a small runner process. It trades
 * its one-time enrollment token for a secret of its own, then heartbeats with that secret until it
 * is stopped (SIGINT/SIGTERM) or revoked. Only node built-ins; the secret lives in memory only.
 */

const VERSION = '0.1.0'
export const RUNNER_USAGE = 'Usage: pnpm exocorp runner --server <url> --token <enrollment token> [--heartbeat-ms 10000]'

export async function runRunner(argv: string[]): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: { server: { type: 'string' }, token: { type: 'string' }, 'heartbeat-ms': { type: 'string' } },
    }))
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err))
    console.error(RUNNER_USAGE)
    return 2
  }
  const heartbeatMs = Number(values['heartbeat-ms'] ?? 10_000)
  if (!values.server || !values.token || !Number.isInteger(heartbeatMs) || heartbeatMs < 100) {
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
    process.once('SIGINT', () => stop(0))
    process.once('SIGTERM', () => stop(0))
  })
}
