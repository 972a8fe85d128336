import { and, eq } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies, memberships } from '../../db/schema/companies'
import type { CompanyRow } from './bindings'

export interface CompanyAccess {
  company: CompanyRow
  role: 'owner' | 'member'
}

/** The exocorp as `userId` may see it (a membership row, or ownership), or null: callers answer 404. */
export async function companyAccessFor(deps: Pick<Deps, 'db'>, userId: string, companyId: string): Promise<CompanyAccess | null> {
  const [row] = await deps.db
    .select({ company: companies, role: memberships.role })
    .from(companies)
    .leftJoin(memberships, and(eq(memberships.companyId, companies.id), eq(memberships.userId, userId)))
    .where(eq(companies.id, companyId))
    .limit(1)
  if (!row) return null
  if (row.company.ownerUserId === userId) return { company: row.company, role: 'owner' }
  if (row.role) return { company: row.company, role: row.role }
  return null
}
