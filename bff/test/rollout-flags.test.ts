import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditEvents } from '../src/db/schema/audit'
import { flagChanges, flagValues } from '../src/db/schema/signals'
import { setUserRole } from '../src/services/accounts/users'
import { issueUsageToken } from '../src/services/catalog/usage-tokens'
import { ValidationErrorBodySchema } from '@exocorp/shared/field-issues'
import { FIELD_RULE_KEYS } from '@exocorp/shared/field-rules'
import { makeHarness, signUp, TestClient } from './harness'

const PASSWORD = 'correct horse battery'

async function world() {
  const h = await makeHarness()
  const owner = h.client
  await signUp(owner, 'owner@example.com', PASSWORD)
  const admin = new TestClient(h.app)
  const adminMe = await signUp(admin, 'admin@example.com', PASSWORD)
  await setUserRole(h.deps, adminMe.me.user.id, 'admin')
  const tenant = new TestClient(h.app)
  await signUp(tenant, 'tenant@example.com', PASSWORD)
  const a = (await tenant.post('/api/registry/companies', { name: 'Alpha', slug: 'alpha' })).json
  const b = (await tenant.post('/api/registry/companies', { name: 'Beta', slug: 'beta' })).json
  expect((await tenant.request('PATCH', `/api/registry/companies/${b.id}`, { channel: 'beta' })).status).toBe(200)
  return { h, owner, admin, tenant, alpha: a.id as string, beta: b.id as string }
}

const set = (client: TestClient, body: unknown) => client.post('/api/admin/runtime/flags', body)
const stepUp = async (client: TestClient) =>
  expect((await client.post('/api/auth/reauthenticate', { password: PASSWORD })).status).toBe(200)

