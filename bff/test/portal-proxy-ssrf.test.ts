import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeHarness, signUp } from './harness'
import { createCompany } from './lifecycle-fixtures'
import { portalCookie } from './portal-fixtures'

// Finding 1 of the red-team report: `//host:port/…` on a portal host was resolved by
// `new URL(path, endpoint)` and fetched from any address. Everything here is real: the BFF, a
// stand-in runtime that records what reaches it, and a decoy server that must never be contacted.

let bff: ServerType
let bffPort: number
let runtime: Server
let runtimePort: number
const runtimeSaw: string[] = []
let decoy: Server
let decoyPort: number
let decoyConnections = 0
let portal: string

async function listen(server: Server) {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return (server.address() as AddressInfo).port
}

/** Sends the request target byte for byte (no client-side normalisation) and reads the status. */
function rawGet(host: string, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(bffPort, '127.0.0.1')
    let data = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => (data += chunk))
    socket.on('error', reject)
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) })
    })
    // The owner's portal cookie (decision 032): every path below gets past sign-in to the proxy.
    const cookie = host.startsWith('acme.portal.') ? `Cookie: ${portal}\r\n` : ''
    socket.write(`GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${cookie}Connection: close\r\n\r\n`, 'latin1')
  })
}

beforeAll(async () => {
  runtime = createServer((req, res) => {
    runtimeSaw.push(req.url ?? '')
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.end(`runtime ${req.url}`)
  })
  runtimePort = await listen(runtime)
  decoy = createServer((_req, res) => res.end('decoy'))
  decoy.on('connection', () => decoyConnections++)
  decoyPort = await listen(decoy)

  const endpoint = `http://127.0.0.1:${runtimePort}`
  const { app, client } = await makeHarness(
    {},
    { portalLookup: (slug) => (slug === 'acme' ? { state: 'running', endpoint } : null) },
  )
  await signUp(client, 'owner@example.com')
  await createCompany(client, 'acme', 'Acme', [])
  portal = await portalCookie(app, client, 'acme')
  bff = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => bff.once('listening', r))
  bffPort = (bff.address() as AddressInfo).port
})

afterAll(async () => {
  await new Promise((r) => bff?.close(r))
  await new Promise((r) => runtime?.close(r))
  await new Promise((r) => decoy?.close(r))
})

function hostilePaths(port: number): string[] {
  const at = `127.0.0.1:${port}`
  return [
    `//${at}/x`,
    `//${at}`,
    `///${at}/x`,
    `////${at}/x`,
    `//localhost:${port}/x`,
    `//[::ffff:127.0.0.1]:${port}/x`,
    `//2130706433:${port}/x`,
    `//0x7f.1:${port}/x`,
    `//user:pw@${at}/x`,
    `/@${at}/x`,
    `/\\${at}/x`,
    `/\\\\${at}/x`,
    `\\\\${at}/x`,
    `/%2F%2F${at}/x`,
    `/%2f/${at}/x`,
    `/%5C%5C${at}/x`,
    `/..//${at}/x`,
    `/../..//${at}/x`,
    `/./..//${at}/x`,
    `/%2e%2e//${at}/x`,
    `/.%2e//${at}/x`,
    `/x/..//${at}/y`,
    `//${at}%2Fx`,
    `//${at}?q=1`,
    `//${at}#frag`,
    `/?//${at}/x`,
    `/x?next=//${at}/`,
    `http://${at}/x`,
    `HTTP://${at}/x`,
    `https://${at}/x`,
    `http://${at}//${at}/x`,
    `http:${at}/x`,
    `http:/${at}/x`,
    `//${at}:80/x`,
    `//%31%32%37.0.0.1:${port}/x`,
    `/%252F%252F${at}/x`,
    `//${at}/%2e%2e/x`,
  ]
}

describe('portal proxy: a client path never chooses the upstream host', () => {
  it('sends every hostile path to the exocorp runtime only, never to another local port', async () => {
    const paths = hostilePaths(decoyPort)
    let proxied = 0
    for (const host of [`acme.portal.localhost:${bffPort}`, `acme.app.localhost:${bffPort}`]) {
      for (const target of paths) {
        runtimeSaw.length = 0
        const res = await rawGet(host, target)
        // Whatever the answer (200 from the runtime, or 400 for a target Node refuses), it never
        // comes from the decoy, and whatever reached the runtime is a plain absolute path.
        expect(res.body, `${host} ${target}`).not.toContain('decoy')
        // 400: Node refuses a backslash in the path; 421: an absolute-form target naming another host.
        expect([200, 400, 421], `${host} ${target} → ${res.status}`).toContain(res.status)
        if (res.status === 200) {
          proxied++
          expect(runtimeSaw, `${host} ${target}`).toHaveLength(1)
          const seenPath = runtimeSaw[0]!.split('?')[0]!
          expect(seenPath.startsWith('/'), seenPath).toBe(true)
          expect(seenPath, `${host} ${target}`).not.toContain('//')
        } else {
          expect(runtimeSaw, `${host} ${target}`).toHaveLength(0)
        }
      }
    }
    // Most of them really went through the proxy.
    expect(proxied).toBeGreaterThan(paths.length)
    expect(decoyConnections).toBe(0)
  })

  it('forwards the normalised path, exactly', async () => {
    const at = `127.0.0.1:${decoyPort}`
    const cases: Array<[string, string, string]> = [
      ['acme.portal.localhost', `//${at}/x`, `/${at}/x`],
      ['acme.portal.localhost', `/..//${at}/x?a=1`, `/${at}/x?a=1`],
      ['acme.portal.localhost', `/a//b///c`, `/a/b/c`],
      ['acme.portal.localhost', `/%2F%2F${at}/x`, `/%2F%2F${at}/x`],
      ['acme.portal.localhost', `http://acme.portal.localhost:${bffPort}//${at}/x`, `/${at}/x`],
      ['acme.app.localhost', `//${at}/x`, `/app/${at}/x`],
      ['acme.app.localhost', `/`, `/app/`],
      ['acme.portal.localhost', `/agents?x=1`, `/agents?x=1`],
    ]
    for (const [host, target, expected] of cases) {
      runtimeSaw.length = 0
      const res = await rawGet(`${host}:${bffPort}`, target)
      expect(res.status, target).toBe(200)
      expect(runtimeSaw, target).toEqual([expected])
    }
    expect(decoyConnections).toBe(0)
  })

  it('the decoy is reachable, so zero connections means the proxy never tried', async () => {
    const res = await fetch(`http://127.0.0.1:${decoyPort}/`)
    expect(await res.text()).toBe('decoy')
    expect(decoyConnections).toBe(1)
    decoyConnections = 0
  })
})
