import { Hono } from 'hono'
import { BulkActionInputSchema, type BulkActionInput } from '@exocorp/shared/configuration'
import { isDestructive } from '@exocorp/shared/lifecycle'
import { chosenCompanies } from '../http/company-access'
import { actorOf, audit, type AppContext, type AppEnv } from '../http/context'
import { guard, principalOf, reauthRequired, refuseAgentWithoutDestroy } from '../http/guards'
import { validate } from '../http/validate'
import { isAppError } from '../lib/errors'
import { hasFreshStepUp } from '../services/accounts/sessions'
import { previewBulkAction, runBulkAction, uniqueIds, type BulkScope } from '../services/config/bulk'

const bulkMeta = (via: string) => () => ({
  action: 'company.bulk_action',
  target: { type: 'bulk', id: null },
  failSummary: `An invalid ${via} bulk action was refused`,
})

/**
 * Preview (`dryRun`) changes nothing and writes nothing. A run goes item by item through the
 * lifecycle engine, which audits each item once; the bulk itself adds one summary row.
 */
async function handleBulk(c: AppContext, input: BulkActionInput, scope: BulkScope, via: 'registry' | 'admin') {
  if (input.dryRun) return c.json(await previewBulkAction(c.get('deps'), input, scope), 200)
  const p = principalOf(c)
  const count = uniqueIds(input.companyIds).length
  try {
    const result = await runBulkAction(c.get('deps'), input, scope, {
      actor: actorOf(p),
      requestId: c.get('requestId'),
      via: `${via}_bulk`,
    })
    await audit(c, {
      action: 'company.bulk_action',
      target: { type: 'bulk', id: null },
      outcome: 'succeeded',
      summary: `${actorOf(p).label} ran ${input.action} on ${count} exocorp${count === 1 ? '' : 's'}: ${Object.entries(
        result.counts,
      )
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}`,
      details: { action: input.action, count, counts: result.counts, via },
    })
    return c.json(result, 200)
  } catch (err) {
    await audit(c, {
      action: 'company.bulk_action',
      target: { type: 'bulk', id: null },
      outcome: 'failed',
      summary: `${actorOf(p).label}: ${input.action} on ${count} exocorps refused (${isAppError(err) ? err.message : 'error'})`,
      details: { action: input.action, count, status: isAppError(err) ? err.status : 500, via },
    })
    throw err
  }
}

/** Mounted at /api/registry/bulk-actions: an owner's own exocorps. */
export const bulkActionRoutes = new Hono<AppEnv>().post(
  '/',
  guard.user,
  validate('json', BulkActionInputSchema, bulkMeta('registry')),
  async (c) => {
    refuseAgentWithoutDestroy(c, c.req.valid('json').action)
    const scope = { kind: 'user' as const, userId: principalOf(c).user.id, only: chosenCompanies(c) }
    return handleBulk(c, c.req.valid('json'), scope, 'registry')
  },
)

/** Mounted at /api/admin/bulk-actions: any exocorps; the engine asks for a step-up per destructive action. */
export const adminBulkActionRoutes = new Hono<AppEnv>().post(
  '/',
  guard.platformOwnerStepUpByService,
  validate('json', BulkActionInputSchema, bulkMeta('admin')),
  async (c) => {
    const p = principalOf(c)
    const input = c.req.valid('json')
    const stepUpFresh = p.kind === 'session' && hasFreshStepUp(c.get('deps'), p.session.reauthenticatedAt)
    // A destructive run over many tenants' exocorps asks for the password once, up front, rather
    // than answering 200 with every item refused (a preview changes nothing and needs none).
    if (!input.dryRun && isDestructive(input.action) && !stepUpFresh)
      throw reauthRequired('Enter your password again to run a destructive action on several exocorps')
    return handleBulk(c, input, { kind: 'platform', userId: p.user.id, stepUpFresh }, 'admin')
  },
)
