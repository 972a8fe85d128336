import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { mountWebApp } from '../src/static'
import { makeHarness } from './harness'

// A built web app as the Vite build leaves it: each chunk with its .br and .gz beside it.
const dist = mkdtempSync(path.join(os.tmpdir(), 'exocorp-dist-'))
const source = `export const greeting = ${JSON.stringify('hello '.repeat(2_000))}\n`
mkdirSync(path.join(dist, 'assets'))
writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Exocorp app</title>')
writeFileSync(path.join(dist, 'assets', 'app-abc123.js'), source)
writeFileSync(path.join(dist, 'assets', 'app-abc123.js.br'), zlib.brotliCompressSync(source))
writeFileSync(path.join(dist, 'assets', 'app-abc123.js.gz'), zlib.gzipSync(source))
afterAll(() => rmSync(dist, { recursive: true, force: true }))

async function fetchAsset(acceptEncoding: string | null) {
  const h = await makeHarness({}, { mountStatic: (a) => void mountWebApp(a, dist) })
  const headers: Record<string, string> = acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding }
  const res = await h.app.request('/assets/app-abc123.js', { headers })
  return { res, body: Buffer.from(await res.arrayBuffer()) }
}

describe('static assets go out precompressed', () => {
  it('sends brotli to a browser that accepts it, with Vary and a year of immutable caching', async () => {
    const { res, body } = await fetchAsset('gzip, deflate, br, zstd')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('br')
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i)
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(body.length).toBeLessThan(source.length / 10)
    expect(zlib.brotliDecompressSync(body).toString()).toBe(source)
  })

  it('falls back to gzip, then to the plain file', async () => {
    const gz = await fetchAsset('gzip')
    expect(gz.res.headers.get('content-encoding')).toBe('gzip')
    expect(zlib.gunzipSync(gz.body).toString()).toBe(source)

    const plain = await fetchAsset(null)
    expect(plain.res.headers.get('content-encoding')).toBeNull()
    expect(plain.body.toString()).toBe(source)
  })
})
