import type { BillingState, LedgerEntryKind } from '@exocorp/shared/billing'

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
  refund: 'Refund',
}
