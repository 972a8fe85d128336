/**
 * QUALITY.md: local runtime draft → running ≤ 2 s wall; a killed runtime is `unreachable` ≤ 5 s.
 * Prints spawn→healthy times of the local driver (median, p95), next to a bare `node` start on
 * the same machine (the floor for any child process), plus restart, stop and kill-detection times.
 *   npx tsx bff/bench/runtime-start.ts        RUNS=20 to change the sample size
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createLocalDriver } from '../src/runtime/local/local-driver'
import type { RuntimeSpec } from '../src/runtime/driver'

const RUNS = Number(process.env.RUNS ?? 10)

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! }
}

const fmt = (s: { median: number; p95: number; max: number }) =>
  `median ${s.median.toFixed(0).padStart(4)} ms   p95 ${s.p95.toFixed(0).padStart(4)} ms   max ${s.max.toFixed(0).padStart(4)} ms`

async function timed(fn: () => Promise<unknown>) {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

/** The floor: a node process that prints one line as soon as it runs (timed to that line). */
async function bareNode(file: string): Promise<number> {
  const t0 = performance.now()
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: process.env.PATH } })
  await new Promise((r) => child.stdout.once('data', r))
  const ms = performance.now() - t0
  await new Promise((r) => child.once('exit', r))
  return ms
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'exocorp-bench-rt-'))
  const driver = createLocalDriver({ dataDir, maxRuntimes: RUNS + 1 })
  const floorFile = path.join(dataDir, 'floor.mjs')
  writeFileSync(floorFile, 'process.stdout.write("ready\\n")\n')
  const spec = (i: number): RuntimeSpec => ({
    companyId: `co_bench_${i}`,
    slug: `bench-${i}`,
    name: `Bench ${i}`,
    version: '1.0.0',
    manifestYaml: 'company: bench\n',
    agents: [{ name: 'Ada', role: 'ceo', model: 'gpt-4.1' }],
    usageReportUrl: 'http://127.0.0.1:9/usage',
    usageToken: 'bench',
  })

  try {
    const first = await timed(() => driver.start(spec(0)))
    await driver.stop('co_bench_0')

    const floor: number[] = []
    const starts: number[] = []
    const restarts: number[] = []
    const stops: number[] = []
    const detect: number[] = []
    for (let i = 1; i <= RUNS; i++) {
      floor.push(await bareNode(floorFile))
      starts.push(await timed(() => driver.start(spec(i))))
      restarts.push(await timed(() => driver.start(spec(i))))
      const pid = driver.handle(`co_bench_${i}`)!.pid!
      process.kill(pid, 'SIGKILL')
      const killedAt = performance.now()
      while ((await driver.probe(`co_bench_${i}`)).healthy) await new Promise((r) => setTimeout(r, 10))
      detect.push(performance.now() - killedAt)
      await driver.start(spec(i))
      stops.push(await timed(() => driver.stop(`co_bench_${i}`)))
    }

    const s = stats(starts)
    console.log(`runtime-start (${RUNS} runs, local driver, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)})`)
    console.log(`  first start (builds the runtime bundle)   ${first.toFixed(0)} ms`)
    console.log(`  bare node start (floor)      ${fmt(stats(floor))}`)
    console.log(`  spawn → healthy              ${fmt(s)}`)
    console.log(`  restart (replace process)    ${fmt(stats(restarts))}`)
    console.log(`  stop (SIGTERM → exit)        ${fmt(stats(stops))}`)
    console.log(`  SIGKILL → probe unhealthy    ${fmt(stats(detect))}   (target ≤ 5000 ms incl. the monitor's interval)`)
    console.log(`  ratio start/floor            ${(s.median / stats(floor).median).toFixed(1)}x`)
    console.log(`  p95 start vs 2000 ms budget  ${((s.p95 / 2000) * 100).toFixed(0)}% of the draft → running budget`)
  } finally {
    await driver.shutdownAll()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

void main()
