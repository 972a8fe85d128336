import { and, eq } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { companies, memberships } from '../../db/schema/companies'
import { AppError } from '../../lib/errors'

export type CompanyRow = typeof companies.$inferSelect
export type MembershipRole = 'owner' | 'member'

export function findCompany(deps: Pick<Deps, 'db'>, companyId: string): CompanyRow | null {
  return deps.db.select().from(companies).where(eq(companies.id, companyId)).get() ?? null
}

export function membershipOf(deps: Pick<Deps, 'db'>, companyId: string, userId: string): MembershipRole | null {
  const row = deps.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.companyId, companyId), eq(memberships.userId, userId)))
    .get()
  return row?.role ?? null
}

/**
 * Members see, owners act, everyone else gets the same 404 as a missing id (so ids of other
 * tenants reveal nothing). Use from every registry route that takes a company id.
 */
export function companyForViewer(deps: Pick<Deps, 'db'>, companyId: string, userId: string) {
  const company = findCompany(deps, companyId)
  const role = company ? membershipOf(deps, company.id, userId) : null
  if (!company || !role) throw AppError.notFound('Exocorp')
  return { company, role }
}

/** As `companyForViewer`, and members (read-only) get 403. */
export function companyForOwner(deps: Pick<Deps, 'db'>, companyId: string, userId: string) {
  const found = companyForViewer(deps, companyId, userId)
  if (found.role !== 'owner') throw AppError.forbidden('Only the owner of this exocorp can do this')
  return found
}
