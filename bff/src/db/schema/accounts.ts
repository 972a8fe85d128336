// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/accounts'
import * as sqlite from './sqlite/accounts'

export const users = pick(sqlite.users, pg.users)
export const sessions = pick(sqlite.sessions, pg.sessions)
export const recoveryCodes = pick(sqlite.recoveryCodes, pg.recoveryCodes)
export const authThrottle = pick(sqlite.authThrottle, pg.authThrottle)
export const pendingRecoveryKits = pick(sqlite.pendingRecoveryKits, pg.pendingRecoveryKits)
