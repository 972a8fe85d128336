import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditEvents } from '../src/db/schema/audit'
import { companies, memberships } from '../src/db/schema/companies'
import { invitations } from '../src/db/schema/teams'
import { setUserRole } from '../src/services/accounts/users'
import { makeHarness, signUp, TestClient, type Harness } from './harness'

const PASSWORD = 'correct horse battery'

async function person(h: Harness, email: string) {
  const client = new TestClient(h.app)
  const me = await signUp(client, email, PASSWORD)
  return { client, id: me.me.user.id, email }
}

/** An owner with an exocorp, a member of it, another tenant, an admin and the platform owner. */
async function world() {
  const h = await makeHarness()
  const platformOwner = await person(h, 'root@example.com') // first account: platform owner
  const owner = await person(h, 'owner@example.com')
  const member = await person(h, 'member@example.com')
  const tenant = await person(h, 'tenant@example.com')
  const admin = await person(h, 'admin@example.com')
  await setUserRole(h.deps, admin.id, 'admin')
  const created = await owner.client.post('/api/registry/companies', { slug: 'acme', name: 'Acme' })
  expect(created.status).toBe(201)
  const companyId: string = created.json.id
  const invite = await owner.client.post(`/api/registry/companies/${companyId}/invitations`, {
    email: member.email,
    role: 'member',
  })
  expect(invite.status).toBe(201)
  const accepted = await member.client.post('/api/invitations/accept', { token: tokenOf(invite.json.inviteUrl) })
  expect(accepted.status, accepted.text).toBe(200)
  return { h, platformOwner, owner, member, tenant, admin, companyId }
}

const tokenOf = (url: string) => url.split('/').pop()!

const auditCount = async (h: Harness) => (await h.db.select().from(auditEvents)).length

describe('members and invitations: role × route', () => {
  it('owners act; members get 403; other tenants, admins and the platform owner get 404; anonymous 401', async () => {
    const w = await world()
    const { h, companyId } = w
    const pending = await w.owner.client.post(`/api/registry/companies/${companyId}/invitations`, {
      email: 'later@example.com',
      role: 'member',
    })
    const invitationId: string = pending.json.invitation.id
    const base = `/api/registry/companies/${companyId}`
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `${base}/members`],
      ['PATCH', `${base}/members/${w.member.id}`, { role: 'member' }],
      ['DELETE', `${base}/members/${w.member.id}`],
      ['POST', `${base}/transfer`, { userId: w.member.id, confirm: 'acme' }],
      ['GET', `${base}/invitations`],
      ['POST', `${base}/invitations`, { email: 'x@example.com', role: 'member' }],
      ['POST', `${base}/invitations/${invitationId}/resend`, {}],
      ['DELETE', `${base}/invitations/${invitationId}`],
    ]
    const anonymous = new TestClient(h.app)
    const callers: Array<[string, TestClient, number]> = [
      ['anonymous', anonymous, 401],
      ['member', w.member.client, 403],
      ['tenant', w.tenant.client, 404],
      ['admin', w.admin.client, 404],
      ['platform owner', w.platformOwner.client, 404],
    ]
    for (const [who, client, status] of callers) {
      for (const [method, path, body] of routes) {
        const before = await h.db.select().from(memberships)
        const invBefore = await h.db.select().from(invitations)
        const auditsBefore = await auditCount(h)
        const res = await client.request(method, path, body)
        expect({ who, method, path, status: res.status }).toEqual({ who, method, path, status })
        expect(await h.db.select().from(memberships)).toEqual(before)
        expect(await h.db.select().from(invitations)).toEqual(invBefore)
        // One audit row per refused write (reads are not audited).
        if (method !== 'GET') expect((await auditCount(h)) - auditsBefore, `${who} ${method} ${path}`).toBeLessThanOrEqual(1)
      }
    }
    // The owner: every route answers 2xx (in an order that keeps the next one meaningful).
    for (const [method, path, body] of routes.filter(
      ([m, p]) => !p.endsWith('/transfer') && !(m === 'DELETE' && p.includes('/members/')),
    )) {
      const res = await w.owner.client.request(method, path, body)
      expect({ method, path, ok: res.status < 300 }, res.text).toEqual({ method, path, ok: true })
    }
  })

  it('lists members with name, email, role, added and last active', async () => {
    const w = await world()
    const res = await w.owner.client.get(`/api/registry/companies/${w.companyId}/members`)
    expect(res.status).toBe(200)
    expect(res.json.items).toEqual([
      expect.objectContaining({ email: 'owner@example.com', role: 'owner', primaryOwner: true, name: 'owner' }),
      expect.objectContaining({ email: 'member@example.com', role: 'member', primaryOwner: false }),
    ])
    for (const m of res.json.items) {
      expect(m.addedAt).toMatch(/^\d{4}-/)
      expect(m.lastActiveAt).toMatch(/^\d{4}-/)
    }
  })

  it('bad input is 400 with field errors and changes nothing', async () => {
    const w = await world()
    const base = `/api/registry/companies/${w.companyId}`
    const before = await w.h.db.select().from(invitations)
    for (const body of [
      { email: 'nope', role: 'member' },
      { email: 'a@b.co', role: 'admin' },
      { email: 'a@b.co', role: 'member', x: 1 },
    ]) {
      const res = await w.owner.client.post(`${base}/invitations`, body)
      expect(res.status).toBe(400)
      expect(res.json.error.code).toBe('validation_failed')
      expect(Object.keys(res.json.error.details.fields).length).toBeGreaterThan(0)
    }
    expect((await w.owner.client.request('PATCH', `${base}/members/${w.member.id}`, { role: 'boss' })).status).toBe(400)
    const wrongConfirm = await w.owner.client.post(`${base}/transfer`, { userId: w.member.id, confirm: 'nope' })
    expect(wrongConfirm.status).toBe(400)
    expect(wrongConfirm.json.error.details.fields.confirm).toBeDefined()
    expect(await w.h.db.select().from(invitations)).toEqual(before)
    const [company] = await w.h.db.select().from(companies).where(eq(companies.id, w.companyId))
    expect(company!.ownerUserId).toBe(w.owner.id)
  })
})

