import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { BindingListSchema } from '@exocorp/shared/companies'
import { NotificationListSchema } from '@exocorp/shared/notifications'
import {
  ActiveBroadcastListSchema,
  AdminCredentialListSchema,
  BroadcastListSchema,
  BroadcastSchema,
  CredentialRevocationSchema,
  SkillDocumentDetailSchema,
} from '@exocorp/shared/platform-ops'
import { setUserRole } from '../src/services/accounts/users'
import { deliverDueBroadcasts } from '../src/services/operations/broadcasts'
import { auditRows, countRows, fakeKey, insertCompany, newUser } from './catalog-helpers'
import { makeLifecycleHarness } from './lifecycle-fixtures'

// Issue 19 item 3 (decision 043): BYOK revoke, broadcasts, newsletter export, platform skill
// documents. Admins read, platform owners act (the step-up itself is swept by admin-step-up.test.ts).

const env = { EXOCORP_SECRET_KEY: randomBytes(32).toString('base64') }
const PASSWORD = 'correct horse battery'

let cleanup: (() => Promise<void>) | null = null
afterEach(async () => {
  await cleanup?.()
  cleanup = null
})

/** A real lifecycle engine (so a provision is really evaluated), with a root, a tenant, an admin and another user. */
async function setup() {
  const h = await makeLifecycleHarness({ env })
  cleanup = h.cleanup
  const root = await newUser(h, 'root@example.com') // first account: platform owner
  const owner = await newUser(h, 'owner@example.com')
  const admin = await newUser(h, 'admin@example.com')
  await setUserRole(h.deps, admin.id, 'admin')
  const other = await newUser(h, 'other@example.com')
  expect((await root.client.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
  return { h, root, owner, admin, other }
}

describe('BYOK revoke', () => {
  it('a platform owner revokes a tenant credential: the owner is told, the binding shows revoked, provisioning is blocked with the reason', async () => {
    const { h, root, owner, admin, other } = await setup()
    const company = await insertCompany(h, owner.id, { slug: 'acme' }) // stable 1.5.0 needs openai + anthropic
    const add = async (provider: string, tail: string) =>
      (
        await owner.client.post('/api/registry/provider-secrets', {
          provider,
          label: `${provider} main`,
          value: fakeKey(provider, tail),
        })
      ).json.id as string
    const openai = await add('openai', 'OA12')
    const anthropic = await add('anthropic', 'AN34')
    for (const [provider, secretId] of [
      ['openai', openai],
      ['anthropic', anthropic],
    ])
      expect((await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider, secretId })).status).toBe(200)

    // Admins read what a tenant holds (never a value); a tenant cannot.
    const listed = await admin.client.get(`/api/admin/users/${owner.id}/credentials`)
    expect(listed.status).toBe(200)
    const list = AdminCredentialListSchema.parse(listed.json)
    expect(list.items.map((i) => [i.provider, i.last4, i.boundCompanies])).toEqual([
      ['anthropic', 'AN34', 1],
      ['openai', 'OA12', 1],
    ])
    expect((await other.client.get(`/api/admin/users/${owner.id}/credentials`)).status).toBe(403)

    // An admin is not a platform owner; bad input changes nothing and is audited.
    expect((await admin.client.post(`/api/admin/credentials/${openai}/revoke`, { reason: 'Leaked' })).status).toBe(403)
    for (const body of [{}, { reason: 'x' }, { reason: 'Leaked key', extra: 1 }, { reason: 'y'.repeat(501) }]) {
      const bad = await root.client.post(`/api/admin/credentials/${openai}/revoke`, body)
      expect(bad.status, JSON.stringify(body)).toBe(400)
      expect(bad.json.error.details.fields).toBeDefined()
    }
    expect(await countRows(h, 'credential_revocations')).toBe(0)
    expect((await auditRows(h, 'provider_secret.revoked')).filter((r) => r.outcome === 'failed').length).toBeGreaterThanOrEqual(4)
    expect((await root.client.post('/api/admin/credentials/nope/revoke', { reason: 'Leaked key' })).status).toBe(404)

    const revoked = await root.client.post(`/api/admin/credentials/${openai}/revoke`, { reason: 'Key posted in a public repo' })
    expect(revoked.status, revoked.text).toBe(200)
    expect(CredentialRevocationSchema.parse(revoked.json)).toMatchObject({
      provider: 'openai',
      label: 'openai main',
      last4: 'OA12',
      reason: 'Key posted in a public repo',
      affectedCompanies: [{ id: company.id, slug: 'acme' }],
    })
    // Gone for the tenant too; a second revoke of the same id is a 404.
    expect((await owner.client.get(`/api/registry/provider-secrets/${openai}`)).status).toBe(404)
    expect((await root.client.post(`/api/admin/credentials/${openai}/revoke`, { reason: 'Again' })).status).toBe(404)

    // The owner is notified.
    const notes = NotificationListSchema.parse((await owner.client.get('/api/account/notifications')).json)
    expect(notes.items[0]).toMatchObject({ kind: 'credential_revoked' })
    expect(notes.items[0]!.title).toContain('revoked your openai credential “openai main” (…OA12): Key posted in a public repo')
    expect(NotificationListSchema.parse((await other.client.get('/api/account/notifications')).json).items).toEqual([])

    // The binding shows the credential as revoked (missing), the other stays.
    const bindings = BindingListSchema.parse((await owner.client.get(`/api/registry/companies/${company.id}/bindings`)).json)
    expect(bindings.items.find((b) => b.provider === 'openai')).toMatchObject({
      secretId: null,
      revoked: { label: 'openai main', last4: 'OA12', reason: 'Key posted in a public repo' },
    })
    expect(bindings.items.find((b) => b.provider === 'anthropic')).toMatchObject({ secretId: anthropic, revoked: null })
    expect(bindings.coverage).toEqual({ configured: 1, total: 2 })

    // Even with a single other openai credential on the account, nothing is bound behind the owner's back.
    const fresh = await add('openai', 'NEW9')
    const provision = await owner.client.post(`/api/registry/companies/${company.id}/provision`, {})
    expect(provision.status).toBe(409)
    expect(provision.json.error.message).toContain(
      'openai credential “openai main” was revoked by the platform: Key posted in a public repo',
    )

    // The update handshake an agent reads says the same.
    const handshake = await owner.client.get(`/api/registry/companies/${company.id}/update-handshake`)
    expect(handshake.json).toMatchObject({ status: 'blocked', missingProviders: ['openai'] })
    expect(handshake.json.reason).toContain(
      'the openai credential “openai main” was revoked by the platform: Key posted in a public repo',
    )

    // Binding another clears the mark.
    expect(
      (await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider: 'openai', secretId: fresh })).status,
    ).toBe(200)
    const rebound = BindingListSchema.parse((await owner.client.get(`/api/registry/companies/${company.id}/bindings`)).json)
    expect(rebound.items.find((b) => b.provider === 'openai')).toMatchObject({ secretId: fresh, revoked: null })

    // The admin's view keeps the history; the audit row names the tenant and the exocorps.
    const after = AdminCredentialListSchema.parse((await admin.client.get(`/api/admin/users/${owner.id}/credentials`)).json)
    expect(after.revocations.map((r) => [r.label, r.reason])).toEqual([['openai main', 'Key posted in a public repo']])
    const [row] = (await auditRows(h, 'provider_secret.revoked')).filter((r) => r.outcome === 'succeeded')
    expect(row).toMatchObject({ targetId: openai })
    expect(JSON.parse(row!.details)).toMatchObject({ ownerUserId: owner.id, affectedCompanies: [company.id] })
  })
})

