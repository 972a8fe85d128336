import type { CompanyStatus, Health } from '@exocorp/shared/companies'
import { HEALTH_LABEL, healthTone, STATUS_LABEL, statusTone } from './format'

export function StatusBadge({ status }: { status: CompanyStatus }) {
  const tone = statusTone(status)
  return <span className={`badge${tone ? ` badge-${tone}` : ''}`}>{STATUS_LABEL[status]}</span>
}

export function HealthBadge({ health }: { health: Health }) {
  const tone = healthTone(health)
  return <span className={`badge${tone ? ` badge-${tone}` : ''}`}>{HEALTH_LABEL[health]}</span>
}
