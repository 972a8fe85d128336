// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/audit'
import * as sqlite from './sqlite/audit'

export const auditEvents = pick(sqlite.auditEvents, pg.auditEvents)
export const auditRefusals = pick(sqlite.auditRefusals, pg.auditRefusals)
