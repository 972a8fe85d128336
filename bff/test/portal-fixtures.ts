import { expect } from 'vitest'
import type { TestClient } from './harness'

type App = { request: (input: string, init?: RequestInit) => Response | Promise<Response> }

/** The `name=value` pair of a Set-Cookie header. */
export function cookiePair(setCookie: string | null): string {
  const pair = setCookie?.split(';')[0] ?? ''
  expect(pair).toMatch(/^(__Host-)?exo_portal=.+/)
  return pair
}

/** Follows the console's portal link as a browser does; answers the hand-off URL on the portal host. */
export async function portalHandoffUrl(client: TestClient, slug: string, next?: string): Promise<URL> {
  const query = new URLSearchParams({ slug, ...(next ? { next } : {}) })
  const res = await client.get(`/api/portal/handoff?${query.toString()}`)
  expect(res.status, res.text).toBe(302)
  return new URL(res.headers.get('location')!)
}

/**
 * Signs `client` (signed in to the console) in to `<slug>.portal.localhost` through the real
 * hand-off, and answers the portal cookie as a `name=value` pair for a Cookie header.
 */
export async function portalCookie(app: App, client: TestClient, slug: string): Promise<string> {
  const url = await portalHandoffUrl(client, slug)
  const res = await app.request(url.href)
  expect(res.status).toBe(302)
  return cookiePair(res.headers.get('set-cookie'))
}
