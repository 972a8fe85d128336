import type { CompanyStatus, Health } from '@exocorp/shared/companies'
import { STATUS_LABEL } from '@/lib/lifecycle-labels'
import { HEALTH_LABEL, healthTone, statusTone } from './format'

export function StatusBadge({ status }: { status: CompanyStatus }) {
  const tone = statusTone(status)
  return <span className={`badge${tone ? ` badge-${tone}` : ''}`}>{STATUS_LABEL[status]}</span>
}

export function HealthBadge({ health }: { health: Health }) {
  const tone = healthTone(health)
  return <span className={`badge${tone ? ` badge-${tone}` : ''}`}>{HEALTH_LABEL[health]}</span>
}
