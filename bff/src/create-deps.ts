import type { Deps } from './deps'
import type { BillingEffects } from './services/billing/effects'
import type { EventStream } from './services/events/stream'
import { lifecycleBillingEffects } from './services/billing/lifecycle-effects'
import { createLifecycleContext, type LifecycleSettings } from './services/lifecycle/context'
import { createLocalDriver } from './runtime/local/local-driver'
import { createTargetRouter } from './runtime/target-router'

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
    lifecycle: options.lifecycle
      ? createLifecycleContext(base.env, base.db.sqlDialect, {
          ...options.lifecycle,
          // One driver per deployment target behind the one the engine holds (decision 054).
          driver: createTargetRouter(
            options.lifecycle.driver,
            options.lifecycle.localDriverFor ?? ((dataDir) => createLocalDriver({ dataDir, log: base.log })),
          ),
        })
      : null,
    billingEffects: options.billingEffects ?? lifecycleBillingEffects,
    ...(options.events ? { events: options.events } : {}),
  }
}
