import { http, HttpResponse } from 'msw'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import {
  AVAILABLE_DRIVERS,
  CreateDeploymentTargetInputSchema,
  moveRefusal,
  MoveExocorpInputSchema,
  placementRefusal,
  UpdateDeploymentTargetInputSchema,
  type DeploymentTarget,
  type DeploymentTargetDetail,
  type DeploymentTargetList,
  type MoveResult,
} from '@exocorp/shared/deployments'
import { EmptyActionInputSchema } from '@exocorp/shared/site'
import { addAudit, currentUser, db } from '../mock-db'
import { adminGuard, apiError, invalidInput, ruleRefused } from '../http'

/*
 * Deployment targets in the mocked backend (decision 054). Inputs are parsed with the contract's
 * schemas; whether a target takes new exocorps and whether a move may go there are the contract's
 * own rules (placementRefusal, moveRefusal). Exocorps not moved run on the default target `local`.
 */

type Stored = (typeof db.deploymentTargets)[number]

async function jsonOf(request: Request): Promise<unknown> {
  const text = await request.text()
  return text ? JSON.parse(text) : {}
}

/** The BFF's 400 for input the contract refuses (field sentences and their issues). */

const targetOf = (companyId: string) => db.placements.get(companyId) ?? 'local'
const placedOn = (id: string) => db.fleet.companies.filter((c) => c.status !== 'destroyed' && targetOf(c.id) === id)

function view(t: Stored): DeploymentTarget {
  const here = placedOn(t.id)
  const refusal = placementRefusal({ ...t, placed: here.length })
  return {
    ...t,
    placed: here.length,
    running: here.filter((c) => c.status === 'running').length,
    placeable: refusal === null,
    notPlaceableReason: refusal,
  }
}

function audited(action: string, id: string | null, summary: string) {
  const user = currentUser()
  addAudit({
    actor: { type: 'user', id: user?.id ?? null, label: user?.email ?? 'mock' },
    action,
    target: { type: 'deployment_target', id },
    outcome: 'succeeded',
    summary,
  })
}

const find = (id: string) => db.deploymentTargets.find((t) => t.id === id)
const notFound = () => apiError(404, 'not_found', 'Deployment target not found')

