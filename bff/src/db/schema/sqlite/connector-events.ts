import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { CONNECTOR_EVENT_SOURCES, DELIVERY_STATUSES, VERIFICATION_RESULTS } from '@exocorp/shared/connector-events'
import { companies } from './companies'

/** Every inbound delivery and how it was handled (decision 047; sqlite migration connector_events). */
export const connectorEvents = sqliteTable(
  'connector_events',
  {
    id: text('id').primaryKey(),
    source: text('source', { enum: CONNECTOR_EVENT_SOURCES }).notNull(),
    connector: text('connector').notNull(),
    eventId: text('event_id'),
    companyId: text('company_id').references(() => companies.id, { onDelete: 'set null' }),
    receivedAt: text('received_at').notNull(),
    verification: text('verification', { enum: VERIFICATION_RESULTS }).notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    reason: text('reason'),
    /** The reason as a cause code (shared CONNECTOR_CAUSE_FACTS) when the platform has one (decision 063). */
    cause: text('cause'),
    /** JSON: the cause's facts (status, message) and how it came about (gaveUpAfter, replayFailed). */
    causeFacts: text('cause_facts'),
    attempts: integer('attempts').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    lastAttemptAt: text('last_attempt_at').notNull(),
    deliveredAt: text('delivered_at'),
    /** A `retrying` event is retried by the platform's sweep from then on (decision 056). */
    nextAttemptAt: text('next_attempt_at'),
    /** The instance retrying it holds it until then; another takes it over after. */
    claimedUntil: text('claimed_until'),
    /** The raw body, kept only for authenticated deliveries (replay). */
    payload: text('payload'),
    /** JSON: what the handler needs besides the body (provider path, runtime, idempotency key). */
    meta: text('meta').notNull(),
  },
  (t) => [
    index('connector_events_received_idx').on(t.receivedAt, t.id),
    index('connector_events_connector_idx').on(t.connector, t.receivedAt),
    index('connector_events_status_idx').on(t.status, t.receivedAt),
    index('connector_events_due_idx').on(t.status, t.nextAttemptAt),
    index('connector_events_company_idx').on(t.companyId, t.connector, t.receivedAt),
  ],
)

/** A connector's signing secret for one exocorp, sealed with the platform key. */
export const connectorSecrets = sqliteTable(
  'connector_secrets',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    connector: text('connector').notNull(),
    sealedSecret: text('sealed_secret').notNull(),
    createdAt: text('created_at').notNull(),
    rotatedAt: text('rotated_at').notNull(),
    /** The secret the last rotation replaced: it still verifies until previous_expires_at (decision 056). */
    previousSealedSecret: text('previous_sealed_secret'),
    previousExpiresAt: text('previous_expires_at'),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.connector] })],
)
