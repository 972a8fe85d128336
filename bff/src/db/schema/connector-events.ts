// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/connector-events'
import * as sqlite from './sqlite/connector-events'

export const connectorEvents = pick(sqlite.connectorEvents, pg.connectorEvents)
export const connectorSecrets = pick(sqlite.connectorSecrets, pg.connectorSecrets)
