import type { Deps } from '../../deps'

/**
 * What a billing state change does to the owner's exocorps. The lifecycle engine owns the
 * transitions; billing only asks. Kept behind an interface so billing does not reach into
 * companies directly and tests can watch the calls. The instance in use is `Deps.billingEffects`
 * (the lifecycle engine's, lifecycle-effects.ts, unless a test passes its own).
 */
export interface BillingEffects {
  /** Pause the owner's running exocorps; returns the ids that were asked to pause. */
  pauseForSuspension(deps: Deps, input: { accountId: string; ownerUserId: string }): Promise<string[]>
  /** Resume exactly the exocorps billing paused before. */
  resumeAfterSuspension(deps: Deps, input: { accountId: string; ownerUserId: string; companyIds: string[] }): Promise<void>
}
