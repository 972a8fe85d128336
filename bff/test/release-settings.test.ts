import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { BulkActionResultSchema } from '@exocorp/shared/configuration'
import { ReleaseCatalogSchema } from '@exocorp/shared/companies'
import { companies } from '../src/db/schema/companies'
import { releases } from '../src/db/schema/catalog'
import { countRows } from './catalog-helpers'
import { createCompany, makeLifecycleHarness, ownerWithCredentials, type LifecycleHarness } from './lifecycle-fixtures'

// Decision 052: releases declare their settings; a draft save checks what it changes against the
// release the exocorp would install, applying checks every declared key; undeclared keys pass.

let h: LifecycleHarness
afterEach(async () => h?.cleanup())

const draftPath = (id: string) => `/api/registry/companies/${id}/draft`

async function setUp() {
  h = await makeLifecycleHarness()
  await ownerWithCredentials(h)
  const co = await createCompany(h.client, 'typed')
  const draft = async () => (await h.client.get(draftPath(co.id))).json as { version: number; config: { settings: object } }
  const save = async (settings: Record<string, unknown>) => {
    const d = await draft()
    return h.client.post(draftPath(co.id), { baseVersion: d.version, config: { ...d.config, settings } })
  }
  return { co, draft, save }
}

describe('settings declared by releases', () => {
  it('the catalog carries each release’s declared settings', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const res = await h.client.get('/api/registry/company-releases/catalog?channel=stable')
    const stable = ReleaseCatalogSchema.parse(res.json).items.find((r) => r.version === '1.5.0')!
    expect(stable.settings.map((d) => [d.key, d.type])).toEqual([
      ['autonomy', 'boolean'],
      ['maxConcurrentTasks', 'integer'],
      ['temperature', 'number'],
      ['logLevel', 'enum'],
      ['timezone', 'string'],
    ])
    expect(stable.settings[1]).toMatchObject({ label: 'Concurrent tasks', default: 4, min: 1, max: 20, required: false })
    expect(stable.settings[3]!.choices).toEqual(['error', 'warn', 'info', 'debug'])
  })

  it('a save with values that do not fit answers 400 naming settings.<key>, and writes nothing', async () => {
    const { co, draft, save } = await setUp()
    const before = await draft()
    const audits = await countRows(h, 'audit_events')
    const res = await save({ maxConcurrentTasks: 50, temperature: 'hot', logLevel: 'loud', autonomy: 'yes', timezone: 'UTC' })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('validation_failed')
    expect(res.json.error.details.reason).toBe('invalid_settings')
    expect(res.json.error.details.fields).toEqual({
      'settings.maxConcurrentTasks': ['Must be at most 20'],
      'settings.temperature': ['Must be a number'],
      'settings.logLevel': ['Must be one of: error, warn, info, debug'],
      'settings.autonomy': ['Must be true or false'],
    })
    expect(await draft()).toEqual(before)
    // The refused save is audited once, like every refused write.
    expect(await countRows(h, 'audit_events')).toBe(audits + 1)
    expect((await h.client.get(`/api/registry/companies/${co.id}`)).status).toBe(200)
  })

  it('keeps undeclared keys, and saves values that fit', async () => {
    const { draft, save } = await setUp()
    const res = await save({ maxConcurrentTasks: 8, temperature: 0.2, logLevel: 'debug', autonomy: true, customFlag: 'anything' })
    expect(res.status).toBe(200)
    expect((await draft()).config.settings).toEqual({
      maxConcurrentTasks: 8,
      temperature: 0.2,
      logLevel: 'debug',
      autonomy: true,
      customFlag: 'anything',
    })
    expect((await save({ maxConcurrentTasks: 2.5 })).json.error.details.fields).toEqual({
      'settings.maxConcurrentTasks': ['Must be a whole number'],
    })
  })

  it('a save checks only what it changes; applying checks every declared key and answers 400 with the fields', async () => {
    const { co, draft, save } = await setUp()
    // A value saved before the release declared its key (written as an older BFF would have).
    const d = await draft()
    await h.db.write(async (tx) => {
      await tx
        .update(companies)
        .set({ draftConfig: JSON.stringify({ ...d.config, settings: { logLevel: 'verbose' } }) })
        .where(eq(companies.id, co.id))
    })
    expect((await save({ logLevel: 'verbose', autonomy: true })).status).toBe(200)

    const jobs = await countRows(h, 'jobs')
    const apply = await h.client.post(`/api/registry/companies/${co.id}/provision`, {})
    expect(apply.status).toBe(400)
    expect(apply.json.error.details).toMatchObject({
      reason: 'invalid_settings',
      fields: { 'settings.logLevel': ['Must be one of: error, warn, info, debug'] },
    })
    expect(await countRows(h, 'jobs')).toBe(jobs)
    const detail = await h.client.get(`/api/registry/companies/${co.id}`)
    expect(detail.json.status).toBe('draft')
    expect(detail.json.allowedActions.find((a: { action: string }) => a.action === 'provision')).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('settings.logLevel'),
    })
    // The bulk preview says the same before anything runs.
    const preview = BulkActionResultSchema.parse(
      (await h.client.post('/api/registry/bulk-actions', { action: 'provision', companyIds: [co.id], dryRun: true })).json,
    )
    expect(preview.items[0]).toMatchObject({ outcome: 'refused', code: 'invalid_settings' })
  })

  it('applying needs a required setting that has no default', async () => {
    const { co, save } = await setUp()
    await h.db.write(async (tx) => {
      await tx
        .update(releases)
        .set({
          settings: JSON.stringify([
            {
              key: 'workspace',
              type: 'string',
              label: 'Workspace name',
              description: null,
              default: null,
              min: null,
              max: null,
              choices: [],
              required: true,
            },
          ]),
        })
        .where(eq(releases.version, '1.5.0'))
    })
    const refused = await h.client.post(`/api/registry/companies/${co.id}/provision`, {})
    expect(refused.status).toBe(400)
    expect(refused.json.error.details.fields).toEqual({ 'settings.workspace': ['Workspace name is required'] })
    expect((await save({ workspace: ' ' })).json.error.details.fields).toEqual({ 'settings.workspace': ['Must not be empty'] })
    expect((await save({ workspace: 'acme' })).status).toBe(200)
    expect((await h.client.post(`/api/registry/companies/${co.id}/provision`, {})).status).toBe(202)
  })
})
