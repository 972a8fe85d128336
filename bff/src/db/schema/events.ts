// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/events'
import * as sqlite from './sqlite/events'

export const platformEvents = pick(sqlite.platformEvents, pg.platformEvents)
