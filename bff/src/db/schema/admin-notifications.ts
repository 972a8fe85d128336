// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/admin-notifications'
import * as sqlite from './sqlite/admin-notifications'

export const adminNotifications = pick(sqlite.adminNotifications, pg.adminNotifications)
