import { bigint, bigserial, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core'
import { users } from './accounts'

/** Outgoing webhooks (migration pg/0026, decision 046). */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** JSON array of event types. */
    eventTypes: text('event_types').notNull(),
    /** JSON array of exocorp ids, or null for every exocorp the user owns. */
    companyIds: text('company_ids'),
    /** The signing secret, sealed (SecretBox.sealText, bound to the endpoint id). */
    sealedSecret: text('sealed_secret').notNull(),
    previousSealedSecret: text('previous_sealed_secret'),
    previousSecretExpiresAt: text('previous_secret_expires_at'),
    secretRotatedAt: text('secret_rotated_at'),
    state: text('state', { enum: ['enabled', 'disabled'] }).notNull(),
    disabledReason: text('disabled_reason'),
    failingSince: text('failing_since'),
    failureStreak: integer('failure_streak').notNull().default(0),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('webhook_endpoints_user_idx').on(t.userId, t.createdAt)],
)

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** What it was made from (`event:<id>`, `job:<id>:<status>`): one delivery per source and endpoint. */
    sourceKey: text('source_key').notNull(),
    eventType: text('event_type').notNull(),
    companyId: text('company_id'),
    payload: text('payload').notNull(),
    state: text('state', { enum: ['pending', 'succeeded', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** Failures since it was queued or resent: the backoff's exponent. */
    retryStep: integer('retry_step').notNull().default(0),
    createdAt: text('created_at').notNull(),
    retryUntil: text('retry_until').notNull(),
    nextAttemptAt: text('next_attempt_at'),
    /** Claimed by a sender until then (another instance takes it over after). */
    claimedUntil: text('claimed_until'),
    deliveredAt: text('delivered_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_source_idx').on(t.endpointId, t.sourceKey),
    index('webhook_deliveries_due_idx').on(t.state, t.nextAttemptAt),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt, t.id),
  ],
)

export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    status: integer('status'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    responseBody: text('response_body'),
    /** JSON object of the headers sent. */
    requestHeaders: text('request_headers').notNull(),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.attempt)],
)

export const webhookCursor = pgTable('webhook_cursor', {
  id: integer('id').primaryKey(),
  lastEventId: bigint('last_event_id', { mode: 'number' }).notNull(),
})
