import { and, eq, sql } from 'drizzle-orm'
import { preparedRead } from '../../db/prepared'
import type { Deps } from '../../deps'
import { companies, memberships } from '../../db/schema/companies'
import { AppError } from '../../lib/errors'

export type CompanyRow = typeof companies.$inferSelect
export type MembershipRole = 'owner' | 'member'

// Every company route and view reads these two: prepared once (decision 033).
const companyById = preparedRead((db) =>
  db
    .select()
    .from(companies)
    .where(eq(companies.id, sql.placeholder('id')))
    .limit(1)
    .prepare(),
)
const membershipRole = preparedRead((db) =>
  db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.companyId, sql.placeholder('companyId')), eq(memberships.userId, sql.placeholder('userId'))))
    .limit(1)
    .prepare(),
)

export async function findCompany(deps: Pick<Deps, 'db'>, companyId: string): Promise<CompanyRow | null> {
  return (await companyById(deps.db, { id: companyId }))[0] ?? null
}

export async function membershipOf(deps: Pick<Deps, 'db'>, companyId: string, userId: string): Promise<MembershipRole | null> {
  const [row] = await membershipRole(deps.db, { companyId, userId })
  return row?.role ?? null
}

/**
 * Members see, owners act, everyone else gets the same 404 as a missing id (so ids of other
 * tenants reveal nothing). Use from every registry route that takes a company id.
 */
export async function companyForViewer(deps: Pick<Deps, 'db'>, companyId: string, userId: string) {
  const company = await findCompany(deps, companyId)
  const role = company ? await membershipOf(deps, company.id, userId) : null
  if (!company || !role) throw AppError.notFound('Exocorp')
  return { company, role }
}

/** As `companyForViewer`, and members (read-only) get 403. */
export async function companyForOwner(deps: Pick<Deps, 'db'>, companyId: string, userId: string) {
  const found = await companyForViewer(deps, companyId, userId)
  if (found.role !== 'owner') throw AppError.forbidden('Only the owner of this exocorp can do this')
  return found
}
