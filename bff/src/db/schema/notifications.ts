// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/notifications'
import * as sqlite from './sqlite/notifications'

export const notifications = pick(sqlite.notifications, pg.notifications)
