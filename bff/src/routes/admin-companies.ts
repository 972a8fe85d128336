import { Hono } from 'hono'
import { ActionInputSchema, AdminCompanyQuerySchema, type AdminRuntime } from '@exocorp/shared/companies'
import type { AppContext, AppEnv } from '../http/context'
import { actorOf } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { polledJson } from '../http/etag'
import { polled } from '../http/respond'
import { validate } from '../http/validate'
import { AppError } from '../lib/errors'
import { hasFreshStepUp } from '../services/accounts/sessions'
import { findCompany } from '../services/companies/access'
import { adminCompanyDetail, adminDetailOf, listAdminCompanies, runtimeStats } from '../services/companies/admin'
import { capacityOf } from '../services/lifecycle/context'
import { requestLifecycleAction } from '../services/lifecycle/engine'
import { toJob } from '../services/lifecycle/jobs'
import { runtimeOf } from '../services/lifecycle/runtimes'

function viewerOf(c: AppContext) {
  const p = principalOf(c)
  return { id: p.user.id, canAct: p.user.role === 'platform_owner' }
}

/** Mounted at /api/admin: reads for `admin` and `platform_owner`; actions for `platform_owner` only. */
export const adminCompanyRoutes = new Hono<AppEnv>()
  .get('/companies', polled(guard.admin), validate('query', AdminCompanyQuerySchema), async (c) =>
    polledJson(c, () => listAdminCompanies(c.get('deps'), principalOf(c).user.id, c.req.valid('query'))),
  )

  .get('/companies/:id/details', guard.admin, async (c) =>
    c.json(await adminCompanyDetail(c.get('deps'), viewerOf(c), c.req.param('id')), 200),
  )

  .get('/companies/:id/runtime', guard.admin, async (c) => {
    const company = await findCompany(c.get('deps'), c.req.param('id'))
    if (!company) throw AppError.notFound('Exocorp')
    const driver = c.get('deps').lifecycle?.driver
    const handle = driver?.handle(company.id) ?? null
    const runtime = await runtimeOf(c.get('deps').db, company.id)
    const body: AdminRuntime = {
      companyId: company.id,
      status: company.status,
      health: company.health,
      healthCheckedAt: company.healthCheckedAt,
      driver: driver?.name ?? 'none',
      endpoint: handle?.endpoint ?? runtime?.endpoint ?? null,
      pid: handle?.pid ?? runtime?.pid ?? null,
      owner: runtime?.hostId ?? null,
      version: company.installedVersion,
      detail: c.get('deps').lifecycle?.probeNotes.get(company.id) ?? null,
    }
    return c.json(body, 200)
  })

  .post(
    '/companies/:id/actions',
    guard.platformOwnerStepUpByService,
    validate('json', ActionInputSchema, (c) => ({
      action: 'company.action',
      target: { type: 'company', id: c.req.param('id') ?? null },
      failSummary: `${actorOf(c.get('principal')).label} sent an invalid admin lifecycle request`,
      details: { via: 'admin' },
    })),
    async (c) => {
      const p = principalOf(c)
      const companyId = c.req.param('id')
      const input = c.req.valid('json')
      const outcome = await requestLifecycleAction(c.get('deps'), {
        companyId,
        action: input.action,
        confirm: input.confirm,
        actor: actorOf(p),
        access: {
          kind: 'platform',
          userId: p.user.id,
          stepUpFresh: p.kind === 'session' && hasFreshStepUp(c.get('deps'), p.session.reauthenticatedAt),
        },
        requestId: c.get('requestId'),
        via: 'admin',
      })
      return c.json(
        { company: await adminDetailOf(c.get('deps'), viewerOf(c), outcome.company), job: toJob(outcome.job) },
        outcome.finished ? 200 : 202,
      )
    },
  )

  .get('/runtime-stats', guard.admin, async (c) => c.json(await runtimeStats(c.get('deps'), capacityOf(c.get('deps'))), 200))
