import type { Provider } from '@exocorp/shared/companies'
import {
  MODEL_CATALOG,
  providerOfModel,
  type Agent,
  type AgentDetail,
  type AgentFix,
  type AgentPage,
  type AgentQuery,
  type CreateAgentInput,
  type UpdateAgentInput,
} from '@exocorp/shared/configuration'
import type { Deps } from '../../deps'
import { decodeCursor, encodeCursor, pairCursor } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import { listBindings } from '../catalog/bindings'
import { secretsOfOwner } from '../catalog/secrets'
import type { CompanyRow } from '../companies/access'
import { draftConfigOf, editDraft } from '../companies/companies'
import { freeAgentId, type IdentifiedAgent, type IdentifiedConfig } from './agent-ids'
import { runningConfigOf } from './diff'

/** An exocorp runs at most this many agents (the contract's draft limit). */
const MAX_AGENTS = 50

interface AgentContext {
  bound: Set<Provider>
  /** The owner's credentials per provider (for the one-click fix). */
  secrets: Map<Provider, { id: string; label: string }[]>
  running: Map<string, IdentifiedAgent> | null
}

async function contextOf(deps: Pick<Deps, 'db'>, company: CompanyRow, agents: IdentifiedAgent[]): Promise<AgentContext> {
  const list = await listBindings(deps, company.id)
  const bound = new Set(list.items.filter((b) => b.secretId !== null).map((b) => b.provider))
  const secrets = new Map<Provider, { id: string; label: string }[]>()
  const providers = new Set(agents.flatMap((a) => providerOfModel(a.model) ?? []))
  for (const p of providers) {
    if (!bound.has(p)) secrets.set(p, await secretsOfOwner(deps, company.ownerUserId, p))
  }
  const running = runningConfigOf(company)
  return { bound, secrets, running: running ? new Map(running.agents.map((a) => [a.id, a])) : null }
}

function fixFor(provider: Provider, ctx: AgentContext): AgentFix {
  const candidates = ctx.secrets.get(provider) ?? []
  const only = candidates.length === 1 ? candidates[0] : undefined
  if (only) return { action: 'bind', provider, secretId: only.id, label: only.label }
  return candidates.length > 1 ? { action: 'choose_credential', provider } : { action: 'add_credential', provider }
}

function toAgent(a: IdentifiedAgent, ctx: AgentContext): Agent {
  const provider = providerOfModel(a.model)
  const credential = provider === null ? 'unknown_model' : ctx.bound.has(provider) ? 'bound' : 'missing'
  const was = ctx.running?.get(a.id)
  return {
    id: a.id,
    name: a.name,
    role: a.role,
    model: a.model,
    provider,
    credential,
    fix: provider !== null && credential === 'missing' ? fixFor(provider, ctx) : null,
    deployment: !was ? 'not_deployed' : was.name === a.name && was.role === a.role && was.model === a.model ? 'live' : 'changed',
  }
}

