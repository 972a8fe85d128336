import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import {
  AgentMutationResultSchema,
  AgentPageSchema,
  BulkActionResultSchema,
  DraftDiffSchema,
} from '@exocorp/shared/configuration'
import { CompanyListSchema } from '@exocorp/shared/companies'
import { auditEvents } from '../src/db/schema/audit'
import { companies, jobs, memberships } from '../src/db/schema/companies'
import { newId } from '../src/lib/crypto'
import { addMember } from '../src/services/companies/companies'
import { auditRows, countRows, insertCompany, newUser } from './catalog-helpers'
import {
  createCompany,
  makeLifecycleHarness,
  ownerWithCredentials,
  provisionAndWait,
  signUp,
  TestClient,
  type LifecycleHarness,
} from './lifecycle-fixtures'

let h: LifecycleHarness
afterEach(async () => h?.cleanup())

function auditOf(action: string, companyId?: string) {
  return h.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), companyId ? eq(auditEvents.targetId, companyId) : undefined))
    .orderBy(auditEvents.seq)
}

const agentsPath = (id: string) => `/api/registry/companies/${id}/agents`

describe('agents as a resource over the draft', () => {
  it('creates, reads, edits, duplicates and deletes agents; each edit bumps the version and is audited with before/after', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const co = await createCompany(h.client, 'acme')

    const list = AgentPageSchema.parse((await h.client.get(agentsPath(co.id))).json)
    expect(list.draftVersion).toBe(2)
    expect(list.items.map((a) => [a.id, a.name, a.model, a.provider, a.deployment])).toEqual([
      ['ada', 'Ada', 'gpt-4o', 'openai', 'not_deployed'],
      ['brunel', 'Brunel', 'claude-sonnet-4', 'anthropic', 'not_deployed'],
    ])

    const created = await h.client.post(agentsPath(co.id), {
      baseVersion: 2,
      name: 'Curie',
      role: 'Researcher',
      model: 'gpt-4o-mini',
    })
    expect(created.status).toBe(201)
    const c1 = AgentMutationResultSchema.parse(created.json)
    expect(c1).toMatchObject({ draftVersion: 3, agent: { id: 'curie', name: 'Curie', model: 'gpt-4o-mini', provider: 'openai' } })

    const detail = await h.client.get(`${agentsPath(co.id)}/curie`)
    expect(detail.status).toBe(200)
    expect(detail.json).toMatchObject({ agent: { id: 'curie' }, draftVersion: 3, running: null })

    const edited = await h.client.request('PATCH', `${agentsPath(co.id)}/curie`, {
      baseVersion: 3,
      name: 'Marie',
      model: 'claude-haiku-3.5',
    })
    expect(edited.status).toBe(200)
    // Renaming keeps the id (the URL stays stable).
    expect(edited.json).toMatchObject({ draftVersion: 4, agent: { id: 'curie', name: 'Marie', model: 'claude-haiku-3.5' } })

    const copy = await h.client.post(`${agentsPath(co.id)}/curie/duplicate`, { baseVersion: 4 })
    expect(copy.status).toBe(201)
    expect(copy.json).toMatchObject({ draftVersion: 5, agent: { name: 'Marie (copy)', model: 'claude-haiku-3.5' } })
    const copyId = copy.json.agent.id as string

    const del = await h.client.request('DELETE', `${agentsPath(co.id)}/${copyId}?baseVersion=5`)
    expect(del.status).toBe(200)
    expect(del.json).toEqual({ agent: null, draftVersion: 6 })
    expect((await h.client.get(`${agentsPath(co.id)}/${copyId}`)).status).toBe(404)

    const draft = await h.client.get(`/api/registry/companies/${co.id}/draft`)
    expect(draft.json.version).toBe(6)
    expect(draft.json.config.agents.map((a: { id: string }) => a.id)).toEqual(['ada', 'brunel', 'curie'])

    const update = (await auditOf('agent.update', co.id))[0]!
    expect(update.outcome).toBe('succeeded')
    expect(update.summary).toContain('agent Marie: name "Curie" → "Marie", model "gpt-4o-mini" → "claude-haiku-3.5"')
    expect(JSON.parse(update.details)).toMatchObject({
      version: 4,
      agents: [
        {
          id: 'curie',
          change: 'changed',
          before: { name: 'Curie', model: 'gpt-4o-mini' },
          after: { name: 'Marie', model: 'claude-haiku-3.5' },
        },
      ],
    })
    expect(await auditOf('agent.create', co.id)).toHaveLength(1)
    expect(await auditOf('agent.duplicate', co.id)).toHaveLength(1)
    expect((await auditOf('agent.delete', co.id))[0]!.summary).toContain('removed agent Marie (copy)')
  })

  it('refuses a stale baseVersion with 409 stale_draft and bad input with field errors, changing nothing', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const co = await createCompany(h.client, 'acme')

    const stale = await h.client.post(agentsPath(co.id), { baseVersion: 1, name: 'Curie', role: 'Researcher', model: 'gpt-4o' })
    expect(stale.status).toBe(409)
    expect(stale.json.error).toMatchObject({ code: 'conflict', details: { reason: 'stale_draft', version: 2 } })
    expect(stale.json.error.message).toMatch(/someone else saved/i)

    const dup = await h.client.post(agentsPath(co.id), { baseVersion: 2, name: 'ada', role: 'x', model: 'gpt-4o' })
    expect(dup.status).toBe(400)
    expect(dup.json.error.details.fields).toEqual({ name: ['Another agent already has this name'] })

    const unknownModel = await h.client.request('PATCH', `${agentsPath(co.id)}/ada`, { baseVersion: 2, model: 'gpt-99' })
    expect(unknownModel.status).toBe(400)
    expect(unknownModel.json.error.details.fields).toEqual({ model: ['Pick a model from the catalog'] })

    const empty = await h.client.post(agentsPath(co.id), { baseVersion: 2, name: '  ', role: '', model: 'gpt-4o', extra: 1 })
    expect(empty.status).toBe(400)
    expect(Object.keys(empty.json.error.details.fields).sort()).toEqual(['extra', 'name', 'role'])

    const badDelete = await h.client.request('DELETE', `${agentsPath(co.id)}/ada?baseVersion=nope`)
    expect(badDelete.status).toBe(400)
    expect((await h.client.request('PATCH', `${agentsPath(co.id)}/nobody`, { baseVersion: 2, role: 'x' })).status).toBe(404)

    const draft = await h.client.get(`/api/registry/companies/${co.id}/draft`)
    expect(draft.json.version).toBe(2)
    expect(draft.json.config.agents).toHaveLength(2)
    // One audited attempt each (identical refusals may share a counted row, decision 015).
    const refused = (await auditRows(h)).filter((r) => r.action.startsWith('agent.'))
    expect(refused).toHaveLength(6)
    expect(refused.every((r) => r.outcome === 'failed')).toBe(true)
  })

  it('members read agents but cannot edit them; other tenants get 404', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const co = await createCompany(h.client, 'acme')
    const member = new TestClient(h.app)
    const m = await signUp(member, 'member@example.com')
    await addMember(h.deps, co.id, m.me.user.id)
    const stranger = new TestClient(h.app)
    await signUp(stranger, 'stranger@example.com')

    expect((await member.get(agentsPath(co.id))).status).toBe(200)
    expect((await member.post(agentsPath(co.id), { baseVersion: 2, name: 'X', role: 'x', model: 'gpt-4o' })).status).toBe(403)
    expect((await stranger.get(agentsPath(co.id))).status).toBe(404)
    expect((await stranger.get(`${agentsPath(co.id)}/ada`)).status).toBe(404)
    expect((await stranger.request('PATCH', `${agentsPath(co.id)}/ada`, { baseVersion: 2, role: 'x' })).status).toBe(404)
    expect((await h.client.get(`/api/registry/companies/${co.id}/draft`)).json.version).toBe(2)
  })

  it('flags an agent whose provider has no credential, with the fix; binding it clears the flag', async () => {
    h = await makeLifecycleHarness()
    await signUp(h.client, 'owner@example.com')
    await h.client.post('/api/registry/provider-secrets', {
      provider: 'anthropic',
      label: 'Claude key',
      value: 'sk-ant-0123456789abcdef',
    })
    const co = await createCompany(h.client, 'acme', 'Acme', [])
    await h.client.post(agentsPath(co.id), { baseVersion: 1, name: 'Brunel', role: 'Engineer', model: 'claude-sonnet-4' })
    await h.client.post(agentsPath(co.id), { baseVersion: 2, name: 'Mistral', role: 'Writer', model: 'mistral-large' })

    const page = AgentPageSchema.parse((await h.client.get(`${agentsPath(co.id)}?sort=model&order=desc`)).json)
    expect(page.items.map((a) => a.model)).toEqual(['mistral-large', 'claude-sonnet-4'])
    const [mistral, brunel] = page.items
    expect(mistral).toMatchObject({ credential: 'missing', fix: { action: 'add_credential', provider: 'mistral' } })
    expect(brunel).toMatchObject({ credential: 'missing', fix: { action: 'bind', provider: 'anthropic', label: 'Claude key' } })

    const fix = brunel!.fix!
    if (fix.action !== 'bind') throw new Error('expected a bind fix')
    const bound = await h.client.post(`/api/registry/companies/${co.id}/bindings`, {
      provider: 'anthropic',
      secretId: fix.secretId,
    })
    expect(bound.status).toBe(200)
    const after = await h.client.get(`${agentsPath(co.id)}/brunel`)
    expect(after.json.agent).toMatchObject({ credential: 'bound', fix: null })
    // Filter and search are server-side.
    expect((await h.client.get(`${agentsPath(co.id)}?provider=mistral`)).json.items).toHaveLength(1)
    expect((await h.client.get(`${agentsPath(co.id)}?q=engin`)).json.items.map((a: { id: string }) => a.id)).toEqual(['brunel'])
  })
})

