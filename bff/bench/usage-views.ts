/**
 * Decision 061: the service time of each /admin/usage view, without HTTP, on data a `BENCH_KEEP=1`
 * run of platform-usage.ts left (`BENCH_REUSE=<dir or schema>`, required). Prints the fastest, the
 * median and the 95th percentile of N calls per view, so a figure from a busy machine still compares side by side.
 */
import { AdminUsageQuerySchema, adminUsagePreset, type AdminUsagePreset } from '@exocorp/shared/admin-usage'
import { systemClock } from '../src/lib/clock'
import { adminModels, adminUsage } from '../src/services/billing/platform-usage'
import { openBenchDb } from './bench-db'

const reuse = process.env.BENCH_REUSE
if (!reuse) throw new Error('BENCH_REUSE names the kept data of a BENCH_KEEP=1 platform-usage run')
const N = Number(process.env.N ?? 30)
const db = await openBenchDb(reuse, reuse)
const deps = { db, clock: systemClock }
const today = new Date().toISOString().slice(0, 10)
const views: [string, AdminUsagePreset, Record<string, string>][] = [
  ['default', 'thisMonth', {}],
  ['by exocorp', 'thisMonth', { by: 'company' }],
  ['by exocorp, name', 'thisMonth', { by: 'company', sort: 'name' }],
  ['last month by exocorp', 'lastMonth', { by: 'company' }],
  ['3 months', 'last3Months', {}],
  ['12 months', 'last12Months', {}],
  ['12 months by exocorp, events', 'last12Months', { by: 'company', sort: 'events' }],
  ['12 months one account by model', 'last12Months', { by: 'model', accountId: 'u-7' }],
]
const time = async (f: () => Promise<unknown>) => {
  const ts: number[] = []
  for (let i = 0; i < N; i++) {
    const t = performance.now()
    await f()
    ts.push(performance.now() - t)
  }
  ts.sort((a, b) => a - b)
  const at = (p: number) => ts[Math.min(N - 1, Math.ceil((p / 100) * N) - 1)]!.toFixed(1).padStart(6)
  return `min ${ts[0]!.toFixed(1).padStart(6)}  p50 ${at(50)}  p95 ${at(95)}`
}
console.log(`${db.sqlDialect}: ${'models'.padEnd(34)} ${await time(() => adminModels(deps))}`)
for (const [name, preset, rest] of views) {
  const q = AdminUsageQuerySchema.parse({ ...adminUsagePreset(preset, today), ...rest })
  console.log(`${db.sqlDialect}: ${name.padEnd(34)} ${await time(() => adminUsage(deps, q))}`)
}
await db.close()
