import { Agent, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BODY_LIMIT_BYTES } from '../src/app'
import { makeHarness } from './harness'

// Finding 13 of the red-team report: after a 413 the next request on the same keep-alive
// connection failed with a socket reset.

let server: ServerType
let port: number

beforeAll(async () => {
  const { app } = await makeHarness()
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((r) => server.once('listening', r))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  await new Promise((r) => server?.close(r))
})

function post(agent: Agent, path: string, body: string) {
  return new Promise<{ status: number; connection: string | undefined; text: string }>((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', host: `localhost:${port}` },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, text }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('an oversized body on a keep-alive connection', () => {
  it('answers 413 and the next request on the same agent succeeds', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const big = JSON.stringify({ email: 'a@example.com', name: 'x'.repeat(BODY_LIMIT_BYTES * 4), password: 'p' })
      const first = await post(agent, '/api/auth/login', big)
      expect(first.status).toBe(413)
      expect(JSON.parse(first.text).error.code).toBe('payload_too_large')
      expect(first.connection).toBe('close')

      const second = await post(agent, '/api/auth/login', JSON.stringify({ email: 'a@example.com', password: 'wrong password' }))
      expect(second.status).toBe(401)
      // …and a third, to show the agent's pool is healthy again.
      const third = await post(agent, '/api/auth/login', JSON.stringify({ email: 'a@example.com', password: 'wrong password' }))
      expect(third.status).toBe(401)
    } finally {
      agent.destroy()
    }
  })
})
