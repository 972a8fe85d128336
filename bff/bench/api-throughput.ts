/**
 * QUALITY.md: throughput on a polled endpoint ≥ 50% of a bare node:http server returning the same
 * bytes, measured side by side in one run. Prints both figures and the ratio.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { serve } from '@hono/node-server'
import { pino } from 'pino'
import { createApp } from '../src/app'
import { createPolledLane, withPolledLane } from '../src/http/polled-lane'
import { createDeps } from '../src/create-deps'
import { loadEnv } from '../src/env'
import { systemClock } from '../src/lib/clock'
import { openBenchDb, report } from './bench-db'

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5)

const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js')

/** autocannon runs in its own process so the load generator does not steal the server's thread. */
async function load(url: string, headers: Record<string, string>) {
  const args = [autocannonBin, '-j', '-c', '20', '-d', String(DURATION_S)]
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`)
  args.push(url)
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  await new Promise((r) => child.once('exit', r))
  const result = JSON.parse(out) as { requests: { average: number }; latency: { p99: number }; non2xx: number }
  return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx }
}

async function main() {
  const env = loadEnv({ EXOCORP_DATA_DIR: '/tmp/exocorp-bench-unused', LOG_LEVEL: 'silent' })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-bench-api-'))
  const deps = createDeps({
    env,
    db: await openBenchDb(dir),
    clock: systemClock,
    log: pino({ level: 'silent' }),
  })
  const app = createApp(deps)
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', createServer: withPolledLane(createPolledLane(deps)) })
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const signup = await fetch(`${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'bench@example.com', name: 'Bench', password: 'bench password 1' }),
  })
  const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0]!
  const polled = `${base}/api/auth/me`
  const sample = await fetch(polled, { headers: { cookie } })
  const body = await sample.text()
  const sampleHeaders = Object.fromEntries(sample.headers)

  // The ceiling: the same bytes and headers from node:http with no framework, no session, no DB.
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, sampleHeaders)
    res.end(body)
  })
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`

  const ceiling = await load(bareUrl, {})
  const ours = await load(polled, { cookie })
  const etag = sample.headers.get('etag') ?? ''
  const notModified = await load(polled, { cookie, 'if-none-match': etag })

  console.log(`api-throughput (${DURATION_S}s each, 20 connections, GET /api/auth/me with a session)`)
  console.log(`  bare node:http      ${ceiling.rps.toFixed(0)} req/s  p99 ${ceiling.p99} ms`)
  console.log(`  bff 200             ${ours.rps.toFixed(0)} req/s  p99 ${ours.p99} ms  (non-2xx ${ours.non2xx})`)
  console.log(`  bff 304 (ETag)      ${notModified.rps.toFixed(0)} req/s  p99 ${notModified.p99} ms`)
  console.log(`  ratio bff/bare      ${((ours.rps / ceiling.rps) * 100).toFixed(0)}%  (target ≥ 50%)`)
  report('GET /api/auth/me: bare node:http', Math.round(ceiling.rps), 'req/s')
  report('GET /api/auth/me: bff 200', Math.round(ours.rps), 'req/s')
  report('GET /api/auth/me: bff 304 (ETag)', Math.round(notModified.rps), 'req/s')
  report('GET /api/auth/me: bff / bare', Math.round((ours.rps / ceiling.rps) * 100), '% (≥ 50)')
  report('GET /api/auth/me: bff 200 p99', ours.p99, 'ms')
  server.close()
  bare.close()
  await deps.db.close()
  fs.rmSync(dir, { recursive: true, force: true })
  process.exit(0)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
