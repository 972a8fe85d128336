import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'

export const billingAccounts = sqliteTable('billing_accounts', {
  id: text('id').primaryKey(),
  ownerUserId: text('owner_user_id')
    .notNull()
    .unique()
    .references(() => users.id, { onDelete: 'cascade' }),
  state: text('state', { enum: ['current', 'grace', 'restricted', 'suspended'] }).notNull(),
  stateChangedAt: text('state_changed_at').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
})

export const ledgerEntries = sqliteTable('ledger_entries', {
  id: text('id').primaryKey(),
  accountId: text('account_id')
    .notNull()
    .references(() => billingAccounts.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['signup_credit', 'usage', 'payment', 'adjustment'] }).notNull(),
  amountMicros: integer('amount_micros').notNull(),
  description: text('description').notNull(),
  idempotencyKey: text('idempotency_key'),
  refType: text('ref_type'),
  refId: text('ref_id'),
  createdBy: text('created_by'),
  createdAt: text('created_at').notNull(),
})
