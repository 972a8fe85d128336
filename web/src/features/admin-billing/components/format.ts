import type { BillingState, LedgerEntryKind } from '@exocorp/shared/billing'

/** The console's one money style (lib/format.ts), re-exported for the billing screens. */
export { formatMoney } from '@/lib/format'

export const STATE_LABEL: Record<BillingState, string> = {
  current: 'Current',
  grace: 'Grace',
  restricted: 'Restricted',
  suspended: 'Suspended',
}

export function stateTone(state: BillingState): string {
  return state === 'current' ? 'ok' : state === 'grace' ? 'warn' : 'bad'
}

export const KIND_LABEL: Record<LedgerEntryKind, string> = {
  signup_credit: 'Signup credit',
  usage: 'Usage',
  payment: 'Payment',
  adjustment: 'Adjustment',
}