describe('draft ↔ running diff', () => {
  it('before any provision, after one (same), and after an edit (changed, apply = reprovision)', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const co = await createCompany(h.client, 'acme')
    const diffPath = `/api/registry/companies/${co.id}/draft/diff`

    const first = DraftDiffSchema.parse((await h.client.get(diffPath)).json)
    expect(first).toMatchObject({ hasRunning: false, changed: true, deployedDraftVersion: null })
    expect(first.agents.map((a) => [a.name, a.change])).toEqual([
      ['Ada', 'added'],
      ['Brunel', 'added'],
    ])
    expect(first.apply).toMatchObject({ action: 'provision', allowed: true, destructive: false })
    expect(first.manifest?.running).toBeNull()
    expect(first.manifest?.draft).toContain('name: Ada')

    const running = await provisionAndWait(h.client, co.id)
    expect(running.status).toBe('running')
    const same = DraftDiffSchema.parse((await h.client.get(diffPath)).json)
    expect(same).toMatchObject({
      hasRunning: true,
      changed: false,
      agents: [],
      settings: [],
      apply: null,
      deployedDraftVersion: 2,
    })
    expect(same.release.changed).toBe(false)
    const agents = AgentPageSchema.parse((await h.client.get(agentsPath(co.id))).json)
    expect(agents.items.every((a) => a.deployment === 'live')).toBe(true)

    await h.client.request('PATCH', `${agentsPath(co.id)}/ada`, { baseVersion: 2, model: 'claude-sonnet-4' })
    await h.client.post(agentsPath(co.id), { baseVersion: 3, name: 'Curie', role: 'Research', model: 'gpt-4o-mini' })
    const changed = DraftDiffSchema.parse((await h.client.get(diffPath)).json)
    expect(changed.changed).toBe(true)
    expect(changed.agents).toEqual([
      { id: 'ada', name: 'Ada', change: 'changed', fields: [{ field: 'model', from: 'gpt-4o', to: 'claude-sonnet-4' }] },
      expect.objectContaining({ id: 'curie', change: 'added' }),
    ])
    expect(changed.providers.added).toContain('anthropic')
    expect(changed.apply).toMatchObject({ action: 'reprovision', allowed: true, destructive: true })
    expect(changed.manifest?.running).toContain('model: gpt-4o')
    expect(changed.manifest?.draft).toContain('model: claude-sonnet-4')
    const detail = await h.client.get(`${agentsPath(co.id)}/ada`)
    expect(detail.json).toMatchObject({ agent: { deployment: 'changed' }, running: { model: 'gpt-4o' } })

    // Applying runs the planned action; afterwards nothing differs.
    const applied = await h.client.post(`/api/registry/companies/${co.id}/actions`, { action: 'reprovision', confirm: 'acme' })
    expect(applied.status).toBe(202)
    const { settled } = await import('./lifecycle-fixtures')
    expect((await settled(h.client, co.id)).status).toBe('running')
    const after = DraftDiffSchema.parse((await h.client.get(diffPath)).json)
    expect(after).toMatchObject({ changed: false, apply: null, deployedDraftVersion: 4 })
  })

  it('a member sees the diff without manifests and cannot apply', async () => {
    h = await makeLifecycleHarness()
    await ownerWithCredentials(h)
    const co = await createCompany(h.client, 'acme')
    const member = new TestClient(h.app)
    const m = await signUp(member, 'member@example.com')
    await addMember(h.deps, co.id, m.me.user.id)
    const diff = DraftDiffSchema.parse((await member.get(`/api/registry/companies/${co.id}/draft/diff`)).json)
    expect(diff.manifest).toBeNull()
    expect(diff.apply).toMatchObject({ action: 'provision', allowed: false })
  })
})

