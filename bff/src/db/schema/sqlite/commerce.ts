import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { companies } from './companies'

/** The newest snapshot of each runtime's store (migration 0037, decision 055). */
export const commerceStores = sqliteTable(
  'commerce_stores',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    storeId: text('store_id').notNull(),
    name: text('name').notNull(),
    currency: text('currency').notNull(),
    productCount: integer('product_count').notNull(),
    orderCount: integer('order_count').notNull(),
    lastOrderAt: text('last_order_at'),
    revenueMinor: integer('revenue_minor').notNull(),
    sequence: integer('sequence').notNull(),
    snapshotId: text('snapshot_id').notNull(),
    takenAt: text('taken_at').notNull(),
    receivedAt: text('received_at').notNull(),
    intervalSeconds: integer('interval_seconds').notNull(),
    /** received_at + 3 × interval_seconds: stale past this while the exocorp runs. */
    staleAt: text('stale_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.storeId] }), index('commerce_stores_stale_idx').on(t.staleAt)],
)

/** Revenue per store and UTC day, as the newest snapshot carried it (migration 0037). */
export const commerceRevenueDaily = sqliteTable(
  'commerce_revenue_daily',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    storeId: text('store_id').notNull(),
    day: text('day').notNull(),
    currency: text('currency').notNull(),
    orders: integer('orders').notNull(),
    revenueMinor: integer('revenue_minor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.storeId, t.day] }), index('commerce_revenue_daily_day_idx').on(t.day)],
)
