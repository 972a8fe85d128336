import { bigint, index, pgTable, text, unique } from 'drizzle-orm/pg-core'
import { AGENT_WALLET_STATUSES, SPEND_DECLINE_REASONS } from '@exocorp/shared/agent-wallets'
import { companies } from './companies'

/** Agent wallets (decision 040; pg/0023): a monthly allowance per agent of an exocorp. */
export const agentWallets = pgTable(
  'agent_wallets',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    agent: text('agent').notNull(),
    status: text('status', { enum: AGENT_WALLET_STATUSES }).notNull(),
    monthlyLimitMicros: bigint('monthly_limit_micros', { mode: 'number' }).notNull(),
    perRequestLimitMicros: bigint('per_request_limit_micros', { mode: 'number' }),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [unique().on(t.companyId, t.agent)],
)

/** Every spend request a runtime made, with the decision taken; once per (exocorp, idempotency key). */
export const agentSpendRequests = pgTable(
  'agent_spend_requests',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    walletId: text('wallet_id').references(() => agentWallets.id, { onDelete: 'set null' }),
    agent: text('agent').notNull(),
    amountMicros: bigint('amount_micros', { mode: 'number' }).notNull(),
    merchant: text('merchant').notNull(),
    category: text('category').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['approved', 'declined'] }).notNull(),
    declineReason: text('decline_reason', { enum: SPEND_DECLINE_REASONS }),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    unique().on(t.companyId, t.idempotencyKey),
    index('agent_spend_requests_wallet_idx').on(t.walletId, t.createdAt),
    index('agent_spend_requests_created_idx').on(t.createdAt, t.id),
  ],
)