async function insertMany(owner: string, n: number, status: (i: number) => 'draft' | 'paused' | 'running' | 'failed') {
  const now = h.clock.now().toISOString()
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId(),
    slug: `exo-${String(i).padStart(4, '0')}-${newId().slice(0, 4)}`,
    name: `Exocorp ${String(i).padStart(4, '0')}`,
    ownerUserId: owner,
    status: status(i),
    health: 'unknown' as const,
    healthCheckedAt: null,
    channel: 'stable' as const,
    installedVersion: null,
    previousVersion: null,
    draftVersion: 1,
    draftConfig: JSON.stringify({ agents: [], providers: [], settings: {} }),
    draftUpdatedAt: now,
    deployedDraftVersion: null,
    deployedConfig: null,
    manifestYaml: null,
    manifestGeneratedAt: null,
    lastError: null,
    usageTokenHash: null,
    createdAt: now,
    updatedAt: now,
    destroyedAt: null,
  }))
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200)
    await h.db.write(async (tx) => {
      await tx.insert(companies).values(chunk)
      await tx
        .insert(memberships)
        .values(chunk.map((r) => ({ companyId: r.id, userId: owner, role: 'owner' as const, createdAt: now })))
    })
  }
  return rows
}

describe('bulk lifecycle actions', () => {
  it('a preview evaluates every item and changes nothing', async () => {
    h = await makeLifecycleHarness()
    const me = await ownerWithCredentials(h)
    const rows = await insertMany(me.me.user.id, 6, (i) => (i % 2 ? 'paused' : 'draft'))
    const other = await newUser(h, 'other@example.com')
    const foreign = await insertCompany(h, other.id, { status: 'paused' })
    const auditBefore = await countRows(h, 'audit_events')

    const res = await h.client.post('/api/registry/bulk-actions', {
      action: 'resume',
      companyIds: [...rows.map((r) => r.id), foreign.id, 'nope'],
      dryRun: true,
    })
    expect(res.status).toBe(200)
    const body = BulkActionResultSchema.parse(res.json)
    expect(body.counts).toMatchObject({ allowed: 3, refused: 5 })
    expect(body.items.slice(0, 2)).toEqual([
      expect.objectContaining({
        slug: rows[0]!.slug,
        outcome: 'refused',
        code: 'invalid_state',
        reason: 'Cannot resume an exocorp that is draft',
      }),
      expect.objectContaining({ slug: rows[1]!.slug, outcome: 'allowed', code: null }),
    ])
    // Another tenant's id reads exactly like a missing one.
    expect(body.items.slice(6)).toEqual([
      {
        companyId: foreign.id,
        slug: null,
        name: null,
        outcome: 'refused',
        code: 'not_found',
        reason: 'No such exocorp',
        status: null,
        jobId: null,
      },
      {
        companyId: 'nope',
        slug: null,
        name: null,
        outcome: 'refused',
        code: 'not_found',
        reason: 'No such exocorp',
        status: null,
        jobId: null,
      },
    ])
    expect(await countRows(h, 'jobs')).toBe(0)
    expect(await countRows(h, 'audit_events')).toBe(auditBefore)
  })

  it('a bulk stop of 200 with mixed allowed/refused gives exactly the per-item outcomes, one audit row each', async () => {
    h = await makeLifecycleHarness()
    const me = await ownerWithCredentials(h)
    const rows = await insertMany(me.me.user.id, 200, (i) => (i % 2 ? 'paused' : 'draft'))
    const ids = rows.map((r) => r.id)

    const wrongCount = await h.client.post('/api/registry/bulk-actions', { action: 'stop', companyIds: ids, confirm: '199' })
    expect(wrongCount.status).toBe(400)
    expect(wrongCount.json.error.details.fields).toEqual({ confirm: ['Type 200 to confirm'] })
    expect(await countRows(h, 'jobs')).toBe(0)

    const res = await h.client.post('/api/registry/bulk-actions', { action: 'stop', companyIds: ids, confirm: '200' })
    expect(res.status).toBe(200)
    const body = BulkActionResultSchema.parse(res.json)
    expect(body.counts).toMatchObject({ succeeded: 100, refused: 100, failed: 0, accepted: 0 })
    body.items.forEach((item, i) => {
      expect(item.companyId).toBe(ids[i])
      if (i % 2) expect(item).toMatchObject({ outcome: 'succeeded', status: 'stopped', jobId: expect.any(String) })
      else expect(item).toMatchObject({ outcome: 'refused', code: 'invalid_state', status: 'draft', jobId: null })
    })
    const stopRows = await auditOf('company.stop')
    expect(stopRows).toHaveLength(200)
    expect(stopRows.filter((r) => r.outcome === 'succeeded')).toHaveLength(100)
    expect(new Set(stopRows.map((r) => r.targetId)).size).toBe(200)
    expect(await auditOf('company.bulk_action')).toHaveLength(2)
    const stopped = await h.db.select({ id: companies.id }).from(companies).where(eq(companies.status, 'stopped'))
    expect(stopped).toHaveLength(100)
    expect(await h.db.select().from(jobs)).toHaveLength(100)
  })

  it('the admin twin needs the platform owner role', async () => {
    h = await makeLifecycleHarness()
    await signUp(new TestClient(h.app), 'first@example.com') // the first account is the platform owner
    await signUp(h.client, 'user@example.com')
    const res = await h.client.post('/api/admin/bulk-actions', { action: 'pause', companyIds: ['x'], dryRun: true })
    expect(res.status).toBe(403)
  })
})

