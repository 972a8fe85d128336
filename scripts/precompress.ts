import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import type { Plugin } from 'vite'

const COMPRESSIBLE = /\.(?:js|css|html|svg|json|txt|webmanifest)$/

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file of the build, so the BFF can
 * send them as they are (`serveStatic({ precompressed: true })`) instead of compressing per request
 * or sending the JavaScript uncompressed. Brotli at its best level: this runs once per build.
 */
export function precompressAssets(): Plugin {
  let outDir = ''
  return {
    name: 'exocorp-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    writeBundle(_options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!COMPRESSIBLE.test(name)) continue
        const file = path.join(outDir, name)
        const raw = fs.readFileSync(file)
        const br = zlib.brotliCompressSync(raw, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        })
        const gz = zlib.gzipSync(raw, { level: 9 })
        // A tiny file can grow when compressed; then the original is the better answer.
        if (br.length < raw.length) fs.writeFileSync(`${file}.br`, br)
        if (gz.length < raw.length) fs.writeFileSync(`${file}.gz`, gz)
      }
    },
  }
}
