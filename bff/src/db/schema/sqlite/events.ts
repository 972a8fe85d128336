import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/** The live event stream's outbox, filled by triggers (migration 0010, decision 030). */
export const platformEvents = sqliteTable('platform_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  type: text('type').notNull(),
  companyId: text('company_id'),
  userId: text('user_id'),
  scope: text('scope', { enum: ['members', 'owners', 'user', 'admins'] }).notNull(),
  data: text('data').notNull(),
})
