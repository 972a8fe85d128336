import { z } from 'zod/mini'
import {
  DESTRUCTIVE_ACTIONS,
  JobPhaseNameSchema,
  type CompanyStatus,
  type Health,
  type JobPhaseName,
  type LifecycleAction,
} from './companies'

/**
 * The lifecycle rules every side must agree on (DESIGN.md, "Lifecycle"): the transition table,
 * the refusal reasons and which actions answer 200 or 202. Pure data and functions only — the
 * BFF's engine (bff/src/services/lifecycle/) and the web's msw mock both read them, so a rule
 * changed here changes both at once (decision 022).
 */
export interface Transition {
  /** Statuses the action may start from. */
  from: readonly CompanyStatus[]
  /** Status while the job runs; null for actions that finish within the request. */
  via: CompanyStatus | null
  /** Status once the action succeeded. */
  to: CompanyStatus
  /** Phases the job runs, in order (empty: a single driver call). */
  phases: readonly JobPhaseName[]
}

/** Every phase, in the order a provisioning job runs them (the contract's enum order). */
export const ALL_PHASES: readonly JobPhaseName[] = JobPhaseNameSchema.options

export const PHASE_LABELS: Record<JobPhaseName, string> = {
  validate_draft: 'Validate draft',
  resolve_release: 'Resolve release',
  bind_credentials: 'Bind credentials',
  allocate_runtime: 'Allocate runtime',
  write_manifest: 'Write manifest',
  start_control_plane: 'Start control plane',
  health_check: 'Health check',
}

export const TRANSITIONS: Record<LifecycleAction, Transition> = {
  provision: { from: ['draft', 'stopped', 'failed'], via: 'provisioning', to: 'running', phases: ALL_PHASES },
  update: { from: ['running', 'paused'], via: 'provisioning', to: 'running', phases: ALL_PHASES },
  restart: {
    from: ['running', 'paused', 'failed'],
    via: 'starting',
    to: 'running',
    phases: ['start_control_plane', 'health_check'],
  },
  pause: { from: ['running'], via: null, to: 'paused', phases: [] },
  resume: { from: ['paused'], via: null, to: 'running', phases: [] },
  stop: { from: ['running', 'paused', 'failed', 'starting'], via: null, to: 'stopped', phases: [] },
  reprovision: { from: ['running', 'paused', 'stopped', 'failed'], via: 'provisioning', to: 'running', phases: ALL_PHASES },
  rollback: { from: ['running', 'paused', 'failed'], via: 'provisioning', to: 'running', phases: ALL_PHASES },
  destroy: {
    from: ['draft', 'provisioning', 'starting', 'running', 'paused', 'stopped', 'failed'],
    via: null,
    to: 'destroyed',
    phases: [],
  },
}

/**
 * Why a lifecycle action was refused: `error.details.reason` of its 409. Clients may branch on
 * these codes; the message beside them is for people and may change.
 */
export const LifecycleRefusalReasonSchema = z.enum([
  'invalid_state',
  'job_in_flight',
  'no_update_available',
  'no_previous_version',
  'never_provisioned',
  'billing_restricted',
  'no_price_book',
  'release_lookup_failed',
  'blocked',
  /**
   * The draft's settings do not fit what the target release declares (decision 052): a lifecycle
   * request answers 400 `validation_failed` with this reason and `settings.<key>` field errors.
   */
  'invalid_settings',
  /** The action was accepted but the runtime did not carry it out (immediate actions only). */
  'runtime_failed',
])
export type LifecycleRefusalReason = z.infer<typeof LifecycleRefusalReasonSchema>

/** Actions that start a runtime or keep one going: refused while the owner's billing is restricted. */
export const BILLING_GATED: readonly LifecycleAction[] = ['provision', 'update', 'reprovision', 'rollback', 'restart', 'resume']

/** Actions that need a release, a price book and credentials before they are accepted. */
export const RELEASE_ACTIONS: readonly LifecycleAction[] = ['provision', 'update', 'reprovision', 'rollback']

export function isDestructive(action: LifecycleAction) {
  return DESTRUCTIVE_ACTIONS.includes(action)
}

/** Starting a stopped exocorp that ran before reuses its release and manifest: a shorter job. */
export const START_PHASES: readonly JobPhaseName[] = ['allocate_runtime', 'start_control_plane', 'health_check']

function isStart(action: LifecycleAction, from: CompanyStatus, installedVersion: string | null) {
  return action === 'provision' && from === 'stopped' && installedVersion !== null
}

