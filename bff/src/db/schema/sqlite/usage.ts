import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
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
