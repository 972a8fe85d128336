// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/logs'
import * as sqlite from './sqlite/logs'

export const runtimeLogLines = pick(sqlite.runtimeLogLines, pg.runtimeLogLines)
