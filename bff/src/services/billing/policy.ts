import type { GracePolicy } from '@exocorp/shared/billing'
import type { billingAccounts } from '../../db/schema/billing'

type AccountRow = typeof billingAccounts.$inferSelect

/** Platform default: a week of grace, restricted after 7 days overdue, suspended after 14. */
export const DEFAULT_POLICY = { graceDays: 7, restrictAfterDays: 7, suspendAfterDays: 14, thresholdMicros: 0 } as const

export const DAY_MS = 86_400_000

export function policyOf(row: AccountRow): GracePolicy {
  const isDefault =
    row.graceDays === null && row.restrictAfterDays === null && row.suspendAfterDays === null && row.thresholdMicros === null
  const graceDays = row.graceDays ?? DEFAULT_POLICY.graceDays
  return {
    graceDays,
    restrictAfterDays: Math.max(row.restrictAfterDays ?? graceDays, graceDays),
    suspendAfterDays: row.suspendAfterDays ?? DEFAULT_POLICY.suspendAfterDays,
    thresholdMicros: row.thresholdMicros ?? DEFAULT_POLICY.thresholdMicros,
    isDefault,
  }
}

export type BillingStateName = AccountRow['state']

/**
 * The state an account should be in. Overdue means the balance is below the threshold; the days
 * are counted from `overdueSince`: grace at once, restricted after `restrictAfterDays`, suspended
 * after `suspendAfterDays`. Paid up → current, whatever came before.
 */
export function targetState(
  policy: GracePolicy,
  balanceMicros: number,
  overdueSince: string | null,
  now: Date,
): BillingStateName {
  if (balanceMicros >= policy.thresholdMicros || overdueSince === null) return 'current'
  const days = (now.getTime() - Date.parse(overdueSince)) / DAY_MS
  if (days >= policy.suspendAfterDays) return 'suspended'
  if (days >= policy.restrictAfterDays) return 'restricted'
  return 'grace'
}

/** When the evaluator will move an overdue account on if nothing is paid. */
export function nextStep(
  policy: GracePolicy,
  state: BillingStateName,
  overdueSince: string | null,
): { nextState: BillingStateName; at: string } | null {
  if (overdueSince === null) return null
  const start = Date.parse(overdueSince)
  if (state === 'grace') return { nextState: 'restricted', at: new Date(start + policy.restrictAfterDays * DAY_MS).toISOString() }
  if (state === 'restricted')
    return { nextState: 'suspended', at: new Date(start + policy.suspendAfterDays * DAY_MS).toISOString() }
  return null
}
