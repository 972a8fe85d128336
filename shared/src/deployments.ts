import { z } from 'zod/mini'
import { keyedPattern, rule } from './field-rules'

/*
 * Deployment targets (issue 18 item 3, seed 003, decision 054): where exocorps run. A target names
 * a driver and that driver's settings, how its exocorps are reached (routing mode), whether it is
 * shared by many exocorps or dedicated to one (isolation mode), how many it may hold (capacity),
 * the hosts it serves by default and the health the platform last probed. Every exocorp is placed
 * on one target (`placeExocorp` below, the documented rule) and an admin can move it to another.
 */

export const DEPLOYMENT_DRIVERS = ['local', 'kubernetes'] as const
export const DeploymentDriverSchema = z.enum(DEPLOYMENT_DRIVERS)
export type DeploymentDriver = z.infer<typeof DeploymentDriverSchema>
/** Drivers this build can run exocorps on; the others are a recorded shape, refused on create. */
export const AVAILABLE_DRIVERS: readonly DeploymentDriver[] = ['local']

export const RoutingModeSchema = z.enum(['subdomain', 'path', 'custom_domain'])
export type RoutingMode = z.infer<typeof RoutingModeSchema>
export const IsolationModeSchema = z.enum(['shared', 'dedicated'])
export type IsolationMode = z.infer<typeof IsolationModeSchema>
export const TargetStateSchema = z.enum(['active', 'draining'])
export type TargetState = z.infer<typeof TargetStateSchema>
export const TargetHealthSchema = z.enum(['unknown', 'healthy', 'unhealthy'])
export type TargetHealth = z.infer<typeof TargetHealthSchema>

const label = keyedPattern(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'target_label_pattern')
const labelMessage = 'Use 1–40 lower-case letters, digits and dashes (not at either end)'

/**
 * The local driver: runtimes are child processes on this machine. `dataSubdir` puts them under
 * `<data dir>/targets/<dataSubdir>` (null: the platform's own data dir, the default target);
 * a probe reports the target unhealthy when less than `minFreeDiskMb` is free there.
 */
export const LocalTargetConfigSchema = z.strictObject({
  driver: z.literal('local'),
  dataSubdir: z.nullable(z.string().check(z.regex(label, labelMessage))),
  minFreeDiskMb: z._default(z.int().check(z.minimum(0), z.maximum(10_000_000)), 64),
})
export type LocalTargetConfig = z.infer<typeof LocalTargetConfigSchema>

/**
 * What a Kubernetes target needs: the kube context to act through, the namespace its exocorps go
 * in, the ingress class that routes to them, and optionally a storage class for their data and the
 * runtime image. Validated and then refused (400 `driver_not_available`) until the driver exists.
 */
export const KubernetesTargetConfigSchema = z.strictObject({
  driver: z.literal('kubernetes'),
  kubeContext: z.string().check(z.trim(), z.minLength(1, 'Name the kube context'), z.maxLength(253)),
  namespace: z
    .string()
    .check(
      z.regex(
        keyedPattern(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'target_namespace_pattern'),
        'A DNS label (RFC 1123), at most 63 characters',
      ),
    ),
  ingressClass: z.string().check(z.trim(), z.minLength(1, 'Name the ingress class'), z.maxLength(253)),
  storageClass: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(253))),
  image: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
})
export type KubernetesTargetConfig = z.infer<typeof KubernetesTargetConfigSchema>

export const DeploymentTargetConfigSchema = z.discriminatedUnion('driver', [
  LocalTargetConfigSchema,
  KubernetesTargetConfigSchema,
])
export type DeploymentTargetConfig = z.infer<typeof DeploymentTargetConfigSchema>

const HostSchema = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.regex(
      keyedPattern(
        /^(\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/,
        'target_host_pattern',
      ),
      'A host name, optionally with a leading *. and a port',
    ),
    z.maxLength(253),
  )

const name = z.string().check(z.regex(label, labelMessage))
const capacity = z.int().check(z.minimum(0, 'At least 0'), z.maximum(100_000, 'At most 100,000'))
const hosts = z.array(HostSchema).check(z.maxLength(20, 'At most 20 hosts'))

export const CreateDeploymentTargetInputSchema = z.strictObject({
  name,
  config: DeploymentTargetConfigSchema,
  routingMode: RoutingModeSchema,
  isolationMode: IsolationModeSchema,
  capacity,
  defaultHosts: z._default(hosts, []),
})
export type CreateDeploymentTargetInput = z.infer<typeof CreateDeploymentTargetInputSchema>

/** An edit: the driver and its data location are fixed once exocorps can be placed there. */
export const UpdateDeploymentTargetInputSchema = z
  .strictObject({
    name: z.optional(name),
    routingMode: z.optional(RoutingModeSchema),
    isolationMode: z.optional(IsolationModeSchema),
    capacity: z.optional(capacity),
    defaultHosts: z.optional(hosts),
    minFreeDiskMb: z.optional(z.int().check(z.minimum(0), z.maximum(10_000_000))),
  })
  .check(z.refine((v) => Object.values(v).some((x) => x !== undefined), rule('Change at least one field', 'target_change_one')))
export type UpdateDeploymentTargetInput = z.infer<typeof UpdateDeploymentTargetInputSchema>

export const DeploymentTargetPathSchema = z.strictObject({
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a target id')),
})

export const MoveExocorpInputSchema = z.strictObject({
  companyId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an exocorp id')),
  targetId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a target id')),
  /** The exocorp's slug, typed: a move reprovisions it. */
  confirm: z.string().check(z.maxLength(100)),
})
export type MoveExocorpInput = z.infer<typeof MoveExocorpInputSchema>