/** Status the company shows while this action's job runs (provision from stopped is a "start"). */
export function viaStatus(action: LifecycleAction, from: CompanyStatus, installedVersion: string | null): CompanyStatus | null {
  if (isStart(action, from, installedVersion)) return 'starting'
  return TRANSITIONS[action].via
}

export function phasesFor(
  action: LifecycleAction,
  from: CompanyStatus,
  installedVersion: string | null,
): readonly JobPhaseName[] {
  return isStart(action, from, installedVersion) ? START_PHASES : TRANSITIONS[action].phases
}

/**
 * HTTP status of an accepted action: 200 when it finished within the request (no phases: pause,
 * resume, stop, destroy), 202 when it queued a job the client follows on `jobs/current`.
 * A "start" (provision from stopped) has phases too, so the action alone decides.
 */
export function acceptedStatusFor(action: LifecycleAction): 200 | 202 {
  return TRANSITIONS[action].phases.length === 0 ? 200 : 202
}

export interface StateFacts {
  status: CompanyStatus
  installedVersion: string | null
  previousVersion: string | null
  /** Newest release on the company's channel, when the catalog answered. */
  availableVersion: string | null
  /** Action of the job queued or running on this exocorp, if any. */
  jobInFlight: string | null
  billingState: 'current' | 'grace' | 'restricted' | 'suspended' | null
}

export interface Refusal {
  reason: LifecycleRefusalReason
  message: string
}

/**
 * Refusals decided from what the catalog and the owner's credentials say (the BFF looks them up,
 * the mock has them in memory); the wording lives here so both sides say the same thing.
 */
export const refusals = {
  noPriceBook: (): Refusal => ({ reason: 'no_price_book', message: 'No model price book is active; ask a platform owner' }),
  releaseLookupFailed: (version: string | null, channel: string): Refusal => ({
    reason: 'release_lookup_failed',
    message: version ? `Release ${version} is not in the catalog` : `No release is published on the ${channel} channel`,
  }),
  invalidSettings: (version: string, fields: Readonly<Record<string, readonly string[]>>): Refusal => ({
    reason: 'invalid_settings',
    message: `The draft's settings do not fit release ${version}: ${Object.entries(fields)
      .map(([k, m]) => `${k}: ${m.join('; ')}`)
      .join(', ')}`,
  }),
  blocked: (missing: readonly string[]): Refusal => ({
    reason: 'blocked',
    message: `Bind credentials for ${missing.join(', ')} first`,
  }),
}

/**
 * Whether `action` may start now, from facts alone (no I/O). Returns null when allowed, or the
 * reason code and a sentence a person understands. Order matters: the first refusal wins.
 */
export function refusalFor(action: LifecycleAction, f: StateFacts): Refusal | null {
  const t = TRANSITIONS[action]
  if (f.status === 'destroyed') return { reason: 'invalid_state', message: 'This exocorp was destroyed' }
  // Stopping a runtime that is still starting cancels that start; everything else waits its turn,
  // including a second stop: once a stop holds the exocorp, the start is no longer in flight.
  const cancelsStart = action === 'stop' && f.status === 'starting' && f.jobInFlight !== 'stop'
  if (f.jobInFlight !== null && !cancelsStart) {
    return { reason: 'job_in_flight', message: 'Another lifecycle action is still running; wait for it to finish' }
  }
  if (!t.from.includes(f.status)) {
    return { reason: 'invalid_state', message: `Cannot ${action} an exocorp that is ${f.status}` }
  }
  if (action === 'update' && (!f.availableVersion || f.availableVersion === f.installedVersion)) {
    return { reason: 'no_update_available', message: 'Already on the newest release of this channel' }
  }
  if (action === 'rollback' && !f.previousVersion) {
    return { reason: 'no_previous_version', message: 'There is no previous version to roll back to' }
  }
  if (action === 'restart' && !f.installedVersion) {
    return { reason: 'never_provisioned', message: 'Nothing to restart: this exocorp was never provisioned successfully' }
  }
  if (BILLING_GATED.includes(action) && (f.billingState === 'restricted' || f.billingState === 'suspended')) {
    return {
      reason: 'billing_restricted',
      message: `The owner's billing account is ${f.billingState}; settle the balance to ${action} this exocorp`,
    }
  }
  return null
}

/** Release version the job installs; null for actions that do not change the version. */
export function targetVersionFor(action: LifecycleAction, f: StateFacts): string | null {
  switch (action) {
    case 'provision':
    case 'reprovision':
      return f.installedVersion ?? f.availableVersion
    case 'update':
      return f.availableVersion
    case 'rollback':
      return f.previousVersion
    case 'restart':
      return f.installedVersion
    default:
      return null
  }
}

