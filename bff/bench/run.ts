/**
 * `pnpm bench`: runs every benchmark in turn; each prints its own figures. The ones that touch the
 * database run twice — on SQLite and on PostgreSQL (`EXOCORP_TEST_PG_URL`, default the local
 * server; a database of its own per run) — and their figures are printed side by side at the end.
 * `pnpm bench <part of a file name>` runs matching files only.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'

const dir = import.meta.dirname
const only = process.argv[2]
const DB_BENCHES = [
  'api-throughput.ts',
  'audit-export.ts',
  'event-stream.ts',
  'hot-path.ts',
  'list-pages.ts',
  'platform-usage.ts',
  'usage-analytics.ts',
]
const files = fs
  .readdirSync(dir)
  .filter(
    (f) =>
      f.endsWith('.ts') &&
      // usage-views.ts measures data a kept platform-usage run left (BENCH_REUSE): run it by hand.
      !['run.ts', 'bench-db.ts', 'event-stream-client.ts', 'usage-views.ts'].includes(f) &&
      (!only || f.includes(only)),
  )
  .sort()
// Runtimes start from the compiled reference runtime, as in production (docs/decisions/019).
const buildDir = path.resolve(dir, '../node_modules/.cache/exocorp-bench-build')
spawnSync(process.execPath, [path.resolve(dir, '../scripts/build.mjs'), buildDir], { stdio: 'inherit' })
const { DATABASE_URL: _ignored, ...parentEnv } = process.env
const env = { ...parentEnv, EXOCORP_RUNTIME_ENTRY: path.join(buildDir, 'reference-runtime.mjs') }

const admin = process.env.EXOCORP_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const pgName = `exocorp_bench_${process.pid}`
async function pgAdmin(statement: string) {
  const client = new pg.Client({ connectionString: admin })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}
await pgAdmin(`CREATE DATABASE ${pgName}`)
const pgUrl = Object.assign(new URL(admin), { pathname: `/${pgName}` }).toString()

type Figure = { name: string; value: number; unit: string; db: 'sqlite' | 'postgres' }
const figures: Figure[] = []
let failed = 0
for (const file of files) {
  const runs = DB_BENCHES.includes(file) ? (['sqlite', 'postgres'] as const) : ([null] as const)
  for (const db of runs) {
    console.log(`\n=== ${file}${db ? ` on ${db}` : ''} ===`)
    const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: db === 'postgres' ? { ...env, DATABASE_URL: pgUrl } : env,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
    for (const line of res.stdout.split('\n')) {
      if (line.startsWith('BENCH ')) figures.push(JSON.parse(line.slice(6)) as Figure)
      else if (line) console.log(line)
    }
    if (res.status !== 0) failed++
  }
}
await pgAdmin(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`)

if (figures.length > 0) {
  console.log('\n=== SQLite and PostgreSQL side by side ===')
  console.log('figure'.padEnd(64), 'SQLite'.padStart(12), 'PostgreSQL'.padStart(12), '  unit')
  const names = [...new Set(figures.map((f) => f.name))]
  const fmt = (f: Figure | undefined) => (f ? (Number.isInteger(f.value) ? String(f.value) : f.value.toFixed(1)) : '—')
  for (const name of names) {
    const lite = figures.find((f) => f.name === name && f.db === 'sqlite')
    const post = figures.find((f) => f.name === name && f.db === 'postgres')
    console.log(name.padEnd(64), fmt(lite).padStart(12), fmt(post).padStart(12), ` ${(lite ?? post)!.unit}`)
  }
}
process.exit(failed ? 1 : 0)
