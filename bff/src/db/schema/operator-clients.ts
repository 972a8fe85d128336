// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/operator-clients'
import * as sqlite from './sqlite/operator-clients'

export const operatorClientDrafts = pick(sqlite.operatorClientDrafts, pg.operatorClientDrafts)
export const operatorClients = pick(sqlite.operatorClients, pg.operatorClients)
export const operatorClientCompanies = pick(sqlite.operatorClientCompanies, pg.operatorClientCompanies)
