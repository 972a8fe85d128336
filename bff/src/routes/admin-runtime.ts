import { Hono } from 'hono'
import {
  FlagChangePathSchema,
  FlagHistoryQuerySchema,
  ResolvedFlagsQuerySchema,
  RevertFlagInputSchema,
  SetFlagInputSchema,
} from '@exocorp/shared/rollout'
import { attempt } from '../http/attempt'
import { type AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { QueueJobsQuerySchema } from '@exocorp/shared/runtime-queues'
import { capacityOf } from '../services/lifecycle/context'
import { listQueueJobs, runtimeQueues } from '../services/runtime-queues'
import { flagHistory, flagOverview, resolvedFlagsPage, revertFlagChange, setFlag } from '../services/rollout/flags'

const show = (v: unknown) => (v === null || v === undefined ? 'unset' : String(v))

/**
 * Mounted at /api/admin/runtime: rollout controls (decision 036). Admins read the flags, each
 * exocorp's effective values and the history; platform owners change and revert them with a
 * fresh step-up, each attempt audited. Runtimes pick changes up within about a second.
 */
export const adminRuntimeRoutes = new Hono<AppEnv>()
  // Runtime queues (decision 041): job queue per action, runtimes by health and capacity, workloads.
  .get('/queues', guard.admin, async (c) => c.json(await runtimeQueues(c.get('deps'), capacityOf(c.get('deps'))), 200))
  .get('/queues/jobs', guard.admin, validate('query', QueueJobsQuerySchema), async (c) =>
    c.json(await listQueueJobs(c.get('deps'), c.req.valid('query')), 200),
  )
  .get('/flags', guard.admin, async (c) => c.json(await flagOverview(c.get('deps')), 200))
  .get('/flags/resolved', guard.admin, validate('query', ResolvedFlagsQuerySchema), async (c) =>
    c.json(await resolvedFlagsPage(c.get('deps'), c.req.valid('query')), 200),
  )
  .get('/flags/history', guard.admin, validate('query', FlagHistoryQuerySchema), async (c) =>
    c.json(await flagHistory(c.get('deps'), c.req.valid('query')), 200),
  )
  .post(
    '/flags',
    guard.platformOwner,
    validate('json', SetFlagInputSchema, () => ({
      action: 'flag.changed',
      target: { type: 'flag', id: null },
      failSummary: 'Flag change refused',
    })),
    async (c) => {
      const p = principalOf(c)
      const input = c.req.valid('json')
      const change = await attempt(
        c,
        {
          action: 'flag.changed',
          target: { type: 'flag', id: input.key },
          failSummary: `${p.user.email}: change of ${input.key} refused`,
        },
        () => setFlag(c.get('deps'), p.user, input),
        (r) => ({
          summary: `${p.user.email} set ${r.key} at ${r.scopeLabel}: ${show(r.from)} → ${show(r.to)} (${r.reason})`,
          details: { scope: r.scope, scopeId: r.scopeId, from: r.from, to: r.to, changeId: r.id, reason: r.reason },
        }),
      )
      return c.json(change, 201)
    },
  )
  .post(
    '/flags/history/:changeId/revert',
    guard.platformOwner,
    validate('param', FlagChangePathSchema),
    validate('json', RevertFlagInputSchema),
    async (c) => {
      const p = principalOf(c)
      const { changeId } = c.req.valid('param')
      const change = await attempt(
        c,
        {
          action: 'flag.reverted',
          target: { type: 'flag_change', id: changeId },
          failSummary: `${p.user.email}: revert refused`,
        },
        () => revertFlagChange(c.get('deps'), p.user, changeId, c.req.valid('json').reason),
        (r) => ({
          summary: `${p.user.email} reverted ${r.key} at ${r.scopeLabel}: ${show(r.from)} → ${show(r.to)}`,
          details: { scope: r.scope, scopeId: r.scopeId, from: r.from, to: r.to, changeId: r.id, revertOf: changeId },
        }),
      )
      return c.json(change, 201)
    },
  )
