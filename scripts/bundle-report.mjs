#!/usr/bin/env node
// Prints gzipped JavaScript per chunk of web/dist (after `pnpm build`) and what each route loads.
// The first route's cost follows the import graph from index.html's module script through the
// chunks' static imports (and modulepreload links); lazy routes add their own static closure on top.
//
//   node scripts/bundle-report.mjs            report
//   node scripts/bundle-report.mjs --check    also exit 1 when the owner's first route is over budget
//                                             or admin code shows up in it
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const BUDGET_KB = 150
const dist = path.resolve(import.meta.dirname, '..', 'web', 'dist')
const indexHtml = path.join(dist, 'index.html')
if (!fs.existsSync(indexHtml)) {
  console.error('web/dist/index.html is missing: run `pnpm build` first.')
  process.exit(2)
}

const html = fs.readFileSync(indexHtml, 'utf8')
const entry = html.match(/<script[^>]*type="module"[^>]*src="\/?([^"]+\.js)"/)?.[1]
if (!entry) {
  console.error('No module script in web/dist/index.html.')
  process.exit(2)
}
const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/?([^"]+\.js)"/g)].map((m) => m[1])

/** Chunk file (relative to dist) → { bytes, gzip, imports, dynamicImports }. */
const chunks = new Map()
function load(file) {
  if (chunks.has(file)) return chunks.get(file)
  const abs = path.join(dist, file)
  const code = fs.readFileSync(abs)
  const text = code.toString('utf8')
  const dir = path.posix.dirname(file)
  const resolve = (spec) => path.posix.normalize(path.posix.join(dir, spec))
  const statics = new Set()
  // `import x from"./a.js"`, `import"./a.js"`, `export{x}from"./a.js"` (minified, so no newlines to rely on).
  for (const m of text.matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    statics.add(resolve(m[1]))
  }
  const dynamics = new Set()
  for (const m of text.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g)) dynamics.add(resolve(m[1]))
  // Vite's preload helper lists a lazy chunk's dependencies as "assets/x.js" strings.
  const depsMap = text.match(/__vite__mapDeps\(\w+,\w+=\w+\.f\|\|\(\w+\.f=\[([^\]]*)\]/)?.[1] ?? ''
  const mappedDeps = [...depsMap.matchAll(/["']([^"']+\.js)["']/g)].map((m) => m[1])
  const entryInfo = {
    file,
    bytes: code.length,
    gzip: zlib.gzipSync(code, { level: 9 }).length,
    statics,
    dynamics,
    mappedDeps,
    text,
  }
  chunks.set(file, entryInfo)
  for (const f of [...statics, ...dynamics]) if (fs.existsSync(path.join(dist, f))) load(f)
  return entryInfo
}

function closure(roots) {
  const seen = new Set()
  const visit = (file) => {
    if (seen.has(file) || !fs.existsSync(path.join(dist, file))) return
    seen.add(file)
    for (const s of load(file).statics) visit(s)
  }
  roots.forEach(visit)
  return seen
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`
const sum = (files) => [...files].reduce((n, f) => n + load(f).gzip, 0)

load(entry)
for (const file of fs.readdirSync(path.join(dist, 'assets'))) if (file.endsWith('.js')) load(`assets/${file}`)

const first = closure([entry, ...preloads])
const firstTotal = sum(first)

console.log('JavaScript chunks (gzip -9):')
const rows = [...chunks.values()].sort((a, b) => b.gzip - a.gzip)
const width = Math.max(...rows.map((r) => r.file.length))
for (const r of rows) {
  const tag = r.file === entry ? 'entry' : first.has(r.file) ? 'first route' : 'lazy'
  console.log(`  ${r.file.padEnd(width)}  ${kb(r.bytes).padStart(10)} raw  ${kb(r.gzip).padStart(10)} gzip  ${tag}`)
}

console.log(`\nOwner's first route (/dashboard): ${[...first].join(', ')}`)
console.log(`  total ${kb(firstTotal)} gzip (budget ${BUDGET_KB} KB)`)

console.log('\nLazy routes (what each adds on top of the first route):')
const lazyRoots = new Set()
for (const c of chunks.values()) for (const d of c.dynamics) lazyRoots.add(d)
for (const root of [...lazyRoots].sort()) {
  if (first.has(root) && root !== entry) continue
  const extra = [...closure([root])].filter((f) => !first.has(f))
  console.log(`  ${root.padEnd(width)}  +${kb(sum(extra))}  (${extra.length} chunk${extra.length === 1 ? '' : 's'})`)
}

// Admin code never rides along with the owner's first route.
const adminInFirst = [...first].filter((f) => /admin/i.test(path.basename(f)) || /\/api\/admin\//.test(load(f).text))
if (adminInFirst.length) console.log(`\nWARNING: admin code in the first route: ${adminInFirst.join(', ')}`)
else console.log('\nNo admin chunk or /api/admin/ call in the first route.')

// The BFF sends precompressed files (scripts/precompress.ts); a chunk without them would go out raw.
// A tiny chunk that compression would only make bigger rightly has none (precompress skips it).
const unpacked = [...chunks.keys()].filter(
  (f) => load(f).gzip < load(f).bytes && !['.br', '.gz'].every((ext) => fs.existsSync(path.join(dist, f + ext))),
)
if (unpacked.length) console.log(`\nWARNING: no precompressed .br/.gz for: ${unpacked.join(', ')}`)
else console.log(`Every chunk that compression shrinks has a precompressed .br and .gz beside it.`)

if (process.argv.includes('--check') && (firstTotal > BUDGET_KB * 1024 || adminInFirst.length || unpacked.length)) {
  console.error(`\nBudget check failed.`)
  process.exit(1)
}
