import type { CompanyStatus, Health } from '@exocorp/shared/companies'
import { Badge } from '@/components/ui/badge'
import { STATUS_LABEL } from '@/lib/lifecycle-labels'
import { HEALTH_LABEL, HEALTH_TONE, STATUS_TONE } from './format'

export function StatusBadge({ status }: { status: CompanyStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{STATUS_LABEL[status]}</Badge>
}

export function HealthBadge({ health }: { health: Health }) {
  return <Badge tone={HEALTH_TONE[health]}>{HEALTH_LABEL[health]}</Badge>
}
