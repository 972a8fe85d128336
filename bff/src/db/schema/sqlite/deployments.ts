import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * Where exocorps run (issue 18 item 3, migration 0036, decision 054). `config` is the driver's own
 * settings as JSON (DeploymentTargetConfigSchema in shared/deployments.ts); `default_hosts` a JSON
 * array of host names (empty: the platform's own domain bases).
 */
export const deploymentTargets = sqliteTable('deployment_targets', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  driver: text('driver', { enum: ['local', 'kubernetes'] }).notNull(),
  config: text('config').notNull(),
  routingMode: text('routing_mode', { enum: ['subdomain', 'path', 'custom_domain'] }).notNull(),
  isolationMode: text('isolation_mode', { enum: ['shared', 'dedicated'] }).notNull(),
  state: text('state', { enum: ['active', 'draining'] }).notNull(),
  capacity: integer('capacity').notNull(),
  defaultHosts: text('default_hosts').notNull(),
  schemaVersion: text('schema_version'),
  health: text('health', { enum: ['unknown', 'healthy', 'unhealthy'] }).notNull(),
  healthReason: text('health_reason'),
  healthCheckedAt: text('health_checked_at'),
  healthChecks: text('health_checks'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
})
