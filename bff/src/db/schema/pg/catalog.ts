import { RELEASE_CHANNELS } from '@exocorp/shared/companies'
import { bigint, boolean, integer, primaryKey, pgTable, text } from 'drizzle-orm/pg-core'
import { bytea } from './bytea'
import { users } from './accounts'
import { companies } from './companies'

const USAGE_OUTCOMES = ['ok', 'error'] as const
const PROVIDERS = ['openai', 'anthropic', 'google', 'mistral', 'e2b'] as const

export const releases = pgTable('releases', {
  version: text('version').primaryKey(),
  channel: text('channel', { enum: RELEASE_CHANNELS }).notNull(),
  publishedAt: text('published_at').notNull(),
  notes: text('notes').notNull(),
  requiredProviders: text('required_providers').notNull(),
  optionalProviders: text('optional_providers').notNull(),
  /** JSON array of setting declarations (shared/src/settings.ts); migration 0033 (pg 0028). */
  settings: text('settings').notNull().default('[]'),
})

export const providerSecrets = pgTable('provider_secrets', {
  id: text('id').primaryKey(),
  ownerUserId: text('owner_user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  provider: text('provider', { enum: PROVIDERS }).notNull(),
  label: text('label').notNull(),
  ciphertext: bytea('ciphertext').notNull(),
  iv: bytea('iv').notNull(),
  tag: bytea('tag').notNull(),
  last4: text('last4').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
})

/** A provider credential a platform owner revoked: what it was, why, by whom (never the value). */
export const credentialRevocations = pgTable('credential_revocations', {
  id: text('id').primaryKey(),
  ownerUserId: text('owner_user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  secretId: text('secret_id').notNull(),
  provider: text('provider', { enum: PROVIDERS }).notNull(),
  label: text('label').notNull(),
  last4: text('last4').notNull(),
  reason: text('reason').notNull(),
  revokedByUserId: text('revoked_by_user_id').notNull(),
  revokedAt: text('revoked_at').notNull(),
})

export const bindings = pgTable(
  'bindings',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    provider: text('provider', { enum: PROVIDERS }).notNull(),
    secretId: text('secret_id').references(() => providerSecrets.id, { onDelete: 'set null' }),
    boundAt: text('bound_at').notNull(),
    /** Set when a platform owner revoked the credential this binding used (decision 043). */
    revocationId: text('revocation_id').references(() => credentialRevocations.id, { onDelete: 'set null' }),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.provider] })],
)

export const priceBooks = pgTable('price_books', {
  id: text('id').primaryKey(),
  version: integer('version').notNull().unique(),
  active: boolean('active').notNull(),
  prices: text('prices').notNull(),
  createdAt: text('created_at').notNull(),
  activatedAt: text('activated_at'),
})

export const usageEvents = pgTable('usage_events', {
  id: text('id').primaryKey(),
  companyId: text('company_id')
    .notNull()
    .references(() => companies.id, { onDelete: 'cascade' }),
  externalId: text('external_id'),
  model: text('model').notNull(),
  inputTokens: bigint('input_tokens', { mode: 'number' }).notNull(),
  outputTokens: bigint('output_tokens', { mode: 'number' }).notNull(),
  costMicros: bigint('cost_micros', { mode: 'number' }).notNull(),
  priceBookId: text('price_book_id')
    .notNull()
    .references(() => priceBooks.id),
  at: text('at').notNull(),
  /** The agent the runtime named for the call (decision 040); null when it named none. */
  agent: text('agent'),
  /** What the runtime said of the call (decision 049): `error` when it failed; errors still cost what they used. */
  outcome: text('outcome', { enum: USAGE_OUTCOMES }).notNull().default('ok'),
})
