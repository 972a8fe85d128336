import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { AuditQuerySchema } from '@exocorp/shared/audit'
import {
  ActionInputSchema,
  ConfirmInputSchema,
  CreateCompanyInputSchema,
  MyCompanyQuerySchema,
  SaveDraftInputSchema,
  UpdateCompanyInputSchema,
  type ActionResult,
  type LifecycleAction,
} from '@exocorp/shared/companies'
import { z } from 'zod/mini'
import { auditEvents } from '../db/schema/audit'
import { actorOf, audit, type AppContext, type AppEnv } from '../http/context'
import { principalOf } from '../http/guards'
import { jsonWithEtag } from '../http/etag'
import { fieldErrorsOf, validate } from '../http/validate'
import { AppError, isAppError } from '../lib/errors'
import { listAuditEvents } from '../services/audit'
import { companyForOwner, companyForViewer } from '../services/companies/access'
import { createCompany, draftOf, saveDraft, slugAvailability, updateCompanySettings } from '../services/companies/companies'
import { listMyCompanies } from '../services/companies/my-companies'
import { toDetail } from '../services/companies/views'
import { auditDetailsOf, compareConfigs, describeChanges } from '../services/config/diff'
import { requestLifecycleAction } from '../services/lifecycle/engine'
import { inFlightJob, latestJob, toJob } from '../services/lifecycle/jobs'

/** Reads a JSON body (an empty one is `{}`); malformed JSON or fields are a 400 with field errors. */
async function parseBody<T>(c: AppContext, schema: z.ZodMiniType<T>): Promise<T> {
  const text = await c.req.text()
  let raw: unknown = {}
  if (text.trim()) {
    try {
      raw = JSON.parse(text)
    } catch {
      throw new AppError(400, 'bad_request', 'The request body is not valid JSON')
    }
  }
  const r = schema.safeParse(raw)
  if (!r.success) throw AppError.validation(fieldErrorsOf(r.error, schema))
  return r.data
}

/** Runs one lifecycle action for the signed-in owner and answers with the company and its job. */
async function runAction(c: AppContext, companyId: string, action: LifecycleAction | null, schema: 'confirm' | 'action') {
  const p = principalOf(c)
  let input: { action: LifecycleAction; confirm?: string }
  try {
    if (schema === 'action') input = await parseBody(c, ActionInputSchema)
    else input = { action: action!, ...(await parseBody(c, ConfirmInputSchema)) }
  } catch (err) {
    // A malformed attempt is still an attempt: one audit row, like every other outcome.
    await audit(c, {
      action: `company.${action ?? 'action'}`,
      target: { type: 'company', id: companyId },
      outcome: 'failed',
      summary: `${actorOf(p).label} sent an invalid ${action ?? 'lifecycle'} request`,
      details: {
        via: 'registry',
        status: isAppError(err) ? err.status : 400,
        reason: isAppError(err) ? err.code : 'bad_request',
      },
    })
    throw err
  }
  const outcome = await requestLifecycleAction(c.var.deps, {
    companyId,
    action: input.action,
    confirm: input.confirm,
    actor: actorOf(p),
    access: { kind: 'user', userId: p.user.id },
    requestId: c.var.requestId,
    via: 'registry',
  })
  const body: ActionResult = { company: await toDetail(c.var.deps, outcome.company, 'owner'), job: toJob(outcome.job) }
  return c.json(body, outcome.finished ? 200 : 202)
}

/** Audits a refused mutation (404/403/409/400) that happened before any service wrote anything. */
async function auditRefusal(c: AppContext, action: string, companyId: string | null, err: unknown) {
  await audit(c, {
    action,
    target: { type: 'company', id: companyId },
    outcome: 'failed',
    summary: `${actorOf(c.var.principal).label}: ${action} refused (${isAppError(err) ? err.message : 'error'})`,
    details: {
      status: isAppError(err) ? err.status : 500,
      reason: isAppError(err) ? (err.details?.reason ?? err.code) : 'error',
    },
  })
}

const SlugQuerySchema = z.strictObject({ slug: z.string().check(z.maxLength(100)) })

