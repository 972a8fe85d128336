import { http, HttpResponse } from 'msw'
import { API } from '@exocorp/shared/api-paths'
import {
  CreateRunnerInputSchema,
  EnqueueWorkloadInputSchema,
  WorkloadQuerySchema,
  type IssuedRunner,
  type QueuedWorkload,
  type QueuedWorkloadList,
  type Runner,
  type RunnerList,
  type Workload,
  type WorkloadList,
} from '@exocorp/shared/workloads'
import { db } from '../mock-db'
import { apiError, requireUser } from '../http'

// Workloads (members read) and runners (owners), typed by the shared contract (decision 037).

function access(id: unknown, userId: string): { c: { id: string } | null; role: 'owner' | 'member' | null } {
  const c = db.fleet.companies.find((x) => x.id === id)
  if (!c) return { c: null, role: null }
  if (c.ownerId === userId) return { c, role: 'owner' }
  if (db.teams.memberships.some((m) => m.companyId === c.id && m.userId === userId)) return { c, role: 'member' }
  return { c: null, role: null }
}

const strip = <T extends { companyId: string }>({ companyId: _c, ...rest }: T) => rest

export const workloadHandlers = [
  http.get(API.registry.workloads.path, ({ params, request }) => {
    const { user, denied } = requireUser()
    if (!user) return denied
    const { c } = access(params.id, user.id)
    if (!c) return apiError(404, 'not_found', 'No such exocorp')
    const q = WorkloadQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!q.success) return apiError(400, 'validation_failed', 'Some fields are invalid', { fields: {} })
    const { status, sort, order, limit, cursor } = q.data
    const key = (w: Workload) => (sort === 'agent' ? w.agent : sort === 'status' ? w.status : w.startedAt)
    const sorted = db.workloads
      .filter((w) => w.companyId === c.id && (!status || w.status === status))
      .sort((a, b) => (order === 'asc' ? 1 : -1) * (key(a).localeCompare(key(b)) || a.id.localeCompare(b.id)))
    // The BFF's cursor is opaque (a keyset); the mock's is an offset, which a client cannot tell apart.
    const offset = cursor === undefined ? 0 : Number(cursor)
    if (!Number.isInteger(offset) || offset < 0)
      return apiError(400, 'validation_failed', 'Some fields are invalid', {
        fields: { cursor: ['Invalid cursor: use the nextCursor of a previous page'] },
      })
    const page = sorted.slice(offset, offset + limit)
    const body: WorkloadList = {
      items: page.map(strip),
      nextCursor: offset + limit < sorted.length ? String(offset + limit) : null,
    }
    return HttpResponse.json(body)
  }),
  // The queue (decision 053): members read it, owners add to it; no runner claims in the mock.
  http.get(API.registry.workloadQueue.path, ({ params }) => {
    const { user, denied } = requireUser()
    if (!user) return denied
    const { c } = access(params.id, user.id)
    if (!c) return apiError(404, 'not_found', 'No such exocorp')
    const body: QueuedWorkloadList = { items: db.workloadQueue.filter((w) => w.companyId === c.id).map(strip) }
    return HttpResponse.json(body)
  }),
  http.post(API.registry.enqueueWorkload.path, async ({ params, request }) => {
    const { user, denied } = requireUser()
    if (!user) return denied
    const { c, role } = access(params.id, user.id)
    if (!c) return apiError(404, 'not_found', 'No such exocorp')
    if (role !== 'owner') return apiError(403, 'forbidden', 'Only the owner of this exocorp can do this')
    const input = EnqueueWorkloadInputSchema.safeParse(await request.json().catch(() => null))
    if (!input.success) {
      const fields: Record<string, string[]> = {}
      for (const issue of input.error.issues) {
        const key = String(issue.path[0] ?? '_')
        ;(fields[key] ??= []).push(issue.message)
      }
      return apiError(400, 'validation_failed', 'Some fields are invalid', { fields })
    }
    const queued: QueuedWorkload = {
      id: `wl_mock_queued_${db.workloadQueue.length + 1}`,
      agent: input.data.agent,
      title: input.data.title,
      status: 'queued',
      queuedAt: new Date().toISOString(),
    }
    db.workloadQueue.push({ ...queued, companyId: c.id })
    return HttpResponse.json(queued, { status: 201 })
  }),
  http.get(API.registry.runners.path, ({ params }) => {
    const { user, denied } = requireUser()
    if (!user) return denied
    const { c, role } = access(params.id, user.id)
    if (!c) return apiError(404, 'not_found', 'No such exocorp')
    if (role !== 'owner') return apiError(403, 'forbidden', 'Only the owner of this exocorp can do this')
    const body: RunnerList = { items: db.runners.filter((r) => r.companyId === c.id).map(strip) }
    return HttpResponse.json(body)
  }),
  http.post(API.registry.createRunner.path, async ({ params, request }) => {
    const { user, denied } = requireUser()
    if (!user) return denied
    const { c, role } = access(params.id, user.id)
    if (!c) return apiError(404, 'not_found', 'No such exocorp')
    if (role !== 'owner') return apiError(403, 'forbidden', 'Only the owner of this exocorp can do this')
    const input = CreateRunnerInputSchema.safeParse(await request.json().catch(() => null))
    if (!input.success)
      return apiError(400, 'validation_failed', 'Some fields are invalid', { fields: { name: ['Name the runner'] } })
    const runner: Runner = {
      id: `r-${db.runners.length + 1}`,
      name: input.data.name,
      status: 'pending',
      hostname: null,
      version: null,
      createdAt: new Date().toISOString(),
      enrolledAt: null,
      lastHeartbeatAt: null,
    }
    db.runners.unshift({ ...runner, companyId: c.id })
    const body: IssuedRunner = { runner, enrollmentToken: `exo_run_mock${db.runners.length}` }
    return HttpResponse.json(body, { status: 201 })
  }),
  http.post(API.registry.revokeRunner.path, ({ params }) => {
    const { user, denied } = requireUser()
    if (!user) return denied
    const { c, role } = access(params.id, user.id)
    if (!c) return apiError(404, 'not_found', 'No such exocorp')
    if (role !== 'owner') return apiError(403, 'forbidden', 'Only the owner of this exocorp can do this')
    const r = db.runners.find((x) => x.id === params.runnerId && x.companyId === c.id)
    if (!r) return apiError(404, 'not_found', 'No such runner')
    r.status = 'revoked'
    return HttpResponse.json(strip(r))
  }),
]
