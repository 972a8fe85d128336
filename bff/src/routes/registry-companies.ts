import { Hono } from 'hono'
import { AuditQuerySchema, type AuditQuery } from '@exocorp/shared/audit'
import {
  ActionInputSchema,
  ConfirmInputSchema,
  CreateCompanyInputSchema,
  DeploymentQuerySchema,
  MyCompanyQuerySchema,
  SaveDraftInputSchema,
  UpdateCompanyInputSchema,
  type ActionResult,
  type LifecycleAction,
} from '@exocorp/shared/companies'
import { z } from 'zod/mini'
import { attempt } from '../http/attempt'
import { chosenCompanies } from '../http/company-access'
import { actorOf, type AppContext, type AppEnv } from '../http/context'
import { guard, principalOf, refuseAgentWithoutDestroy } from '../http/guards'
import { polledJson } from '../http/etag'
import { polled } from '../http/respond'
import { validate, type AuditedAttempt } from '../http/validate'
import { AppError } from '../lib/errors'
import { listAuditEventsSeenBy } from '../services/audit'
import { streamAuditExportSeenBy, type ExportFormat } from '../services/audit-export'
import { auditExportResponse } from './audit-export-response'
import { companyForOwner, companyForViewer } from '../services/companies/access'
import { createCompany, draftOf, saveDraft, slugAvailability, updateCompanySettings } from '../services/companies/companies'
import { listMyCompanies } from '../services/companies/my-companies'
import { toDetail } from '../services/companies/views'
import { auditDetailsOf, compareConfigs, describeChanges } from '../services/config/diff'
import { requestLifecycleAction } from '../services/lifecycle/engine'
import { inFlightJob, latestJob, listDeployments, toJob } from '../services/lifecycle/jobs'

/** The audited attempt of one lifecycle action (`null`: the action named in the body). */
const actionAttempt =
  (action: LifecycleAction | null) =>
  (c: AppContext): AuditedAttempt => ({
    action: `company.${action ?? 'action'}`,
    target: { type: 'company', id: c.req.param('id') ?? null },
    failSummary: `${actorOf(c.get('principal')).label} sent an invalid ${action ?? 'lifecycle'} request`,
    details: { via: 'registry' },
  })

/** Runs one lifecycle action for the signed-in owner and answers with the company and its job. */
async function runAction(c: AppContext, input: { action: LifecycleAction; confirm?: string }) {
  const p = principalOf(c)
  refuseAgentWithoutDestroy(c, input.action)
  const outcome = await requestLifecycleAction(c.get('deps'), {
    companyId: c.req.param('id') ?? '',
    action: input.action,
    confirm: input.confirm,
    actor: actorOf(p),
    access: { kind: 'user', userId: p.user.id },
    requestId: c.get('requestId'),
    via: 'registry',
  })
  const body: ActionResult = { company: await toDetail(c.get('deps'), outcome.company, 'owner'), job: toJob(outcome.job) }
  return c.json(body, outcome.finished ? 200 : 202)
}

/**
 * The caller's own audit trail as a file: the same events `GET /audit-events` lists (an agent
 * limited to chosen exocorps exports only those and its own doings), every page of them.
 */
function exportSeenBy(c: AppContext, format: ExportFormat, query: AuditQuery) {
  const p = principalOf(c)
  const chosen = chosenCompanies(c)
  const limitedAgent = p.kind === 'operator_client' && chosen ? { clientId: p.clientId, companyIds: chosen } : null
  const { cursor: _cursor, limit: _limit, ...filters } = query
  return auditExportResponse(c, format, filters, streamAuditExportSeenBy(c.get('deps'), p.user.id, filters, format, limitedAgent))
}

/** A mutation refused before any service wrote anything (404/403/409/400) is an audited attempt too. */
const companyAttempt = (c: AppContext, action: string, companyId: string | null): AuditedAttempt => ({
  action,
  target: { type: 'company', id: companyId },
  failSummary: `${actorOf(c.get('principal')).label}: ${action} refused`,
})

const SlugQuerySchema = z.strictObject({ slug: z.string().check(z.maxLength(100)) })

