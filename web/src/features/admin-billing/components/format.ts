import type { BillingState, LedgerEntryKind } from '@exocorp/shared/billing'

/** Micros (millionths of a currency unit) as money; small usage charges keep four decimals. */
export function formatMoney(micros: number, currency = 'USD'): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  }).format(micros / 1_000_000)
}

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

export function formatDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—'
}
