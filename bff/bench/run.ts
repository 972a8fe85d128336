/** `pnpm bench`: runs every benchmark in turn; each prints its own figures. */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const dir = import.meta.dirname
const only = process.argv[2]
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && (!only || f.includes(only)))
  .sort()
// Runtimes start from the compiled reference runtime, as in production (docs/decisions/019).
const buildDir = path.resolve(dir, '../node_modules/.cache/exocorp-bench-build')
spawnSync(process.execPath, [path.resolve(dir, '../scripts/build.mjs'), buildDir], { stdio: 'inherit' })
const env = { ...process.env, EXOCORP_RUNTIME_ENTRY: path.join(buildDir, 'reference-runtime.mjs') }
let failed = 0
for (const file of files) {
  console.log(`\n=== ${file} ===`)
  const res = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], { stdio: 'inherit', env })
  if (res.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
