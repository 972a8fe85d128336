import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { companies } from './companies'

/** Where an exocorp's runtime runs and which BFF instance owns it (migration 0008, decision 024). */
export const runtimes = sqliteTable('runtimes', {
  companyId: text('company_id')
    .primaryKey()
    .references(() => companies.id, { onDelete: 'cascade' }),
  hostId: text('host_id').notNull(),
  driver: text('driver').notNull(),
  endpoint: text('endpoint'),
  pid: integer('pid'),
  /** Sealed with the platform's secret key (lib/secret-box.ts). */
  controlToken: text('control_token'),
  startedAt: text('started_at').notNull(),
  updatedAt: text('updated_at').notNull(),
})

export const instances = sqliteTable('instances', {
  id: text('id').primaryKey(),
  startedAt: text('started_at').notNull(),
  heartbeatAt: text('heartbeat_at').notNull(),
})

export const leases = sqliteTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: text('expires_at').notNull(),
})

/** One row: moved forward by every write a view can show (migration 0011, decision 026). Read in db/client.ts only. */
export const dataVersion = sqliteTable('data_version', {
  id: integer('id').primaryKey(),
  n: integer('n').notNull(),
})
