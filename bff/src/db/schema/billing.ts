// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/billing'
import * as sqlite from './sqlite/billing'

export const billingAccounts = pick(sqlite.billingAccounts, pg.billingAccounts)
export const ledgerEntries = pick(sqlite.ledgerEntries, pg.ledgerEntries)
export const providerEvents = pick(sqlite.providerEvents, pg.providerEvents)
export const billingSuspensions = pick(sqlite.billingSuspensions, pg.billingSuspensions)
export const checkoutSessions = pick(sqlite.checkoutSessions, pg.checkoutSessions)