describe('rollout flags', () => {
  it('resolve per exocorp: exocorp over channel over global over default, with the source of each value', async () => {
    const { owner, alpha, beta } = await world()
    await stepUp(owner)
    expect((await set(owner, { key: 'ai.loop.max_steps', scope: 'global', value: 40, reason: 'Longer tasks' })).status).toBe(201)
    expect(
      (await set(owner, { key: 'ai.loop.max_steps', scope: 'channel', scopeId: 'beta', value: 10, reason: 'Beta is cautious' }))
        .status,
    ).toBe(201)
    expect(
      (
        await set(owner, {
          key: 'ai.loop.context_pruning',
          scope: 'company',
          scopeId: 'alpha',
          value: false,
          reason: 'Debugging',
        })
      ).status,
    ).toBe(201)
    expect((await set(owner, { key: 'site.cms_enabled', scope: 'global', value: true, reason: 'Launch the site' })).status).toBe(
      201,
    )

    const page = (await owner.get('/api/admin/runtime/flags/resolved')).json
    const of = (id: string) =>
      Object.fromEntries(
        page.items
          .find((r: { companyId: string }) => r.companyId === id)
          .flags.map((f: { key: string; value: unknown; source: string }) => [f.key, [f.value, f.source]]),
      )
    expect(of(alpha)).toEqual({
      'ai.loop.kill_switch': [false, 'default'],
      'ai.loop.context_pruning': [false, 'company'],
      'ai.loop.max_steps': [40, 'global'],
      'site.cms_enabled': [true, 'global'],
    })
    expect(of(beta)['ai.loop.max_steps']).toEqual([10, 'channel'])
    expect(of(beta)['ai.loop.context_pruning']).toEqual([true, 'default'])

    const overview = (await owner.get('/api/admin/runtime/flags')).json
    expect(overview.definitions.map((d: { key: string }) => d.key)).toEqual([
      'ai.loop.kill_switch',
      'ai.loop.context_pruning',
      'ai.loop.max_steps',
      'site.cms_enabled',
    ])
    expect(overview.settings.find((s: { scope: string }) => s.scope === 'company')).toMatchObject({
      scopeId: alpha,
      scopeLabel: 'alpha',
    })

    // Clearing a value falls back to the next wider scope.
    expect(
      (await set(owner, { key: 'ai.loop.max_steps', scope: 'channel', scopeId: 'beta', value: null, reason: 'Back to global' }))
        .status,
    ).toBe(201)
    const again = (await owner.get('/api/admin/runtime/flags/resolved?q=beta')).json.items
    expect(again).toHaveLength(1)
    expect(again[0].flags.find((f: { key: string }) => f.key === 'ai.loop.max_steps')).toEqual({
      key: 'ai.loop.max_steps',
      value: 40,
      source: 'global',
    })
  })

  it('keeps a history with reasons; revert undoes one change (409 once superseded); every attempt audited', async () => {
    const { h, owner } = await world()
    await stepUp(owner)
    const first = (await set(owner, { key: 'ai.loop.kill_switch', scope: 'global', value: true, reason: 'Incident 42' })).json
    h.clock.advance(1_000)
    const second = (await set(owner, { key: 'ai.loop.kill_switch', scope: 'global', value: false, reason: 'Incident over' })).json
    expect(second).toMatchObject({ from: true, to: false })
    const stale = await owner.post(`/api/admin/runtime/flags/history/${first.id}/revert`, {})
    expect(stale.status).toBe(409)
    expect(stale.json.error.details.reason).toBe('superseded')
    h.clock.advance(1_000)
    const undo = await owner.post(`/api/admin/runtime/flags/history/${second.id}/revert`, { reason: 'Not over yet' })
    expect(undo.status).toBe(201)
    expect(undo.json).toMatchObject({ from: false, to: true, revertOf: second.id, reason: 'Not over yet' })
    const history = (await owner.get('/api/admin/runtime/flags/history?limit=2')).json
    expect(history.items.map((c: { reason: string }) => c.reason)).toEqual(['Not over yet', 'Incident over'])
    const rest = (await owner.get(`/api/admin/runtime/flags/history?limit=2&cursor=${history.nextCursor}`)).json
    expect(rest.items.map((c: { reason: string }) => c.reason)).toEqual(['Incident 42'])
    expect((await owner.post('/api/admin/runtime/flags/history/nope/revert', {})).status).toBe(404)

    const rows = await h.db.select().from(auditEvents)
    expect(rows.filter((r) => r.action === 'flag.changed' && r.outcome === 'succeeded')).toHaveLength(2)
    expect(rows.filter((r) => r.action === 'flag.reverted' && r.outcome === 'succeeded')).toHaveLength(1)
    expect(rows.filter((r) => r.action === 'flag.reverted' && r.outcome === 'failed')).toHaveLength(2)
    expect(rows.find((r) => r.action === 'flag.changed')!.summary).toContain('Incident 42')
  })

  it('role × route, step-up and bad input: 400 with nothing written', async () => {
    const { h, owner, admin, tenant } = await world()
    const anon = new TestClient(h.app)
    for (const path of ['/api/admin/runtime/flags', '/api/admin/runtime/flags/resolved', '/api/admin/runtime/flags/history']) {
      expect((await anon.get(path)).status, path).toBe(401)
      expect((await tenant.get(path)).status, path).toBe(403)
      expect((await admin.get(path)).status, path).toBe(200)
      expect((await owner.get(path)).status, path).toBe(200)
    }
    const body = { key: 'ai.loop.kill_switch', scope: 'global', value: true, reason: 'Test run' }
    expect((await anon.post('/api/admin/runtime/flags', body)).status).toBe(401)
    expect((await tenant.post('/api/admin/runtime/flags', body)).status).toBe(403)
    expect((await admin.post('/api/admin/runtime/flags', body)).json.error.code).toBe('forbidden')
    expect((await owner.post('/api/admin/runtime/flags', body)).json.error.code).toBe('reauth_required')
    await stepUp(owner)
    for (const bad of [
      { ...body, key: 'ai.loop.unknown' },
      { ...body, value: 'yes' },
      { ...body, key: 'ai.loop.max_steps', value: 0 },
      { ...body, key: 'ai.loop.max_steps', value: 2.5 },
      { ...body, reason: '' },
      { ...body, scope: 'channel', scopeId: 'nightly' },
      { ...body, scope: 'channel' },
      { ...body, scopeId: 'x' },
      { ...body, key: 'site.cms_enabled', scope: 'company', scopeId: 'alpha' },
      { ...body, extra: 1 },
    ]) {
      const res = await owner.post('/api/admin/runtime/flags', bad)
      expect(res.status, JSON.stringify(bad)).toBe(400)
    }
    expect((await owner.post('/api/admin/runtime/flags', { ...body, scope: 'company', scopeId: 'no-such-co' })).status).toBe(404)
    expect(await h.db.select().from(flagValues)).toEqual([])
    expect(await h.db.select().from(flagChanges)).toEqual([])
    expect((await owner.get('/api/admin/runtime/flags/history?key=nope')).status).toBe(400)
  })

  // Decision 064: a value or scope the flag does not take names its rule's key (and what the rule
  // names) next to the English sentence, which stays as it was for API clients.
  it('a refused value or scope names its rule by key next to the unchanged sentence', async () => {
    const { h, owner } = await world()
    await stepUp(owner)
    const body = { key: 'ai.loop.kill_switch', scope: 'global', value: true, reason: 'Test run' }
    const cases: [unknown, string, string, string, Record<string, string | number>?][] = [
      [{ ...body, value: 3 }, 'value', 'Must be true or false', 'flag_value_boolean'],
      [{ ...body, key: 'ai.loop.max_steps', value: 2.5 }, 'value', 'Must be a whole number', 'flag_value_whole'],
      [
        { ...body, key: 'ai.loop.max_steps', value: 0 },
        'value',
        'Must be between 1 and 500',
        'flag_value_range',
        { min: 1, max: 500 },
      ],
      [
        { ...body, key: 'site.cms_enabled', scope: 'company', scopeId: 'alpha' },
        'scope',
        'site.cms_enabled can be set at: global',
        'flag_scope_not_allowed',
        { flag: 'site.cms_enabled', scopes: 'global' },
      ],
      [{ ...body, scopeId: 'x' }, 'scopeId', 'Leave out scopeId for the global scope', 'flag_scope_id_global'],
      [{ ...body, scope: 'channel' }, 'scopeId', 'Name the channel', 'flag_channel_needed'],
      [{ ...body, scope: 'company' }, 'scopeId', 'Name the exocorp', 'flag_exocorp_needed'],
      [
        { ...body, scope: 'channel', scopeId: 'nightly' },
        'scopeId',
        'One of stable, beta, canary',
        'flag_channel_unknown',
        { channels: 'stable, beta, canary' },
      ],
    ]
    for (const [bad, field, sentence, key, vars] of cases) {
      const res = await set(owner, bad)
      expect(res.status, JSON.stringify(bad)).toBe(400)
      const { error } = ValidationErrorBodySchema.parse(res.json)
      expect(error.code).toBe('validation_failed')
      expect(error.details?.fields, key).toEqual({ [field]: [sentence] })
      expect(error.details?.fieldIssues, key).toEqual({ [field]: [{ code: 'custom', key, ...(vars ? { vars } : {}) }] })
      expect(FIELD_RULE_KEYS).toContain(key)
    }
    expect(await h.db.select().from(flagValues)).toEqual([])
    expect(await h.db.select().from(flagChanges)).toEqual([])
  })

  it('a runtime reads its effective loop flags with its own token, with 304 on an unchanged version', async () => {
    const { h, owner, alpha } = await world()
    const token = await issueUsageToken(h.deps, alpha)
    const read = (headers: Record<string, string> = {}) =>
      new TestClient(h.app).request('GET', '/api/runtime/flags', undefined, { authorization: `Bearer ${token}`, ...headers })
    const first = await read()
    expect(first.status).toBe(200)
    expect(first.json.flags).toEqual({ killSwitch: false, contextPruning: true, maxSteps: 25 })
    expect((await read({ 'if-none-match': `"${first.json.version}"` })).status).toBe(304)
    await stepUp(owner)
    await set(owner, { key: 'ai.loop.kill_switch', scope: 'channel', scopeId: 'stable', value: true, reason: 'Stable halt' })
    const after = await read({ 'if-none-match': `"${first.json.version}"` })
    expect(after.status).toBe(200)
    expect(after.json.flags.killSwitch).toBe(true)
    expect((await new TestClient(h.app).get('/api/runtime/flags', { authorization: 'Bearer nope' })).status).toBe(401)
    // A person's session is not a runtime token.
    expect((await owner.get('/api/runtime/flags')).status).toBe(401)
    expect((await h.db.select().from(auditEvents).where(eq(auditEvents.action, 'flags.read'))).length).toBeGreaterThan(0)
  })
})
