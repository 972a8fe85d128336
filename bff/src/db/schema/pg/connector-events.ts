import { index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core'
import { CONNECTOR_EVENT_SOURCES, DELIVERY_STATUSES, VERIFICATION_RESULTS } from '@exocorp/shared/connector-events'
import { companies } from './companies'

/** Every inbound delivery and how it was handled (decision 047; pg migration connector_events). */
export const connectorEvents = pgTable(
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
    attempts: integer('attempts').notNull(),
    latencyMs: integer('latency_ms').notNull(),
    lastAttemptAt: text('last_attempt_at').notNull(),
    deliveredAt: text('delivered_at'),
    /** The raw body, kept only for authenticated deliveries (replay). */
    payload: text('payload'),
    /** JSON: what the handler needs besides the body (provider path, runtime, idempotency key). */
    meta: text('meta').notNull(),
  },
  (t) => [
    index('connector_events_received_idx').on(t.receivedAt, t.id),
    index('connector_events_connector_idx').on(t.connector, t.receivedAt),
    index('connector_events_status_idx').on(t.status, t.receivedAt),
  ],
)

/** A connector's signing secret for one exocorp, sealed with the platform key. */
export const connectorSecrets = pgTable(
  'connector_secrets',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    connector: text('connector').notNull(),
    sealedSecret: text('sealed_secret').notNull(),
    createdAt: text('created_at').notNull(),
    rotatedAt: text('rotated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.connector] })],
)
