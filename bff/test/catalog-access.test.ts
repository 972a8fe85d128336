import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { users } from '../src/db/schema/accounts'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { addMembership, auditRows, fakeKey, insertCompany, newUser } from './catalog-helpers'
import { makeHarness, ORIGIN, TestClient } from './harness'

type Role = 'anonymous' | 'owner' | 'member' | 'stranger' | 'admin' | 'platformOwner'
const ROLES: Role[] = ['anonymous', 'owner', 'member', 'stranger', 'admin', 'platformOwner']

/** Role × route matrix for the catalog endpoints (QUALITY.md: deny by default, other tenants get 404). */
describe('catalog role × route matrix', () => {
  it('answers every role as documented', async () => {
    const h = await makeHarness({ EXOCORP_SECRET_KEY: randomBytes(32).toString('base64') })
    const platformOwner = await newUser(h, 'root@example.com')
    const admin = await newUser(h, 'admin@example.com')
    await h.db.write(async (tx) => {
      await tx.update(users).set({ role: 'admin' }).where(eq(users.id, admin.id))
    })
    const owner = await newUser(h, 'owner@example.com')
    const member = await newUser(h, 'member@example.com')
    const stranger = await newUser(h, 'stranger@example.com')
    const clients: Record<Role, TestClient> = {
      anonymous: new TestClient(h.app),
      owner: owner.client,
      member: member.client,
      stranger: stranger.client,
      admin: admin.client,
      platformOwner: platformOwner.client,
    }
    const company = await insertCompany(h, owner.id, { slug: 'acme' })
    await addMembership(h, company.id, member.id)
    const secretId = (
      await owner.client.post('/api/registry/provider-secrets', {
        provider: 'openai',
        label: 'Main',
        value: fakeKey('sk', 'AAAA'),
      })
    ).json.id as string
    const c = `/api/registry/companies/${company.id}`

    const all = (ok: number): Record<Role, number> => ({
      anonymous: 401,
      owner: ok,
      member: ok,
      stranger: ok,
      admin: ok,
      platformOwner: ok,
    })
    const ownerOnly = (ok: number, member: number): Record<Role, number> => ({
      anonymous: 401,
      owner: ok,
      member,
      stranger: 404,
      admin: 404,
      platformOwner: 404,
    })
    const matrix: [string, string, unknown, Record<Role, number>][] = [
      ['GET', '/api/registry/provider-secrets', undefined, all(200)],
      ['GET', `/api/registry/provider-secrets/${secretId}`, undefined, ownerOnly(200, 404)],
      ['POST', `/api/registry/provider-secrets/${secretId}/rotate`, { value: fakeKey('sk', 'BBBB') }, ownerOnly(200, 404)],
      ['GET', '/api/registry/company-releases/current?channel=beta', undefined, all(200)],
      ['GET', '/api/registry/company-releases/catalog', undefined, all(200)],
      ['GET', `${c}/bindings`, undefined, ownerOnly(200, 200)],
      ['POST', `${c}/bindings`, { provider: 'openai', secretId }, ownerOnly(200, 403)],
      ['GET', `${c}/update-handshake`, undefined, ownerOnly(200, 200)],
      ['GET', `${c}/manifest`, undefined, ownerOnly(200, 403)],
      ['GET', `/api/runtime/billing/usage?companyId=${company.id}`, undefined, ownerOnly(200, 200)],
      ['POST', '/api/runtime/usage-events', { model: 'gpt-4o', inputTokens: 1, outputTokens: 1 }, all(401)],
      ['DELETE', `/api/registry/provider-secrets/${secretId}`, undefined, ownerOnly(409, 404)], // bound above: in use
    ]
    const got: Record<string, Record<Role, number>> = {}
    const want: Record<string, Record<Role, number>> = {}
    for (const [method, path, body, expected] of matrix) {
      const key = `${method} ${path}`
      want[key] = expected
      got[key] = {} as Record<Role, number>
      for (const role of ROLES) {
        const res = await clients[role].request(method, path, body)
        got[key][role] = res.status
      }
    }
    expect(got).toEqual(want)

    // POST provider-secrets creates in the caller's own account, for every signed-in role.
    for (const role of ROLES) {
      const res = await clients[role].post('/api/registry/provider-secrets', {
        provider: 'mistral',
        label: 'Mine',
        value: fakeKey('m', 'MMMM'),
      })
      expect(res.status, role).toBe(role === 'anonymous' ? 401 : 201)
    }
    expect(
      (await stranger.client.get('/api/registry/provider-secrets')).json.items.map((s: { label: string }) => s.label),
    ).toEqual(['Mine'])

    // Only the runtime's own token is accepted for usage reports.
    const token = await issueUsageToken(h.deps, company.id)
    const res = await h.app.request(`${ORIGIN}/api/runtime/usage-events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', inputTokens: 1, outputTokens: 1 }),
    })
    expect(res.status).toBe(201)

    // Refused mutations were audited, one row each (rotate ×4 by non-owners, bind ×4, delete ×5).
    expect((await auditRows(h, 'provider_secret.rotate')).filter((r) => r.outcome === 'failed')).toHaveLength(4)
    expect((await auditRows(h, 'binding.set')).filter((r) => r.outcome === 'failed')).toHaveLength(4)
    expect(await auditRows(h, 'provider_secret.delete')).toHaveLength(5)
  })
})
