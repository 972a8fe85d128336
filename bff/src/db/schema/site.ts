// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/site'
import * as sqlite from './sqlite/site'

export const sitePages = pick(sqlite.sitePages, pg.sitePages)
export const sitePageVersions = pick(sqlite.sitePageVersions, pg.sitePageVersions)
