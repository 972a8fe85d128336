import type { AuditEvent } from '@exocorp/shared/audit'
import { paths } from '../../paths'

/** Audit targets that have a page in the admin console. */
export function auditTargetHref(target: AuditEvent['target']) {
  if (!target.id) return undefined
  if (target.type === 'company') return paths.adminCompany(target.id)
  if (target.type === 'billing_account') return paths.adminBillingAccount(target.id)
  return undefined
}
