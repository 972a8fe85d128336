import { DESTRUCTIVE_ACTIONS, type CompanyStatus, type JobPhaseName, type LifecycleAction } from '@exocorp/shared/companies'

/**
 * The lifecycle state machine (DESIGN.md, "Lifecycle"). Every entry point — registry, admin,
 * billing, boot recovery — asks this table; nothing else decides whether an action may run.
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

export const ALL_PHASES: readonly JobPhaseName[] = [
  'validate_draft',
  'resolve_release',
  'bind_credentials',
  'allocate_runtime',
  'write_manifest',
  'start_control_plane',
  'health_check',
]

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
  reason: string
  message: string
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
