import { AppError } from '../lib/errors'
import { companyAccessFor, type CompanyAccess } from '../services/catalog/access'
import type { AppContext } from './context'
import { principalOf } from './guards'

/** Members and the owner see the exocorp; anyone else gets the same 404 as for an unknown id. */
export async function visibleCompany(c: AppContext, companyId: string): Promise<CompanyAccess> {
  const p = principalOf(c)
  // An agent limited to chosen exocorps sees no other (the guard already refuses most; this holds for the rest).
  if (p.kind === 'operator_client' && p.companyIds !== null && !p.companyIds.has(companyId)) throw AppError.notFound('Exocorp')
  const access = await companyAccessFor(c.get('deps'), p.user.id, companyId)
  if (!access) throw AppError.notFound('Exocorp')
  return access
}

/** The exocorps an agent limited to chosen ones may reach; null for a person or an agent with all of them. */
export function chosenCompanies(c: AppContext): ReadonlySet<string> | null {
  const p = c.get('principal')
  return p?.kind === 'operator_client' ? p.companyIds : null
}

/** Owners act: a member gets 403 (they can see the exocorp, so 404 would be a lie). */
export async function ownedCompany(c: AppContext, companyId: string): Promise<CompanyAccess> {
  const access = await visibleCompany(c, companyId)
  if (access.role !== 'owner') throw AppError.forbidden('Only the owner of this exocorp can do this')
  return access
}
