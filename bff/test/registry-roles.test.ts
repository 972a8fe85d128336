import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { users } from '../src/db/schema/accounts'
import { companies } from '../src/db/schema/companies'
import { addMember } from '../src/services/companies/companies'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  provisionAndWait,
  signUp,
  TestClient,
  type LifecycleHarness,
} from './lifecycle-fixtures'

// Deny by default, walked route by route: every endpoint this area adds, as each role.

type Role = 'anonymous' | 'member' | 'owner' | 'other' | 'admin' | 'platform_owner'
const ROLES: Role[] = ['anonymous', 'member', 'owner', 'other', 'admin', 'platform_owner']

let h: LifecycleHarness
const clients = {} as Record<Role, TestClient>
let id = ''
let n = 0

beforeAll(async () => {
  h = await makeLifecycleHarness()
  for (const role of ROLES) clients[role] = new TestClient(h.app)
  await signUp(clients.platform_owner, 'root@example.com')
  await ownerWithCredentials({ client: clients.owner }, 'owner@example.com')
  const member = await signUp(clients.member, 'member@example.com')
  await signUp(clients.other, 'other@example.com')
  const admin = await signUp(clients.admin, 'admin@example.com')
  await h.db.write(async (tx) => {
    await tx.update(users).set({ role: 'admin' }).where(eq(users.id, admin.me.user.id))
  })
  id = (await createCompany(clients.owner, 'matrix')).id
  await addMember(h.deps, id, member.me.user.id)
  await provisionAndWait(clients.owner, id)
})
afterAll(async () => h.cleanup())

const draftVersion = async () =>
  (await h.db.select({ v: companies.draftVersion }).from(companies).where(eq(companies.id, id)))[0]!.v

const signedIn = (ok: number) => ({ anonymous: 401, member: ok, owner: ok, other: ok, admin: ok, platform_owner: ok })
const tenant = (member: number, owner: number) => ({ anonymous: 401, member, owner, other: 404, admin: 404, platform_owner: 404 })
const adminRead = { anonymous: 401, member: 403, owner: 403, other: 403, admin: 200, platform_owner: 200 }

interface Route {
  method: string
  path: string
  body?: () => unknown | Promise<unknown>
  expect: Record<Role, number>
}

const ROUTES: Route[] = [
  { method: 'GET', path: '/api/registry/my-companies', expect: signedIn(200) },
  { method: 'GET', path: '/api/registry/slug-availability?slug=free-name', expect: signedIn(200) },
  { method: 'POST', path: '/api/registry/companies', body: () => ({ name: 'New', slug: `new-${++n}` }), expect: signedIn(201) },
  { method: 'GET', path: '/api/registry/companies/:id', expect: tenant(200, 200) },
  { method: 'PATCH', path: '/api/registry/companies/:id', body: () => ({ name: 'Matrix' }), expect: tenant(403, 200) },
  { method: 'GET', path: '/api/registry/companies/:id/draft', expect: tenant(200, 200) },
  {
    method: 'POST',
    path: '/api/registry/companies/:id/draft',
    body: async () => ({
      baseVersion: await draftVersion(),
      config: { agents: [{ name: 'A', role: 'B', model: 'gpt-4o' }], providers: [], settings: {} },
    }),
    expect: tenant(403, 200),
  },
  { method: 'GET', path: '/api/registry/companies/:id/jobs/current', expect: tenant(200, 200) },
  { method: 'GET', path: '/api/registry/companies/:id/commerce', expect: tenant(200, 200) },
  // The owner reaches the engine: running → provision/update/resume are refused (409); a wrong slug is a 400.
  { method: 'POST', path: '/api/registry/companies/:id/provision', body: () => ({}), expect: tenant(403, 409) },
  { method: 'POST', path: '/api/registry/companies/:id/update', body: () => ({}), expect: tenant(403, 409) },
  { method: 'POST', path: '/api/registry/companies/:id/stop', body: () => ({ confirm: 'wrong' }), expect: tenant(403, 400) },
  { method: 'POST', path: '/api/registry/companies/:id/actions', body: () => ({ action: 'resume' }), expect: tenant(403, 409) },
  // Connector signing secrets (decisions 047, 056): owners in a browser session only.
  { method: 'GET', path: '/api/registry/companies/:id/connector-secrets', expect: tenant(403, 200) },
  {
    method: 'POST',
    path: '/api/registry/companies/:id/connector-secrets/github',
    body: () => ({ overlapMinutes: 60 }),
    expect: tenant(403, 200),
  },
  { method: 'DELETE', path: '/api/registry/companies/:id/connector-secrets/github', expect: tenant(403, 200) },
  { method: 'GET', path: '/api/registry/audit-events', expect: signedIn(200) },
  { method: 'GET', path: '/api/dashboard/summary', expect: signedIn(200) },
  { method: 'GET', path: '/api/runtime/execution-providers/state', expect: signedIn(200) },
  { method: 'GET', path: '/api/admin/companies', expect: adminRead },
  { method: 'GET', path: '/api/admin/companies/:id/details', expect: adminRead },
  { method: 'GET', path: '/api/admin/companies/:id/runtime', expect: adminRead },
  { method: 'GET', path: '/api/admin/runtime-stats', expect: adminRead },
  { method: 'GET', path: '/api/admin/commerce', expect: adminRead },
  {
    method: 'POST',
    path: '/api/admin/companies/:id/actions',
    body: () => ({ action: 'resume' }),
    expect: { anonymous: 401, member: 403, owner: 403, other: 403, admin: 403, platform_owner: 409 },
  },
]

describe.each(ROUTES)('$method $path', (route) => {
  it.each(ROLES)('as %s', async (role) => {
    const res = await clients[role].request(route.method, route.path.replace(':id', id), await route.body?.())
    expect(res.status, res.text).toBe(route.expect[role])
  })
})