/** The draft's agents, filtered, sorted and paged (a draft holds at most 50, so in memory). */
export async function listAgents(deps: Pick<Deps, 'db'>, company: CompanyRow, query: AgentQuery): Promise<AgentPage> {
  const config = draftConfigOf(company)
  const q = query.q?.trim().toLowerCase()
  let agents = config.agents.filter(
    (a) =>
      (!q || a.name.toLowerCase().includes(q) || a.role.toLowerCase().includes(q)) &&
      (!query.model || a.model === query.model) &&
      (!query.provider || providerOfModel(a.model) === query.provider),
  )
  const key = (a: IdentifiedAgent) => a[query.sort].toLowerCase()
  const sign = query.order === 'asc' ? 1 : -1
  agents.sort((x, y) => sign * (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
  const total = agents.length
  const after = decodeCursor(query.cursor, pairCursor)
  if (after) {
    agents = agents.filter((a) => {
      const k = key(a)
      return sign * (k < after[0] ? -1 : k > after[0] ? 1 : a.id < after[1] ? -1 : a.id > after[1] ? 1 : 0) > 0
    })
  }
  const page = agents.slice(0, query.limit)
  const ctx = await contextOf(deps, company, page)
  const last = page.at(-1)
  return {
    items: page.map((a) => toAgent(a, ctx)),
    nextCursor: agents.length > query.limit && last ? encodeCursor([key(last), last.id]) : null,
    draftVersion: company.draftVersion,
    total,
  }
}

function findAgent(config: IdentifiedConfig, agentId: string): IdentifiedAgent {
  const agent = config.agents.find((a) => a.id === agentId)
  if (!agent) throw AppError.notFound('Agent')
  return agent
}

export async function agentDetail(deps: Pick<Deps, 'db'>, company: CompanyRow, agentId: string): Promise<AgentDetail> {
  const agent = findAgent(draftConfigOf(company), agentId)
  const ctx = await contextOf(deps, company, [agent])
  const was = ctx.running?.get(agent.id)
  return {
    agent: toAgent(agent, ctx),
    draftVersion: company.draftVersion,
    running: was ? { name: was.name, role: was.role, model: was.model } : null,
  }
}

function checkAgent(
  config: IdentifiedConfig,
  candidate: { name: string; model: string },
  selfId: string | null,
  modelChanged: boolean,
) {
  const fields: Record<string, string[]> = {}
  const clash = config.agents.find((a) => a.id !== selfId && a.name.toLowerCase() === candidate.name.toLowerCase())
  if (clash) fields.name = ['Another agent already has this name']
  if (modelChanged && !MODEL_CATALOG.some((m) => m.id === candidate.model)) {
    fields.model = ['Pick a model from the catalog']
  }
  if (Object.keys(fields).length) throw AppError.validation(fields)
}

/** An agent's model needs its provider: the draft asks for it, so its credential is bound (or flagged). */
function withProviderOf(config: IdentifiedConfig, model: string): IdentifiedConfig['providers'] {
  const p = providerOfModel(model)
  return p && !config.providers.includes(p) ? [...config.providers, p] : config.providers
}

export type AgentEdit = Awaited<ReturnType<typeof editDraft<string | null>>>

export async function createAgent(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  input: CreateAgentInput,
): Promise<AgentEdit> {
  return editDraft(deps, companyId, input.baseVersion, (config) => {
    if (config.agents.length >= MAX_AGENTS) {
      throw AppError.validation({ name: [`An exocorp has at most ${MAX_AGENTS} agents`] })
    }
    checkAgent(config, input, null, true)
    const id = freeAgentId(input.name, new Set(config.agents.map((a) => a.id)))
    return {
      config: {
        ...config,
        agents: [...config.agents, { id, name: input.name, role: input.role, model: input.model }],
        providers: withProviderOf(config, input.model),
      },
      result: id,
    }
  })
}

export async function updateAgent(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  agentId: string,
  input: UpdateAgentInput,
): Promise<AgentEdit> {
  return editDraft(deps, companyId, input.baseVersion, (config) => {
    const agent = findAgent(config, agentId)
    const next = {
      ...agent,
      ...(input.name !== undefined && { name: input.name }),
      ...(input.role !== undefined && { role: input.role }),
      ...(input.model !== undefined && { model: input.model }),
    }
    checkAgent(config, next, agentId, input.model !== undefined && input.model !== agent.model)
    return {
      config: {
        ...config,
        agents: config.agents.map((a) => (a.id === agentId ? next : a)),
        providers: withProviderOf(config, next.model),
      },
      result: agentId,
    }
  })
}

export async function deleteAgent(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  agentId: string,
  baseVersion: number,
): Promise<AgentEdit> {
  return editDraft(deps, companyId, baseVersion, (config) => {
    findAgent(config, agentId)
    return { config: { ...config, agents: config.agents.filter((a) => a.id !== agentId) }, result: null }
  })
}

/** A copy named "<name> (copy)" (or "(copy 2)", …), right after the original. */
export async function duplicateAgent(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  agentId: string,
  baseVersion: number,
): Promise<AgentEdit> {
  return editDraft(deps, companyId, baseVersion, (config) => {
    if (config.agents.length >= MAX_AGENTS) {
      throw AppError.validation({ name: [`An exocorp has at most ${MAX_AGENTS} agents`] })
    }
    const agent = findAgent(config, agentId)
    const names = new Set(config.agents.map((a) => a.name.toLowerCase()))
    let name = `${agent.name} (copy)`.slice(0, 60)
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${agent.name.slice(0, 45)} (copy ${n})`
    const id = freeAgentId(name, new Set(config.agents.map((a) => a.id)))
    const at = config.agents.findIndex((a) => a.id === agentId)
    const agents = [...config.agents]
    agents.splice(at + 1, 0, {
      id,
      name,
      role: agent.role,
      model: agent.model,
      ...(agent.schedules ? { schedules: agent.schedules } : {}),
    })
    return { config: { ...config, agents }, result: id }
  })
}

/** The agent view of an edited row (for the mutation's answer). */
export async function agentAfterEdit(deps: Pick<Deps, 'db'>, company: CompanyRow, agentId: string | null): Promise<Agent | null> {
  if (agentId === null) return null
  return (await agentDetail(deps, company, agentId)).agent
}
