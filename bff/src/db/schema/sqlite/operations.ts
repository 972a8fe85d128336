import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

// Platform operations III (migration 0024, decision 043).

export const broadcasts = sqliteTable('broadcasts', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  body: text('body').notNull(),
  segment: text('segment', { enum: ['all', 'owners', 'admins', 'newsletter'] }).notNull(),
  severity: text('severity', { enum: ['info', 'warning', 'critical'] }).notNull(),
  startsAt: text('starts_at').notNull(),
  endsAt: text('ends_at').notNull(),
  createdByUserId: text('created_by_user_id').notNull(),
  createdAt: text('created_at').notNull(),
  cancelledAt: text('cancelled_at'),
  deliveredAt: text('delivered_at'),
  recipients: integer('recipients'),
})

export const newsletterSubscriptions = sqliteTable('newsletter_subscriptions', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  optedInAt: text('opted_in_at').notNull(),
})

export const skillDocuments = sqliteTable('skill_documents', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  currentVersion: integer('current_version').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  deletedAt: text('deleted_at'),
})

export const skillDocumentVersions = sqliteTable(
  'skill_document_versions',
  {
    documentId: text('document_id')
      .notNull()
      .references(() => skillDocuments.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    body: text('body').notNull(),
    createdByUserId: text('created_by_user_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.version] })],
)
