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
