import type { Deps } from './deps'
import type { BillingEffects } from './services/billing/effects'
import type { EventStream } from './services/events/stream'
import { lifecycleBillingEffects } from './services/billing/lifecycle-effects'
import { createLifecycleContext, type LifecycleSettings } from './services/lifecycle/context'

/**
 * Builds `Deps`. With `lifecycle` settings (a runtime driver) this process can act on runtimes;
 * billing effects default to the lifecycle engine's (pause on suspension, resume after).
 */
export function createDeps(
  base: Pick<Deps, 'env' | 'db' | 'clock' | 'log'>,
  options: { lifecycle?: LifecycleSettings; billingEffects?: BillingEffects; events?: EventStream } = {},
): Deps {
  return {
    ...base,
    lifecycle: options.lifecycle ? createLifecycleContext(base.env, base.db.sqlDialect, options.lifecycle) : null,
    billingEffects: options.billingEffects ?? lifecycleBillingEffects,
    ...(options.events ? { events: options.events } : {}),
  }
}
