import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

export const auditEvents = sqliteTable('audit_events', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  id: text('id').notNull().unique(),
  at: text('at').notNull(),
  actorType: text('actor_type').notNull(),
  actorId: text('actor_id'),
  actorLabel: text('actor_label').notNull(),
  action: text('action').notNull(),
  targetType: text('target_type').notNull(),
  targetId: text('target_id'),
  outcome: text('outcome', { enum: ['succeeded', 'failed'] }).notNull(),
  summary: text('summary').notNull(),
  details: text('details').notNull(),
  requestId: text('request_id'),
})
