import type { CompanyStatus, Health } from '@exocorp/shared/companies'
import { useTranslation } from 'react-i18next'
import { healthTone, statusTone } from './format'

export function StatusBadge({ status }: { status: CompanyStatus }) {
  const { t } = useTranslation()
  const tone = statusTone(status)
  return <span className={`badge${tone ? ` badge-${tone}` : ''}`}>{t(`status.${status}`)}</span>
}

export function HealthBadge({ health }: { health: Health }) {
  const { t } = useTranslation()
  const tone = healthTone(health)
  return <span className={`badge${tone ? ` badge-${tone}` : ''}`}>{t(`health.${health}`)}</span>
}