/** Mounted at /api/registry: a person's exocorps, in a browser or through their agent. */
export const registryCompanyRoutes = new Hono<AppEnv>()
  .get('/my-companies', polled(guard.user), validate('query', MyCompanyQuerySchema), async (c) =>
    polledJson(c, () => listMyCompanies(c.get('deps'), principalOf(c).user.id, c.req.valid('query'), chosenCompanies(c))),
  )

  .get('/slug-availability', guard.user, validate('query', SlugQuerySchema), async (c) =>
    c.json(await slugAvailability(c.get('deps'), c.req.valid('query').slug), 200),
  )

  .post('/companies', guard.user, validate('json', CreateCompanyInputSchema), async (c) => {
    const p = principalOf(c)
    const company = await attempt(
      c,
      companyAttempt(c, 'company.create', null),
      () => createCompany(c.get('deps'), p.user.id, c.req.valid('json')),
      (created) => ({
        targetId: created.id,
        summary: `${actorOf(p).label} created exocorp ${created.slug}`,
        details: { slug: created.slug, channel: created.channel },
      }),
    )
    return c.json(await toDetail(c.get('deps'), company, 'owner'), 201)
  })

  .get('/companies/:id', polled(guard.user), async (c) => {
    return polledJson(c, async () => {
      const { company, role } = await companyForViewer(c.get('deps'), c.req.param('id'), principalOf(c).user.id)
      return toDetail(c.get('deps'), company, role)
    })
  })

  .patch('/companies/:id', guard.user, validate('json', UpdateCompanyInputSchema), async (c) => {
    const p = principalOf(c)
    const id = c.req.param('id')
    const input = c.req.valid('json')
    const updated = await attempt(
      c,
      companyAttempt(c, 'company.update_settings', id),
      async () => updateCompanySettings(c.get('deps'), (await companyForOwner(c.get('deps'), id, p.user.id)).company, input),
      (company) => ({
        summary: `${actorOf(p).label} updated the settings of ${company.slug}`,
        details: { fields: Object.keys(input) },
      }),
    )
    return c.json(await toDetail(c.get('deps'), updated, 'owner'), 200)
  })

  .post('/companies/:id/provision', guard.user, validate('json', ConfirmInputSchema, actionAttempt('provision')), (c) =>
    runAction(c, { action: 'provision', ...c.req.valid('json') }),
  )
  .post('/companies/:id/update', guard.user, validate('json', ConfirmInputSchema, actionAttempt('update')), (c) =>
    runAction(c, { action: 'update', ...c.req.valid('json') }),
  )
  .post('/companies/:id/restart', guard.user, validate('json', ConfirmInputSchema, actionAttempt('restart')), (c) =>
    runAction(c, { action: 'restart', ...c.req.valid('json') }),
  )
  .post('/companies/:id/stop', guard.user, validate('json', ConfirmInputSchema, actionAttempt('stop')), (c) =>
    runAction(c, { action: 'stop', ...c.req.valid('json') }),
  )
  .post('/companies/:id/actions', guard.user, validate('json', ActionInputSchema, actionAttempt(null)), (c) =>
    runAction(c, c.req.valid('json')),
  )

  /** The job in flight, or else the latest one (so a finished or failed run stays visible); 404 when none ever ran. */
  .get('/companies/:id/jobs/current', polled(guard.user), async (c) => {
    return polledJson(c, async () => {
      const { company } = await companyForViewer(c.get('deps'), c.req.param('id'), principalOf(c).user.id)
      const job = (await inFlightJob(c.get('deps'), company.id)) ?? (await latestJob(c.get('deps'), company.id))
      if (!job) throw new AppError(404, 'not_found', 'No lifecycle job has run for this exocorp yet')
      return toJob(job)
    })
  })

  .get('/companies/:id/jobs', guard.user, validate('query', DeploymentQuerySchema), async (c) => {
    const { company } = await companyForViewer(c.get('deps'), c.req.param('id'), principalOf(c).user.id)
    return c.json(await listDeployments(c.get('deps'), company.id, c.req.valid('query')), 200)
  })

  .get('/companies/:id/draft', guard.user, async (c) => {
    const { company } = await companyForViewer(c.get('deps'), c.req.param('id'), principalOf(c).user.id)
    return c.json(draftOf(company), 200)
  })

  .post('/companies/:id/draft', guard.user, validate('json', SaveDraftInputSchema), async (c) => {
    const p = principalOf(c)
    const id = c.req.param('id')
    const input = c.req.valid('json')
    const { draft } = await attempt(
      c,
      companyAttempt(c, 'company.save_draft', id),
      async () => {
        await companyForOwner(c.get('deps'), id, p.user.id)
        return saveDraft(c.get('deps'), id, input)
      },
      (saved) => {
        const changes = compareConfigs(saved.before, saved.draft.config as typeof saved.before)
        return {
          summary: `${actorOf(p).label} saved draft version ${saved.draft.version} of ${saved.company.slug}: ${describeChanges(changes)}`,
          details: { version: saved.draft.version, agentCount: input.config.agents.length, ...auditDetailsOf(changes) },
        }
      },
    )
    return c.json(draft, 200)
  })

  /**
   * Audit events about the exocorps the caller owns or is a member of, and everything the
   * caller's own operator clients (coding agents) did or were refused, newest first.
   */
  .get('/audit-events', polled(guard.user), validate('query', AuditQuerySchema), async (c) =>
    polledJson(c, () => {
      const p = principalOf(c)
      const chosen = chosenCompanies(c)
      const limitedAgent = p.kind === 'operator_client' && chosen ? { clientId: p.clientId, companyIds: chosen } : null
      return listAuditEventsSeenBy(c.get('deps'), p.user.id, c.req.valid('query'), limitedAgent)
    }),
  )
  .get('/audit-events/export.csv', guard.user, validate('query', AuditQuerySchema), (c) =>
    exportSeenBy(c, 'csv', c.req.valid('query')),
  )
  .get('/audit-events/export.ndjson', guard.user, validate('query', AuditQuerySchema), (c) =>
    exportSeenBy(c, 'ndjson', c.req.valid('query')),
  )
