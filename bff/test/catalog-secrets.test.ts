import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { ProviderSecretListSchema, ProviderSecretSchema } from '@exocorp/shared/companies'
import { loadSecretKey, SECRET_KEY_FILE, SecretBox, SecretIntegrityError } from '../src/lib/secret-box'
import { providerSecrets } from '../src/db/schema/catalog'
import { readProviderSecretValue } from '../src/services/catalog/secrets'
import { auditRows, countRows, fakeKey, insertCompany, newUser } from './catalog-helpers'
import { makeHarness, type Harness } from './harness'

const tmpDirs: string[] = []
function tmpDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exocorp-key-'))
  tmpDirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('secret box (AES-256-GCM)', () => {
  const box = new SecretBox(randomBytes(32))

  it('round-trips a value and never stores it in the clear', () => {
    const sealed = box.seal('sk-live-very-secret-1234', 'row-1')
    expect(sealed.ciphertext.toString('utf8')).not.toContain('very-secret')
    expect(sealed.iv).toHaveLength(12)
    expect(sealed.tag).toHaveLength(16)
    expect(box.open(sealed, 'row-1')).toBe('sk-live-very-secret-1234')
  })

  it('uses a fresh IV each time, so equal values give different ciphertexts', () => {
    const a = box.seal('same value here', 'row')
    const b = box.seal('same value here', 'row')
    expect(a.iv.equals(b.iv)).toBe(false)
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false)
  })

  it('detects a flipped ciphertext bit, a changed tag, a row swap and a different key', () => {
    const sealed = box.seal('sk-live-very-secret-1234', 'row-1')
    const flipped = Buffer.from(sealed.ciphertext)
    flipped[0] = flipped[0]! ^ 1
    expect(() => box.open({ ...sealed, ciphertext: flipped }, 'row-1')).toThrow(SecretIntegrityError)
    const badTag = Buffer.from(sealed.tag)
    badTag[15] = badTag[15]! ^ 0x80
    expect(() => box.open({ ...sealed, tag: badTag }, 'row-1')).toThrow(SecretIntegrityError)
    expect(() => box.open(sealed, 'row-2')).toThrow(SecretIntegrityError)
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'row-1')).toThrow(SecretIntegrityError)
  })

  it('refuses keys that are not 32 bytes and does not serialise its key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/)
    const key = randomBytes(32)
    expect(JSON.stringify({ box: new SecretBox(key) })).not.toContain(key.toString('base64'))
  })
})

describe('secret key loading', () => {
  it('generates a key file with mode 0600 under the data dir and reuses it', () => {
    const dataDir = path.join(tmpDir(), 'data')
    const first = loadSecretKey({ dataDir, EXOCORP_SECRET_KEY: undefined })
    const file = path.join(dataDir, SECRET_KEY_FILE)
    expect(first).toMatchObject({ source: 'file', file, generated: true })
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const second = loadSecretKey({ dataDir, EXOCORP_SECRET_KEY: undefined })
    expect(second.generated).toBe(false)
    expect(second.key.equals(first.key)).toBe(true)
    expect(fs.readdirSync(dataDir)).toEqual([SECRET_KEY_FILE])
  })

  it('tightens a key file that others can read', () => {
    const dataDir = tmpDir()
    const file = path.join(dataDir, SECRET_KEY_FILE)
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o644 })
    fs.chmodSync(file, 0o644)
    loadSecretKey({ dataDir, EXOCORP_SECRET_KEY: undefined })
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })

  it('prefers EXOCORP_SECRET_KEY and writes no file; a wrong-sized key is a readable error', () => {
    const dataDir = tmpDir()
    const key = randomBytes(32)
    const loaded = loadSecretKey({ dataDir, EXOCORP_SECRET_KEY: key.toString('base64') })
    expect(loaded.source).toBe('env')
    expect(loaded.key.equals(key)).toBe(true)
    expect(fs.readdirSync(dataDir)).toEqual([])
    expect(() => loadSecretKey({ dataDir, EXOCORP_SECRET_KEY: randomBytes(8).toString('base64') })).toThrow(
      /EXOCORP_SECRET_KEY must be 32/,
    )
  })
})

