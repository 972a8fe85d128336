// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/usage'
import * as sqlite from './sqlite/usage'

export const usageDaily = pick(sqlite.usageDaily, pg.usageDaily)
export const usageModelHourly = pick(sqlite.usageModelHourly, pg.usageModelHourly)
export const usageModelDaily = pick(sqlite.usageModelDaily, pg.usageModelDaily)
export const usagePlatformDaily = pick(sqlite.usagePlatformDaily, pg.usagePlatformDaily)
export const usagePlatformMonthly = pick(sqlite.usagePlatformMonthly, pg.usagePlatformMonthly)
export const usageAccountMonthly = pick(sqlite.usageAccountMonthly, pg.usageAccountMonthly)
export const usageCumulativeMonthly = pick(sqlite.usageCumulativeMonthly, pg.usageCumulativeMonthly)
export const usageCumulativeMonths = pick(sqlite.usageCumulativeMonths, pg.usageCumulativeMonths)
export const usageAccountDaily = pick(sqlite.usageAccountDaily, pg.usageAccountDaily)
export const usageAccountCompanyDaily = pick(sqlite.usageAccountCompanyDaily, pg.usageAccountCompanyDaily)