describe('invitation lifecycle', () => {
  it('accept by id: the invitee sees it pending, accepts, and is a member; the list empties', async () => {
    const w = await world()
    const newcomer = await person(w.h, 'new@example.com')
    const sent = await w.owner.client.post(`/api/registry/companies/${w.companyId}/invitations`, {
      email: 'New@Example.com',
      role: 'owner',
    })
    expect(sent.status).toBe(201)
    expect(sent.json.invitation).toMatchObject({ email: 'new@example.com', role: 'owner', status: 'pending' })
    expect(sent.json.inviteUrl).toMatch(/^\/invite\/exo_inv_[\w-]{40,}$/)
    // Only the hash is stored.
    const stored = await w.h.db.select().from(invitations)
    expect(JSON.stringify(stored)).not.toContain(tokenOf(sent.json.inviteUrl))

    const mine = await newcomer.client.get('/api/account/invitations')
    expect(mine.json.items).toEqual([
      expect.objectContaining({
        id: sent.json.invitation.id,
        role: 'owner',
        company: { id: w.companyId, slug: 'acme', name: 'Acme' },
      }),
    ])
    // Someone else cannot answer it by id.
    expect((await w.tenant.client.post(`/api/account/invitations/${sent.json.invitation.id}/accept`)).status).toBe(404)
    const ok = await newcomer.client.post(`/api/account/invitations/${sent.json.invitation.id}/accept`)
    expect(ok.status).toBe(200)
    expect(ok.json).toMatchObject({ status: 'accepted', role: 'owner' })
    expect((await newcomer.client.get('/api/account/invitations')).json.items).toEqual([])
    expect((await newcomer.client.get(`/api/registry/companies/${w.companyId}/members`)).status).toBe(200)
    // Accepting again: 409, nothing changes.
    const again = await newcomer.client.post(`/api/account/invitations/${sent.json.invitation.id}/accept`)
    expect(again.status).toBe(409)
    expect(again.json.error.details.reason).toBe('invitation_accepted')
    // Reusing the accepted link: 409 as well.
    const reuse = await newcomer.client.post('/api/invitations/accept', { token: tokenOf(sent.json.inviteUrl) })
    expect(reuse.status).toBe(409)
  })

  it('decline, expire, revoke, wrong email, existing member, duplicate pending', async () => {
    const w = await world()
    const base = `/api/registry/companies/${w.companyId}/invitations`
    const a = await person(w.h, 'a@example.com')

    // Decline.
    const d = await w.owner.client.post(base, { email: a.email, role: 'member' })
    expect((await a.client.post(`/api/account/invitations/${d.json.invitation.id}/decline`)).json.status).toBe('declined')
    expect((await a.client.post('/api/invitations/accept', { token: tokenOf(d.json.inviteUrl) })).status).toBe(409)
    expect((await a.client.get(`/api/registry/companies/${w.companyId}`)).status).toBe(404)

    // Duplicate pending → 409; an existing member → 409.
    const p = await w.owner.client.post(base, { email: a.email, role: 'member' })
    expect(p.status).toBe(201)
    const dup = await w.owner.client.post(base, { email: a.email, role: 'owner' })
    expect(dup.status).toBe(409)
    expect(dup.json.error.details.reason).toBe('already_invited')
    const existing = await w.owner.client.post(base, { email: w.member.email, role: 'owner' })
    expect(existing.status).toBe(409)
    expect(existing.json.error.details.reason).toBe('already_member')

    // Wrong email: the tenant holds a's link.
    const wrong = await w.tenant.client.post('/api/invitations/accept', { token: tokenOf(p.json.inviteUrl) })
    expect(wrong.status).toBe(403)
    expect(wrong.json.error.details.reason).toBe('wrong_account')
    expect((await w.tenant.client.post('/api/invitations/accept', { token: 'exo_inv_nonsense' })).status).toBe(404)

    // Another exocorp's invitation id under this one: 404.
    const other = await w.tenant.client.post('/api/registry/companies', { slug: 'other', name: 'Other' })
    const foreign = await w.tenant.client.post(`/api/registry/companies/${other.json.id}/invitations`, {
      email: 'z@example.com',
      role: 'member',
    })
    expect((await w.owner.client.request('DELETE', `${base}/${foreign.json.invitation.id}`)).status).toBe(404)

    // Expire: 7 days later it is expired, cannot be accepted, and is not listed for a.
    w.h.clock.advance(7 * 24 * 3_600_000 + 1)
    // A week is past every session's lifetime: both sign in again.
    for (const [client, email] of [
      [w.owner.client, w.owner.email],
      [a.client, a.email],
    ] as const) {
      client.cookie = null
      expect((await client.post('/api/auth/login', { email, password: PASSWORD })).status).toBe(200)
    }
    expect((await w.owner.client.get(base)).json.items.find((i: { id: string }) => i.id === p.json.invitation.id).status).toBe(
      'expired',
    )
    expect((await a.client.get('/api/account/invitations')).json.items).toEqual([])
    const late = await a.client.post('/api/invitations/accept', { token: tokenOf(p.json.inviteUrl) })
    expect(late.status).toBe(409)
    expect(late.json.error.details.reason).toBe('invitation_expired')

    // Resend: a new link for 7 more days; the old link stops working.
    const resent = await w.owner.client.post(`${base}/${p.json.invitation.id}/resend`, {})
    expect(resent.status).toBe(200)
    expect(resent.json.invitation.status).toBe('pending')
    expect((await a.client.post('/api/invitations/accept', { token: tokenOf(p.json.inviteUrl) })).status).toBe(404)

    // Revoke: the new link stops working too; revoking twice is 409.
    expect((await w.owner.client.request('DELETE', `${base}/${p.json.invitation.id}`)).json.status).toBe('revoked')
    expect((await w.owner.client.request('DELETE', `${base}/${p.json.invitation.id}`)).status).toBe(409)
    const revoked = await a.client.post('/api/invitations/accept', { token: tokenOf(resent.json.inviteUrl) })
    expect(revoked.status).toBe(409)
    expect(revoked.json.error.details.reason).toBe('invitation_revoked')
    expect(await w.h.db.select().from(memberships).where(eq(memberships.userId, a.id))).toEqual([])
  })

  it('an invite to an email with no account is accepted right after that person signs up', async () => {
    const w = await world()
    const sent = await w.owner.client.post(`/api/registry/companies/${w.companyId}/invitations`, {
      email: 'fresh@example.com',
      role: 'member',
    })
    const fresh = new TestClient(w.h.app)
    await signUp(fresh, 'fresh@example.com', PASSWORD)
    expect((await fresh.get('/api/account/invitations')).json.items).toHaveLength(1)
    const ok = await fresh.post('/api/invitations/accept', { token: tokenOf(sent.json.inviteUrl) })
    expect(ok.status).toBe(200)
    const mine = await fresh.get('/api/registry/my-companies')
    expect(mine.json.items).toEqual([expect.objectContaining({ id: w.companyId, role: 'member' })])
  })

  it('every attempt is audited once', async () => {
    const w = await world()
    const rows = (await w.h.db.select().from(auditEvents)).map((r) => r.action)
    expect(rows.filter((a) => a === 'company.invite')).toHaveLength(1)
    expect(rows.filter((a) => a === 'invitation.accept')).toHaveLength(1)
    const before = await auditCount(w.h)
    await w.owner.client.post(`/api/registry/companies/${w.companyId}/invitations`, { email: w.member.email, role: 'member' })
    const after = await w.h.db.select().from(auditEvents)
    expect(after.length - before).toBe(1)
    expect(after.at(-1)).toMatchObject({ action: 'company.invite', outcome: 'failed' })
  })
})

