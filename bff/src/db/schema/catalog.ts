// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/catalog'
import * as sqlite from './sqlite/catalog'

export const releases = pick(sqlite.releases, pg.releases)
export const providerSecrets = pick(sqlite.providerSecrets, pg.providerSecrets)
export const bindings = pick(sqlite.bindings, pg.bindings)
export const priceBooks = pick(sqlite.priceBooks, pg.priceBooks)
export const usageEvents = pick(sqlite.usageEvents, pg.usageEvents)
export const credentialRevocations = pick(sqlite.credentialRevocations, pg.credentialRevocations)
