import type { BillingState } from '@exocorp/shared/billing'

export function stateTone(state: BillingState): string {
  return state === 'current' ? 'ok' : state === 'grace' ? 'warn' : 'bad'
}
