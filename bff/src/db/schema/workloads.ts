// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/workloads'
import * as sqlite from './sqlite/workloads'

export const workloads = pick(sqlite.workloads, pg.workloads)
export const runners = pick(sqlite.runners, pg.runners)
export const workloadQueue = pick(sqlite.workloadQueue, pg.workloadQueue)
