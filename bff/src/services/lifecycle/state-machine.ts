/**
 * The lifecycle state machine (DESIGN.md, "Lifecycle"). Every entry point — registry, admin,
 * billing, boot recovery — asks this table; nothing else decides whether an action may run.
 * The table itself is pure and lives in shared/ so the web's mock obeys the same rules
 * (decision 022); the engine here is the only thing that acts on it. `applyOutcome` says what a
 * job's end does to the company; the runner writes it.
 */
export {
  acceptedStatusFor,
  ALL_PHASES,
  applyOutcome,
  BILLING_GATED,
  isDestructive,
  PHASE_LABELS,
  phasesFor,
  RELEASE_ACTIONS,
  refusalFor,
  refusals,
  START_PHASES,
  targetVersionFor,
  TRANSITIONS,
  viaStatus,
  type JobOutcome,
  type LifecycleRefusalReason,
  type LifecycleState,
  type OutcomeChange,
  type Refusal,
  type StateFacts,
  type Transition,
} from '@exocorp/shared/lifecycle'