export const TargetCheckSchema = z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })
export type TargetCheck = z.infer<typeof TargetCheckSchema>

export const DeploymentTargetSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: DeploymentDriverSchema,
  config: DeploymentTargetConfigSchema,
  routingMode: RoutingModeSchema,
  isolationMode: IsolationModeSchema,
  state: TargetStateSchema,
  capacity: z.number(),
  /** Exocorps placed here (every status but destroyed). */
  placed: z.number(),
  /** Of those, how many are running. */
  running: z.number(),
  /** As stored; empty means the platform's own domain bases (`hosts` shows them). */
  defaultHosts: z.array(z.string()),
  hosts: z.array(z.string()),
  /** The last migration the target's database has applied (for local targets, the platform's). */
  schemaVersion: z.nullable(z.string()),
  health: TargetHealthSchema,
  healthReason: z.nullable(z.string()),
  healthCheckedAt: z.nullable(z.string()),
  checks: z.array(TargetCheckSchema),
  /** Whether new exocorps can be placed here now (`placeExocorp`), and why not. */
  placeable: z.boolean(),
  notPlaceableReason: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type DeploymentTarget = z.infer<typeof DeploymentTargetSchema>

export const DeploymentTargetListSchema = z.object({ items: z.array(DeploymentTargetSchema) })
export type DeploymentTargetList = z.infer<typeof DeploymentTargetListSchema>

export const PlacedExocorpSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  status: z.string(),
  health: z.string(),
  installedVersion: z.nullable(z.string()),
  /** A lifecycle job is queued or running: a move is refused until it ends. */
  busy: z.boolean(),
})
export type PlacedExocorp = z.infer<typeof PlacedExocorpSchema>

export const DeploymentTargetDetailSchema = z.object({
  target: DeploymentTargetSchema,
  exocorps: z.array(PlacedExocorpSchema),
})
export type DeploymentTargetDetail = z.infer<typeof DeploymentTargetDetailSchema>

export const MoveResultSchema = z.object({
  companyId: z.string(),
  fromTargetId: z.nullable(z.string()),
  targetId: z.string(),
  jobId: z.string(),
  status: z.string(),
})
export type MoveResult = z.infer<typeof MoveResultSchema>

/* ---------------------------------------------------------------------------------------------- */
/* The placement rule                                                                             */
/* ---------------------------------------------------------------------------------------------- */

export interface PlacementCandidate {
  id: string
  name: string
  driver: DeploymentDriver
  state: TargetState
  isolationMode: IsolationMode
  health: TargetHealth
  healthReason: string | null
  capacity: number
  /** Exocorps placed there now (destroyed ones not counted). */
  placed: number
}

export type Placement = { ok: true; targetId: string } | { ok: false; reason: string }

/** Why a target cannot take a new exocorp by the rule, or null when it can. */
export function placementRefusal(t: PlacementCandidate): string | null {
  if (!AVAILABLE_DRIVERS.includes(t.driver)) return `${t.name}: the ${t.driver} driver is not available`
  if (t.state === 'draining') return `${t.name} is draining`
  if (t.health !== 'healthy')
    return `${t.name} is ${t.health === 'unknown' ? 'not probed yet' : 'unhealthy'}${t.healthReason ? ` (${t.healthReason})` : ''}`
  if (t.isolationMode === 'dedicated') return `${t.name} is dedicated (exocorps go there only by a move)`
  if (t.placed >= t.capacity) return `${t.name} is full (${t.placed} of ${t.capacity})`
  return null
}

/**
 * Where a new exocorp goes (decision 054). Eligible: a target whose driver this build runs, that is
 * active (not draining), healthy at its last probe, shared (a dedicated target is filled only by an
 * admin's move) and below its capacity. Of those, the least loaded by fraction of capacity
 * (placed ÷ capacity, compared exactly), then the one with fewer exocorps, then by name, then id.
 * None eligible: provisioning is blocked, and the reason names each target and why.
 */
export function placeExocorp(targets: readonly PlacementCandidate[]): Placement {
  const eligible = targets.filter((t) => placementRefusal(t) === null)
  if (eligible.length === 0) {
    const why = targets.map((t) => placementRefusal(t)).join('; ')
    return {
      ok: false,
      reason: targets.length
        ? `No deployment target can take a new exocorp: ${why}`
        : 'No deployment target is registered; add one under Deployments',
    }
  }
  const [best] = [...eligible].sort(
    (a, b) =>
      a.placed * b.capacity - b.placed * a.capacity ||
      a.placed - b.placed ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )
  return { ok: true, targetId: best!.id }
}

/**
 * Why an exocorp cannot be moved onto `target` (an admin's move), or null. Like placement, but a
 * dedicated target takes one exocorp when it is empty.
 */
export function moveRefusal(target: PlacementCandidate, currentTargetId: string | null): string | null {
  if (target.id === currentTargetId) return `The exocorp already runs on ${target.name}`
  if (!AVAILABLE_DRIVERS.includes(target.driver)) return `${target.name}: the ${target.driver} driver is not available`
  if (target.state === 'draining') return `${target.name} is draining; it takes no new exocorps`
  if (target.health !== 'healthy')
    return `${target.name} is ${target.health === 'unknown' ? 'not probed yet' : 'unhealthy'}${target.healthReason ? ` (${target.healthReason})` : ''}`
  if (target.isolationMode === 'dedicated' && target.placed > 0) return `${target.name} is dedicated and already holds an exocorp`
  if (target.placed >= target.capacity) return `${target.name} is full (${target.placed} of ${target.capacity})`
  return null
}
