// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/webhooks'
import * as sqlite from './sqlite/webhooks'

export const webhookEndpoints = pick(sqlite.webhookEndpoints, pg.webhookEndpoints)
export const webhookDeliveries = pick(sqlite.webhookDeliveries, pg.webhookDeliveries)
export const webhookAttempts = pick(sqlite.webhookAttempts, pg.webhookAttempts)
export const webhookCursor = pick(sqlite.webhookCursor, pg.webhookCursor)
