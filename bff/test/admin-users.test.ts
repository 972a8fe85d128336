import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { users } from '../src/db/schema/accounts'
import { auditEvents } from '../src/db/schema/audit'
import { setUserRole } from '../src/services/accounts/users'
import { makeHarness, signUp, TestClient, type Harness } from './harness'

const PASSWORD = 'correct horse battery'

async function setup() {
  const h = await makeHarness()
  const root = h.client
  const rootMe = await signUp(root, 'root@example.com', PASSWORD)
  const admin = new TestClient(h.app)
  const adminMe = await signUp(admin, 'admin@example.com', PASSWORD)
  await setUserRole(h.deps, adminMe.me.user.id, 'admin')
  const alice = new TestClient(h.app)
  const aliceMe = await signUp(alice, 'alice@example.com', PASSWORD)
  await alice.post('/api/registry/companies', { slug: 'alice-co', name: 'Alice Co' })
  for (let i = 0; i < 5; i++) await signUp(new TestClient(h.app), `user${i}@example.com`, PASSWORD)
  const stepUp = async () => expect((await root.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
  return { h, root, rootId: rootMe.me.user.id, admin, alice, aliceId: aliceMe.me.user.id, stepUp }
}

async function connectAgent(h: Harness, human: TestClient) {
  const agent = new TestClient(h.app)
  const draft = await agent.post('/api/operator-clients/drafts', { name: 'Bot', scopes: ['registry:read'] })
  await human.post(`/api/operator-clients/approvals/${draft.json.userCode}/approve`)
  const redeemed = await agent.post('/api/operator-clients/redeem', { draftToken: draft.json.draftToken })
  return { authorization: `Bearer ${redeemed.json.token}` }
}

describe('admin users', () => {
  it('lists with search, filters, sort and cursor pages; admins read, users get 403', async () => {
    const { h, admin, alice } = await setup()
    expect((await alice.get('/api/admin/users')).status).toBe(403)
    expect((await new TestClient(h.app).get('/api/admin/users')).status).toBe(401)
    const page1 = await admin.get('/api/admin/users?sort=email&order=asc&limit=3')
    expect(page1.status).toBe(200)
    expect(page1.json.items.map((u: { email: string }) => u.email)).toEqual([
      'admin@example.com',
      'alice@example.com',
      'root@example.com',
    ])
    const page2 = await admin.get(`/api/admin/users?sort=email&order=asc&limit=3&cursor=${page1.json.nextCursor}`)
    expect(page2.json.items.map((u: { email: string }) => u.email)).toEqual([
      'user0@example.com',
      'user1@example.com',
      'user2@example.com',
    ])
    const found = await admin.get('/api/admin/users?q=ALI')
    expect(found.json.items).toEqual([
      expect.objectContaining({
        email: 'alice@example.com',
        role: 'user',
        state: 'active',
        ownedCount: 1,
        lastSignInAt: expect.any(String),
      }),
    ])
    expect((await admin.get('/api/admin/users?role=platform_owner')).json.items.map((u: { email: string }) => u.email)).toEqual([
      'root@example.com',
    ])
    for (const sort of ['name', 'role', 'createdAt', 'lastSignInAt']) {
      const all: string[] = []
      let cursor: string | null = null
      do {
        const res: { json: { items: { id: string }[]; nextCursor: string | null } } = await admin.get(
          `/api/admin/users?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )
        all.push(...res.json.items.map((u) => u.id))
        cursor = res.json.nextCursor
      } while (cursor)
      expect(new Set(all).size, sort).toBe(8)
    }
    const bad = await admin.get('/api/admin/users?sort=password')
    expect(bad.status).toBe(400)
    expect(bad.json.error.details.fields.sort).toBeDefined()
  })

  it('user detail: exocorps, sessions, tokens and recent audit, without secrets', async () => {
    const { h, admin, alice, aliceId } = await setup()
    await connectAgent(h, alice)
    const res = await admin.get(`/api/admin/users/${aliceId}`)
    expect(res.status).toBe(200)
    expect(res.json.user.email).toBe('alice@example.com')
    expect(res.json.companies).toEqual([expect.objectContaining({ slug: 'alice-co', role: 'owner' })])
    expect(res.json.sessions.length).toBeGreaterThan(0)
    expect(res.json.tokens).toEqual([expect.objectContaining({ name: 'Bot', status: 'active' })])
    expect(res.json.recentAudit.length).toBeGreaterThan(0)
    expect(res.text).not.toMatch(/passwordHash|password_hash|tokenHash|\$argon2/)
    expect((await admin.get('/api/admin/users/nope')).status).toBe(404)
  })

  it('disabling ends sessions and bearer tokens on the very next request; enabling lets them sign in again', async () => {
    const { h, root, alice, aliceId, stepUp } = await setup()
    const bearer = await connectAgent(h, alice)
    expect((await alice.get('/api/registry/my-companies')).status).toBe(200)
    expect((await new TestClient(h.app).get('/api/registry/my-companies', bearer)).status).toBe(200)

    const noStepUp = await root.post(`/api/admin/users/${aliceId}/disable`)
    expect(noStepUp.status).toBe(403)
    expect(noStepUp.json.error.code).toBe('reauth_required')
    expect((await alice.get('/api/registry/my-companies')).status).toBe(200)

    await stepUp()
    const disabled = await root.post(`/api/admin/users/${aliceId}/disable`)
    expect(disabled.status).toBe(200)
    expect(disabled.json.state).toBe('disabled')
    expect((await alice.get('/api/registry/my-companies')).status).toBe(401)
    expect((await new TestClient(h.app).get('/api/registry/my-companies', bearer)).status).toBe(401)
    expect((await new TestClient(h.app).post('/api/auth/login', { email: 'alice@example.com', password: PASSWORD })).status).toBe(
      401,
    )

    expect((await root.post(`/api/admin/users/${aliceId}/enable`)).json.state).toBe('active')
    expect((await new TestClient(h.app).post('/api/auth/login', { email: 'alice@example.com', password: PASSWORD })).status).toBe(
      200,
    )
    const audits = (await h.db.select().from(auditEvents)).filter((r) => r.action.startsWith('admin.user_'))
    expect(audits.map((r) => `${r.action}:${r.outcome}`)).toEqual(['admin.user_disable:succeeded', 'admin.user_enable:succeeded'])
  })

  it('grants and revokes roles; the last platform owner stays; nobody disables themselves; admins cannot act', async () => {
    const { h, root, rootId, admin, aliceId, stepUp } = await setup()
    expect((await admin.post(`/api/admin/users/${aliceId}/role`, { role: 'admin' })).status).toBe(403)
    await stepUp()
    expect((await root.post(`/api/admin/users/${aliceId}/role`, { role: 'superuser' })).status).toBe(400)
    const granted = await root.post(`/api/admin/users/${aliceId}/role`, { role: 'platform_owner' })
    expect(granted.json.role).toBe('platform_owner')
    const revoked = await root.post(`/api/admin/users/${aliceId}/role`, { role: 'user' })
    expect(revoked.json.role).toBe('user')
    const self = await root.post(`/api/admin/users/${rootId}/role`, { role: 'admin' })
    expect(self.status).toBe(409)
    expect(self.json.error.details.reason).toBe('last_platform_owner')
    expect((await root.post(`/api/admin/users/${rootId}/disable`)).status).toBe(409)
    const [row] = await h.db.select().from(users).where(eq(users.id, rootId))
    expect(row!.role).toBe('platform_owner')
    expect(row!.disabledAt).toBeNull()
  })

  it('cancels one session of a user', async () => {
    const { h, root, alice, aliceId, stepUp } = await setup()
    const detail = await root.get(`/api/admin/users/${aliceId}`)
    const sessionId = detail.json.sessions[0].id
    expect((await root.request('DELETE', `/api/admin/users/${aliceId}/sessions/${sessionId}`)).status).toBe(403)
    await stepUp()
    expect((await root.request('DELETE', `/api/admin/users/${aliceId}/sessions/${sessionId}`)).status).toBe(200)
    expect((await alice.get('/api/auth/me')).status).toBe(401)
    expect((await root.request('DELETE', `/api/admin/users/${aliceId}/sessions/${sessionId}`)).status).toBe(404)
    void h
  })
})
