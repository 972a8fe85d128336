import { bigint, boolean, integer, pgTable, primaryKey, text, unique } from 'drizzle-orm/pg-core'
import { billingAccounts } from './billing'
import { companies } from './companies'

/** Monthly budgets (0020 / pg 0014): per exocorp, or fleet-wide (`scopeKey = 'fleet'`, no exocorp). */
export const budgets = pgTable(
  'budgets',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => billingAccounts.id, { onDelete: 'cascade' }),
    companyId: text('company_id').references(() => companies.id, { onDelete: 'cascade' }),
    scopeKey: text('scope_key').notNull(),
    monthlyLimitMicros: bigint('monthly_limit_micros', { mode: 'number' }).notNull(),
    softThresholdPct: integer('soft_threshold_pct').notNull(),
    hardLimit: boolean('hard_limit').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [unique().on(t.accountId, t.scopeKey)],
)

export const budgetAlerts = pgTable(
  'budget_alerts',
  {
    budgetId: text('budget_id')
      .notNull()
      .references(() => budgets.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    kind: text('kind', { enum: ['soft', 'hard'] }).notNull(),
    spentMicros: bigint('spent_micros', { mode: 'number' }).notNull(),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.period, t.kind] })],
)

export const budgetPauses = pgTable('budget_pauses', {
  companyId: text('company_id')
    .primaryKey()
    .references(() => companies.id, { onDelete: 'cascade' }),
  budgetId: text('budget_id').notNull(),
  period: text('period').notNull(),
  reason: text('reason').notNull(),
  pausedAt: text('paused_at').notNull(),
})
