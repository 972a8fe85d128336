import type { Db } from './db/client'
import type { Env } from './env'
import type { Clock } from './lib/clock'
import type { Logger } from './lib/logger'

/** Everything a service needs from the outside world, built once at boot (or per test). */
export interface Deps {
  env: Env
  db: Db
  clock: Clock
  log: Logger
}

/**
 * The same dependencies with `db` narrowed to an open transaction: what a caller hands a helper
 * that must take part in its transaction (its reads see the transaction's writes; its `db.write`
 * joins the transaction instead of opening another).
 */
export function within<D extends { db: Db }>(deps: D, tx: Db): D {
  return { ...deps, db: tx }
}