export const deploymentHandlers = [
  http.get(ADMIN_API.deploymentTargets.path, () => {
    const denied = adminGuard(false)
    if (denied) return denied
    const body: DeploymentTargetList = { items: [...db.deploymentTargets].sort((a, b) => a.name.localeCompare(b.name)).map(view) }
    return HttpResponse.json(body)
  }),
  http.get(ADMIN_API.deploymentTarget.path, ({ params }) => {
    const denied = adminGuard(false)
    if (denied) return denied
    const t = find(String(params.id))
    if (!t) return notFound()
    const body: DeploymentTargetDetail = {
      target: view(t),
      exocorps: placedOn(t.id)
        .sort((a, b) => a.slug.localeCompare(b.slug))
        .map((c) => ({
          id: c.id,
          slug: c.slug,
          name: c.name,
          status: c.status,
          health: c.health,
          installedVersion: c.installedVersion,
          busy: c.job !== null,
        })),
    }
    return HttpResponse.json(body)
  }),
  http.post(ADMIN_API.createDeploymentTarget.path, async ({ request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = CreateDeploymentTargetInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, CreateDeploymentTargetInputSchema)
    const input = parsed.data
    if (!AVAILABLE_DRIVERS.includes(input.config.driver)) {
      return apiError(400, 'validation_failed', `The ${input.config.driver} driver is not available in this build`, {
        reason: 'driver_not_available',
        fields: { 'config.driver': [`The ${input.config.driver} driver is not available yet`] },
      })
    }
    if (db.deploymentTargets.some((t) => t.name === input.name)) {
      return ruleRefused('name', 'Another target has this name', 'target_name_taken')
    }
    const now = new Date().toISOString()
    const t: Stored = {
      id: crypto.randomUUID(),
      name: input.name,
      driver: input.config.driver,
      config: input.config,
      routingMode: input.routingMode,
      isolationMode: input.isolationMode,
      state: 'active',
      capacity: input.capacity,
      defaultHosts: input.defaultHosts,
      hosts: input.defaultHosts.length ? input.defaultHosts : ['*.portal.localhost:8787', '*.app.localhost:8787'],
      schemaVersion: null,
      health: 'unknown',
      healthReason: 'Not probed yet',
      healthCheckedAt: null,
      checks: [],
      createdAt: now,
      updatedAt: now,
    }
    db.deploymentTargets.push(t)
    audited('deployment_target.created', t.id, `created deployment target ${t.name}`)
    return HttpResponse.json(view(t), { status: 201 })
  }),
  http.patch(ADMIN_API.updateDeploymentTarget.path, async ({ params, request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = UpdateDeploymentTargetInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, UpdateDeploymentTargetInputSchema)
    const t = find(String(params.id))
    if (!t) return notFound()
    const { minFreeDiskMb, ...rest } = parsed.data
    const placed = placedOn(t.id).length
    if (rest.capacity !== undefined && rest.capacity < placed) {
      return ruleRefused(
        'capacity',
        `${placed} exocorps are placed here; move some before lowering it`,
        'target_capacity_below_placed',
        { vars: { count: placed } },
      )
    }
    Object.assign(t, Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)), {
      updatedAt: new Date().toISOString(),
    })
    if (minFreeDiskMb !== undefined && t.config.driver === 'local') t.config = { ...t.config, minFreeDiskMb }
    audited('deployment_target.updated', t.id, `edited deployment target ${t.name}`)
    return HttpResponse.json(view(t))
  }),
  ...(['drain', 'activate'] as const).map((verb) =>
    http.post(
      (verb === 'drain' ? ADMIN_API.drainDeploymentTarget : ADMIN_API.activateDeploymentTarget).path,
      async ({ params, request }) => {
        const denied = adminGuard(true)
        if (denied) return denied
        const parsed = EmptyActionInputSchema.safeParse(await jsonOf(request))
        if (!parsed.success) return invalidInput(parsed.error.issues, EmptyActionInputSchema)
        const t = find(String(params.id))
        if (!t) return notFound()
        const state = verb === 'drain' ? 'draining' : 'active'
        if (t.state === state) return apiError(409, 'conflict', `${t.name} is already ${state}`, { reason: 'invalid_transition' })
        t.state = state
        audited(`deployment_target.${verb === 'drain' ? 'drained' : 'activated'}`, t.id, `${verb} ${t.name}`)
        return HttpResponse.json(view(t))
      },
    ),
  ),
  http.post(ADMIN_API.probeDeploymentTarget.path, async ({ params }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const t = find(String(params.id))
    if (!t) return notFound()
    // The mock's machine has room: a probe finds every local target healthy.
    Object.assign(t, {
      health: 'healthy',
      healthReason: null,
      healthCheckedAt: new Date().toISOString(),
      checks: [{ name: 'data dir', ok: true, detail: 'writable' }],
    })
    audited('deployment_target.probed', t.id, `probed ${t.name}: healthy`)
    return HttpResponse.json(view(t))
  }),
  http.delete(ADMIN_API.removeDeploymentTarget.path, ({ params }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const t = find(String(params.id))
    if (!t) return notFound()
    const placed = placedOn(t.id).length
    if (placed > 0)
      return apiError(409, 'conflict', `${t.name} still holds ${placed} exocorps; move them first`, {
        reason: 'target_not_empty',
      })
    db.deploymentTargets = db.deploymentTargets.filter((x) => x.id !== t.id)
    audited('deployment_target.removed', t.id, `removed ${t.name}`)
    return HttpResponse.json({ ok: true })
  }),
  http.post(ADMIN_API.moveExocorp.path, async ({ request }) => {
    const denied = adminGuard(true)
    if (denied) return denied
    const parsed = MoveExocorpInputSchema.safeParse(await jsonOf(request))
    if (!parsed.success) return invalidInput(parsed.error.issues, MoveExocorpInputSchema)
    const c = db.fleet.companies.find((x) => x.id === parsed.data.companyId)
    if (!c) return apiError(404, 'not_found', 'Exocorp not found')
    const t = find(parsed.data.targetId)
    if (!t) return notFound()
    if (parsed.data.confirm !== c.slug) {
      return apiError(400, 'validation_failed', `Type the exocorp's slug (${c.slug}) to confirm`, {
        fields: { confirm: [`Type ${c.slug} to confirm`] },
      })
    }
    if (c.job)
      return apiError(409, 'conflict', 'Another lifecycle action is still running; wait for it to finish', {
        reason: 'job_in_flight',
      })
    const refusal = moveRefusal({ ...t, placed: placedOn(t.id).length }, targetOf(c.id))
    if (refusal) return apiError(409, 'conflict', refusal, { reason: 'move_refused' })
    const from = targetOf(c.id)
    db.placements.set(c.id, t.id)
    audited('company.move', c.id, `moved ${c.slug} to ${t.name}`)
    const body: MoveResult = { companyId: c.id, fromTargetId: from, targetId: t.id, jobId: crypto.randomUUID(), status: c.status }
    return HttpResponse.json(body, { status: 202 })
  }),
]
