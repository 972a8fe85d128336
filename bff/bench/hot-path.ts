/**
 * Issue 11 / QUALITY.md "Hot path": every endpoint the web app polls or lists, with a real session,
 * answered with a body (200) and with a matching If-None-Match (304), each side by side with a bare
 * node:http server returning the same bytes and headers. Runs are interleaved (bare, bff, bare,
 * bff…) ROUNDS times so machine noise hits both alike; the figures are the medians, with the spread
 * (max − min over the rounds) of req/s. CPU is this process's user + system time per request (the
 * load generator runs in its own process); the event-loop delay is sampled during the bff runs.
 *
 * `BENCH_HOT_SECONDS` (default 1) per run, `BENCH_HOT_ROUNDS` (default 3), `BENCH_HOT_CONNECTIONS`
 * (default 50), `BENCH_HOT_ONLY` (a part of an endpoint name), `BENCH_HOT_LOG=info` to log requests
 * as production does (to /dev/null), `BENCH_HOT_COLD` cold builds per view (default 200),
 * `BENCH_HOT_COLD_ONLY=1` for those alone.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { serve } from '@hono/node-server'
import { pino } from 'pino'
import { createApp } from '../src/app'
import { createPolledLane, withPolledLane } from '../src/http/polled-lane'
import { createDeps } from '../src/create-deps'
import { jobs } from '../src/db/schema/companies'
import { loadEnv } from '../src/env'
import { systemClock } from '../src/lib/clock'
import { createLogger } from '../src/lib/logger'
import { openBenchDb, report } from './bench-db'

const SECONDS = Number(process.env.BENCH_HOT_SECONDS ?? 1)
const ROUNDS = Number(process.env.BENCH_HOT_ROUNDS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_HOT_CONNECTIONS ?? 50)
const ONLY = process.env.BENCH_HOT_ONLY
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js')

interface Run {
  rps: number
  p50: number
  p99: number
  cpuUsPerReq: number
  loopP99Ms: number
  bad: number
}

/** autocannon in its own process, so the load generator does not steal the server's thread. */
async function load(url: string, headers: Record<string, string>, expect: number): Promise<Run> {
  const args = [autocannonBin, '-j', '-c', String(CONNECTIONS), '-d', String(SECONDS)]
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`)
  args.push(url)
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  // Counted from the first response on: autocannon's own start-up is not the server's work.
  const loop = monitorEventLoopDelay({ resolution: 1 })
  const cpu = process.cpuUsage()
  loop.enable()
  await new Promise((r) => child.once('exit', r))
  loop.disable()
  const used = process.cpuUsage(cpu)
  const r = JSON.parse(out) as {
    requests: { average: number; total: number }
    latency: { p50: number; p99: number }
    statusCodeStats?: Record<string, { count: number }>
  }
  const total = Math.max(1, r.requests.total)
  const good = r.statusCodeStats?.[String(expect)]?.count ?? 0
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    cpuUsPerReq: (used.user + used.system) / total,
    loopP99Ms: loop.percentile(99) / 1e6,
    bad: total - good,
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

async function main() {
  const logToNull = process.env.BENCH_HOT_LOG
  const env = loadEnv({ EXOCORP_DATA_DIR: '/tmp/exocorp-bench-unused', LOG_LEVEL: logToNull ?? 'silent' })
  const db = await openBenchDb(fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-bench-hot-')))
  const log = logToNull ? createLogger(logToNull, pino.destination({ dest: '/dev/null', sync: true })) : pino({ level: 'silent' })
  const deps = createDeps({ env, db, clock: systemClock, log })
  const app = createApp(deps)
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', createServer: withPolledLane(createPolledLane(deps)) })
  await new Promise((r) => server.once('listening', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  // The first account is the platform owner: it sees its own fleet and the admin lists.
  const signup = await fetch(`${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'hot@bench.dev', name: 'Hot Path', password: 'bench password 1' }),
  })
  if (signup.status !== 201) throw new Error(`signup answered ${signup.status}`)
  const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0]!
  const post = async (p: string, body: unknown) => {
    const res = await fetch(`${base}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base, cookie },
      body: JSON.stringify(body),
    })
    if (res.status >= 300) throw new Error(`POST ${p} answered ${res.status}: ${await res.text()}`)
    return (await res.json()) as { id: string }
  }
  // A small fleet, like a real owner's: the list and summary views aggregate over it.
  const ids: string[] = []
  for (let i = 0; i < 8; i++) {
    const created = await post('/api/registry/companies', {
      name: `Hot ${i}`,
      slug: `hot-${i}`,
      channel: 'stable',
    })
    ids.push(created.id)
  }
  const id = ids[0]!
  // A finished job, as jobs/current shows after a lifecycle action (no runtime needed to read it).
  const at = new Date().toISOString()
  await db.write(async (tx) => {
    await tx.insert(jobs).values({
      id: 'bench-job',
      companyId: id,
      action: 'provision',
      status: 'succeeded',
      phases: '[]',
      attempts: 1,
      maxAttempts: 3,
      createdAt: at,
      startedAt: at,
      finishedAt: at,
    })
  })

  const endpoints: [string, string][] = [
    ['me', '/api/auth/me'],
    ['dashboard summary', '/api/dashboard/summary'],
    ['my-companies', '/api/registry/my-companies'],
    ['company detail', `/api/registry/companies/${id}`],
    ['jobs/current', `/api/registry/companies/${id}/jobs/current`],
    ['audit page', '/api/registry/audit-events?limit=50'],
    ['admin companies', '/api/admin/companies?limit=50'],
    ['billing account', '/api/billing/account'],
  ]
  const bare = http.createServer()
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r))
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`

  console.log(
    `hot-path: ${CONNECTIONS} connections, ${SECONDS}s per run, bare/bff interleaved ${ROUNDS}×; medians (req/s spread = max − min)`,
  )
  console.log(
    `  ${'endpoint'.padEnd(30)} ${'bare r/s'.padStart(9)} ${'bff r/s'.padStart(9)} ${'spread'.padStart(7)} ${'ratio'.padStart(6)} ${'p50'.padStart(5)} ${'p99'.padStart(5)} ${'µs/req'.padStart(7)} ${'bare µs'.padStart(7)} ${'loop99'.padStart(7)} ${'bare'.padStart(7)}`,
  )
  for (const [name, url] of endpoints) {
    if ((ONLY && !name.includes(ONLY)) || process.env.BENCH_HOT_COLD_ONLY) continue
    const sample = await fetch(`${base}${url}`, { headers: { cookie } })
    const body = Buffer.from(await sample.arrayBuffer())
    if (sample.status !== 200) throw new Error(`${name} answered ${sample.status}: ${body.toString()}`)
    const etag = sample.headers.get('etag')
    const variants: { label: string; status: number; headers: Record<string, string> }[] = [
      { label: '200', status: 200, headers: { cookie } },
    ]
    if (etag) variants.push({ label: '304', status: 304, headers: { cookie, 'if-none-match': etag } })
    else console.log(`  ${name}: no ETag, no 304 run`)
    for (const variant of variants) {
      const probe = await fetch(`${base}${url}`, { headers: variant.headers })
      await probe.arrayBuffer()
      // The ceiling: the same status, bytes and headers from node:http, no framework, no session, no DB.
      const sentHeaders = Object.fromEntries(probe.headers)
      delete sentHeaders['content-length']
      delete sentHeaders['transfer-encoding']
      const sentBody = variant.status === 304 ? undefined : body
      bare.removeAllListeners('request')
      bare.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
        res.writeHead(variant.status, sentHeaders)
        res.end(sentBody)
      })
      const bareRuns: Run[] = []
      const bffRuns: Run[] = []
      for (let round = 0; round < ROUNDS; round++) {
        bareRuns.push(await load(bareUrl, {}, variant.status))
        bffRuns.push(await load(`${base}${url}`, variant.headers, variant.status))
      }
      const bad = bffRuns.reduce((n, r) => n + r.bad, 0)
      if (bad > 0) console.log(`  ${name} ${variant.label}: ${bad} responses with another status than ${variant.status}`)
      const rps = bffRuns.map((r) => r.rps)
      const ratios = bffRuns.map((r, i) => r.rps / bareRuns[i]!.rps)
      const f = {
        bare: median(bareRuns.map((r) => r.rps)),
        bff: median(rps),
        spread: Math.max(...rps) - Math.min(...rps),
        ratio: median(ratios),
        p50: median(bffRuns.map((r) => r.p50)),
        p99: median(bffRuns.map((r) => r.p99)),
        cpu: median(bffRuns.map((r) => r.cpuUsPerReq)),
        bareCpu: median(bareRuns.map((r) => r.cpuUsPerReq)),
        loop: median(bffRuns.map((r) => r.loopP99Ms)),
        bareLoop: median(bareRuns.map((r) => r.loopP99Ms)),
      }
      const label = `${name} ${variant.label}`
      console.log(
        `  ${label.padEnd(30)} ${f.bare.toFixed(0).padStart(9)} ${f.bff.toFixed(0).padStart(9)} ${f.spread.toFixed(0).padStart(7)} ${f.ratio.toFixed(2).padStart(6)} ${String(f.p50).padStart(5)} ${String(f.p99).padStart(5)} ${f.cpu.toFixed(0).padStart(7)} ${f.bareCpu.toFixed(0).padStart(7)} ${f.loop.toFixed(1).padStart(7)} ${f.bareLoop.toFixed(1).padStart(7)}`,
      )
      const key = `hot ${label}`
      report(`${key}: req/s bare node:http`, Math.round(f.bare), 'req/s')
      report(`${key}: req/s bff`, Math.round(f.bff), 'req/s')
      report(`${key}: req/s bff spread`, Math.round(f.spread), 'req/s (max − min)')
      report(`${key}: ratio bff/bare`, Math.round(f.ratio * 100) / 100, variant.status === 304 ? '(≥ 0.6)' : '(≥ 0.5)')
      report(`${key}: p50`, f.p50, 'ms')
      report(`${key}: p99`, f.p99, 'ms (≤ 20)')
      report(`${key}: CPU per request`, Math.round(f.cpu), 'µs')
      report(`${key}: event-loop delay p99`, Math.round(f.loop * 10) / 10, 'ms (≤ 10)')
      report(`${key}: event-loop delay p99 (bare)`, Math.round(f.bareLoop * 10) / 10, 'ms (machine noise)')
    }
  }
  // A poll after a write builds its view afresh (decision 033: prepared statements, fewer of them).
  // In process (no sockets), the write that moves the version left out of the timing.
  const COLD = Number(process.env.BENCH_HOT_COLD ?? 200)
  console.log(`cold view builds: a visible write before each, ${COLD} per view; median and p90 µs per request`)
  for (const [name, url] of endpoints) {
    if ((ONLY && !name.includes(ONLY)) || COLD <= 0) continue
    const times: number[] = []
    for (let i = 0; i < COLD; i++) {
      await db.write(async () => undefined)
      const started = performance.now()
      const res = await app.request(`${base}${url}`, { headers: { cookie } })
      await res.arrayBuffer()
      times.push((performance.now() - started) * 1000)
      if (res.status !== 200) throw new Error(`${name} answered ${res.status}`)
    }
    times.sort((x, y) => x - y)
    const p50 = times[Math.floor(times.length / 2)]!
    const p90 = times[Math.floor(times.length * 0.9)]!
    console.log(`  ${name.padEnd(30)} ${p50.toFixed(0).padStart(7)} ${p90.toFixed(0).padStart(7)}`)
    report(`hot ${name}: cold build median`, Math.round(p50), 'µs')
  }
  server.close()
  bare.close()
  await db.close()
  process.exit(0)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
