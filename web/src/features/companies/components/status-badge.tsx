import type { CompanyStatus, Health } from '@exocorp/shared/companies'
import { Badge } from '@/components/ui/badge'
import { useCommonText } from '@/lib/i18n/common-text'
import { HEALTH_LABEL, HEALTH_TONE, STATUS_TONE } from './format'

export function StatusBadge({ status }: { status: CompanyStatus }) {
  const { t } = useCommonText()
  return <Badge tone={STATUS_TONE[status]}>{t(`status.${status}`)}</Badge>
}

export function HealthBadge({ health }: { health: Health }) {
  return <Badge tone={HEALTH_TONE[health]}>{HEALTH_LABEL[health]}</Badge>
}
