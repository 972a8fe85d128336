import { MEMBERSHIP_ROLES } from '@exocorp/shared/teams'
import { index, pgTable, text } from 'drizzle-orm/pg-core'
import { users } from './accounts'
import { companies } from './companies'

/** Invitations to an exocorp; the link's token is kept only as its SHA-256. */
export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: MEMBERSHIP_ROLES }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedByUserId: text('invited_by_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'accepted', 'declined', 'revoked'] }).notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    respondedAt: text('responded_at'),
  },
  (t) => [index('invitations_company_idx').on(t.companyId, t.createdAt), index('invitations_email_idx').on(t.email, t.status)],
)
