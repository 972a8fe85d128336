import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)
const SOURCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../reference-runtime')
const SOURCE_MAIN = path.join(SOURCE_DIR, 'main.ts')

export interface RuntimeEntry {
  /** Arguments for `process.execPath` that start the reference runtime. */
  args: string[]
  kind: 'bundle' | 'tsx'
}

interface EsbuildLike {
  version: string
  buildSync(options: Record<string, unknown>): { errors: unknown[] }
}

/** esbuild comes with tsx (which runs the BFF); we load that copy rather than pin a second one. */
function loadEsbuild(): EsbuildLike | null {
  try {
    const fromTsx = createRequire(require.resolve('tsx/package.json'))
    return fromTsx('esbuild') as EsbuildLike
  } catch {
    return null
  }
}

function sourceHash(esbuildVersion: string): string {
  const hash = createHash('sha256').update(esbuildVersion)
  for (const file of readdirSync(SOURCE_DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(SOURCE_DIR, file)))
      .update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

/**
 * The command that starts the reference runtime. Spawning through tsx costs ~250 ms per start on
 * this machine; a single bundled .mjs starts in well under 100 ms. The bundle is built once, keyed
 * by a hash of the runtime's sources, into `binDir`, so a fresh clone needs no build step and a
 * changed runtime is rebuilt on the next start. Without esbuild we fall back to tsx.
 */
export function resolveRuntimeEntry(binDir: string): RuntimeEntry {
  const esbuild = loadEsbuild()
  if (esbuild) {
    try {
      const file = path.join(binDir, `reference-runtime-${sourceHash(esbuild.version)}.mjs`)
      if (!existsSync(file)) {
        mkdirSync(binDir, { recursive: true, mode: 0o700 })
        const tmp = `${file}.${process.pid}.tmp`
        esbuild.buildSync({
          entryPoints: [SOURCE_MAIN],
          outfile: tmp,
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          logLevel: 'silent',
        })
        renameSync(tmp, file)
        // Older bundles of the runtime are no longer started by anything.
        for (const old of readdirSync(binDir)) {
          if (old.startsWith('reference-runtime-') && path.join(binDir, old) !== file && !old.endsWith('.tmp')) {
            rmSync(path.join(binDir, old), { force: true })
          }
        }
      }
      return { args: [file], kind: 'bundle' }
    } catch {
      // fall through to tsx
    }
  }
  return { args: ['--import', pathToFileURL(require.resolve('tsx')).href, SOURCE_MAIN], kind: 'tsx' }
}