describe('broadcasts', () => {
  it('a scheduled broadcast reaches only its segment, as a banner and a notification, and is gone after expiry', async () => {
    const { h, root, owner, admin, other } = await setup()
    await insertCompany(h, owner.id, { slug: 'acme' })
    const now = h.clock.now().getTime()
    const at = (ms: number) => new Date(now + ms).toISOString()

    for (const body of [
      { title: 'Hi', body: 'x', segment: 'owners', endsAt: at(3600_000) }, // title too short
      { title: 'Maintenance', body: 'x', segment: 'everyone', endsAt: at(3600_000) },
      { title: 'Maintenance', body: 'x', segment: 'owners', startsAt: at(7200_000), endsAt: at(3600_000) },
      { title: 'Maintenance', body: 'x', segment: 'owners', endsAt: 'tomorrow' },
      { title: 'Maintenance', body: 'x', segment: 'owners', endsAt: at(-1000) },
      { title: 'Maintenance', body: 'x', segment: 'owners', endsAt: at(3600_000), html: '<b>' },
    ]) {
      expect((await root.client.post('/api/admin/broadcasts', body)).status, JSON.stringify(body)).toBe(400)
    }
    expect(await countRows(h, 'broadcasts')).toBe(0)
    expect(
      (await admin.client.post('/api/admin/broadcasts', { title: 'Nope', body: 'x', segment: 'all', endsAt: at(1000) })).status,
    ).toBe(403)

    const created = await root.client.post('/api/admin/broadcasts', {
      title: 'Maintenance tonight',
      body: 'Provisioning pauses 22:00–22:30 UTC.',
      segment: 'owners',
      severity: 'warning',
      startsAt: at(20 * 60_000),
      endsAt: at(40 * 60_000),
    })
    expect(created.status, created.text).toBe(201)
    const b = BroadcastSchema.parse(created.json)
    expect(b).toMatchObject({ state: 'scheduled', recipients: null })

    const banners = async (c: typeof owner.client) => {
      const r = await c.get('/api/account/broadcasts')
      expect(r.status, r.text).toBe(200)
      return ActiveBroadcastListSchema.parse(r.json).items
    }
    const broadcastNotes = async (c: typeof owner.client) =>
      NotificationListSchema.parse((await c.get('/api/account/notifications')).json).items.filter((n) => n.kind === 'broadcast')
    // Scheduled: nobody sees it yet, and the sweep sends nothing.
    expect(await banners(owner.client)).toEqual([])
    expect(await deliverDueBroadcasts(h.deps)).toBe(0)

    const stepUp = async () =>
      expect((await root.client.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)
    h.clock.advance(20 * 60_000)
    await stepUp()
    expect(await deliverDueBroadcasts(h.deps)).toBe(1)
    expect(await deliverDueBroadcasts(h.deps)).toBe(0) // once
    expect(await banners(owner.client)).toEqual([
      {
        id: b.id,
        title: 'Maintenance tonight',
        body: 'Provisioning pauses 22:00–22:30 UTC.',
        severity: 'warning',
        endsAt: b.endsAt,
      },
    ])
    expect(await broadcastNotes(owner.client)).toMatchObject([{ title: 'Maintenance tonight' }])
    // Not an owner of any exocorp: no banner, no notification.
    expect(await banners(other.client)).toEqual([])
    expect(await broadcastNotes(other.client)).toEqual([])
    const listed = BroadcastListSchema.parse((await admin.client.get('/api/admin/broadcasts')).json)
    expect(listed.items).toMatchObject([{ id: b.id, state: 'live', recipients: 1 }])

    h.clock.advance(20 * 60_000)
    await stepUp()
    expect(await banners(owner.client)).toEqual([])
    expect(BroadcastListSchema.parse((await admin.client.get('/api/admin/broadcasts')).json).items[0]!.state).toBe('ended')
    expect((await root.client.post(`/api/admin/broadcasts/${b.id}/cancel`)).status).toBe(409)

    // To everyone, now: delivered at once; cancelling takes the banner down.
    const all = BroadcastSchema.parse(
      (
        await root.client.post('/api/admin/broadcasts', {
          title: 'New region',
          body: 'eu-west is open.',
          segment: 'all',
          endsAt: new Date(h.clock.now().getTime() + 3600_000).toISOString(),
        })
      ).json,
    )
    expect(all).toMatchObject({ state: 'live', recipients: 4 })
    expect((await banners(other.client)).map((x) => x.title)).toEqual(['New region'])
    expect((await root.client.post(`/api/admin/broadcasts/${all.id}/cancel`)).status).toBe(200)
    expect(await banners(other.client)).toEqual([])
    expect((await auditRows(h, 'broadcast.created')).filter((r) => r.outcome === 'succeeded')).toHaveLength(2)
    expect((await auditRows(h, 'broadcast.cancelled')).map((r) => r.outcome).sort()).toEqual(['failed', 'succeeded'])
  })
})

describe('newsletter', () => {
  it('opt in and out from the profile; a platform owner exports the subscribers as CSV', async () => {
    const { h, root, owner, admin, other } = await setup()
    expect((await owner.client.get('/api/account/newsletter')).json).toEqual({ optedIn: false, since: null })
    expect((await owner.client.request('PUT', '/api/account/newsletter', { optedIn: 'yes' })).status).toBe(400)
    const on = await owner.client.request('PUT', '/api/account/newsletter', { optedIn: true })
    expect(on.json).toEqual({ optedIn: true, since: h.clock.now().toISOString() })
    // A name a spreadsheet would run as a formula is defused.
    expect((await other.client.request('PATCH', '/api/account/profile', { name: '=HYPERLINK("x")' })).status).toBe(200)
    h.clock.advance(1000)
    expect((await other.client.request('PUT', '/api/account/newsletter', { optedIn: true })).status).toBe(200)
    expect((await admin.client.get('/api/admin/newsletter')).json).toEqual({ subscribers: 2 })

    expect((await admin.client.post('/api/admin/newsletter/export', {})).status).toBe(403)
    expect((await root.client.post('/api/admin/newsletter/export', { all: true })).status).toBe(400)
    const csv = await root.client.post('/api/admin/newsletter/export', {})
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="newsletter-subscribers-.*\.csv"/)
    expect(csv.text.split('\r\n')).toEqual([
      'email,name,opted_in_at',
      `owner@example.com,owner,${new Date(h.clock.now().getTime() - 1000).toISOString()}`,
      `other@example.com,"'=HYPERLINK(""x"")",${new Date(h.clock.now().getTime()).toISOString()}`,
      '',
    ])
    expect(await auditRows(h, 'newsletter.exported')).toMatchObject([{ outcome: 'failed' }, { outcome: 'succeeded' }])

    expect((await owner.client.request('PUT', '/api/account/newsletter', { optedIn: false })).json).toEqual({
      optedIn: false,
      since: null,
    })
    expect((await root.client.post('/api/admin/newsletter/export', {})).text).not.toContain('owner@example.com')
  })
})

