// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/portal'
import * as sqlite from './sqlite/portal'

export const portalHandoffs = pick(sqlite.portalHandoffs, pg.portalHandoffs)
export const portalSessions = pick(sqlite.portalSessions, pg.portalSessions)
