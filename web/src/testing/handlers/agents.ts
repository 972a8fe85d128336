import { http, HttpResponse } from 'msw'
import type { DraftConfig } from '@exocorp/shared/companies'
import {
  AgentQuerySchema,
  CreateAgentInputSchema,
  DuplicateAgentInputSchema,
  MODEL_CATALOG,
  providerOfModel,
  UpdateAgentInputSchema,
  type Agent,
  type DraftDiff,
} from '@exocorp/shared/configuration'
import { DESTRUCTIVE_ACTIONS } from '@exocorp/shared/companies'
import { compareConfigs, hasChanges } from '@exocorp/shared/config-diff'
import { addAudit, db } from '../mock-db'
import { actionRefusal, type MockCompany } from '../mock-fleet'
import { apiError, requireUser } from '../http'

/*
 * Agents, the model catalog and the draft diff, as the BFF answers them (decision 028): ids from
 * names, `baseVersion` conflicts, field errors and the apply plan come from the shared contract.
 */

type Identified = DraftConfig['agents'][number] & { id: string }

function idOf(name: string, taken: Set<string>) {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'agent'
  if (!taken.has(base)) return base
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`
}

function withIds(config: DraftConfig): Identified[] {
  const taken = new Set(config.agents.flatMap((a) => (a.id ? [a.id] : [])))
  return config.agents.map((a) => {
    if (a.id) return { ...a, id: a.id }
    const id = idOf(a.name, taken)
    taken.add(id)
    return { ...a, id }
  })
}

function running(c: MockCompany): Identified[] | null {
  if (c.deployedDraftVersion === null) return null
  return withIds(c.deployedConfig ?? c.draft)
}

function view(c: MockCompany, a: Identified): Agent {
  const provider = providerOfModel(a.model)
  const bound = provider ? Boolean(c.bindings[provider]) : false
  const secrets = provider ? db.fleet.secrets.filter((s) => s.provider === provider) : []
  const was = running(c)?.find((r) => r.id === a.id)
  return {
    id: a.id,
    name: a.name,
    role: a.role,
    model: a.model,
    provider,
    credential: provider === null ? 'unknown_model' : bound ? 'bound' : 'missing',
    fix:
      provider === null || bound
        ? null
        : secrets.length === 1
          ? { action: 'bind', provider, secretId: secrets[0]!.id, label: secrets[0]!.label }
          : secrets.length > 1
            ? { action: 'choose_credential', provider }
            : { action: 'add_credential', provider },
    deployment: !was ? 'not_deployed' : was.name === a.name && was.role === a.role && was.model === a.model ? 'live' : 'changed',
  }
}

function ownCompany(id: unknown) {
  const { user, denied } = requireUser()
  if (denied) return { denied }
  const c = db.fleet.companies.find((x) => x.id === id && x.ownerId === user.id)
  if (!c) return { denied: apiError(404, 'not_found', 'No such exocorp') }
  return { c, user }
}

function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const fields: Record<string, string[]> = {}
  for (const i of issues) (fields[String(i.path[0] ?? '_')] ??= []).push(i.message)
  return apiError(400, 'validation_failed', 'Check the highlighted fields', { fields })
}

/** The BFF's editDraft: a stale version is refused, a good edit bumps it. */
function edit(
  c: MockCompany,
  baseVersion: number,
  change: (agents: Identified[]) => Identified[] | Response,
  action: string,
  email: string,
) {
  if (baseVersion !== c.draftVersion) {
    return apiError(409, 'conflict', 'Someone else saved the draft first; reload it and apply your change again', {
      reason: 'stale_draft',
      version: c.draftVersion,
    })
  }
  const next = change(withIds(c.draft))
  if (next instanceof Response) return next
  const providers = new Set(c.draft.providers)
  for (const a of next) {
    const p = providerOfModel(a.model)
    if (p) providers.add(p)
  }
  c.draft = { ...c.draft, agents: next, providers: [...providers] }
  c.draftVersion++
  c.draftUpdatedAt = new Date().toISOString()
  addAudit({
    actor: { type: 'user', id: c.ownerId, label: email },
    action,
    target: { type: 'company', id: c.id },
    outcome: 'succeeded',
    summary: `${c.slug} draft v${c.draftVersion}`,
  })
  return null
}

function checkAgent(agents: Identified[], a: { name: string; model: string }, self: string | null, modelChanged: boolean) {
  const fields: Record<string, string[]> = {}
  if (agents.some((x) => x.id !== self && x.name.toLowerCase() === a.name.toLowerCase()))
    fields.name = ['Another agent already has this name']
  if (modelChanged && !MODEL_CATALOG.some((m) => m.id === a.model)) fields.model = ['Pick a model from the catalog']
  return Object.keys(fields).length ? apiError(400, 'validation_failed', 'Check the highlighted fields', { fields }) : null
}

function diffOf(c: MockCompany): DraftDiff {
  const draft = withIds(c.draft)
  const was = running(c)
  const runningConfig = was ? { ...(c.deployedConfig ?? c.draft), agents: was } : null
  // The same comparison the BFF makes (shared/src/config-diff.ts): agents, settings and providers.
  const changes = compareConfigs(runningConfig, { ...c.draft, agents: draft })
  const configChanged = runningConfig === null || hasChanges(changes)
  const action =
    c.status === 'draft' || c.status === 'failed'
      ? 'provision'
      : c.status === 'stopped'
        ? configChanged
          ? 'reprovision'
          : 'provision'
        : (c.status === 'running' || c.status === 'paused') && configChanged
          ? 'reprovision'
          : null
  const refusal = action ? actionRefusal(c, action, db.fleet.secrets) : null
  const yaml = (config: DraftConfig, list: Identified[]) =>
    [
      'agents:',
      ...list.flatMap((a) => [`  - name: "${a.name}"`, `    role: "${a.role}"`, `    model: ${a.model}`]),
      'providers:',
      ...config.providers.map((p) => `  - ${p}`),
      'settings:',
      ...Object.entries(config.settings).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`),
    ].join('\n')
  return {
    draftVersion: c.draftVersion,
    deployedDraftVersion: c.deployedDraftVersion,
    hasRunning: was !== null,
    changed: configChanged,
    agents: changes.agents,
    settings: changes.settings,
    providers: changes.providers,
    release: { from: c.installedVersion, to: c.installedVersion, changed: false },
    manifest: {
      running: runningConfig && was ? yaml(runningConfig, was) : null,
      draft: yaml(c.draft, draft),
    },
    apply: action
      ? {
          action,
          allowed: refusal === null,
          reason: refusal?.message ?? null,
          destructive: DESTRUCTIVE_ACTIONS.includes(action),
          summary:
            action === 'reprovision'
              ? 'Replaces the runtime with a fresh one built from the saved draft; its data is reset.'
              : 'Provisions a runtime from the saved draft.',
        }
      : null,
  }
}

