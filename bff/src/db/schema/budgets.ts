// Chosen for this process's database (dialect.ts); typed as the SQLite tables.
import { pick } from './dialect'
import * as pg from './pg/budgets'
import * as sqlite from './sqlite/budgets'

export const budgets = pick(sqlite.budgets, pg.budgets)
export const budgetAlerts = pick(sqlite.budgetAlerts, pg.budgetAlerts)
export const budgetPauses = pick(sqlite.budgetPauses, pg.budgetPauses)
