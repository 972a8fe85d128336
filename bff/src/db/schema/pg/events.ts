import { bigserial, pgTable, text } from 'drizzle-orm/pg-core'

/** The live event stream's outbox, filled by triggers (migration pg/0004, decision 030). */
export const platformEvents = pgTable('platform_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: text('at').notNull(),
  type: text('type').notNull(),
  companyId: text('company_id'),
  userId: text('user_id'),
  scope: text('scope', { enum: ['members', 'owners', 'user', 'admins'] }).notNull(),
  data: text('data').notNull(),
})
