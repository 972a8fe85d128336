import { Hono } from 'hono'
import {
  CreateDeploymentTargetInputSchema,
  DeploymentTargetPathSchema,
  MoveExocorpInputSchema,
  UpdateDeploymentTargetInputSchema,
} from '@exocorp/shared/deployments'
import { attempt } from '../http/attempt'
import { actorOf, type AppEnv } from '../http/context'
import { guard, principalOf } from '../http/guards'
import { inputRefused, ownerAction, type AdminResource } from '../http/owner-action'
import { validate } from '../http/validate'
import { moveExocorp, probeDeploymentTarget } from '../services/deployments/operations'
import {
  createDeploymentTarget,
  deploymentTargetDetail,
  listDeploymentTargets,
  removeDeploymentTarget,
  setTargetState,
  updateDeploymentTarget,
} from '../services/deployments/targets'

const TARGETS: AdminResource = { type: 'deployment_target', path: DeploymentTargetPathSchema }
const target = (id: string | null) => ({ type: TARGETS.type, id })
const refused = (action: string) => inputRefused(TARGETS, action)

/**
 * Mounted at /api/admin/deployments: the deployment-target registry (decision 054). Admins read;
 * every mutation is the platform owner's with a fresh step-up (guard.platformOwner), each attempt
 * audited as `deployment_target.created|updated|drained|activated|probed|removed`; a move is a
 * reprovision onto another target, run and audited (`company.move`) by the lifecycle engine.
 */
export const adminDeploymentRoutes = new Hono<AppEnv>()
  .get('/', guard.admin, async (c) => c.json(await listDeploymentTargets(c.get('deps')), 200))
  .post(
    '/',
    guard.platformOwner,
    validate('json', CreateDeploymentTargetInputSchema, refused('deployment_target.created')),
    async (c) => {
      const p = principalOf(c)
      const input = c.req.valid('json')
      const t = await attempt(
        c,
        {
          action: 'deployment_target.created',
          target: target(null),
          failSummary: `${p.user.email}: creating deployment target ${input.name} refused`,
          details: { driver: input.config.driver },
        },
        () => createDeploymentTarget(c.get('deps'), input),
        (r) => ({ summary: `${p.user.email} created deployment target ${r.name} (${r.driver})`, targetId: r.id }),
      )
      return c.json(t, 201)
    },
  )
  .post(
    '/moves',
    guard.platformOwner,
    validate('json', MoveExocorpInputSchema, (c) => ({
      action: 'company.move',
      target: { type: 'company', id: null },
      failSummary: `${actorOf(c.get('principal')).label} sent an invalid move`,
    })),
    async (c) => {
      const p = principalOf(c)
      const result = await moveExocorp(c.get('deps'), {
        ...c.req.valid('json'),
        actor: actorOf(p),
        userId: p.user.id,
        requestId: c.get('requestId'),
      })
      return c.json(result, 202)
    },
  )
  .get('/:id', guard.admin, validate('param', DeploymentTargetPathSchema), async (c) =>
    c.json(await deploymentTargetDetail(c.get('deps'), c.req.valid('param').id), 200),
  )
  .patch(
    '/:id',
    guard.platformOwner,
    validate('param', DeploymentTargetPathSchema, refused('deployment_target.updated')),
    validate('json', UpdateDeploymentTargetInputSchema, refused('deployment_target.updated')),
    async (c) => {
      const p = principalOf(c)
      const { id } = c.req.valid('param')
      const r = await attempt(
        c,
        {
          action: 'deployment_target.updated',
          target: target(id),
          failSummary: `${p.user.email}: editing a deployment target refused`,
        },
        () => updateDeploymentTarget(c.get('deps'), id, c.req.valid('json')),
        (r) => ({
          summary: `${p.user.email} edited deployment target ${r.target.name}${r.changed.length ? ` (${r.changed.join(', ')})` : ' (no change)'}`,
          details: { changed: r.changed },
        }),
      )
      return c.json(r.target, 200)
    },
  )
  .post(
    '/:id/drain',
    ...ownerAction(TARGETS, {
      action: 'deployment_target.drained',
      doing: 'draining a deployment target',
      run: (deps, id) => setTargetState(deps, id, 'draining'),
      describe: (r, email) => ({ summary: `${email} drained deployment target ${r.name}: no new exocorps go there` }),
      answer: (r) => r,
    }),
  )
  .post(
    '/:id/activate',
    ...ownerAction(TARGETS, {
      action: 'deployment_target.activated',
      doing: 'activating a deployment target',
      run: (deps, id) => setTargetState(deps, id, 'active'),
      describe: (r, email) => ({ summary: `${email} made deployment target ${r.name} active again` }),
      answer: (r) => r,
    }),
  )
  .post(
    '/:id/probe',
    ...ownerAction(TARGETS, {
      action: 'deployment_target.probed',
      doing: 'probing a deployment target',
      run: (deps, id) => probeDeploymentTarget(deps, id),
      describe: (r, email) => ({
        summary: `${email} probed deployment target ${r.name}: ${r.health}${r.healthReason ? ` (${r.healthReason})` : ''}`,
        details: { health: r.health },
      }),
      answer: (r) => r,
    }),
  )
  .delete(
    '/:id',
    guard.platformOwner,
    validate('param', DeploymentTargetPathSchema, refused('deployment_target.removed')),
    async (c) => {
      const p = principalOf(c)
      const { id } = c.req.valid('param')
      await attempt(
        c,
        {
          action: 'deployment_target.removed',
          target: target(id),
          failSummary: `${p.user.email}: removing a deployment target refused`,
        },
        () => removeDeploymentTarget(c.get('deps'), id),
        (r) => ({ summary: `${p.user.email} removed deployment target ${r.name}` }),
      )
      return c.json({ ok: true as const }, 200)
    },
  )
