import { integer, pgTable, text } from 'drizzle-orm/pg-core'

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['user', 'admin', 'platform_owner'] }).notNull(),
  disabledAt: text('disabled_at'),
  lastSignInAt: text('last_sign_in_at'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
})

export const sessions = pgTable('sessions', {
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: text('created_at').notNull(),
  lastSeenAt: text('last_seen_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  reauthenticatedAt: text('reauthenticated_at'),
  userAgent: text('user_agent'),
  ip: text('ip'),
  passwordResetRequiredAt: text('password_reset_required_at'),
})

export const recoveryCodes = pgTable('recovery_codes', {
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  codeHash: text('code_hash').notNull(),
  usedAt: text('used_at'),
  createdAt: text('created_at').notNull(),
})

export const authThrottle = pgTable('auth_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: text('window_started_at').notNull(),
})

/**
 * A recovery kit shown but not yet confirmed as saved, held for the session that was shown it
 * (sealed with the platform key, bound to the session) so a reload does not lose the codes.
 */
export const pendingRecoveryKits = pgTable('pending_recovery_kits', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  sealedCodes: text('sealed_codes').notNull(),
  expiresAt: text('expires_at').notNull(),
})
