import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { companies } from './companies'

/** The daily usage rollup (decision 040; 0027), kept by a trigger on usage_events. */
export const usageDaily = sqliteTable(
  'usage_daily',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    model: text('model').notNull(),
    /** '' when the runtime named no agent. */
    agent: text('agent').notNull(),
    events: integer('events').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costMicros: integer('cost_micros').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.day, t.model, t.agent] })],
)

/** Platform rollups (decision 049; 0030), kept by one trigger on usage_events. Hour is `YYYY-MM-DDTHH` (UTC). */
export const usageModelHourly = sqliteTable(
  'usage_model_hourly',
  {
    hour: text('hour').notNull(),
    model: text('model').notNull(),
    events: integer('events').notNull(),
    errors: integer('errors').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costMicros: integer('cost_micros').notNull(),
  },
  (t) => [primaryKey({ columns: [t.hour, t.model] })],
)

export const usageModelDaily = sqliteTable(
  'usage_model_daily',
  {
    day: text('day').notNull(),
    model: text('model').notNull(),
    events: integer('events').notNull(),
    errors: integer('errors').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costMicros: integer('cost_micros').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.model] })],
)

/** `accountId`: the exocorp's owner when the usage arrived (the account billed for it). */
export const usagePlatformDaily = sqliteTable(
  'usage_platform_daily',
  {
    day: text('day').notNull(),
    accountId: text('account_id').notNull(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    model: text('model').notNull(),
    events: integer('events').notNull(),
    errors: integer('errors').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costMicros: integer('cost_micros').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.accountId, t.companyId, t.model] })],
)

/** Month is `YYYY-MM`. */
export const usagePlatformMonthly = sqliteTable(
  'usage_platform_monthly',
  {
    month: text('month').notNull(),
    accountId: text('account_id').notNull(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    model: text('model').notNull(),
    events: integer('events').notNull(),
    errors: integer('errors').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costMicros: integer('cost_micros').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.accountId, t.companyId, t.model] }),
    index('usage_platform_monthly_account_idx').on(t.accountId, t.month),
    index('usage_platform_monthly_company_idx').on(t.companyId, t.month),
  ],
)

/** The owner's fleet by month, account first (decision 049): a year of one account is one key range. */
export const usageAccountMonthly = sqliteTable(
  'usage_account_monthly',
  {
    accountId: text('account_id').notNull(),
    month: text('month').notNull(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    model: text('model').notNull(),
    agent: text('agent').notNull(),
    events: integer('events').notNull(),
    errors: integer('errors').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costMicros: integer('cost_micros').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.month, t.companyId, t.model, t.agent] })],
)

/**
 * Everything an account (billed when the events arrived) or an exocorp used through the end of each
 * month (decisions 057, 065; 0044 / pg 0039): a row per (month, dimension, key).
 */
export const usageCumulativeMonthly = sqliteTable(
  'usage_cumulative_monthly',
  {
    month: text('month').notNull(),
    dimension: text('dimension', { enum: ['account', 'company'] }).notNull(),
    keyId: text('key_id').notNull(),
    events: integer('events').notNull(),
    errors: integer('errors').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costMicros: integer('cost_micros').notNull(),
    // The month's own figures (decision 061); 0 on a carried row.
    monthEvents: integer('month_events').notNull().default(0),
    monthErrors: integer('month_errors').notNull().default(0),
    monthInputTokens: integer('month_input_tokens').notNull().default(0),
    monthOutputTokens: integer('month_output_tokens').notNull().default(0),
    monthCostMicros: integer('month_cost_micros').notNull().default(0),
    // The key's figures through the end of 3 and 12 months before (decision 067).
    base3Events: integer('base3_events').notNull().default(0),
    base3Errors: integer('base3_errors').notNull().default(0),
    base3InputTokens: integer('base3_input_tokens').notNull().default(0),
    base3OutputTokens: integer('base3_output_tokens').notNull().default(0),
    base3CostMicros: integer('base3_cost_micros').notNull().default(0),
    base12Events: integer('base12_events').notNull().default(0),
    base12Errors: integer('base12_errors').notNull().default(0),
    base12InputTokens: integer('base12_input_tokens').notNull().default(0),
    base12OutputTokens: integer('base12_output_tokens').notNull().default(0),
    base12CostMicros: integer('base12_cost_micros').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.dimension, t.keyId] }),
    index('usage_cumulative_monthly_key_idx').on(t.dimension, t.keyId, t.month),
  ],
)

/** The months in which every key with usage so far has a cumulative row (decision 057). */
export const usageCumulativeMonths = sqliteTable('usage_cumulative_months', {
  month: text('month').primaryKey().notNull(),
})

/**
 * The owner's whole fleet by day, account first (decision 062; 0043 / pg 0038). `accountId` is the
 * exocorp's owner now (rows move with ownership, like usageAccountMonthly).
 */
export const usageAccountDaily = sqliteTable(
  'usage_account_daily',
  {
    accountId: text('account_id').notNull(),
    day: text('day').notNull(),
    model: text('model').notNull(),
    agent: text('agent').notNull(),
    events: integer('events').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costMicros: integer('cost_micros').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.model, t.agent] })],
)

/** The owner's fleet by exocorp and day (decision 062). */
export const usageAccountCompanyDaily = sqliteTable(
  'usage_account_company_daily',
  {
    accountId: text('account_id').notNull(),
    day: text('day').notNull(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    events: integer('events').notNull(),
    inputTokens: integer('input_tokens').notNull(),
    outputTokens: integer('output_tokens').notNull(),
    costMicros: integer('cost_micros').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day, t.companyId] })],
)
