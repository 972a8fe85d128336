import type { BillingState } from '@exocorp/shared/billing'
import { STATE_LABEL, stateTone } from './format'

export function StateBadge({ state }: { state: BillingState }) {
  return <span className={`badge badge-${stateTone(state)}`}>{STATE_LABEL[state]}</span>
}
