import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

/** Notices for owners, written by triggers (migration 0014, decision 037). */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', {
      enum: [
        'job_failed',
        'unreachable',
        'billing_state',
        'invite_received',
        'budget',
        'credential_revoked',
        'broadcast',
        'custom_domain',
        'webhook_disabled',
      ],
    }).notNull(),
    companyId: text('company_id'),
    title: text('title').notNull(),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.id)],
)
