import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { companies } from './companies'

/** Runtime and job log lines per exocorp, newest 10,000 kept (migration 0016, decision 037). */
export const runtimeLogLines = sqliteTable(
  'runtime_log_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    at: text('at').notNull(),
    level: text('level', { enum: ['debug', 'info', 'warn', 'error'] }).notNull(),
    source: text('source', { enum: ['stdout', 'stderr', 'job'] }).notNull(),
    jobId: text('job_id'),
    phase: text('phase'),
    message: text('message').notNull(),
  },
  (t) => [index('runtime_log_lines_company_idx').on(t.companyId, t.id)],
)
