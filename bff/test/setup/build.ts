import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import path from 'node:path'

/**
 * Compiles the BFF once per test run, as `pnpm build` does, into a scratch dir: the crash and
 * production-build tests run that JavaScript, and every runtime the suite starts is the compiled
 * reference runtime (from sources through tsx each start would cost ~250 ms more).
 */
export default function setup() {
  // Under bff/node_modules so the compiled files resolve their dependencies as bff/dist does.
  const cache = path.resolve(import.meta.dirname, '../../node_modules/.cache')
  mkdirSync(cache, { recursive: true })
  const outdir = mkdtempSync(path.join(cache, 'exocorp-build-'))
  execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../scripts/build.mjs'), outdir], {
    stdio: 'inherit',
  })
  process.env.EXOCORP_TEST_BUILD_DIR = outdir
  process.env.EXOCORP_RUNTIME_ENTRY = path.join(outdir, 'reference-runtime.mjs')
  return () => rmSync(outdir, { recursive: true, force: true })
}
