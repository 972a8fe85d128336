// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/companies'
import * as sqlite from './sqlite/companies'

export const companies = pick(sqlite.companies, pg.companies)
export const memberships = pick(sqlite.memberships, pg.memberships)
export const jobs = pick(sqlite.jobs, pg.jobs)