export const registryCompanyRoutes = new Hono<AppEnv>()
  .get('/my-companies', validate('query', MyCompanyQuerySchema), async (c) =>
    jsonWithEtag(c, await listMyCompanies(c.var.deps, principalOf(c).user.id, c.req.valid('query'))),
  )

  .get('/slug-availability', validate('query', SlugQuerySchema), async (c) =>
    c.json(await slugAvailability(c.var.deps, c.req.valid('query').slug), 200),
  )

  .post('/companies', validate('json', CreateCompanyInputSchema), async (c) => {
    const p = principalOf(c)
    const input = c.req.valid('json')
    let company
    try {
      company = await createCompany(c.var.deps, p.user.id, input)
    } catch (err) {
      await auditRefusal(c, 'company.create', null, err)
      throw err
    }
    await audit(c, {
      action: 'company.create',
      target: { type: 'company', id: company.id },
      outcome: 'succeeded',
      summary: `${actorOf(p).label} created exocorp ${company.slug}`,
      details: { slug: company.slug, channel: company.channel },
    })
    return c.json(await toDetail(c.var.deps, company, 'owner'), 201)
  })

  .get('/companies/:id', async (c) => {
    const { company, role } = await companyForViewer(c.var.deps, c.req.param('id'), principalOf(c).user.id)
    return jsonWithEtag(c, await toDetail(c.var.deps, company, role))
  })

  .patch('/companies/:id', validate('json', UpdateCompanyInputSchema), async (c) => {
    const p = principalOf(c)
    const id = c.req.param('id')
    const input = c.req.valid('json')
    let updated
    try {
      const { company } = await companyForOwner(c.var.deps, id, p.user.id)
      updated = await updateCompanySettings(c.var.deps, company, input)
    } catch (err) {
      await auditRefusal(c, 'company.update_settings', id, err)
      throw err
    }
    await audit(c, {
      action: 'company.update_settings',
      target: { type: 'company', id },
      outcome: 'succeeded',
      summary: `${actorOf(p).label} updated the settings of ${updated.slug}`,
      details: { fields: Object.keys(input) },
    })
    return c.json(await toDetail(c.var.deps, updated, 'owner'), 200)
  })

  .post('/companies/:id/provision', (c) => runAction(c, c.req.param('id'), 'provision', 'confirm'))
  .post('/companies/:id/update', (c) => runAction(c, c.req.param('id'), 'update', 'confirm'))
  .post('/companies/:id/restart', (c) => runAction(c, c.req.param('id'), 'restart', 'confirm'))
  .post('/companies/:id/stop', (c) => runAction(c, c.req.param('id'), 'stop', 'confirm'))
  .post('/companies/:id/actions', (c) => runAction(c, c.req.param('id'), null, 'action'))

  /** The job in flight, or else the latest one (so a finished or failed run stays visible); 404 when none ever ran. */
  .get('/companies/:id/jobs/current', async (c) => {
    const { company } = await companyForViewer(c.var.deps, c.req.param('id'), principalOf(c).user.id)
    const job = (await inFlightJob(c.var.deps, company.id)) ?? (await latestJob(c.var.deps, company.id))
    if (!job) throw new AppError(404, 'not_found', 'No lifecycle job has run for this exocorp yet')
    return jsonWithEtag(c, toJob(job))
  })

  .get('/companies/:id/draft', async (c) => {
    const { company } = await companyForViewer(c.var.deps, c.req.param('id'), principalOf(c).user.id)
    return c.json(draftOf(company), 200)
  })

  .post('/companies/:id/draft', validate('json', SaveDraftInputSchema), async (c) => {
    const p = principalOf(c)
    const id = c.req.param('id')
    const input = c.req.valid('json')
    let saved
    try {
      await companyForOwner(c.var.deps, id, p.user.id)
      saved = await saveDraft(c.var.deps, id, input)
    } catch (err) {
      await auditRefusal(c, 'company.save_draft', id, err)
      throw err
    }
    const { draft, before, company } = saved
    const changes = compareConfigs(before, draft.config as typeof before)
    await audit(c, {
      action: 'company.save_draft',
      target: { type: 'company', id },
      outcome: 'succeeded',
      summary: `${actorOf(p).label} saved draft version ${draft.version} of ${company.slug}: ${describeChanges(changes)}`,
      details: { version: draft.version, agentCount: input.config.agents.length, ...auditDetailsOf(changes) },
    })
    return c.json(draft, 200)
  })

  /**
   * Audit events about the exocorps the caller owns or is a member of, and everything the
   * caller's own operator clients (coding agents) did or were refused, newest first.
   */
  .get('/audit-events', validate('query', AuditQuerySchema), async (c) => {
    const userId = principalOf(c).user.id
    const scope = sql`((${auditEvents.targetType} = 'company' AND ${auditEvents.targetId} IN (SELECT company_id FROM memberships WHERE user_id = ${userId}))
      OR (${auditEvents.actorType} = 'operator_client' AND ${auditEvents.actorId} IN (SELECT id FROM operator_clients WHERE user_id = ${userId})))`
    return c.json(await listAuditEvents(c.var.deps, c.req.valid('query'), scope), 200)
  })
