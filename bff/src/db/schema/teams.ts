// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/teams'
import * as sqlite from './sqlite/teams'

export const invitations = pick(sqlite.invitations, pg.invitations)
