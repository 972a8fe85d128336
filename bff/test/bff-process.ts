import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import path from 'node:path'
import { expect } from 'vitest'
import { waitFor } from './lifecycle-fixtures'

// The real BFF as a child process, compiled and run the way `pnpm start` runs it (the suite's
// global setup builds it into EXOCORP_TEST_BUILD_DIR), for tests that kill or restart it.

const BFF_DIR = path.resolve(import.meta.dirname, '..')
const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port
      srv.close(() => resolve(p))
    })
  })
}

export interface BffProcess {
  readonly port: number
  readonly output: string[]
  /** Starts the BFF and resolves once /api/health answers, with the time it did. */
  start(): Promise<number>
  /** Sends `signal` and resolves once the process has gone, with how it ended (null if it was not running). */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null } | null>
  /** JSON over real HTTP as a browser would send it (Origin, a cookie jar of one session). */
  api(method: string, p: string, body?: unknown): Promise<{ status: number; json: any }>
}

export async function bffProcess(dataDir: string, env: Record<string, string>): Promise<BffProcess> {
  const port = await freePort()
  const output: string[] = []
  let child: ChildProcess | null = null
  let cookie: string | null = null
  // On the PostgreSQL run each process (and its restarts) gets a schema of its own in the run's database.
  // With PostgreSQL the secrets must come from the environment (env.ts), shared by every instance.
  const pgSchema = process.env.DATABASE_URL
    ? {
        EXOCORP_PG_SCHEMA: `p_${port}_${process.pid}`,
        EXOCORP_SECRET_KEY: TEST_SECRET_KEY,
        EXOCORP_PAYMENT_WEBHOOK_SECRET: 'whsec_test_shared_by_instances',
      }
    : {}
  return {
    port,
    output,
    async start() {
      const proc = spawn(process.execPath, [path.join(process.env.EXOCORP_TEST_BUILD_DIR!, 'main.mjs')], {
        cwd: BFF_DIR,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          EXOCORP_DATA_DIR: dataDir,
          PORT: String(port),
          HOST: '127.0.0.1',
          EXOCORP_DEMO: '0',
          EXOCORP_WEB_DIST: path.join(dataDir, 'no-web'),
          LOG_LEVEL: 'info',
          ...pgSchema,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()))
      proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()))
      child = proc
      await waitFor(
        async () => {
          if (proc.exitCode !== null) throw new Error(`BFF exited: ${output.join('').slice(-2000)}`)
          try {
            return (await fetch(`http://127.0.0.1:${port}/api/health`)).ok
          } catch {
            return false
          }
        },
        30_000,
        50,
      )
      return Date.now()
    },
    async stop(signal) {
      const proc = child
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return null
      const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)))
      proc.kill(signal)
      const code = await exited
      child = null
      return { code }
    },
    async api(method, p, body) {
      const headers: Record<string, string> = { origin: `http://127.0.0.1:${port}` }
      if (cookie) headers.cookie = cookie
      if (body !== undefined) headers['content-type'] = 'application/json'
      const res = await fetch(`http://127.0.0.1:${port}${p}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const set = res.headers.get('set-cookie')
      if (set) cookie = set.split(';')[0]!
      const text = await res.text()
      return { status: res.status, json: text ? JSON.parse(text) : undefined }
    },
  }
}

/**
 * Signs the first account up over real HTTP and stores a credential for each provider the
 * reference release requires, so exocorps of this account can be provisioned.
 */
export async function signUpWithCredentials(bff: BffProcess, name: string) {
  const email = `${name.toLowerCase()}@example.com`
  expect((await bff.api('POST', '/api/auth/signup', { email, name, password: 'correct horse battery' })).status).toBe(201)
  for (const provider of ['openai', 'anthropic']) {
    const value = `sk-${name.toLowerCase()}-${provider}-000000000001`
    expect((await bff.api('POST', '/api/registry/provider-secrets', { provider, label: provider, value })).status).toBe(201)
  }
}