export const agentHandlers = [
  http.get('/api/registry/models', () => {
    const { denied } = requireUser()
    if (denied) return denied
    // Priced from the active price book, as the BFF does at read time.
    const book = db.priceBooks.find((b) => b.active) ?? null
    return HttpResponse.json({
      items: MODEL_CATALOG.map((m) => {
        const own = book?.models[m.id]
        const price = own ?? book?.default ?? null
        return { ...m, price, priceSource: own ? 'model' : price ? 'default' : null }
      }),
      priceBook: book ? { id: book.id, version: book.version } : null,
    })
  }),

  http.get('/api/registry/companies/:id/agents', ({ params, request }) => {
    const { c, denied } = ownCompany(params.id)
    if (denied) return denied
    const parsed = AgentQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!parsed.success) return fieldErrors(parsed.error.issues)
    const q = parsed.data.q?.toLowerCase()
    const items = withIds(c.draft)
      .filter((a) => !q || a.name.toLowerCase().includes(q) || a.role.toLowerCase().includes(q))
      .sort((x, y) => x[parsed.data.sort].localeCompare(y[parsed.data.sort]) * (parsed.data.order === 'asc' ? 1 : -1))
    return HttpResponse.json({
      items: items.map((a) => view(c, a)),
      nextCursor: null,
      draftVersion: c.draftVersion,
      total: items.length,
    })
  }),

  http.post('/api/registry/companies/:id/agents', async ({ params, request }) => {
    const { c, user, denied } = ownCompany(params.id)
    if (denied) return denied
    const parsed = CreateAgentInputSchema.safeParse(await request.json())
    if (!parsed.success) return fieldErrors(parsed.error.issues)
    const input = parsed.data
    let id = ''
    const refused = edit(
      c,
      input.baseVersion,
      (agents) => {
        const bad = checkAgent(agents, input, null, true)
        if (bad) return bad
        id = idOf(input.name, new Set(agents.map((a) => a.id)))
        return [...agents, { id, name: input.name, role: input.role, model: input.model }]
      },
      'agent.create',
      user.email,
    )
    if (refused) return refused
    return HttpResponse.json(
      {
        agent: view(
          c,
          withIds(c.draft).find((a) => a.id === id)!,
        ),
        draftVersion: c.draftVersion,
      },
      { status: 201 },
    )
  }),

  http.get('/api/registry/companies/:id/agents/:agentId', ({ params }) => {
    const { c, denied } = ownCompany(params.id)
    if (denied) return denied
    const a = withIds(c.draft).find((x) => x.id === params.agentId)
    if (!a) return apiError(404, 'not_found', 'No such agent')
    const was = running(c)?.find((r) => r.id === a.id)
    return HttpResponse.json({
      agent: view(c, a),
      draftVersion: c.draftVersion,
      running: was ? { name: was.name, role: was.role, model: was.model } : null,
    })
  }),

  http.patch('/api/registry/companies/:id/agents/:agentId', async ({ params, request }) => {
    const { c, user, denied } = ownCompany(params.id)
    if (denied) return denied
    const parsed = UpdateAgentInputSchema.safeParse(await request.json())
    if (!parsed.success) return fieldErrors(parsed.error.issues)
    const { baseVersion, ...patch } = parsed.data
    const agentId = String(params.agentId)
    if (!withIds(c.draft).some((a) => a.id === agentId)) return apiError(404, 'not_found', 'No such agent')
    const refused = edit(
      c,
      baseVersion,
      (agents) => {
        const current = agents.find((a) => a.id === agentId)!
        const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) }
        const bad = checkAgent(agents, next, agentId, patch.model !== undefined && patch.model !== current.model)
        if (bad) return bad
        return agents.map((a) => (a.id === agentId ? next : a))
      },
      'agent.update',
      user.email,
    )
    if (refused) return refused
    return HttpResponse.json({
      agent: view(
        c,
        withIds(c.draft).find((a) => a.id === agentId)!,
      ),
      draftVersion: c.draftVersion,
    })
  }),

  http.delete('/api/registry/companies/:id/agents/:agentId', ({ params, request }) => {
    const { c, user, denied } = ownCompany(params.id)
    if (denied) return denied
    const base = Number(new URL(request.url).searchParams.get('baseVersion'))
    const agentId = String(params.agentId)
    if (!withIds(c.draft).some((a) => a.id === agentId)) return apiError(404, 'not_found', 'No such agent')
    const refused = edit(c, base, (agents) => agents.filter((a) => a.id !== agentId), 'agent.delete', user.email)
    if (refused) return refused
    return HttpResponse.json({ agent: null, draftVersion: c.draftVersion })
  }),

  http.post('/api/registry/companies/:id/agents/:agentId/duplicate', async ({ params, request }) => {
    const { c, user, denied } = ownCompany(params.id)
    if (denied) return denied
    const parsed = DuplicateAgentInputSchema.safeParse(await request.json())
    if (!parsed.success) return fieldErrors(parsed.error.issues)
    const agentId = String(params.agentId)
    let id = ''
    const refused = edit(
      c,
      parsed.data.baseVersion,
      (agents) => {
        const a = agents.find((x) => x.id === agentId)
        if (!a) return apiError(404, 'not_found', 'No such agent')
        const name = `${a.name} (copy)`
        id = idOf(name, new Set(agents.map((x) => x.id)))
        return [...agents, { ...a, id, name }]
      },
      'agent.duplicate',
      user.email,
    )
    if (refused) return refused
    return HttpResponse.json(
      {
        agent: view(
          c,
          withIds(c.draft).find((a) => a.id === id)!,
        ),
        draftVersion: c.draftVersion,
      },
      { status: 201 },
    )
  }),

  http.get('/api/registry/companies/:id/draft/diff', ({ params }) => {
    const { c, denied } = ownCompany(params.id)
    if (denied) return denied
    return HttpResponse.json(diffOf(c))
  }),
]
