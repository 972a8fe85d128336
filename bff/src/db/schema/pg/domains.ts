import { index, pgTable, text } from 'drizzle-orm/pg-core'
import { companies } from './companies'

/** Custom domains per exocorp (pg migration 0024, decision 042). */
export const customDomains = pgTable(
  'custom_domains',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull().unique(),
    token: text('token').notNull(),
    state: text('state', { enum: ['pending', 'verified', 'active', 'failed'] }).notNull(),
    reason: text('reason'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by'),
    checkedAt: text('checked_at'),
    verifiedAt: text('verified_at'),
    activatedAt: text('activated_at'),
  },
  (t) => [index('custom_domains_company_idx').on(t.companyId, t.createdAt), index('custom_domains_check_idx').on(t.checkedAt)],
)
