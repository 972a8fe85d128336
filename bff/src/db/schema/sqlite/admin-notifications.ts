import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { sql } from 'drizzle-orm'

const KINDS = [
  'job_failed',
  'unreachable',
  'usage_threshold',
  'schedule_completed',
  'schedule_failed',
  'message',
  'enterprise_inquiry',
  'custom_domain',
  'connector_event',
  'deployment_target',
] as const

/** Platform notifications for admins, mostly written by triggers (migration 0026, decision 041). */
export const adminNotifications = sqliteTable(
  'admin_notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: KINDS }).notNull(),
    severity: text('severity', { enum: ['info', 'warning', 'critical'] }).notNull(),
    companyId: text('company_id'),
    dedupKey: text('dedup_key').notNull(),
    title: text('title').notNull(),
    detail: text('detail'),
    state: text('state', { enum: ['new', 'acknowledged', 'resolved'] })
      .notNull()
      .default('new'),
    occurrences: integer('occurrences').notNull().default(1),
    firstAt: text('first_at').notNull(),
    lastAt: text('last_at').notNull(),
    stateChangedAt: text('state_changed_at'),
    stateChangedBy: text('state_changed_by'),
    sourceKey: text('source_key'),
    /** Where in the console the notice points (a deployment target's page), or null (decision 060). */
    link: text('link'),
    /** The notice's message key (shared ADMIN_NOTICE_KEYS) when the platform raised it, or null (decision 063). */
    messageKey: text('message_key'),
    /** A JSON object of the facts the keyed sentence is built from (names, counts, amounts), or null. */
    messageParams: text('message_params'),
  },
  (t) => [
    uniqueIndex('admin_notifications_open_key_idx')
      .on(t.dedupKey)
      .where(sql`state <> 'resolved'`),
    index('admin_notifications_last_idx').on(t.lastAt, t.id),
    index('admin_notifications_state_idx').on(t.state, t.lastAt, t.id),
    index('admin_notifications_source_idx').on(t.sourceKey, t.firstAt),
  ],
)
