import { primaryKey, pgTable, text } from 'drizzle-orm/pg-core'
import { users } from './accounts'
import { companies } from './companies'

export const operatorClientDrafts = pgTable('operator_client_drafts', {
  id: text('id').primaryKey(),
  tokenHash: text('token_hash').notNull().unique(),
  userCode: text('user_code').notNull().unique(),
  name: text('name').notNull(),
  /** JSON array of scopes. */
  scopes: text('scopes').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'denied', 'redeemed'] }).notNull(),
  requestedIp: text('requested_ip'),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  decidedByUserId: text('decided_by_user_id').references(() => users.id, { onDelete: 'cascade' }),
  decidedAt: text('decided_at'),
  clientId: text('client_id'),
  redeemedAt: text('redeemed_at'),
  /** JSON array of the exocorp ids the human chose at approval; null: every exocorp they can reach. */
  companyIds: text('company_ids'),
})

export const operatorClients = pgTable('operator_clients', {
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  scopes: text('scopes').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  tokenPrefix: text('token_prefix').notNull(),
  draftId: text('draft_id')
    .notNull()
    .unique()
    .references(() => operatorClientDrafts.id),
  createdAt: text('created_at').notNull(),
  lastUsedAt: text('last_used_at'),
  revokedAt: text('revoked_at'),
  /** `all`: every exocorp the human can reach, now and later; `selected`: only those in operator_client_companies. */
  companyScope: text('company_scope', { enum: ['all', 'selected'] })
    .notNull()
    .default('all'),
})

/** The exocorps a `selected` client may reach (issue 20 item 8). */
export const operatorClientCompanies = pgTable(
  'operator_client_companies',
  {
    clientId: text('client_id')
      .notNull()
      .references(() => operatorClients.id, { onDelete: 'cascade' }),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.companyId] })],
)
