import path from 'node:path'
import { and, asc, count, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm'
import {
  AVAILABLE_DRIVERS,
  DeploymentTargetConfigSchema,
  placementRefusal,
  type CreateDeploymentTargetInput,
  type DeploymentTarget,
  type DeploymentTargetConfig,
  type DeploymentTargetDetail,
  type PlacementCandidate,
  type TargetCheck,
  type UpdateDeploymentTargetInput,
} from '@exocorp/shared/deployments'
import type { Deps } from '../../deps'
import type { Db } from '../../db/client'
import { isUniqueViolation } from '../../db/portable'
import { companies, jobs } from '../../db/schema/companies'
import { deploymentTargets } from '../../db/schema/deployments'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'
import { domainBasesFromEnv } from '../../runtime/domains'
import type { RuntimePlacement } from '../../runtime/driver'

/*
 * The deployment-target registry (issue 18 item 3, decision 054): CRUD for admins, the views the
 * admin screen reads, and what placement and the runner need (candidates with their load, the
 * placement of a company as the runtime driver takes it).
 */

export type TargetRow = typeof deploymentTargets.$inferSelect
type ReadDeps = Pick<Deps, 'db'>

/** The seeded default (migration 0036 / pg 0031): the platform's own machine and data dir. */
export const DEFAULT_TARGET_ID = 'local'

export function parseTargetConfig(row: Pick<TargetRow, 'config'>): DeploymentTargetConfig | null {
  try {
    const parsed = DeploymentTargetConfigSchema.safeParse(JSON.parse(row.config))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function parseStrings(text: string | null): string[] {
  if (!text) return []
  try {
    const v: unknown = JSON.parse(text)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

function parseChecks(text: string | null): TargetCheck[] {
  if (!text) return []
  try {
    const v: unknown = JSON.parse(text)
    if (!Array.isArray(v)) return []
    return v.flatMap((c: unknown) =>
      c && typeof c === 'object' && 'name' in c && 'ok' in c && 'detail' in c
        ? [{ name: String(c.name), ok: c.ok === true, detail: String(c.detail) }]
        : [],
    )
  } catch {
    return []
  }
}

/** Where a local target keeps its runtimes; null for the platform's own data dir. */
export function targetDataDir(env: Deps['env'], config: DeploymentTargetConfig | null): string | null {
  if (!config || config.driver !== 'local' || !config.dataSubdir) return null
  return path.join(env.dataDir, 'targets', config.dataSubdir)
}

/** The directory a local target's probe checks: its own, or the platform's data dir. */
export function probedDataDir(env: Deps['env'], config: DeploymentTargetConfig | null): string {
  return targetDataDir(env, config) ?? env.dataDir
}

/** Placed exocorps (every status but destroyed) and running ones, per target. */
async function loads(q: Db, ids?: string[]): Promise<Map<string, { placed: number; running: number }>> {
  const rows = await q
    .select({
      targetId: companies.deploymentTargetId,
      placed: count(),
      running: sql<number>`sum(case when ${companies.status} = 'running' then 1 else 0 end)`,
    })
    .from(companies)
    .where(
      and(
        isNotNull(companies.deploymentTargetId),
        ne(companies.status, 'destroyed'),
        ids ? inArray(companies.deploymentTargetId, ids) : undefined,
      ),
    )
    .groupBy(companies.deploymentTargetId)
  return new Map(rows.map((r) => [r.targetId!, { placed: Number(r.placed), running: Number(r.running ?? 0) }]))
}

export function candidateOf(row: TargetRow, placed: number): PlacementCandidate {
  return {
    id: row.id,
    name: row.name,
    driver: row.driver,
    state: row.state,
    isolationMode: row.isolationMode,
    health: row.health,
    healthReason: row.healthReason,
    capacity: row.capacity,
    placed,
  }
}

/** Every target with its load, for the placement rule (inside the caller's transaction). */
export async function placementCandidates(q: Db): Promise<PlacementCandidate[]> {
  const rows = await q.select().from(deploymentTargets).orderBy(asc(deploymentTargets.name))
  const load = await loads(q)
  return rows.map((r) => candidateOf(r, load.get(r.id)?.placed ?? 0))
}

export async function findTarget(q: ReadDeps, id: string): Promise<TargetRow | null> {
  const [row] = await q.db.select().from(deploymentTargets).where(eq(deploymentTargets.id, id)).limit(1)
  return row ?? null
}

function toTarget(env: Deps['env'], row: TargetRow, load: { placed: number; running: number }): DeploymentTarget {
  const config = parseTargetConfig(row) ?? { driver: 'local' as const, dataSubdir: null, minFreeDiskMb: 64 }
  const defaultHosts = parseStrings(row.defaultHosts)
  const bases = domainBasesFromEnv(env)
  const refusal = placementRefusal(candidateOf(row, load.placed))
  return {
    id: row.id,
    name: row.name,
    driver: row.driver,
    config,
    routingMode: row.routingMode,
    isolationMode: row.isolationMode,
    state: row.state,
    capacity: row.capacity,
    placed: load.placed,
    running: load.running,
    defaultHosts,
    hosts: defaultHosts.length ? defaultHosts : [`*.${bases.portal.host}`, `*.${bases.app.host}`],
    schemaVersion: row.schemaVersion,
    health: row.health,
    healthReason: row.healthReason,
    healthCheckedAt: row.healthCheckedAt,
    checks: parseChecks(row.healthChecks),
    placeable: refusal === null,
    notPlaceableReason: refusal,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

export async function listDeploymentTargets(deps: Pick<Deps, 'db' | 'env'>): Promise<{ items: DeploymentTarget[] }> {
  const rows = await deps.db.select().from(deploymentTargets).orderBy(asc(deploymentTargets.name))
  const load = await loads(deps.db)
  return { items: rows.map((r) => toTarget(deps.env, r, load.get(r.id) ?? { placed: 0, running: 0 })) }
}

export async function deploymentTargetDetail(deps: Pick<Deps, 'db' | 'env'>, id: string): Promise<DeploymentTargetDetail> {
  const row = await findTarget(deps, id)
  if (!row) throw AppError.notFound('Deployment target')
  const load = await loads(deps.db, [id])
  const placed = await deps.db
    .select({
      id: companies.id,
      slug: companies.slug,
      name: companies.name,
      status: companies.status,
      health: companies.health,
      installedVersion: companies.installedVersion,
    })
    .from(companies)
    .where(and(eq(companies.deploymentTargetId, id), ne(companies.status, 'destroyed')))
    .orderBy(asc(companies.slug))
    .limit(500)
  const busy = placed.length
    ? new Set(
        (
          await deps.db
            .select({ companyId: jobs.companyId })
            .from(jobs)
            .where(
              and(
                inArray(
                  jobs.companyId,
                  placed.map((p) => p.id),
                ),
                inArray(jobs.status, ['queued', 'running']),
              ),
            )
        ).map((j) => j.companyId),
      )
    : new Set<string>()
  return {
    target: toTarget(deps.env, row, load.get(id) ?? { placed: 0, running: 0 }),
    exocorps: placed.map((p) => ({ ...p, busy: busy.has(p.id) })),
  }
}

function notAvailable(driver: string): AppError {
  return new AppError(
    400,
    'validation_failed',
    `The ${driver} driver is not available in this build; only local targets run exocorps`,
    {
      reason: 'driver_not_available',
      fields: { 'config.driver': [`The ${driver} driver is not available yet`] },
    },
  )
}

const nameTaken = () => AppError.rule('name', 'Another target has this name', 'target_name_taken')

export async function createDeploymentTarget(
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  input: CreateDeploymentTargetInput,
): Promise<DeploymentTarget> {
  if (!AVAILABLE_DRIVERS.includes(input.config.driver)) throw notAvailable(input.config.driver)
  if (input.config.driver === 'local' && !input.config.dataSubdir) {
    // The platform's own data dir belongs to the default target: two targets would share runtimes.
    throw AppError.rule('config.dataSubdir', 'Give the target a data directory of its own', 'target_data_dir_needed')
  }
  const now = deps.clock.now().toISOString()
  const row: TargetRow = {
    id: newId(),
    name: input.name,
    driver: input.config.driver,
    config: JSON.stringify(input.config),
    routingMode: input.routingMode,
    isolationMode: input.isolationMode,
    state: 'active',
    capacity: input.capacity,
    defaultHosts: JSON.stringify(input.defaultHosts),
    schemaVersion: null,
    health: 'unknown',
    healthReason: 'Not probed yet',
    healthCheckedAt: null,
    healthChecks: null,
    createdAt: now,
    updatedAt: now,
  }
  await deps.db
    .write(async (tx) => {
      const rows = await tx.select({ id: deploymentTargets.id, config: deploymentTargets.config }).from(deploymentTargets)
      const subdir = input.config.driver === 'local' ? input.config.dataSubdir : null
      const subdirOf = (r: { config: string }) => {
        const c = parseTargetConfig(r)
        return c?.driver === 'local' ? c.dataSubdir : null
      }
      if (subdir && rows.some((r) => subdirOf(r) === subdir)) {
        throw AppError.rule('config.dataSubdir', 'Another target uses this data directory', 'target_data_dir_taken')
      }
      await tx.insert(deploymentTargets).values(row)
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw nameTaken()
      throw err
    })
  return toTarget(deps.env, row, { placed: 0, running: 0 })
}

export async function updateDeploymentTarget(
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  id: string,
  input: UpdateDeploymentTargetInput,
): Promise<{ target: DeploymentTarget; changed: string[] }> {
  const result = await deps.db
    .write(async (tx) => {
      const [row] = await tx.select().from(deploymentTargets).where(eq(deploymentTargets.id, id)).limit(1)
      if (!row) throw AppError.notFound('Deployment target')
      const load = (await loads(tx, [id])).get(id) ?? { placed: 0, running: 0 }
      if (input.capacity !== undefined && input.capacity < load.placed) {
        throw AppError.rule(
          'capacity',
          `${load.placed} exocorps are placed here; move some before lowering it`,
          'target_capacity_below_placed',
          { vars: { count: load.placed } },
        )
      }
      if (input.isolationMode === 'dedicated' && load.placed > 1) {
        throw AppError.rule(
          'isolationMode',
          `${load.placed} exocorps share this target; a dedicated one holds one`,
          'target_dedicated_shared',
          { vars: { count: load.placed } },
        )
      }
      const config = parseTargetConfig(row)
      const patch: Partial<TargetRow> = {}
      if (input.name !== undefined && input.name !== row.name) patch.name = input.name
      if (input.routingMode !== undefined && input.routingMode !== row.routingMode) patch.routingMode = input.routingMode
      if (input.isolationMode !== undefined && input.isolationMode !== row.isolationMode)
        patch.isolationMode = input.isolationMode
      if (input.capacity !== undefined && input.capacity !== row.capacity) patch.capacity = input.capacity
      if (input.defaultHosts !== undefined && JSON.stringify(input.defaultHosts) !== row.defaultHosts)
        patch.defaultHosts = JSON.stringify(input.defaultHosts)
      if (input.minFreeDiskMb !== undefined) {
        if (config?.driver !== 'local')
          throw AppError.rule('minFreeDiskMb', 'Only local targets have a disk threshold', 'target_disk_local_only')
        if (config.minFreeDiskMb !== input.minFreeDiskMb)
          patch.config = JSON.stringify({ ...config, minFreeDiskMb: input.minFreeDiskMb })
      }
      const changed = Object.keys(patch)
      if (changed.length) {
        patch.updatedAt = deps.clock.now().toISOString()
        await tx.update(deploymentTargets).set(patch).where(eq(deploymentTargets.id, id))
      }
      return { row: { ...row, ...patch }, load, changed }
    })
    .catch((err: unknown) => {
      if (isUniqueViolation(err)) throw nameTaken()
      throw err
    })
  return { target: toTarget(deps.env, result.row, result.load), changed: result.changed }
}

/** Drain (no new placements, existing exocorps stay) or make active again. */
export async function setTargetState(
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  id: string,
  state: 'active' | 'draining',
): Promise<DeploymentTarget> {
  const result = await deps.db.write(async (tx) => {
    const [row] = await tx.select().from(deploymentTargets).where(eq(deploymentTargets.id, id)).limit(1)
    if (!row) throw AppError.notFound('Deployment target')
    if (row.state === state) throw AppError.conflict('invalid_transition', `${row.name} is already ${state}`, { state })
    const updatedAt = deps.clock.now().toISOString()
    await tx.update(deploymentTargets).set({ state, updatedAt }).where(eq(deploymentTargets.id, id))
    return { row: { ...row, state, updatedAt }, load: (await loads(tx, [id])).get(id) ?? { placed: 0, running: 0 } }
  })
  return toTarget(deps.env, result.row, result.load)
}

/** Removes a target that holds no exocorp (destroyed ones keep no claim on it). */
export async function removeDeploymentTarget(deps: Pick<Deps, 'db'>, id: string): Promise<{ name: string }> {
  return deps.db.write(async (tx) => {
    const [row] = await tx.select().from(deploymentTargets).where(eq(deploymentTargets.id, id)).limit(1)
    if (!row) throw AppError.notFound('Deployment target')
    const placed = (await loads(tx, [id])).get(id)?.placed ?? 0
    if (placed > 0) {
      throw AppError.conflict(
        'target_not_empty',
        `${row.name} still holds ${placed} exocorp${placed === 1 ? '' : 's'}; move them first`,
        {
          placed,
        },
      )
    }
    await tx.update(companies).set({ deploymentTargetId: null }).where(eq(companies.deploymentTargetId, id))
    await tx.delete(deploymentTargets).where(eq(deploymentTargets.id, id))
    return { name: row.name }
  })
}

/** The placement of a company as the runtime driver takes it (null: the default driver). */
export async function runtimePlacementOf(deps: Pick<Deps, 'db' | 'env'>, companyId: string): Promise<RuntimePlacement | null> {
  const [row] = await deps.db
    .select({ targetId: deploymentTargets.id, config: deploymentTargets.config })
    .from(companies)
    .innerJoin(deploymentTargets, eq(deploymentTargets.id, companies.deploymentTargetId))
    .where(eq(companies.id, companyId))
    .limit(1)
  if (!row) return null
  return { targetId: row.targetId, dataDir: targetDataDir(deps.env, parseTargetConfig(row)) }
}
