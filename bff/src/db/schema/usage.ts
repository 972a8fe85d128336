// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/usage'
import * as sqlite from './sqlite/usage'

export const usageDaily = pick(sqlite.usageDaily, pg.usageDaily)
