// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/runtimes'
import * as sqlite from './sqlite/runtimes'

export const runtimes = pick(sqlite.runtimes, pg.runtimes)
export const instances = pick(sqlite.instances, pg.instances)
export const leases = pick(sqlite.leases, pg.leases)
export const dataVersion = pick(sqlite.dataVersion, pg.dataVersion)
