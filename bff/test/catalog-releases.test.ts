import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ManifestSchema, ReleaseCatalogSchema, ReleaseSchema, UpdateHandshakeSchema } from '@exocorp/shared/companies'
import { releases } from '../src/db/schema/catalog'
import { compareVersions, latestRelease } from '../src/services/catalog/releases'
import { addMembership, auditRows, fakeKey, insertCompany, newUser, setCompany } from './catalog-helpers'
import { makeHarness } from './harness'

const env = { EXOCORP_SECRET_KEY: randomBytes(32).toString('base64') }

describe('release catalog', () => {
  it('orders versions by semver precedence', () => {
    const sorted = ['1.6.0-beta.2', '1.5.0', '1.6.0', '1.6.0-beta.10', '1.4.2', '1.6.0-alpha', '1.10.0'].sort(compareVersions)
    expect(sorted).toEqual(['1.4.2', '1.5.0', '1.6.0-alpha', '1.6.0-beta.2', '1.6.0-beta.10', '1.6.0', '1.10.0'])
  })

  it('serves the seeded catalog per channel and the current release of each channel', async () => {
    const h = await makeHarness(env)
    const user = await newUser(h, 'a@example.com')
    const all = await user.client.get('/api/registry/company-releases/catalog')
    expect(all.status).toBe(200)
    const versions = ReleaseCatalogSchema.parse(all.json).items.map((r) => r.version)
    expect(versions).toEqual(['1.7.0-canary.5', '1.7.0-canary.4', '1.6.0-beta.2', '1.6.0-beta.1', '1.5.0', '1.4.2'])
    const stable = await user.client.get('/api/registry/company-releases/catalog?channel=stable')
    expect(stable.json.items.map((r: { version: string }) => r.version)).toEqual(['1.5.0', '1.4.2'])

    const current = await user.client.get('/api/registry/company-releases/current')
    expect(ReleaseSchema.parse(current.json)).toMatchObject({
      version: '1.5.0',
      channel: 'stable',
      requiredProviders: ['openai', 'anthropic'],
      optionalProviders: ['e2b', 'google'],
    })
    expect((await user.client.get('/api/registry/company-releases/current?channel=beta')).json.version).toBe('1.6.0-beta.2')
    expect((await user.client.get('/api/registry/company-releases/current?channel=canary')).json.version).toBe('1.7.0-canary.5')

    const bad = await user.client.get('/api/registry/company-releases/current?channel=nightly')
    expect(bad.status).toBe(400)
    expect(bad.json.error.details.fields.channel).toBeDefined()
    expect((await user.client.get('/api/registry/company-releases/catalog?sort=x')).status).toBe(400)
    expect((await h.app.request('http://localhost/api/registry/company-releases/catalog')).status).toBe(401)
  })

  it('lets a riskier channel pick up a steadier release that overtakes it', async () => {
    const h = await makeHarness(env)
    await h.db.write(async (tx) => {
      await tx.insert(releases).values({
        version: '1.8.0',
        channel: 'stable',
        publishedAt: '2026-06-01T00:00:00.000Z',
        notes: 'Big one',
        requiredProviders: '["openai"]',
        optionalProviders: '[]',
      })
    })
    expect((await latestRelease(h.deps, 'beta'))?.version).toBe('1.8.0')
    expect((await latestRelease(h.deps, 'canary'))?.version).toBe('1.8.0')
  })
})

