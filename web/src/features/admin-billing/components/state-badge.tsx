import { useTranslation } from 'react-i18next'
import type { BillingState } from '@exocorp/shared/billing'
import { stateTone } from './format'

export function StateBadge({ state }: { state: BillingState }) {
  const { t } = useTranslation()
  return <span className={`badge badge-${stateTone(state)}`}>{t(`billingAccount.state_${state}`)}</span>
}
