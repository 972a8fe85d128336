import { eq, sql } from 'drizzle-orm'
import type { Deps } from '../../deps'
import { writeTx } from '../../db/client'
import { billingAccounts, billingSuspensions } from '../../db/schema/billing'
import { recordAudit, SYSTEM_ACTOR } from '../audit'
import { accountBalanceMicros } from './accounts'
import { billingEffectsFor } from './effects'
import { bookPendingUsage, bookUsageEvent } from './ledger'
import { policyOf, targetState, type BillingStateName } from './policy'

export interface StateChange {
  accountId: string
  ownerUserId: string
  from: BillingStateName
  to: BillingStateName
  balanceMicros: number
}

/**
 * Puts one account in the state its balance and policy call for, audits a change and applies
 * its effects on the owner's exocorps (suspended → pause; current again → resume).
 */
export async function evaluateAccount(deps: Deps, accountId: string, cause: string): Promise<StateChange | null> {
  const change = writeTx(deps.db, (): StateChange | null => {
    const row = deps.db.select().from(billingAccounts).where(eq(billingAccounts.id, accountId)).get()
    if (!row) return null
    const now = deps.clock.now()
    const nowIso = now.toISOString()
    const balance = accountBalanceMicros(deps, accountId)
    const policy = policyOf(row)
    const overdueSince = balance < policy.thresholdMicros ? (row.overdueSince ?? nowIso) : null
    const to = targetState(policy, balance, overdueSince, now)
    if (overdueSince === row.overdueSince && to === row.state) return null
    deps.db
      .update(billingAccounts)
      .set({ overdueSince, updatedAt: nowIso, ...(to !== row.state ? { state: to, stateChangedAt: nowIso } : {}) })
      .where(eq(billingAccounts.id, accountId))
      .run()
    if (to === row.state) return null
    recordAudit(deps, {
      actor: SYSTEM_ACTOR,
      action: 'billing.state_changed',
      target: { type: 'billing_account', id: accountId },
      outcome: 'succeeded',
      summary: `Billing account moved from ${row.state} to ${to}`,
      details: { from: row.state, to, balanceMicros: balance, overdueSince, cause, ownerUserId: row.ownerUserId },
    })
    return { accountId, ownerUserId: row.ownerUserId, from: row.state, to, balanceMicros: balance }
  })
  if (change) await applyEffects(deps, change)
  return change
}

async function applyEffects(deps: Deps, change: StateChange) {
  const effects = billingEffectsFor(deps)
  const { accountId, ownerUserId } = change
  try {
    if (change.to === 'suspended') {
      const paused = await effects.pauseForSuspension(deps, { accountId, ownerUserId })
      const now = deps.clock.now().toISOString()
      for (const companyId of paused) {
        deps.db.insert(billingSuspensions).values({ companyId, accountId, pausedAt: now }).onConflictDoNothing().run()
      }
      // Straggler passes (suspended → suspended) only speak when they paused something.
      if (paused.length === 0 && change.from === change.to) return
      recordAudit(deps, {
        actor: SYSTEM_ACTOR,
        action: 'billing.exocorps_paused',
        target: { type: 'billing_account', id: accountId },
        outcome: 'succeeded',
        summary: `Paused ${paused.length} exocorp(s) because the billing account is suspended`,
        details: { companyIds: paused },
      })
    } else if (change.to === 'current') {
      const rows = deps.db.select().from(billingSuspensions).where(eq(billingSuspensions.accountId, accountId)).all()
      if (rows.length === 0) return
      const companyIds = rows.map((r) => r.companyId)
      await effects.resumeAfterSuspension(deps, { accountId, ownerUserId, companyIds })
      deps.db.delete(billingSuspensions).where(eq(billingSuspensions.accountId, accountId)).run()
      recordAudit(deps, {
        actor: SYSTEM_ACTOR,
        action: 'billing.exocorps_resumed',
        target: { type: 'billing_account', id: accountId },
        outcome: 'succeeded',
        summary: `Resumed ${companyIds.length} exocorp(s) because the billing account is current again`,
        details: { companyIds },
      })
    }
  } catch (err) {
    deps.log.error({ err, accountId, to: change.to }, 'billing effect failed')
    recordAudit(deps, {
      actor: SYSTEM_ACTOR,
      action: change.to === 'suspended' ? 'billing.exocorps_paused' : 'billing.exocorps_resumed',
      target: { type: 'billing_account', id: accountId },
      outcome: 'failed',
      summary: `Could not apply the ${change.to} effects: ${err instanceof Error ? err.message : 'error'}`,
      details: { to: change.to },
    })
  }
}

/**
 * The scheduled pass: books usage not yet in the ledger, then evaluates every account that is,
 * or may have to become, something other than current.
 */
export async function evaluateAllAccounts(deps: Deps): Promise<StateChange[]> {
  bookPendingUsage(deps)
  const ids = deps.db
    .select({ id: billingAccounts.id })
    .from(billingAccounts)
    .where(
      sql`${billingAccounts.state} != 'current' OR ${billingAccounts.overdueSince} IS NOT NULL
        OR (SELECT coalesce(sum(amount_micros), 0) FROM ledger_entries le WHERE le.account_id = ${billingAccounts.id})
           < coalesce(${billingAccounts.thresholdMicros}, 0)`,
    )
    .all()
  const changes: StateChange[] = []
  for (const { id } of ids) {
    const change = await evaluateAccount(deps, id, 'scheduled evaluation')
    if (change) changes.push(change)
  }
  await pauseStragglers(deps)
  return changes
}

/**
 * An exocorp that was starting when its owner's account was suspended reaches `running` later;
 * each pass pauses such stragglers so suspension holds.
 */
async function pauseStragglers(deps: Deps) {
  const rows = deps.db.$client
    .prepare(
      `SELECT DISTINCT a.id, a.owner_user_id FROM billing_accounts a
       JOIN companies c ON c.owner_user_id = a.owner_user_id AND c.status = 'running'
       WHERE a.state = 'suspended'`,
    )
    .all() as { id: string; owner_user_id: string }[]
  for (const r of rows) {
    await applyEffects(deps, {
      accountId: r.id,
      ownerUserId: r.owner_user_id,
      from: 'suspended',
      to: 'suspended',
      balanceMicros: 0,
    })
  }
}

/** For the usage-report route: book one priced usage event now and re-evaluate its account. */
export async function bookUsageAndEvaluate(deps: Deps, usageEventId: string) {
  const booked = bookUsageEvent(deps, usageEventId)
  if (booked?.created) await evaluateAccount(deps, booked.entry.accountId, 'usage')
  return booked
}

/** Runs the evaluator every `intervalMs` (one run at a time); returns a stop function. */
export function startBillingEvaluator(deps: Deps, intervalMs = 60_000): () => void {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    evaluateAllAccounts(deps)
      .catch((err: unknown) => deps.log.error({ err }, 'billing evaluation failed'))
      .finally(() => {
        running = false
      })
  }, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