describe('my-companies: filter, sort and cursor paging', () => {
  it('pages 1,000 exocorps stably while rows change, and filters server-side', async () => {
    h = await makeLifecycleHarness()
    const me = await signUp(h.client, 'owner@example.com')
    const rows = await insertMany(me.me.user.id, 1000, (i) => (i % 10 === 0 ? 'failed' : 'draft'))
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await h.client.get(`/api/registry/my-companies?limit=200${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      const page = CompanyListSchema.parse(res.json)
      expect(page.items.length).toBeLessThanOrEqual(200)
      seen.push(...page.items.map((c) => c.id))
      cursor = page.nextCursor
      pages++
      if (pages === 2) {
        // Rows change between pages: one already seen is renamed to sort last, one not yet seen is destroyed.
        await h.db.write(async (tx) => {
          await tx.update(companies).set({ name: 'Zzz renamed' }).where(eq(companies.id, rows[0]!.id))
          await tx.update(companies).set({ status: 'destroyed' }).where(eq(companies.id, rows[999]!.id))
        })
      }
    } while (cursor)
    expect(pages).toBe(5)
    // Nothing skipped, nothing twice except the row renamed into the unread range.
    expect(new Set(seen).size).toBe(999)
    expect(seen.filter((id) => id === rows[0]!.id)).toHaveLength(2)
    expect(seen).not.toContain(rows[999]!.id)

    const failed = CompanyListSchema.parse((await h.client.get('/api/registry/my-companies?status=failed&limit=200')).json)
    expect(failed.items).toHaveLength(100)
    expect(failed.items.every((c) => c.status === 'failed')).toBe(true)
    const text = CompanyListSchema.parse((await h.client.get('/api/registry/my-companies?q=exocorp%200042')).json)
    expect(text.items.map((c) => c.name)).toEqual(['Exocorp 0042'])
    const desc = CompanyListSchema.parse((await h.client.get('/api/registry/my-companies?sort=name&order=desc&limit=2')).json)
    expect(desc.items.map((c) => c.name)).toEqual(['Zzz renamed', 'Exocorp 0998'])
    const bad = await h.client.get('/api/registry/my-companies?sort=owner&limit=999')
    expect(bad.status).toBe(400)
    expect(Object.keys(bad.json.error.details.fields).sort()).toEqual(['limit', 'sort'])
  })
})

describe('price books', () => {
  it('any user reads the active book and the priced catalog; publishing needs a platform owner', async () => {
    h = await makeLifecycleHarness()
    await signUp(new TestClient(h.app), 'first@example.com') // the first account is the platform owner
    await signUp(h.client, 'user@example.com')
    const active = await h.client.get('/api/registry/price-books/active')
    expect(active.status).toBe(200)
    expect(active.json).toMatchObject({ version: 1, active: true, models: { 'gpt-4o': { inputMicrosPerMTok: 2500000 } } })
    const models = await h.client.get('/api/registry/models')
    expect(models.json.items.find((m: { id: string }) => m.id === 'gpt-4.1')).toMatchObject({
      provider: 'openai',
      priceSource: 'default',
      contextWindow: 1047576,
    })
    const refused = await h.client.post('/api/admin/price-books', {
      models: { 'gpt-4o': { inputMicrosPerMTok: 1, outputMicrosPerMTok: 2 } },
    })
    expect(refused.status).toBe(403)
    expect((await h.client.get('/api/admin/price-books')).status).toBe(403)
  })
  it('a platform owner publishes a new version that becomes the active one atomically, audited', async () => {
    h = await makeLifecycleHarness()
    await signUp(h.client, 'first@example.com')
    const prices = { models: { 'gpt-4o': { inputMicrosPerMTok: 2000000, outputMicrosPerMTok: 8000000 } }, default: null }
    const stale = await h.client.post('/api/admin/price-books', prices)
    expect(stale.status).toBe(403)
    expect(stale.json.error.code).toBe('reauth_required')
    expect((await h.client.post('/api/auth/reauthenticate', { password: 'correct horse battery' })).status).toBe(200)

    const bad = await h.client.post('/api/admin/price-books', {
      models: { 'gpt-4o': { inputMicrosPerMTok: -1, outputMicrosPerMTok: 1 } },
    })
    expect(bad.status).toBe(400)
    expect(await countRows(h, 'price_books')).toBe(1)

    const res = await h.client.post('/api/admin/price-books', prices)
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ version: 2, active: true, default: null })
    const books = await h.client.get('/api/admin/price-books')
    expect(books.json.items.map((b: { version: number; active: boolean }) => [b.version, b.active])).toEqual([
      [2, true],
      [1, false],
    ])
    const models = await h.client.get('/api/registry/models')
    expect(models.json.priceBook.version).toBe(2)
    expect(models.json.items.find((m: { id: string }) => m.id === 'gpt-4.1')).toMatchObject({ price: null, priceSource: null })
    const rows = await auditOf('price_book.publish')
    expect(rows.map((r) => r.outcome)).toEqual(['failed', 'succeeded'])
    expect(rows[1]!.summary).toBe('Price book v2 published and activated (1 models)')
  })
})
