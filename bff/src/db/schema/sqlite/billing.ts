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
  // Grace policy overrides (0004); null = platform default.
  graceDays: integer('grace_days'),
  restrictAfterDays: integer('restrict_after_days'),
  suspendAfterDays: integer('suspend_after_days'),
  thresholdMicros: integer('threshold_micros'),
  overdueSince: text('overdue_since'),
})

export const ledgerEntries = sqliteTable('ledger_entries', {
  id: text('id').primaryKey(),
  accountId: text('account_id')
    .notNull()
    .references(() => billingAccounts.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['signup_credit', 'usage', 'payment', 'adjustment', 'refund'] }).notNull(),
  amountMicros: integer('amount_micros').notNull(),
  description: text('description').notNull(),
  idempotencyKey: text('idempotency_key'),
  refType: text('ref_type'),
  refId: text('ref_id'),
  createdBy: text('created_by'),
  createdAt: text('created_at').notNull(),
  companyId: text('company_id'),
  reason: text('reason'),
  requestHash: text('request_hash'),
})

export const providerEvents = sqliteTable('provider_events', {
  id: text('id').primaryKey(),
  provider: text('provider').notNull(),
  eventId: text('event_id').notNull(),
  type: text('type').notNull(),
  accountId: text('account_id').references(() => billingAccounts.id, { onDelete: 'set null' }),
  amountMicros: integer('amount_micros'),
  status: text('status', { enum: ['booked', 'ignored', 'rejected'] }).notNull(),
  note: text('note'),
  payload: text('payload').notNull(),
  deliveries: integer('deliveries').notNull(),
  receivedAt: text('received_at').notNull(),
  lastDeliveryAt: text('last_delivery_at').notNull(),
})

export const billingSuspensions = sqliteTable('billing_suspensions', {
  companyId: text('company_id').primaryKey(),
  accountId: text('account_id')
    .notNull()
    .references(() => billingAccounts.id, { onDelete: 'cascade' }),
  pausedAt: text('paused_at').notNull(),
})

/** One hosted checkout (0018 / pg 0012): what the owner asked to pay and what the provider reported. */
export const checkoutSessions = sqliteTable('checkout_sessions', {
  id: text('id').primaryKey(),
  accountId: text('account_id')
    .notNull()
    .references(() => billingAccounts.id, { onDelete: 'cascade' }),
  provider: text('provider').notNull(),
  purpose: text('purpose', { enum: ['add_funds', 'pay_due'] }).notNull(),
  amountMicros: integer('amount_micros').notNull(),
  currency: text('currency').notNull(),
  status: text('status', { enum: ['open', 'paid', 'expired'] }).notNull(),
  createdByUserId: text('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  declines: integer('declines').notNull().default(0),
  lastDecline: text('last_decline'),
  paidAt: text('paid_at'),
  paymentEntryId: text('payment_entry_id'),
  cardBrand: text('card_brand'),
  cardLast4: text('card_last4'),
})
