import { Hono } from 'hono'
import {
  AgentQuerySchema,
  CreateAgentInputSchema,
  DeleteAgentQuerySchema,
  DuplicateAgentInputSchema,
  UpdateAgentInputSchema,
  type AgentMutationResult,
} from '@exocorp/shared/configuration'
import type { AppContext, AppEnv } from '../http/context'
import { attempt } from '../http/attempt'
import { ownedCompany, visibleCompany } from '../http/company-access'
import { guard } from '../http/guards'
import { validate } from '../http/validate'
import {
  agentAfterEdit,
  agentDetail,
  createAgent,
  deleteAgent,
  duplicateAgent,
  listAgents,
  updateAgent,
  type AgentEdit,
} from '../services/config/agents'
import { auditDetailsOf, compareConfigs, describeChanges, draftDiff } from '../services/config/diff'

/**
 * An exocorp's agents as a resource (issue 12, decision 028). Every edit is an edit of the draft:
 * it names the draft version it was made on (`baseVersion`; stale → 409 `stale_draft`), bumps the
 * version, and writes one audit row with a before/after summary. Members read; owners edit.
 */
const meta = (action: string, fail: string) => (c: AppContext) => ({
  action,
  target: { type: 'company', id: c.req.param('id') ?? null },
  failSummary: fail,
})

async function answer(c: AppContext, edit: AgentEdit, status: 200 | 201) {
  const body: AgentMutationResult = {
    agent: await agentAfterEdit(c.get('deps'), edit.company, edit.result),
    draftVersion: edit.draft.version,
  }
  return c.json(body, status)
}

/** Runs an owner's draft edit with its audit row (success with before/after, or the refusal). */
function auditedEdit(c: AppContext, action: string, fail: string, run: (companyId: string) => Promise<AgentEdit>) {
  const companyId = c.req.param('id')!
  return attempt(
    c,
    { action, target: { type: 'company', id: companyId }, failSummary: fail },
    async () => {
      const { company } = await ownedCompany(c, companyId)
      return run(company.id)
    },
    (edit) => {
      const changes = compareConfigs(edit.before, edit.draft.config as typeof edit.before)
      return {
        summary: `${edit.company.slug} draft v${edit.draft.version}: ${describeChanges(changes)}`,
        details: { version: edit.draft.version, baseVersion: edit.draft.version - 1, ...auditDetailsOf(changes) },
      }
    },
  )
}

/** Mounted at /api/registry/companies (through company-config.ts). */
export const companyAgentRoutes = new Hono<AppEnv>()
  .get('/:id/agents', guard.user, validate('query', AgentQuerySchema), async (c) => {
    const { company } = await visibleCompany(c, c.req.param('id'))
    return c.json(await listAgents(c.get('deps'), company, c.req.valid('query')), 200)
  })

  .post(
    '/:id/agents',
    guard.user,
    validate('json', CreateAgentInputSchema, meta('agent.create', 'Adding an agent was refused')),
    async (c) => {
      const input = c.req.valid('json')
      const edit = await auditedEdit(c, 'agent.create', `Adding agent “${input.name}” was refused`, (id) =>
        createAgent(c.get('deps'), id, input),
      )
      return answer(c, edit, 201)
    },
  )

  .get('/:id/agents/:agentId', guard.user, async (c) => {
    const { company } = await visibleCompany(c, c.req.param('id'))
    return c.json(await agentDetail(c.get('deps'), company, c.req.param('agentId')), 200)
  })

  .patch(
    '/:id/agents/:agentId',
    guard.user,
    validate('json', UpdateAgentInputSchema, meta('agent.update', 'Changing an agent was refused')),
    async (c) => {
      const agentId = c.req.param('agentId')
      const edit = await auditedEdit(c, 'agent.update', `Changing agent ${agentId} was refused`, (id) =>
        updateAgent(c.get('deps'), id, agentId, c.req.valid('json')),
      )
      return answer(c, edit, 200)
    },
  )

  .delete(
    '/:id/agents/:agentId',
    guard.user,
    validate('query', DeleteAgentQuerySchema, meta('agent.delete', 'Deleting an agent was refused')),
    async (c) => {
      const agentId = c.req.param('agentId')
      const edit = await auditedEdit(c, 'agent.delete', `Deleting agent ${agentId} was refused`, (id) =>
        deleteAgent(c.get('deps'), id, agentId, c.req.valid('query').baseVersion),
      )
      return answer(c, edit, 200)
    },
  )

  .post(
    '/:id/agents/:agentId/duplicate',
    guard.user,
    validate('json', DuplicateAgentInputSchema, meta('agent.duplicate', 'Duplicating an agent was refused')),
    async (c) => {
      const agentId = c.req.param('agentId')
      const edit = await auditedEdit(c, 'agent.duplicate', `Duplicating agent ${agentId} was refused`, (id) =>
        duplicateAgent(c.get('deps'), id, agentId, c.req.valid('json').baseVersion),
      )
      return answer(c, edit, 201)
    },
  )

  .get('/:id/draft/diff', guard.user, async (c) => {
    const { company, role } = await visibleCompany(c, c.req.param('id'))
    return c.json(await draftDiff(c.get('deps'), company, role), 200)
  })
