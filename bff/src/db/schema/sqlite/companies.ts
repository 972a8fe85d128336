import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { COMPANY_STATUSES, HEALTHS, JOB_STATES, LIFECYCLE_ACTIONS, RELEASE_CHANNELS } from '@exocorp/shared/companies'
import { MEMBERSHIP_ROLES } from '@exocorp/shared/teams'
import { users } from './accounts'
import { deploymentTargets } from './deployments'

export const companies = sqliteTable('companies', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  ownerUserId: text('owner_user_id')
    .notNull()
    .references(() => users.id),
  status: text('status', { enum: COMPANY_STATUSES }).notNull(),
  health: text('health', { enum: HEALTHS }).notNull(),
  healthCheckedAt: text('health_checked_at'),
  channel: text('channel', { enum: RELEASE_CHANNELS }).notNull(),
  installedVersion: text('installed_version'),
  previousVersion: text('previous_version'),
  draftVersion: integer('draft_version').notNull(),
  draftConfig: text('draft_config').notNull(),
  draftUpdatedAt: text('draft_updated_at').notNull(),
  deployedDraftVersion: integer('deployed_draft_version'),
  deployedConfig: text('deployed_config'),
  manifestYaml: text('manifest_yaml'),
  manifestGeneratedAt: text('manifest_generated_at'),
  lastError: text('last_error'),
  usageTokenHash: text('usage_token_hash'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  destroyedAt: text('destroyed_at'),
  /** Where it runs (decision 054): set when it is first placed, changed by a move. */
  deploymentTargetId: text('deployment_target_id').references(() => deploymentTargets.id),
})

export const memberships = sqliteTable(
  'memberships',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: MEMBERSHIP_ROLES }).notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.userId] })],
)

export const jobs = sqliteTable('jobs', {
  id: text('id').primaryKey(),
  companyId: text('company_id')
    .notNull()
    .references(() => companies.id, { onDelete: 'cascade' }),
  action: text('action', { enum: LIFECYCLE_ACTIONS }).notNull(),
  status: text('status', { enum: JOB_STATES }).notNull(),
  phases: text('phases').notNull(),
  attempts: integer('attempts').notNull(),
  maxAttempts: integer('max_attempts').notNull(),
  leaseOwner: text('lease_owner'),
  leaseExpiresAt: text('lease_expires_at'),
  heartbeatAt: text('heartbeat_at'),
  error: text('error'),
  targetVersion: text('target_version'),
  requestedBy: text('requested_by'),
  createdAt: text('created_at').notNull(),
  startedAt: text('started_at'),
  finishedAt: text('finished_at'),
})
