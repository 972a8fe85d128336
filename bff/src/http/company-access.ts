import { AppError } from '../lib/errors'
import { companyAccessFor, type CompanyAccess } from '../services/catalog/access'
import type { AppContext } from './context'
import { principalOf } from './guards'

/** Members and the owner see the exocorp; anyone else gets the same 404 as for an unknown id. */
export async function visibleCompany(c: AppContext, companyId: string): Promise<CompanyAccess> {
  const access = await companyAccessFor(c.get('deps'), principalOf(c).user.id, companyId)
  if (!access) throw AppError.notFound('Exocorp')
  return access
}

/** Owners act: a member gets 403 (they can see the exocorp, so 404 would be a lie). */
export async function ownedCompany(c: AppContext, companyId: string): Promise<CompanyAccess> {
  const access = await visibleCompany(c, companyId)
  if (access.role !== 'owner') throw AppError.forbidden('Only the owner of this exocorp can do this')
  return access
}
