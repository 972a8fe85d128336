import { sql } from 'drizzle-orm'
import { index, uniqueIndex, integer, sqliteTable, text, unique } from 'drizzle-orm/sqlite-core'
import {
  AGENT_CARD_STATUSES,
  AGENT_WALLET_STATUSES,
  AUTHORIZATION_DECLINE_REASONS,
  CARD_TRANSACTION_STATUSES,
  SPEND_DECLINE_REASONS,
  SPEND_REQUEST_STATUSES,
  WALLET_ENTRY_KINDS,
} from '@exocorp/shared/agent-wallets'
import { companies } from './companies'

/** Agent wallets (decision 040; 0028): a monthly allowance per agent of an exocorp. */
export const agentWallets = sqliteTable(
  'agent_wallets',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    agent: text('agent').notNull(),
    status: text('status', { enum: AGENT_WALLET_STATUSES }).notNull(),
    monthlyLimitMicros: integer('monthly_limit_micros').notNull(),
    perRequestLimitMicros: integer('per_request_limit_micros'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [unique().on(t.companyId, t.agent)],
)

/** Every spend request a runtime made, with the decision taken; once per (exocorp, idempotency key). */
export const agentSpendRequests = sqliteTable(
  'agent_spend_requests',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    walletId: text('wallet_id').references(() => agentWallets.id, { onDelete: 'set null' }),
    agent: text('agent').notNull(),
    amountMicros: integer('amount_micros').notNull(),
    merchant: text('merchant').notNull(),
    category: text('category').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: SPEND_REQUEST_STATUSES }).notNull(),
    declineReason: text('decline_reason', { enum: SPEND_DECLINE_REASONS }),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    createdAt: text('created_at').notNull(),
    // Decision 048: the card the request was made against and who decided (policy, auto, an owner).
    cardId: text('card_id'),
    decidedBy: text('decided_by'),
    decisionNote: text('decision_note'),
    decidedAt: text('decided_at'),
  },
  (t) => [
    unique().on(t.companyId, t.idempotencyKey),
    index('agent_spend_requests_wallet_idx').on(t.walletId, t.createdAt),
    index('agent_spend_requests_created_idx').on(t.createdAt, t.id),
    index('agent_spend_requests_company_idx').on(t.companyId, t.createdAt, t.id),
  ],
)

/** A virtual card of an agent (decision 048); one live (not canceled) card per wallet. */
export const agentCards = sqliteTable(
  'agent_cards',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    walletId: text('wallet_id')
      .notNull()
      .references(() => agentWallets.id, { onDelete: 'cascade' }),
    issuer: text('issuer').notNull(),
    issuerCardId: text('issuer_card_id').notNull(),
    last4: text('last4').notNull(),
    status: text('status', { enum: AGENT_CARD_STATUSES }).notNull(),
    autoApproveMicros: integer('auto_approve_micros').notNull(),
    perTransactionLimitMicros: integer('per_transaction_limit_micros'),
    dailyLimitMicros: integer('daily_limit_micros'),
    /** JSON arrays of category names. */
    allowedCategories: text('allowed_categories').notNull(),
    blockedCategories: text('blocked_categories').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    canceledAt: text('canceled_at'),
  },
  (t) => [
    uniqueIndex('agent_cards_live_idx')
      .on(t.walletId)
      .where(sql`status <> 'canceled'`),
    index('agent_cards_company_idx').on(t.companyId, t.createdAt),
  ],
)

/** The issuer's answer to an approved spend request: one per request. */
export const agentCardAuthorizations = sqliteTable(
  'agent_card_authorizations',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    cardId: text('card_id')
      .notNull()
      .references(() => agentCards.id, { onDelete: 'cascade' }),
    requestId: text('request_id')
      .notNull()
      .unique()
      .references(() => agentSpendRequests.id, { onDelete: 'cascade' }),
    amountMicros: integer('amount_micros').notNull(),
    outcome: text('outcome', { enum: ['approved', 'declined'] }).notNull(),
    declineReason: text('decline_reason', { enum: AUTHORIZATION_DECLINE_REASONS }),
    issuerAuthorizationId: text('issuer_authorization_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('agent_card_authorizations_card_idx').on(t.cardId, t.createdAt)],
)

/** What an approved authorization captured. */
export const agentCardTransactions = sqliteTable(
  'agent_card_transactions',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    walletId: text('wallet_id')
      .notNull()
      .references(() => agentWallets.id, { onDelete: 'cascade' }),
    cardId: text('card_id')
      .notNull()
      .references(() => agentCards.id, { onDelete: 'cascade' }),
    authorizationId: text('authorization_id')
      .notNull()
      .unique()
      .references(() => agentCardAuthorizations.id, { onDelete: 'cascade' }),
    amountMicros: integer('amount_micros').notNull(),
    merchant: text('merchant').notNull(),
    category: text('category').notNull(),
    status: text('status', { enum: CARD_TRANSACTION_STATUSES }).notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('agent_card_transactions_card_idx').on(t.cardId, t.createdAt)],
)

/** The wallet's ledger: its balance is Σ amount, once per (wallet, idempotency key). */
export const agentWalletEntries = sqliteTable(
  'agent_wallet_entries',
  {
    id: text('id').primaryKey(),
    walletId: text('wallet_id')
      .notNull()
      .references(() => agentWallets.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: WALLET_ENTRY_KINDS }).notNull(),
    amountMicros: integer('amount_micros').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    transactionId: text('transaction_id').references(() => agentCardTransactions.id, { onDelete: 'set null' }),
    createdAt: text('created_at').notNull(),
  },
  (t) => [unique().on(t.walletId, t.idempotencyKey)],
)
