import type { Db } from './db/client'
import type { Env } from './env'
import type { Clock } from './lib/clock'
import type { Logger } from './lib/logger'
import type { BillingEffects } from './services/billing/effects'
import type { EventStream } from './services/events/stream'
import type { LifecycleContext } from './services/lifecycle/context'

/**
 * Everything a service needs from the outside world, built once at boot (main.ts) or per test
 * (test/harness.ts) and passed down; no service finds a dependency any other way.
 */
export interface Deps {
  env: Env
  db: Db
  clock: Clock
  log: Logger
  /** The runtime side of this process (driver, leases, job wake-ups); null where nothing runs runtimes. */
  lifecycle: LifecycleContext | null
  /** What a billing state change does to the owner's exocorps (services/billing/effects.ts). */
  billingEffects: BillingEffects
  /** The live event stream (decision 030); absent where no server listens (most tests, the CLI). */
  events?: EventStream
}

/**
 * The same dependencies with `db` narrowed to an open transaction: what a caller hands a helper
 * that must take part in its transaction (its reads see the transaction's writes; its `db.write`
 * joins the transaction instead of opening another).
 */
export function within<D extends { db: Db }>(deps: D, tx: Db): D {
  return { ...deps, db: tx }
}