describe('provider secrets API', () => {
  const envKey = { EXOCORP_SECRET_KEY: randomBytes(32).toString('base64') }

  it('stores the value encrypted and only ever answers id, provider, label, last 4, dates and users', async () => {
    const h = await makeHarness(envKey)
    const owner = await newUser(h, 'owner@example.com')
    const value = fakeKey('sk-proj', 'Q7zK')
    const created = await owner.client.post('/api/registry/provider-secrets', { provider: 'openai', label: 'Personal', value })
    expect(created.status).toBe(201)
    const secret = ProviderSecretSchema.parse(created.json)
    expect(Object.keys(created.json).sort()).toEqual(['createdAt', 'id', 'label', 'last4', 'provider', 'updatedAt', 'usedBy'])
    expect(secret).toMatchObject({ provider: 'openai', label: 'Personal', last4: 'Q7zK', usedBy: [] })
    expect(created.text).not.toContain(value)

    const list = await owner.client.get('/api/registry/provider-secrets')
    expect(list.status).toBe(200)
    expect(ProviderSecretListSchema.parse(list.json).items.map((s) => s.id)).toEqual([secret.id])
    expect(list.text).not.toContain(value)

    // At rest: the row holds ciphertext, not the value; the server can still decrypt it for a runtime.
    const [row] = await h.db.select().from(providerSecrets)
    expect(JSON.stringify(row)).not.toContain(value)
    expect(row!.ciphertext.toString('utf8')).not.toContain(value)
    expect(await readProviderSecretValue(h.deps, owner.id, secret.id)).toBe(value)

    const [audit] = await auditRows(h, 'provider_secret.create')
    expect(audit).toMatchObject({ outcome: 'succeeded', targetId: secret.id })
    expect(JSON.stringify(audit)).not.toContain(value)
  })

  it('rotation changes the value and last 4 but keeps the id, so bindings stay', async () => {
    const h = await makeHarness(envKey)
    const owner = await newUser(h, 'owner@example.com')
    const created = await owner.client.post('/api/registry/provider-secrets', {
      provider: 'openai',
      label: 'Main',
      value: fakeKey('sk', 'AAAA'),
    })
    const id = created.json.id as string
    const company = await insertCompany(h, owner.id, { slug: 'acme' })
    expect(
      (await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider: 'openai', secretId: id })).status,
    ).toBe(200)

    h.clock.advance(60_000)
    const newValue = fakeKey('sk', 'BBBB')
    const rotated = await owner.client.post(`/api/registry/provider-secrets/${id}/rotate`, { value: newValue })
    expect(rotated.status).toBe(200)
    expect(rotated.json).toMatchObject({ id, last4: 'BBBB', usedBy: [{ companyId: company.id, slug: 'acme' }] })
    expect(rotated.json.updatedAt).not.toBe(created.json.updatedAt)
    expect(await readProviderSecretValue(h.deps, owner.id, id)).toBe(newValue)

    const bindings = await owner.client.get(`/api/registry/companies/${company.id}/bindings`)
    expect(bindings.json.items.find((b: { provider: string }) => b.provider === 'openai')).toMatchObject({
      secretId: id,
      last4: 'BBBB',
    })
    expect(await auditRows(h, 'provider_secret.rotate')).toHaveLength(1)
  })

  it('refuses to delete a credential an exocorp uses, naming the exocorps; deletes it once unbound', async () => {
    const h = await makeHarness(envKey)
    const owner = await newUser(h, 'owner@example.com')
    const id = (
      await owner.client.post('/api/registry/provider-secrets', {
        provider: 'openai',
        label: 'Main',
        value: fakeKey('sk', 'AAAA'),
      })
    ).json.id
    const company = await insertCompany(h, owner.id, { slug: 'acme' })
    await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider: 'openai', secretId: id })

    const refused = await owner.client.request('DELETE', `/api/registry/provider-secrets/${id}`)
    expect(refused.status).toBe(409)
    expect(refused.json.error.details).toMatchObject({
      reason: 'secret_in_use',
      usedBy: [{ companyId: company.id, slug: 'acme' }],
    })
    expect(refused.json.error.message).toContain('acme')
    expect(await countRows(h, 'provider_secrets')).toBe(1)

    await owner.client.post(`/api/registry/companies/${company.id}/bindings`, { provider: 'openai', secretId: null })
    const deleted = await owner.client.request('DELETE', `/api/registry/provider-secrets/${id}`)
    expect(deleted.status).toBe(200)
    expect(await countRows(h, 'provider_secrets')).toBe(0)
    expect((await auditRows(h, 'provider_secret.delete')).map((r) => r.outcome)).toEqual(['failed', 'succeeded'])
  })

  it('keeps accounts apart: another account sees none of mine and gets 404 for my ids', async () => {
    const h = await makeHarness(envKey)
    const owner = await newUser(h, 'owner@example.com')
    const other = await newUser(h, 'other@example.com')
    const id = (
      await owner.client.post('/api/registry/provider-secrets', {
        provider: 'anthropic',
        label: 'Main',
        value: fakeKey('sk-ant', 'ZZZZ'),
      })
    ).json.id

    expect((await other.client.get('/api/registry/provider-secrets')).json.items).toEqual([])
    expect((await other.client.get(`/api/registry/provider-secrets/${id}`)).status).toBe(404)
    expect(
      (await other.client.post(`/api/registry/provider-secrets/${id}/rotate`, { value: fakeKey('sk', 'HACK') })).status,
    ).toBe(404)
    expect((await other.client.request('DELETE', `/api/registry/provider-secrets/${id}`)).status).toBe(404)
    expect(await readProviderSecretValue(h.deps, owner.id, id)).toBe(fakeKey('sk-ant', 'ZZZZ'))
    expect((await owner.client.get(`/api/registry/provider-secrets/${id}`)).json.last4).toBe('ZZZZ')

    const anon = await makeAnonymousGet(h, '/api/registry/provider-secrets')
    expect(anon).toBe(401)
  })

  it('answers bad input with 400 and field errors, writing nothing', async () => {
    const h = await makeHarness(envKey)
    const owner = await newUser(h, 'owner@example.com')
    const good = { provider: 'openai', label: 'Main', value: fakeKey('sk', 'AAAA') }
    const cases: [unknown, string][] = [
      [{ ...good, extra: 1 }, 'extra'],
      [{ ...good, provider: 'azure' }, 'provider'],
      [{ ...good, label: '' }, 'label'],
      [{ ...good, label: 'x'.repeat(81) }, 'label'],
      [{ ...good, label: 'line\nbreak' }, 'label'],
      [{ ...good, value: 'short' }, 'value'],
      [{ ...good, value: 'x'.repeat(5000) }, 'value'],
      [{ ...good, value: 12345678 }, 'value'],
      [{ provider: 'openai', label: 'Main' }, 'value'],
    ]
    for (const [body, field] of cases) {
      const res = await owner.client.post('/api/registry/provider-secrets', body)
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400)
      expect(Object.keys(res.json.error.details.fields)).toContain(field)
    }
    const proto = await owner.client.post(
      '/api/registry/provider-secrets',
      `{"provider":"openai","label":"Main","value":"${good.value}","__proto__":{"x":1}}`,
    )
    expect(proto.status).toBe(400)
    const rotate = await owner.client.post('/api/registry/provider-secrets/nope/rotate', { value: good.value, label: 'x' })
    expect(rotate.status).toBe(400)
    expect(await countRows(h, 'provider_secrets')).toBe(0)
    // Every refused attempt left one audit row, none holding the submitted value.
    const refused = (await auditRows(h)).filter((r) => r.action.startsWith('provider_secret.'))
    expect(refused.length).toBeGreaterThanOrEqual(cases.length + 1)
    expect(refused.every((r) => r.outcome === 'failed' && !JSON.stringify(r).includes(good.value))).toBe(true)
  })

  it('counts the last 4 in characters, not UTF-16 halves', async () => {
    const h = await makeHarness(envKey)
    const owner = await newUser(h, 'owner@example.com')
    const res = await owner.client.post('/api/registry/provider-secrets', {
      provider: 'e2b',
      label: 'Emoji',
      value: 'e2b-key-0000-x🔑ab',
    })
    expect(res.status).toBe(201)
    expect(res.json.last4).toBe('x🔑ab')
  })

  it('refuses a second credential with the same label for the same provider (409), nothing written', async () => {
    const h = await makeHarness(envKey)
    const owner = await newUser(h, 'owner@example.com')
    await owner.client.post('/api/registry/provider-secrets', { provider: 'openai', label: 'Main', value: fakeKey('sk', 'AAAA') })
    const dup = await owner.client.post('/api/registry/provider-secrets', {
      provider: 'openai',
      label: 'main',
      value: fakeKey('sk', 'BBBB'),
    })
    expect(dup.status).toBe(409)
    expect(dup.json.error.details).toMatchObject({ reason: 'label_taken', fields: { label: expect.any(Array) } })
    expect(await countRows(h, 'provider_secrets')).toBe(1)
    const otherProvider = await owner.client.post('/api/registry/provider-secrets', {
      provider: 'anthropic',
      label: 'Main',
      value: fakeKey('sk', 'CCCC'),
    })
    expect(otherProvider.status).toBe(201)
  })
})

async function makeAnonymousGet(h: Harness, path: string) {
  const res = await h.app.request(`http://localhost${path}`)
  return res.status
}
