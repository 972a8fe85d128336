import { sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { sessions } from './accounts'
import { companies } from './companies'

export const portalHandoffs = sqliteTable('portal_handoffs', {
  id: text('id').primaryKey(),
  sessionId: text('session_id')
    .notNull()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  companyId: text('company_id')
    .notNull()
    .references(() => companies.id, { onDelete: 'cascade' }),
  nextPath: text('next_path').notNull(),
  expiresAt: text('expires_at').notNull(),
})

export const portalSessions = sqliteTable('portal_sessions', {
  id: text('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  sessionId: text('session_id')
    .notNull()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  companyId: text('company_id')
    .notNull()
    .references(() => companies.id, { onDelete: 'cascade' }),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
})
