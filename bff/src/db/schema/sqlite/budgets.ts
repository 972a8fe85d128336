import { integer, primaryKey, sqliteTable, text, unique } from 'drizzle-orm/sqlite-core'
import { billingAccounts } from './billing'
import { companies } from './companies'

/** Monthly budgets (0020 / pg 0014): per exocorp, or fleet-wide (`scopeKey = 'fleet'`, no exocorp). */
export const budgets = sqliteTable(
  'budgets',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => billingAccounts.id, { onDelete: 'cascade' }),
    companyId: text('company_id').references(() => companies.id, { onDelete: 'cascade' }),
    scopeKey: text('scope_key').notNull(),
    monthlyLimitMicros: integer('monthly_limit_micros').notNull(),
    softThresholdPct: integer('soft_threshold_pct').notNull(),
    hardLimit: integer('hard_limit', { mode: 'boolean' }).notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [unique().on(t.accountId, t.scopeKey)],
)

export const budgetAlerts = sqliteTable(
  'budget_alerts',
  {
    budgetId: text('budget_id')
      .notNull()
      .references(() => budgets.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    kind: text('kind', { enum: ['soft', 'hard'] }).notNull(),
    spentMicros: integer('spent_micros').notNull(),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.period, t.kind] })],
)

export const budgetPauses = sqliteTable('budget_pauses', {
  companyId: text('company_id')
    .primaryKey()
    .references(() => companies.id, { onDelete: 'cascade' }),
  budgetId: text('budget_id').notNull(),
  period: text('period').notNull(),
  reason: text('reason').notNull(),
  pausedAt: text('paused_at').notNull(),
})
