import { bigint, index, integer, primaryKey, pgTable, text } from 'drizzle-orm/pg-core'
import { companies } from './companies'

/** The newest snapshot of each runtime's store (migration pg/0032, decision 055). */
export const commerceStores = pgTable(
  'commerce_stores',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    storeId: text('store_id').notNull(),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    productCount: bigint('product_count', { mode: 'number' }).notNull(),
    orderCount: bigint('order_count', { mode: 'number' }).notNull(),
    lastOrderAt: text('last_order_at'),
    revenueMinor: bigint('revenue_minor', { mode: 'number' }).notNull(),
    sequence: bigint('sequence', { mode: 'number' }).notNull(),
    snapshotId: text('snapshot_id').notNull(),
    takenAt: text('taken_at').notNull(),
    receivedAt: text('received_at').notNull(),
    intervalSeconds: integer('interval_seconds').notNull(),
    /** received_at + 3 × interval_seconds: stale past this while the exocorp runs. */
    staleAt: text('stale_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.storeId] }), index('commerce_stores_stale_idx').on(t.staleAt)],
)

/** Revenue per store and UTC day, as the newest snapshot carried it (migration pg/0032). */
export const commerceRevenueDaily = pgTable(
  'commerce_revenue_daily',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    storeId: text('store_id').notNull(),
    day: text('day').notNull(),
    currency: text('currency').notNull(),
    orders: bigint('orders', { mode: 'number' }).notNull(),
    revenueMinor: bigint('revenue_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.storeId, t.day] }), index('commerce_revenue_daily_day_idx').on(t.day)],
)
