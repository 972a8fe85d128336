import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { companies } from './companies'

/** The daily usage rollup (decision 040; pg/0021), kept by a trigger on usage_events. */
export const usageDaily = pgTable(
  'usage_daily',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    model: text('model').notNull(),
    /** '' when the runtime named no agent. */
    agent: text('agent').notNull(),
    events: bigint('events', { mode: 'number' }).notNull(),
    inputTokens: bigint('input_tokens', { mode: 'number' }).notNull(),
    outputTokens: bigint('output_tokens', { mode: 'number' }).notNull(),
    costMicros: bigint('cost_micros', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.day, t.model, t.agent] })],
)
