import { describe, expect, it } from 'vitest'
import { API_OPERATIONS } from '@exocorp/shared/api-operations'
import { guard, isGuard } from '../src/http/guards'
import { makeHarness } from './harness'

const operationKey = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}')}`

const GUARD_NAMES = new Map<unknown, string>(Object.entries(guard).map(([name, g]) => [g, name]))

/** Every route of the app (middleware left out) with the guard it declares first, or null. */
async function routeGuards() {
  const h = await makeHarness()
  const firstHandler = new Map<string, unknown>()
  for (const r of h.app.routes) {
    if (r.method === 'ALL') continue
    const key = operationKey(r.method, r.path)
    if (!firstHandler.has(key)) firstHandler.set(key, r.handler)
  }
  return { h, routes: [...firstHandler].map(([route, handler]) => ({ route, guard: isGuard(handler) ? handler : null })) }
}

describe('every route declares who may call it (http/guards.ts)', () => {
  it('has a guard as the first handler of every route', async () => {
    const { routes } = await routeGuards()
    expect(routes.length).toBeGreaterThan(60)
    const listing = routes.map(({ route, guard: g }) => `${route} ← ${g ? GUARD_NAMES.get(g) : 'NO GUARD'}`)
    // A new route without a guard shows up here; give it one of `guard.*` as its first handler.
    expect(listing.filter((line) => line.endsWith('NO GUARD'))).toEqual([])
  })

  it('guards each /api route as the OpenAPI document says (shared/src/api-operations.ts)', async () => {
    const { routes } = await routeGuards()
    const documented = new Map(API_OPERATIONS.map((op) => [operationKey(op.method, op.path), op.access]))
    const mismatched = routes
      .filter(({ route }) => route.split(' ')[1]!.startsWith('/api/'))
      .filter(({ route, guard: g }) => g?.access !== documented.get(route))
      .map(({ route, guard: g }) => `${route}: guard ${g?.access ?? 'none'}, documented ${documented.get(route) ?? 'nowhere'}`)
    expect(mismatched).toEqual([])
    // The machine-read files outside /api (SKILL.md, llms.txt) are public too.
    for (const { route, guard: g } of routes.filter(({ route }) => !route.split(' ')[1]!.startsWith('/api/'))) {
      expect(g, route).toBe(guard.public)
    }
  })

  it('keeps guards on routes: no middleware mounted on a prefix decides who may call', async () => {
    const { h } = await routeGuards()
    expect(h.app.routes.filter((r) => r.method === 'ALL' && isGuard(r.handler))).toEqual([])
  })

  it('refuses an anonymous caller on an unknown /api path with 401, like any route that needs credentials', async () => {
    const { h } = await routeGuards()
    expect((await h.client.get('/api/registry/no-such-thing')).status).toBe(401)
    expect((await h.client.request('DELETE', '/api/registry/my-companies')).status).toBe(401)
    // Public routes answer without credentials.
    expect((await h.client.get('/api/health')).status).toBe(200)
    expect((await h.client.get('/api/openapi.json')).status).toBe(200)
  })
})