describe('platform skill documents', () => {
  it('are saved as versions, served to agents, and stop being served when deleted', async () => {
    const { h, root, admin } = await setup()
    const served = (slug: string) => h.app.request(`http://localhost/skills/${slug}.md`)
    expect((await served('refunds')).status).toBe(404)
    expect((await root.client.request('PUT', '/api/admin/skills/Bad_Slug', { title: 'Refunds', body: '# x' })).status).toBe(400)
    expect((await root.client.request('PUT', '/api/admin/skills/connect-agent', { title: 'Mine', body: '# x' })).status).toBe(400)
    expect((await root.client.request('PUT', '/api/admin/skills/refunds', { title: 'Refunds', body: '' })).status).toBe(400)
    expect((await admin.client.request('PUT', '/api/admin/skills/refunds', { title: 'Refunds', body: '# v1' })).status).toBe(403)
    expect(await countRows(h, 'skill_documents')).toBe(0)

    const v1 = await root.client.request('PUT', '/api/admin/skills/refunds', { title: 'Refunds', body: '# Refunds v1' })
    expect(v1.status, v1.text).toBe(201)
    expect(v1.json).toMatchObject({ slug: 'refunds', path: '/skills/refunds.md', currentVersion: 1, deletedAt: null })
    expect(await (await served('refunds')).text()).toBe('# Refunds v1')
    h.clock.advance(1000)
    expect(
      (await root.client.request('PUT', '/api/admin/skills/refunds', { title: 'Refunds', body: '# Refunds v2' })).status,
    ).toBe(200)
    const res = await served('refunds')
    expect(res.headers.get('content-type')).toContain('text/markdown')
    expect(await res.text()).toBe('# Refunds v2')
    // The built-in guide is untouched.
    expect((await served('connect-agent')).status).toBe(200)

    const detail = SkillDocumentDetailSchema.parse((await admin.client.get('/api/admin/skills/refunds')).json)
    expect(detail.versions.map((v) => [v.version, v.body, v.createdBy])).toEqual([
      [2, '# Refunds v2', 'root@example.com'],
      [1, '# Refunds v1', 'root@example.com'],
    ])

    expect((await root.client.request('DELETE', '/api/admin/skills/refunds')).status).toBe(200)
    expect((await served('refunds')).status).toBe(404)
    expect((await root.client.request('DELETE', '/api/admin/skills/refunds')).status).toBe(409)
    expect((await root.client.request('DELETE', '/api/admin/skills/nothing-here')).status).toBe(404)
    expect((await admin.client.get('/api/admin/skills')).json.items).toMatchObject([
      { slug: 'refunds', deletedAt: expect.any(String) },
    ])
    expect((await auditRows(h, 'skill.deleted')).map((r) => r.outcome)).toEqual(['succeeded', 'failed', 'failed'])
    expect((await auditRows(h, 'skill.saved')).filter((r) => r.outcome === 'succeeded')).toHaveLength(2)
  })
})
