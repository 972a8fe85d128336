import type { Deps } from '../../deps'
import { lifecycleBillingEffects } from './lifecycle-effects'

/**
 * What a billing state change does to the owner's exocorps. The lifecycle engine owns the
 * transitions; billing only asks. Kept behind an interface so billing does not reach into
 * companies directly and tests can watch the calls.
 */
export interface BillingEffects {
  /** Pause the owner's running exocorps; returns the ids that were asked to pause. */
  pauseForSuspension(deps: Deps, input: { accountId: string; ownerUserId: string }): Promise<string[]>
  /** Resume exactly the exocorps billing paused before. */
  resumeAfterSuspension(deps: Deps, input: { accountId: string; ownerUserId: string; companyIds: string[] }): Promise<void>
}

export const noBillingEffects: BillingEffects = {
  pauseForSuspension: async () => [],
  resumeAfterSuspension: async () => undefined,
}

const registered = new WeakMap<object, BillingEffects>()
let fallback: BillingEffects = lifecycleBillingEffects

/** Wires the lifecycle effects for one app instance (main.ts, or a test harness). */
export function setBillingEffects(deps: Deps, effects: BillingEffects) {
  registered.set(deps, effects)
}

/** The default for every instance without its own: the lifecycle engine (lifecycle-effects.ts). */
export function setDefaultBillingEffects(effects: BillingEffects) {
  fallback = effects
}

export function billingEffectsFor(deps: Deps): BillingEffects {
  return registered.get(deps) ?? fallback
}
