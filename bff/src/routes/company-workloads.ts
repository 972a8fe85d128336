import { Hono } from 'hono'
import {
  CreateRunnerInputSchema,
  EnqueueWorkloadInputSchema,
  RunnerPathSchema,
  WorkloadQuerySchema,
  type IssuedRunner,
  type QueuedWorkload,
  type QueuedWorkloadList,
  type RunnerList,
  type WorkloadList,
} from '@exocorp/shared/workloads'
import { attempt } from '../http/attempt'
import { ownedCompany, visibleCompany } from '../http/company-access'
import type { AppContext, AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { validate } from '../http/validate'
import { createRunner, enqueueWorkload, listRunners, listWorkloadQueue, listWorkloads, revokeRunner } from '../services/workloads'

// An exocorp's workloads (members read) and runners (owners) — decision 037.

const runnerAttempt = (c: AppContext, action: string, id: string | null) => ({
  action,
  target: { type: 'runner', id },
  failSummary: `${principalOf(c).user.email} could not ${action === 'runner.create' ? 'create' : 'revoke'} a runner`,
  details: { companyId: c.req.param('id') },
})

const enqueueAttempt = (c: AppContext) => ({
  action: 'workload.enqueue',
  target: { type: 'workload', id: null },
  failSummary: `${principalOf(c).user.email} could not queue a workload`,
  details: { companyId: c.req.param('id') },
})

export const companyWorkloadRoutes = new Hono<AppEnv>()
  .get('/companies/:id/workloads', guard.user, validate('query', WorkloadQuerySchema), async (c) => {
    const { company } = await visibleCompany(c, c.req.param('id'))
    const body: WorkloadList = await listWorkloads(c.get('deps'), company.id, c.req.valid('query'))
    return c.json(body, 200)
  })

  .get('/companies/:id/workloads/queue', guard.user, async (c) => {
    const { company } = await visibleCompany(c, c.req.param('id'))
    const body: QueuedWorkloadList = { items: await listWorkloadQueue(c.get('deps'), company.id) }
    return c.json(body, 200)
  })

  // Owners queue work for their runners (decision 053).
  .post(
    '/companies/:id/workloads',
    guard.user,
    validate('json', EnqueueWorkloadInputSchema, (c) => enqueueAttempt(c)),
    async (c) => {
      const input = c.req.valid('json')
      const queued = await attempt(
        c,
        enqueueAttempt(c),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return enqueueWorkload(c.get('deps'), company.id, input)
        },
        (w) => ({ summary: `${principalOf(c).user.email} queued workload “${w.title}” for a runner`, targetId: w.id }),
      )
      const body: QueuedWorkload = queued
      return c.json(body, 201)
    },
  )

  .get('/companies/:id/runners', guard.user, async (c) => {
    const { company } = await ownedCompany(c, c.req.param('id'))
    const body: RunnerList = { items: await listRunners(c.get('deps'), company.id) }
    return c.json(body, 200)
  })

  .post(
    '/companies/:id/runners',
    guard.user,
    validate('json', CreateRunnerInputSchema, (c) => runnerAttempt(c, 'runner.create', null)),
    async (c) => {
      const input = c.req.valid('json')
      const issued = await attempt(
        c,
        runnerAttempt(c, 'runner.create', null),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return createRunner(c.get('deps'), company.id, input.name)
        },
        (r) => ({ summary: `${principalOf(c).user.email} created runner ${r.runner.name}`, targetId: r.runner.id }),
      )
      const body: IssuedRunner = issued
      return c.json(body, 201)
    },
  )

  .post(
    '/companies/:id/runners/:runnerId/revoke',
    guard.user,
    validate('param', RunnerPathSchema, (c) => runnerAttempt(c, 'runner.revoke', null)),
    async (c) => {
      const { runnerId } = c.req.valid('param')
      const runner = await attempt(
        c,
        runnerAttempt(c, 'runner.revoke', runnerId),
        async () => {
          const { company } = await ownedCompany(c, c.req.param('id'))
          return revokeRunner(c.get('deps'), company.id, runnerId)
        },
        (r) => ({ summary: `${principalOf(c).user.email} revoked runner ${r.name}` }),
      )
      return c.json(runner, 200)
    },
  )
