// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/domains'
import * as sqlite from './sqlite/domains'

export const customDomains = pick(sqlite.customDomains, pg.customDomains)
