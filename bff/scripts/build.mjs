// Compiles the BFF, its CLI and the reference runtime to plain JavaScript in bff/dist, so
// production runs `node` on it (no tsx, nothing compiled at run time). Dependencies stay in
// node_modules (native addons, pino's workers); the workspace's TypeScript package is bundled in.
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'

const bffDir = path.resolve(import.meta.dirname, '..')
const outdir = path.resolve(process.argv[2] ?? path.join(bffDir, 'dist'))
const pkg = JSON.parse(fs.readFileSync(path.join(bffDir, 'package.json'), 'utf8'))
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@exocorp/'))

fs.rmSync(outdir, { recursive: true, force: true })
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  outExtension: { '.js': '.mjs' },
}
await build({
  ...common,
  entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts' },
  absWorkingDir: bffDir,
  outdir,
  external,
})
// The runtime is one self-contained file: it starts fast and needs nothing but Node.
await build({
  ...common,
  entryPoints: { 'reference-runtime': 'src/runtime/reference-runtime/main.ts' },
  absWorkingDir: bffDir,
  outdir,
})
fs.cpSync(path.join(bffDir, 'src/db/migrations'), path.join(outdir, 'migrations'), { recursive: true })
console.log(`bff compiled to ${path.relative(process.cwd(), outdir) || '.'}`)
