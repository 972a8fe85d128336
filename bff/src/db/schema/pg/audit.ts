import { ACTOR_TYPES } from '@exocorp/shared/audit'
import { bigserial, integer, pgTable, text } from 'drizzle-orm/pg-core'

export const auditEvents = pgTable('audit_events', {
  seq: bigserial('seq', { mode: 'number' }).primaryKey(),
  id: text('id').notNull().unique(),
  at: text('at').notNull(),
  actorType: text('actor_type', { enum: ACTOR_TYPES }).notNull(),
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

/** How often a refusal recorded in `audit_events` came back within its window (migration 0007). */
export const auditRefusals = pgTable('audit_refusals', {
  auditEventId: text('audit_event_id').primaryKey(),
  actorKey: text('actor_key').notNull(),
  refusalKey: text('refusal_key').notNull(),
  windowStart: text('window_start').notNull(),
  count: integer('count').notNull(),
  firstAt: text('first_at').notNull(),
  lastAt: text('last_at').notNull(),
  lastRequestId: text('last_request_id'),
})
