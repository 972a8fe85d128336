import { request, type IncomingHttpHeaders } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { afterEach, describe, expect, it } from 'vitest'
import { users } from '../src/db/schema/accounts'
import { makeHarness } from './harness'

// Finding 3 of the red-team report: any Host was trusted, so a DNS-rebinding page (Host and Origin
// both its own name) passed the Origin check, and /SKILL.md advertised the caller's Host.
// Real servers and real Host headers throughout.

const servers: ServerType[] = []

async function start(env: Record<string, string> = {}) {
  const h = await makeHarness(env)
  const server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => server.once('listening', r))
  servers.push(server)
  return { ...h, port: (server.address() as AddressInfo).port }
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
})

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const signupBody = JSON.stringify({ email: 'mallory@example.com', name: 'Mallory', password: 'correct horse battery' })

function signup(port: number, host: string, origin: string) {
  return send(port, 'POST', '/api/auth/signup', { host, origin, 'content-type': 'application/json' }, signupBody)
}

describe('Host allow-list', () => {
  it('a DNS-rebinding page cannot sign up as the first account (421, no account)', async () => {
    const h = await start()
    const res = await signup(h.port, `rebind.attacker.example:${h.port}`, `http://rebind.attacker.example:${h.port}`)
    expect(res.status).toBe(421)
    expect(JSON.parse(res.text).error).toMatchObject({ code: 'misdirected_request', message: expect.any(String) })
    expect(res.headers['cache-control']).toBe('no-store')
    expect(await h.db.select().from(users)).toHaveLength(0)

    // The same request under a name we serve does go through: the refusal was the Host.
    const own = await signup(h.port, `localhost:${h.port}`, `http://localhost:${h.port}`)
    expect(own.status).toBe(201)
    expect(await h.db.select().from(users)).toHaveLength(1)
  })

  it('refuses foreign names, loopback names on another port, and bare exocorp bases before any handler', async () => {
    const h = await start()
    for (const host of [
      'rebind.attacker.example',
      `rebind.attacker.example:${h.port}`,
      `localhost:${h.port + 1}`,
      'localhost',
      `127.0.0.2:${h.port}`,
      `localhost.attacker.example:${h.port}`,
      `acme.portal.localhost.attacker.example:${h.port}`,
      `portal.localhost:${h.port}`,
    ]) {
      const res = await send(h.port, 'GET', '/api/health', { host })
      expect(res.status, host).toBe(421)
    }
    for (const host of [`localhost:${h.port}`, `127.0.0.1:${h.port}`, `LOCALHOST:${h.port}`]) {
      const res = await send(h.port, 'GET', '/api/health', { host })
      expect(res.status, host).toBe(200)
    }
  })

  it('refuses an absolute-form request target naming a foreign host, whatever the Host header says', async () => {
    const h = await start()
    const status = await new Promise<number>((resolve, reject) => {
      const socket = connect(h.port, '127.0.0.1')
      let data = ''
      socket.setEncoding('latin1')
      socket.on('data', (c: string) => (data += c))
      socket.on('error', reject)
      socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)))
      socket.write(
        `GET http://rebind.attacker.example/api/health HTTP/1.1\r\nHost: localhost:${h.port}\r\nConnection: close\r\n\r\n`,
      )
    })
    expect(status).toBe(421)
  })

  it('with a public origin, answers to its host and still to loopback (runtimes report usage there)', async () => {
    const h = await start({ EXOCORP_PUBLIC_ORIGIN: 'https://console.example.com' })
    expect((await send(h.port, 'GET', '/api/health', { host: 'console.example.com' })).status).toBe(200)
    expect((await send(h.port, 'GET', '/api/health', { host: 'console.example.com:443' })).status).toBe(200)
    expect((await send(h.port, 'GET', '/api/health', { host: `127.0.0.1:${h.port}` })).status).toBe(200)
    expect((await send(h.port, 'GET', '/api/health', { host: 'console.example.com.attacker.example' })).status).toBe(421)
  })

  it('answers to EXOCORP_ALLOWED_HOSTS and to the hosts of EXOCORP_ALLOWED_ORIGINS (the Vite dev server)', async () => {
    const h = await start({
      EXOCORP_ALLOWED_HOSTS: 'exocorp.lan:8080, Box.Local',
      EXOCORP_ALLOWED_ORIGINS: 'http://localhost:5173',
    })
    for (const host of ['exocorp.lan:8080', 'box.local', 'localhost:5173']) {
      expect((await send(h.port, 'GET', '/api/health', { host })).status, host).toBe(200)
    }
    expect((await send(h.port, 'GET', '/api/health', { host: 'exocorp.lan:9090' })).status).toBe(421)
  })
})

describe('skill files never echo the request Host', () => {
  it('refuses /SKILL.md and /skills/*.md under a foreign Host', async () => {
    const h = await start()
    for (const path of ['/SKILL.md', '/skills/connect-agent.md']) {
      const res = await send(h.port, 'GET', path, { host: 'evil.example' })
      expect(res.status, path).toBe(421)
      expect(res.text).not.toContain('evil.example')
      expect(res.headers['cache-control']).toBe('no-store')
    }
  })

  it('shows the configured public origin, whichever allowed Host asked', async () => {
    const h = await start({ EXOCORP_PUBLIC_ORIGIN: 'https://console.example.com' })
    for (const path of ['/SKILL.md', '/skills/connect-agent.md']) {
      const res = await send(h.port, 'GET', path, { host: `127.0.0.1:${h.port}` })
      expect(res.status).toBe(200)
      expect(res.text).toContain('POST https://console.example.com/api/operator-clients/drafts')
      expect(res.text).not.toContain('127.0.0.1')
    }
  })

  it('shows the default local origin on the configured port when no public origin is set', async () => {
    const h = await start({ PORT: '8123' })
    const res = await send(h.port, 'GET', '/SKILL.md', { host: `127.0.0.1:${h.port}` })
    expect(res.status).toBe(200)
    expect(res.text).toContain('POST http://localhost:8123/api/operator-clients/drafts')
    expect(res.text).not.toContain('127.0.0.1')
  })
})