describe('roles, removal, last owner and transfer', () => {
  it('the last owner cannot be demoted or removed; a removed member loses access at once', async () => {
    const w = await world()
    const base = `/api/registry/companies/${w.companyId}/members`
    const demote = await w.owner.client.request('PATCH', `${base}/${w.owner.id}`, { role: 'member' })
    expect(demote.status).toBe(409)
    expect(demote.json.error.details.reason).toBe('last_owner')
    const remove = await w.owner.client.request('DELETE', `${base}/${w.owner.id}`)
    expect(remove.status).toBe(409)
    expect(remove.json.error.details.reason).toBe('last_owner')

    // Promote the member, who then acts; the primary owner still cannot be demoted (transfer first).
    const promoted = await w.owner.client.request('PATCH', `${base}/${w.member.id}`, { role: 'owner' })
    expect(promoted.status).toBe(200)
    expect(promoted.json).toMatchObject({ userId: w.member.id, role: 'owner' })
    expect((await w.member.client.get(base)).status).toBe(200)
    const primary = await w.member.client.request('PATCH', `${base}/${w.owner.id}`, { role: 'member' })
    expect(primary.status).toBe(409)
    expect(primary.json.error.details.reason).toBe('primary_owner')
    expect((await w.owner.client.request('PATCH', `${base}/${w.member.id}`, { role: 'member' })).status).toBe(200)

    // Removal: the very next request of the removed member is a 404.
    expect((await w.member.client.get(`/api/registry/companies/${w.companyId}`)).status).toBe(200)
    expect((await w.owner.client.request('DELETE', `${base}/${w.member.id}`)).status).toBe(200)
    expect((await w.member.client.get(`/api/registry/companies/${w.companyId}`)).status).toBe(404)
    expect((await w.owner.client.request('DELETE', `${base}/${w.member.id}`)).status).toBe(404)
  })

  it('members leave by themselves; the last owner cannot leave (409 with a reason); outsiders get 404', async () => {
    const w = await world()
    const { h, companyId } = w
    const leave = `/api/registry/companies/${companyId}/leave`
    // Role × route: anonymous 401; another tenant, an admin and the platform owner are not in it: 404.
    const callers: Array<[string, TestClient, number]> = [
      ['anonymous', new TestClient(h.app), 401],
      ['tenant', w.tenant.client, 404],
      ['admin', w.admin.client, 404],
      ['platform owner', w.platformOwner.client, 404],
    ]
    for (const [who, client, status] of callers) {
      const before = await h.db.select().from(memberships)
      const audits = await auditCount(h)
      expect({ who, status: (await client.post(leave, {})).status }).toEqual({ who, status })
      expect(await h.db.select().from(memberships)).toEqual(before)
      expect((await auditCount(h)) - audits, who).toBe(1)
    }
    // The last (and primary) owner: 409 with the reason, nothing changes.
    const last = await w.owner.client.post(leave, {})
    expect(last.status).toBe(409)
    expect(last.json.error).toMatchObject({ code: 'conflict', details: { reason: 'last_owner' } })
    expect(last.json.error.message).toMatch(/last owner cannot leave/)
    // A member leaves and loses access on the very next request.
    expect((await w.member.client.get('/api/registry/my-companies')).json.items).toHaveLength(1)
    const left = await w.member.client.post(leave, {})
    expect(left.status, left.text).toBe(200)
    expect(left.json).toEqual({ ok: true })
    expect((await w.member.client.get(`/api/registry/companies/${companyId}`)).status).toBe(404)
    expect((await w.member.client.get('/api/registry/my-companies')).json.items).toEqual([])
    expect((await w.member.client.post(leave, {})).status).toBe(404)
    const rows = (await h.db.select().from(auditEvents)).filter((a) => a.action === 'company.member_leave')
    expect(rows.map((r) => r.outcome).sort()).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'succeeded'])
    // A second owner may leave; the primary owner still cannot (transfer first).
    const again = await w.owner.client.post(`/api/registry/companies/${companyId}/invitations`, {
      email: w.member.email,
      role: 'owner',
    })
    expect((await w.member.client.post('/api/invitations/accept', { token: tokenOf(again.json.inviteUrl) })).status).toBe(200)
    const primary = await w.owner.client.post(leave, {})
    expect(primary.status).toBe(409)
    expect(primary.json.error.details.reason).toBe('primary_owner')
    expect((await w.member.client.post(leave, {})).status).toBe(200)
  })

  it('my-companies filters by my role; a bad role is 400 with the field named', async () => {
    const w = await world()
    const mine = await w.member.client.post('/api/registry/companies', { slug: 'member-own', name: 'Member Own' })
    expect(mine.status).toBe(201)
    const list = async (query: string) => w.member.client.get(`/api/registry/my-companies${query}`)
    const slugs = (res: { json: { items: { slug: string; role: string }[] } }) =>
      res.json.items.map((c) => `${c.slug}:${c.role}`).sort()
    expect(slugs(await list(''))).toEqual(['acme:member', 'member-own:owner'])
    expect(slugs(await list('?role=owner'))).toEqual(['member-own:owner'])
    expect(slugs(await list('?role=member'))).toEqual(['acme:member'])
    expect(slugs(await w.owner.client.get('/api/registry/my-companies?role=member'))).toEqual([])
    const bad = await list('?role=admin')
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('validation_failed')
    expect(Object.keys(bad.json.error.details.fields)).toEqual(['role'])
  })

  it('transfer makes a member the primary owner; the previous one stays an owner and can then step down', async () => {
    const w = await world()
    const res = await w.owner.client.post(`/api/registry/companies/${w.companyId}/transfer`, {
      userId: w.member.id,
      confirm: 'acme',
    })
    expect(res.status, res.text).toBe(200)
    expect(res.json.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: w.member.id, role: 'owner', primaryOwner: true }),
        expect.objectContaining({ userId: w.owner.id, role: 'owner', primaryOwner: false }),
      ]),
    )
    const [company] = await w.h.db.select().from(companies).where(eq(companies.id, w.companyId))
    expect(company!.ownerUserId).toBe(w.member.id)
    expect(
      (await w.owner.client.request('PATCH', `/api/registry/companies/${w.companyId}/members/${w.owner.id}`, { role: 'member' }))
        .status,
    ).toBe(200)
    expect((await w.owner.client.get(`/api/registry/companies/${w.companyId}/members`)).status).toBe(403)
    // Transfer to a non-member: 404.
    const nope = await w.member.client.post(`/api/registry/companies/${w.companyId}/transfer`, {
      userId: w.tenant.id,
      confirm: 'acme',
    })
    expect(nope.status).toBe(404)
  })
})
