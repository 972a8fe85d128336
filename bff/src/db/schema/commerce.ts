// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/commerce'
import * as sqlite from './sqlite/commerce'

export const commerceStores = pick(sqlite.commerceStores, pg.commerceStores)
export const commerceRevenueDaily = pick(sqlite.commerceRevenueDaily, pg.commerceRevenueDaily)
