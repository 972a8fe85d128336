import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { BindingListSchema } from '@exocorp/shared/companies'
import { autoBindForProvision, coverageFor, fleetCoverage, listBindings } from '../src/services/catalog/bindings'
import { findRelease } from '../src/services/catalog/releases'
import { eq } from 'drizzle-orm'
import { releases } from '../src/db/schema/catalog'
import { addMembership, auditRows, countRows, fakeKey, insertCompany, newUser, setCompany } from './catalog-helpers'
import { makeHarness } from './harness'

const env = { EXOCORP_SECRET_KEY: randomBytes(32).toString('base64') }

async function setup() {
  const h = await makeHarness(env)
  const admin = await newUser(h, 'root@example.com') // first account: platform owner
  const owner = await newUser(h, 'owner@example.com')
  const member = await newUser(h, 'member@example.com')
  const stranger = await newUser(h, 'stranger@example.com')
  const addSecret = async (provider: string, label: string, tail: string) => {
    const res = await owner.client.post('/api/registry/provider-secrets', {
      provider,
      label,
      value: fakeKey(`sk-${provider}`, tail),
    })
    if (res.status !== 201) throw new Error(res.text)
    return res.json.id as string
  }
  return { h, admin, owner, member, stranger, addSecret }
}

describe('bindings', () => {
  it('lists one row per provider the target release needs, required first, with coverage', async () => {
    const { h, owner, addSecret } = await setup()
    const company = await insertCompany(h, owner.id, { slug: 'acme' }) // stable → 1.5.0: openai + anthropic, optional e2b + google
    const res = await owner.client.get(`/api/registry/companies/${company.id}/bindings`)
    expect(res.status).toBe(200)
    const list = BindingListSchema.parse(res.json)
    expect(list.items.map((b) => [b.provider, b.required])).toEqual([
      ['openai', true],
      ['anthropic', true],
      ['google', false],
      ['e2b', false],
    ])
    expect(list.coverage).toEqual({ configured: 0, total: 2 })

    const id = await addSecret('openai', 'Main', 'OA12')
    h.clock.advance(1000)
    const bound = await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider: 'openai', secretId: id })
    expect(bound.status).toBe(200)
    const after = BindingListSchema.parse(bound.json)
    expect(after.items[0]).toEqual({
      provider: 'openai',
      required: true,
      secretId: id,
      secretLabel: 'Main',
      last4: 'OA12',
      boundAt: h.clock.now().toISOString(),
      revoked: null,
    })
    expect(after.coverage).toEqual({ configured: 1, total: 2 })
    expect(await auditRows(h, 'binding.set')).toMatchObject([{ outcome: 'succeeded', targetId: company.id }])

    const unbound = await owner.client.post(`/api/registry/companies/${company.id}/bindings`, {
      provider: 'openai',
      secretId: null,
    })
    expect(BindingListSchema.parse(unbound.json).coverage).toEqual({ configured: 0, total: 2 })
    expect(await countRows(h, 'bindings')).toBe(0)
  })

  it('makes providers the draft asks for required, and follows the channel', async () => {
    const { h, owner } = await setup()
    const company = await insertCompany(h, owner.id, { channel: 'canary', draft: { providers: ['mistral'] } })
    const list = await listBindings(h.deps, company.id)
    expect(list.items.filter((b) => b.required).map((b) => b.provider)).toEqual(['openai', 'anthropic', 'mistral', 'e2b'])
    expect(list.items.filter((b) => !b.required).map((b) => b.provider)).toEqual(['google'])
  })

  it('lets members read bindings but not change them; strangers get 404 either way', async () => {
    const { h, owner, member, stranger, admin, addSecret } = await setup()
    const company = await insertCompany(h, owner.id)
    await addMembership(h, company.id, member.id)
    const id = await addSecret('openai', 'Main', 'OA12')
    const path = `/api/registry/companies/${company.id}/bindings`

    expect((await member.client.get(path)).status).toBe(200)
    const memberBind = await member.client.post(path, { provider: 'openai', secretId: id })
    expect(memberBind.status).toBe(403)
    expect((await stranger.client.get(path)).status).toBe(404)
    expect((await stranger.client.post(path, { provider: 'openai', secretId: id })).status).toBe(404)
    // The registry is scoped to your own exocorps, platform roles included (admins use /api/admin).
    expect((await admin.client.get(path)).status).toBe(404)
    expect((await owner.client.get('/api/registry/companies/00000000-0000-0000-0000-000000000000/bindings')).status).toBe(404)
    expect(await countRows(h, 'bindings')).toBe(0)
    expect((await auditRows(h, 'binding.set')).map((r) => [r.outcome, JSON.parse(r.details).status])).toEqual([
      ['failed', 403],
      ['failed', 404],
    ])
  })

  it('refuses bad bindings with 400/404 and writes nothing', async () => {
    const { h, owner, stranger, addSecret } = await setup()
    const company = await insertCompany(h, owner.id)
    const openai = await addSecret('openai', 'Main', 'OA12')
    const theirs = (
      await stranger.client.post('/api/registry/provider-secrets', {
        provider: 'openai',
        label: 'Theirs',
        value: fakeKey('sk', 'THEM'),
      })
    ).json.id
    const path = `/api/registry/companies/${company.id}/bindings`

    const wrongProvider = await owner.client.post(path, { provider: 'anthropic', secretId: openai })
    expect(wrongProvider.status).toBe(400)
    expect(wrongProvider.json.error.details.fields.secretId[0]).toMatch(/openai/)
    const unused = await owner.client.post(path, { provider: 'mistral', secretId: openai })
    expect(unused.status).toBe(400)
    expect(unused.json.error.details.fields.provider).toBeDefined()
    expect((await owner.client.post(path, { provider: 'openai', secretId: theirs })).status).toBe(404)
    expect((await owner.client.post(path, { provider: 'openai', secretId: 'no-such-id' })).status).toBe(404)
    for (const body of [
      { provider: 'openai' },
      { provider: 'azure', secretId: openai },
      { provider: 'openai', secretId: openai, extra: true },
      { provider: 'openai', secretId: 'x'.repeat(101) },
    ]) {
      const res = await owner.client.post(path, body)
      expect(res.status).toBe(400)
      expect(res.json.error.details.fields).toBeDefined()
    }
    expect(await countRows(h, 'bindings')).toBe(0)
  })

  it('auto-binds the only credential for each required provider and names it; leaves ambiguous ones to a person', async () => {
    const { h, owner, addSecret } = await setup()
    const company = await insertCompany(h, owner.id)
    const openai = await addSecret('openai', 'Personal', 'OA12')
    await addSecret('anthropic', 'Work', 'AN01')
    await addSecret('anthropic', 'Side project', 'AN02')
    await addSecret('e2b', 'Sandbox', 'E2B9') // optional provider: not bound by itself
    const release = (await findRelease(h.deps, '1.5.0'))!

    const result = await autoBindForProvision(h.deps, { companyId: company.id, ownerUserId: owner.id, release })
    expect(result.missing).toEqual(['anthropic'])
    expect(result.notes.join('\n')).toContain('Bound openai to “Personal” (…OA12)')
    expect(result.notes.join('\n')).toMatch(/2 anthropic credentials/)
    expect(JSON.stringify(result)).not.toContain(fakeKey('sk-openai', 'OA12'))
    const list = await listBindings(h.deps, company.id, release)
    expect(list.items.map((b) => [b.provider, b.secretId])).toEqual([
      ['openai', openai],
      ['anthropic', null],
      ['google', null],
      ['e2b', null],
    ])
    expect(await auditRows(h, 'binding.auto_bind')).toMatchObject([{ actorType: 'system', targetId: company.id }])

    // Running it again changes nothing and reports the same gap.
    const again = await autoBindForProvision(h.deps, { companyId: company.id, ownerUserId: owner.id, release })
    expect(again.missing).toEqual(['anthropic'])
    expect(await auditRows(h, 'binding.auto_bind')).toHaveLength(1)

    const none = await insertCompany(h, (await newUser(h, 'empty@example.com')).id)
    const empty = await autoBindForProvision(h.deps, { companyId: none.id, ownerUserId: none.ownerUserId, release })
    expect(empty.missing).toEqual(['openai', 'anthropic'])
    expect(empty.notes).toEqual([
      'No openai credential on the account; add one under Provider secrets',
      'No anthropic credential on the account; add one under Provider secrets',
    ])
  })

  it('computes coverage per exocorp and fleet-wide, skipping destroyed ones', async () => {
    const { h, owner, member, addSecret } = await setup()
    const openai = await addSecret('openai', 'Main', 'OA12')
    const anthropic = await addSecret('anthropic', 'Main', 'AN12')
    const full = await insertCompany(h, owner.id, { slug: 'full' })
    const half = await insertCompany(h, owner.id, { slug: 'half' })
    const legacy = await insertCompany(h, owner.id, { slug: 'legacy', status: 'destroyed' })
    const shared = await insertCompany(h, owner.id, { slug: 'shared', channel: 'canary' }) // openai, anthropic, e2b
    await addMembership(h, shared.id, member.id)
    for (const [c, p, s] of [
      [full, 'openai', openai],
      [full, 'anthropic', anthropic],
      [half, 'openai', openai],
      [shared, 'anthropic', anthropic],
    ] as const) {
      expect((await owner.client.post(`/api/registry/companies/${c.id}/bindings`, { provider: p, secretId: s })).status).toBe(200)
    }
    const cov = await coverageFor(h.deps, [full.id, half.id, shared.id, legacy.id])
    // The owner holds one credential of each of openai and anthropic: the bind phase will use it.
    expect(cov.get(full.id)).toEqual({ configured: 2, total: 2, missingRequired: [], willAutoBind: [] })
    expect(cov.get(half.id)).toEqual({ configured: 1, total: 2, missingRequired: ['anthropic'], willAutoBind: ['anthropic'] })
    expect(cov.get(shared.id)).toEqual({ configured: 1, total: 3, missingRequired: ['openai', 'e2b'], willAutoBind: ['openai'] })
    expect(await fleetCoverage(h.deps, { userId: owner.id })).toEqual({ configured: 4, total: 7 })
    expect(await fleetCoverage(h.deps, { userId: member.id })).toEqual({ configured: 1, total: 3 })
    expect(await fleetCoverage(h.deps)).toEqual({ configured: 4, total: 7 })

    // A draft that asks for another provider makes it required (counted outside the fast path).
    const custom = await insertCompany(h, owner.id, { slug: 'custom', draft: { providers: ['google'] } })
    await owner.client.post(`/api/registry/companies/${custom.id}/bindings`, { provider: 'openai', secretId: openai })
    expect((await coverageFor(h.deps, [custom])).get(custom.id)).toEqual({
      configured: 1,
      total: 3,
      missingRequired: ['anthropic', 'google'],
      willAutoBind: ['anthropic'],
    })
    expect(await fleetCoverage(h.deps, { userId: owner.id })).toEqual({ configured: 5, total: 10 })

    // Nothing published on canary any more: the canary exocorp falls back to the release it runs.
    await h.db.write(async (tx) => {
      await tx.delete(releases).where(eq(releases.channel, 'canary'))
    })
    await setCompany(h, shared.id, { installedVersion: '1.5.0' })
    expect((await coverageFor(h.deps, [shared.id])).get(shared.id)).toEqual({
      configured: 1,
      total: 2,
      missingRequired: ['openai'],
      willAutoBind: ['openai'],
    })
    // A second openai credential: a person has to choose, so nothing binds by itself.
    await addSecret('openai', 'Second', 'OB34')
    expect((await coverageFor(h.deps, [shared.id])).get(shared.id)?.willAutoBind).toEqual([])
    expect(await fleetCoverage(h.deps, { userId: owner.id })).toEqual({ configured: 5, total: 9 })
    expect(await fleetCoverage(h.deps, { userId: member.id })).toEqual({ configured: 1, total: 2 })
  })

  it('refuses to change a destroyed exocorp (409)', async () => {
    const { h, owner, addSecret } = await setup()
    const company = await insertCompany(h, owner.id, { status: 'destroyed' })
    const id = await addSecret('openai', 'Main', 'OA12')
    const res = await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider: 'openai', secretId: id })
    expect(res.status).toBe(409)
    expect(res.json.error.details.reason).toBe('company_destroyed')
    expect(await countRows(h, 'bindings')).toBe(0)
  })
})