/** How a lifecycle job ended, as the worker (or the mock's clock) saw it. */
export type JobOutcome =
  /** Every phase, or the immediate driver call, succeeded; `startedVersion` is the release the runtime now runs. */
  | { kind: 'succeeded'; startedVersion: string | null }
  /** A phase or the driver call failed with this message; `startedVersion` is the release it had got to, if any. */
  | { kind: 'failed'; error: string; startedVersion: string | null }
  /** The lease expired after the last allowed attempt (the platform restarted while it ran). */
  | { kind: 'abandoned'; error: string }

/** The company fields a job's end decides. */
export interface LifecycleState {
  status: CompanyStatus
  health: Health
  installedVersion: string | null
  previousVersion: string | null
  draftVersion: number
  deployedDraftVersion: number | null
  lastError: string | null
}

export interface OutcomeChange {
  next: LifecycleState
  /** `now`: the job just saw the runtime healthy; `clear`: no health is known any more; `keep`: unchanged. */
  healthCheckedAt: 'now' | 'clear' | 'keep'
  /** What happens to the record of where the runtime runs: `record` it (it runs now), `forget` it, or `keep` it. */
  runtime: 'record' | 'forget' | 'keep'
  /** The runtime's usage-report token stops working (it was stopped or destroyed). */
  revokeUsageToken: boolean
  /** Stamp `destroyedAt`. */
  destroyed: boolean
  /** The draft became the deployed configuration (copy the draft config beside `deployedDraftVersion`). */
  deployDraft: boolean
}

/**
 * The next lifecycle state once a job of `action` ended with `outcome` (pure; DESIGN.md "Lifecycle").
 * The BFF's job worker writes exactly this into the company row and the msw mock into its memory,
 * so a job's end reads the same on both sides (decision 034).
 *
 * - success: the transition's target status; running or paused means healthy; a phased job that
 *   started another release moves the old one to `previousVersion` (rollback target), and a job
 *   that validated the draft deploys it.
 * - failure of a phased job: `failed`, health unknown, runtime forgotten; a failed update keeps the
 *   version it came from as `previousVersion`, so rollback works. A failed immediate action
 *   (pause, resume, stop, destroy) changes nothing but `lastError`.
 * - abandoned: like a failure, and an exocorp left provisioning or starting fails too.
 */
export function applyOutcome(action: LifecycleAction, current: LifecycleState, outcome: JobOutcome): OutcomeChange {
  const t = TRANSITIONS[action]
  const phased = t.phases.length > 0
  const unchanged: OutcomeChange = {
    next: { ...current },
    healthCheckedAt: 'keep',
    runtime: 'keep',
    revokeUsageToken: false,
    destroyed: false,
    deployDraft: false,
  }
  const failed = (error: string): OutcomeChange => ({
    ...unchanged,
    next: { ...current, status: 'failed', health: 'unknown', lastError: error },
    healthCheckedAt: 'clear',
    runtime: 'forget',
  })
  const moveTo = (next: LifecycleState, started: string | null): LifecycleState =>
    started && started !== current.installedVersion
      ? { ...next, previousVersion: current.installedVersion, installedVersion: started }
      : next

  switch (outcome.kind) {
    case 'succeeded': {
      const live = t.to === 'running' || t.to === 'paused'
      let next: LifecycleState = { ...current, status: t.to, health: live ? 'healthy' : 'unknown', lastError: null }
      const deployDraft = phased && outcome.startedVersion !== null && t.phases.includes('validate_draft')
      if (phased) next = moveTo(next, outcome.startedVersion)
      if (deployDraft) next.deployedDraftVersion = current.draftVersion
      return {
        next,
        healthCheckedAt: live ? 'now' : 'clear',
        // Pause and resume keep the process they paused; every other way into running started one.
        runtime: !live ? 'forget' : t.to === 'running' && action !== 'resume' ? 'record' : 'keep',
        revokeUsageToken: t.to === 'stopped' || t.to === 'destroyed',
        destroyed: t.to === 'destroyed',
        deployDraft,
      }
    }
    case 'failed': {
      if (!phased) return { ...unchanged, next: { ...current, lastError: outcome.error } }
      const change = failed(outcome.error)
      if (action === 'update') change.next = moveTo(change.next, outcome.startedVersion)
      return change
    }
    case 'abandoned': {
      if (phased || current.status === 'provisioning' || current.status === 'starting') return failed(outcome.error)
      return { ...unchanged, next: { ...current, lastError: outcome.error } }
    }
  }
}
