import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))

export interface RuntimeEntry {
  /** Arguments for `process.execPath` that start the reference runtime. */
  args: string[]
  kind: 'compiled' | 'tsx'
}

/**
 * The command that starts the reference runtime (docs/decisions/019-production-build.md):
 * - the compiled BFF (`bff/dist/main.mjs`) starts `bff/dist/reference-runtime.mjs`, built with it
 *   by `pnpm build`, so production needs neither tsx nor a compile step at run time;
 * - `EXOCORP_RUNTIME_ENTRY` names a prebuilt runtime file (the test suite builds one once, so
 *   hundreds of starts don't each pay tsx's ~250 ms);
 * - from sources (`pnpm dev`, tests) the runtime runs through tsx, a dev dependency.
 */
export function resolveRuntimeEntry(source: NodeJS.ProcessEnv = process.env): RuntimeEntry {
  const compiled = path.join(here, 'reference-runtime.mjs')
  if (existsSync(compiled)) return { args: [compiled], kind: 'compiled' }
  const prebuilt = source.EXOCORP_RUNTIME_ENTRY
  if (prebuilt && existsSync(prebuilt)) return { args: [path.resolve(prebuilt)], kind: 'compiled' }
  const require = createRequire(import.meta.url)
  const main = path.resolve(here, '../reference-runtime/main.ts')
  return { args: ['--import', pathToFileURL(require.resolve('tsx')).href, main], kind: 'tsx' }
}