describe('update handshake', () => {
  async function setup() {
    const h = await makeHarness(env)
    const owner = await newUser(h, 'owner@example.com')
    const member = await newUser(h, 'member@example.com')
    const stranger = await newUser(h, 'stranger@example.com')
    const secret = async (provider: string, label: string, tail: string) =>
      (await owner.client.post('/api/registry/provider-secrets', { provider, label, value: fakeKey(provider, tail) })).json
        .id as string
    const handshake = async (companyId: string, client = owner.client) => {
      const res = await client.get(`/api/registry/companies/${companyId}/update-handshake`)
      return { status: res.status, body: res.status === 200 ? UpdateHandshakeSchema.parse(res.json) : res.json }
    }
    return { h, owner, member, stranger, secret, handshake }
  }

  it('is blocked with the missing providers until credentials exist, then install_required', async () => {
    const { h, owner, secret, handshake } = await setup()
    const company = await insertCompany(h, owner.id)
    const blocked = await handshake(company.id)
    expect(blocked.body).toMatchObject({
      status: 'blocked',
      installedVersion: null,
      availableVersion: '1.5.0',
      channel: 'stable',
      missingProviders: ['openai', 'anthropic'],
    })
    expect(blocked.body.reason).toBe('Add a credential for openai and anthropic to install 1.5.0')

    await secret('openai', 'Main', 'OA12')
    await secret('anthropic', 'Main', 'AN12')
    const ready = await handshake(company.id)
    // One credential per provider: the bind phase will use it, and the handshake says so.
    expect(ready.body).toMatchObject({
      status: 'install_required',
      availableVersion: '1.5.0',
      reason: null,
      missingProviders: [],
    })
    expect(ready.body.notes).toContain('openai will be bound to “Main” (…OA12)')

    await secret('anthropic', 'Second', 'AN34')
    const ambiguous = await handshake(company.id)
    expect(ambiguous.body).toMatchObject({ status: 'blocked', missingProviders: ['anthropic'] })
    expect(ambiguous.body.reason).toMatch(/choose one of your anthropic credentials/)
  })

  it('reports up_to_date and update_available from the installed version, and blocked when the update needs more', async () => {
    const { h, owner, member, stranger, secret, handshake } = await setup()
    const openai = await secret('openai', 'Main', 'OA12')
    const company = await insertCompany(h, owner.id, { status: 'running', installedVersion: '1.5.0' })
    await addMembership(h, company.id, member.id)
    expect((await handshake(company.id)).body).toMatchObject({
      status: 'up_to_date',
      installedVersion: '1.5.0',
      availableVersion: '1.5.0',
    })
    expect((await handshake(company.id, member.client)).body.status).toBe('up_to_date')
    expect((await handshake(company.id, stranger.client)).status).toBe(404)

    // An older install on stable: 1.5.0 needs anthropic too, and the account has none.
    await setCompany(h, company.id, { installedVersion: '1.4.2' })
    await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider: 'openai', secretId: openai })
    const blocked = (await handshake(company.id)).body
    expect(blocked).toMatchObject({
      status: 'blocked',
      installedVersion: '1.4.2',
      availableVersion: '1.5.0',
      missingProviders: ['anthropic'],
    })
    expect(blocked.reason).toBe('Add a credential for anthropic to update to 1.5.0')

    const anthropic = await secret('anthropic', 'Main', 'AN12')
    await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider: 'anthropic', secretId: anthropic })
    const available = (await handshake(company.id)).body
    expect(available).toMatchObject({ status: 'update_available', availableVersion: '1.5.0', reason: null, missingProviders: [] })
    expect(available.notes).toContain('Anthropic')

    // Moving to beta makes the beta release the target; moving back to stable from a beta install is not a downgrade.
    await setCompany(h, company.id, { channel: 'beta' })
    expect((await handshake(company.id)).body).toMatchObject({ status: 'update_available', availableVersion: '1.6.0-beta.2' })
    await setCompany(h, company.id, { channel: 'stable', installedVersion: '1.6.0-beta.2' })
    const ahead = (await handshake(company.id)).body
    expect(ahead).toMatchObject({ status: 'up_to_date', installedVersion: '1.6.0-beta.2', availableVersion: '1.5.0' })
    expect(ahead.notes).toMatch(/newer than the latest stable/)
  })

  it('is blocked when the channel has no release or the exocorp is destroyed', async () => {
    const { h, owner, handshake } = await setup()
    const company = await insertCompany(h, owner.id, { channel: 'stable' })
    await h.db.write(async (tx) => {
      await tx.delete(releases)
    })
    expect((await handshake(company.id)).body).toMatchObject({ status: 'blocked', availableVersion: null })
    expect((await handshake(company.id)).body.reason).toMatch(/Release lookup failed/)
    const gone = await insertCompany(h, owner.id, { status: 'destroyed', installedVersion: '1.5.0' })
    expect((await handshake(gone.id)).body).toMatchObject({ status: 'blocked', reason: 'This exocorp is destroyed' })
  })
})

describe('manifest preview', () => {
  it('renders draft + release + bindings for the owner only, with labels and last 4 but no values', async () => {
    const h = await makeHarness(env)
    const owner = await newUser(h, 'owner@example.com')
    const member = await newUser(h, 'member@example.com')
    const stranger = await newUser(h, 'stranger@example.com')
    const value = fakeKey('sk-openai', 'OA12')
    const openai = (
      await owner.client.post('/api/registry/provider-secrets', { provider: 'openai', label: 'Main: "prod"', value })
    ).json.id
    const company = await insertCompany(h, owner.id, {
      slug: 'acme',
      draft: { agents: [{ name: 'CEO', role: 'Runs the company', model: 'gpt-4o' }], settings: { budget: 100 } },
    })
    await addMembership(h, company.id, member.id)
    await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider: 'openai', secretId: openai })

    const res = await owner.client.get(`/api/registry/companies/${company.id}/manifest`)
    expect(res.status).toBe(200)
    const manifest = ManifestSchema.parse(res.json)
    expect(manifest.generatedAt).toBeNull()
    expect(manifest.yaml).not.toContain(value)
    const doc = parse(manifest.yaml)
    expect(doc).toMatchObject({
      kind: 'Exocorp',
      metadata: { id: company.id, slug: 'acme', channel: 'stable', draftVersion: 1 },
      release: { version: '1.5.0', requiredProviders: ['openai', 'anthropic'] },
      agents: [{ name: 'CEO', role: 'Runs the company', model: 'gpt-4o' }],
      settings: { budget: 100 },
      pricing: { version: 1 },
    })
    expect(doc.providers[0]).toEqual({
      name: 'openai',
      required: true,
      credential: { secretId: openai, label: 'Main: "prod"', last4: 'OA12' },
    })
    expect(doc.providers[1]).toEqual({ name: 'anthropic', required: true, credential: null })

    const asMember = await member.client.get(`/api/registry/companies/${company.id}/manifest`)
    expect(asMember.status).toBe(403)
    expect(asMember.text).not.toContain('CEO')
    expect(await auditRows(h, 'company.manifest.read')).toMatchObject([{ outcome: 'failed' }])
    expect((await stranger.client.get(`/api/registry/companies/${company.id}/manifest`)).status).toBe(404)

    // After a provision the stored, effective manifest is served as written.
    await setCompany(h, company.id, { manifestYaml: 'kind: Exocorp\n', manifestGeneratedAt: '2026-06-01T12:00:00.000Z' })
    expect((await owner.client.get(`/api/registry/companies/${company.id}/manifest`)).json).toEqual({
      yaml: 'kind: Exocorp\n',
      generatedAt: '2026-06-01T12:00:00.000Z',
    })
  })
})
