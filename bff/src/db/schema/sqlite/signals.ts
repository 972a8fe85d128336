import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

export const signalGroups = sqliteTable('signal_groups', {
  id: text('id').primaryKey(),
  groupKey: text('group_key').notNull(),
  kind: text('kind', { enum: ['feedback', 'probe'] }).notNull(),
  category: text('category', { enum: ['product_signal', 'short_actionable', 'actionable', 'security_probe'] }).notNull(),
  severity: text('severity', { enum: ['low', 'medium', 'high', 'critical'] }).notNull(),
  severityRank: integer('severity_rank').notNull(),
  probeClass: text('probe_class', { enum: ['script', 'command', 'sql', 'template', 'path', 'fuzz'] }),
  state: text('state', { enum: ['open', 'triaged', 'in_progress', 'done', 'archived'] }).notNull(),
  title: text('title').notNull(),
  sourceKey: text('source_key').notNull(),
  sourceLabel: text('source_label').notNull(),
  endpoint: text('endpoint'),
  count: integer('count').notNull(),
  storedMembers: integer('stored_members').notNull(),
  firstSeenAt: text('first_seen_at').notNull(),
  lastSeenAt: text('last_seen_at').notNull(),
  assigneeUserId: text('assignee_user_id').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: text('updated_at').notNull(),
})

export const signals = sqliteTable('signals', {
  id: text('id').primaryKey(),
  groupId: text('group_id')
    .notNull()
    .references(() => signalGroups.id, { onDelete: 'cascade' }),
  at: text('at').notNull(),
  kind: text('kind', { enum: ['feedback', 'probe'] }).notNull(),
  text: text('text').notNull(),
  sourceKey: text('source_key').notNull(),
  sourceLabel: text('source_label').notNull(),
  endpoint: text('endpoint'),
  page: text('page'),
  companySlug: text('company_slug'),
  userAgent: text('user_agent'),
  location: text('location'),
})

export const triageNotes = sqliteTable('triage_notes', {
  id: text('id').primaryKey(),
  groupId: text('group_id')
    .notNull()
    .references(() => signalGroups.id, { onDelete: 'cascade' }),
  at: text('at').notNull(),
  authorUserId: text('author_user_id'),
  authorLabel: text('author_label').notNull(),
  body: text('body').notNull(),
})

export const flagValues = sqliteTable(
  'flag_values',
  {
    key: text('key').notNull(),
    scope: text('scope', { enum: ['global', 'channel', 'company'] }).notNull(),
    scopeId: text('scope_id').notNull(),
    value: text('value').notNull(),
    updatedAt: text('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.scope, t.scopeId] })],
)

export const flagChanges = sqliteTable('flag_changes', {
  id: text('id').primaryKey(),
  at: text('at').notNull(),
  key: text('key').notNull(),
  scope: text('scope', { enum: ['global', 'channel', 'company'] }).notNull(),
  scopeId: text('scope_id').notNull(),
  scopeLabel: text('scope_label').notNull(),
  fromValue: text('from_value'),
  toValue: text('to_value'),
  reason: text('reason').notNull(),
  actorId: text('actor_id'),
  actorLabel: text('actor_label').notNull(),
  revertOf: text('revert_of'),
})
