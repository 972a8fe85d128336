import { index, integer, pgTable, text, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { companies } from './companies'

/** Agents' work reported by runtimes (migration pg/0013, decision 037). */
export const workloads = pgTable(
  'workloads',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    agent: text('agent').notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: ['starting', 'running', 'stopped', 'failed'] }).notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    updatedAt: text('updated_at').notNull(),
    /** The runner executing it (migration 0025 / pg 0019); null for the runtime's own work. */
    runnerId: text('runner_id').references((): AnyPgColumn => runners.id, { onDelete: 'set null' }),
  },
  (t) => [index('workloads_company_idx').on(t.companyId, t.startedAt), index('workloads_runner_idx').on(t.runnerId, t.status)],
)

/** Runners enrolled with a one-time token; both secrets stored as SHA-256 (migration pg/0013). */
export const runners = pgTable(
  'runners',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    enrollmentTokenHash: text('enrollment_token_hash').unique(),
    secretHash: text('secret_hash').unique(),
    status: text('status', { enum: ['pending', 'enrolled', 'offline', 'revoked'] }).notNull(),
    hostname: text('hostname'),
    version: text('version'),
    heartbeatMs: integer('heartbeat_ms').notNull(),
    createdAt: text('created_at').notNull(),
    enrolledAt: text('enrolled_at'),
    lastHeartbeatAt: text('last_heartbeat_at'),
    revokedAt: text('revoked_at'),
  },
  (t) => [index('runners_company_idx').on(t.companyId, t.createdAt)],
)

/** Workloads waiting for a runner of their exocorp (migration pg/0030, decision 053). */
export const workloadQueue = pgTable(
  'workload_queue',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    agent: text('agent').notNull(),
    title: text('title').notNull(),
    queuedAt: text('queued_at').notNull(),
  },
  (t) => [index('workload_queue_company_idx').on(t.companyId, t.queuedAt)],
)
