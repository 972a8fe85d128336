import { and, eq, isNotNull, lt, ne, or, sql } from 'drizzle-orm'
import { within, type Deps } from '../../deps'
import { lockRows } from '../../db/portable'
import { billingAccounts, billingSuspensions, ledgerEntries } from '../../db/schema/billing'
import { companies } from '../../db/schema/companies'
import { pruneResolvedAdminNotifications } from '../admin-notifications'
import { pruneConnectorEvents } from '../connector-events/retention'
import { recordAudit, SYSTEM_ACTOR } from '../audit'
import { acquireLease, releaseLease } from '../instances'
import { accountBalanceMicros } from './accounts'
import { evaluateBudgetsForCompany, resumeBudgetPauses } from './budgets'
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
  const change = await deps.db.write(async (tx): Promise<StateChange | null> => {
    // A payment and a usage booking evaluated at once on two instances decide one after the other.
    await lockRows(tx, 'billing_accounts', accountId)
    const [row] = await tx.select().from(billingAccounts).where(eq(billingAccounts.id, accountId)).limit(1)
    if (!row) return null
    const now = deps.clock.now()
    const nowIso = now.toISOString()
    const balance = await accountBalanceMicros(within(deps, tx), accountId)
    const policy = policyOf(row)
    const overdueSince = balance < policy.thresholdMicros ? (row.overdueSince ?? nowIso) : null
    const to = targetState(policy, balance, overdueSince, now)
    if (overdueSince === row.overdueSince && to === row.state) return null
    await tx
      .update(billingAccounts)
      .set({ overdueSince, updatedAt: nowIso, ...(to !== row.state ? { state: to, stateChangedAt: nowIso } : {}) })
      .where(eq(billingAccounts.id, accountId))
    if (to === row.state) return null
    await recordAudit(within(deps, tx), {
      actor: SYSTEM_ACTOR,
      action: 'billing.state_changed',
      target: { type: 'billing_account', id: accountId },
      outcome: 'succeeded',
      summary: `Billing account moved from ${row.state} to ${to}`,
      details: { from: row.state, to, balanceMicros: balance, overdueSince, cause, ownerUserId: row.ownerUserId },
    })
    return { accountId, ownerUserId: row.ownerUserId, from: row.state, to, balanceMicros: balance }
  })
  // Pausing and resuming drive runtimes: never inside the transaction.
  if (change) await applyEffects(deps, change)
  return change
}

async function applyEffects(deps: Deps, change: StateChange) {
  const effects = deps.billingEffects
  const { accountId, ownerUserId } = change
  try {
    if (change.to === 'suspended') {
      const paused = await effects.pauseForSuspension(deps, { accountId, ownerUserId })
      const now = deps.clock.now().toISOString()
      if (paused.length > 0) {
        await deps.db.write(async (tx) => {
          await tx
            .insert(billingSuspensions)
            .values(paused.map((companyId) => ({ companyId, accountId, pausedAt: now })))
            .onConflictDoNothing()
        })
      }
      // Straggler passes (suspended → suspended) only speak when they paused something.
      if (paused.length === 0 && change.from === change.to) return
      await recordAudit(deps, {
        actor: SYSTEM_ACTOR,
        action: 'billing.exocorps_paused',
        target: { type: 'billing_account', id: accountId },
        outcome: 'succeeded',
        summary: `Paused ${paused.length} exocorp(s) because the billing account is suspended`,
        details: { companyIds: paused },
      })
    } else if (change.to === 'current') {
      const rows = await deps.db.select().from(billingSuspensions).where(eq(billingSuspensions.accountId, accountId))
      if (rows.length === 0) return
      const companyIds = rows.map((r) => r.companyId)
      await effects.resumeAfterSuspension(deps, { accountId, ownerUserId, companyIds })
      await deps.db.write(async (tx) => {
        await tx.delete(billingSuspensions).where(eq(billingSuspensions.accountId, accountId))
      })
      await recordAudit(deps, {
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
    await recordAudit(deps, {
      actor: SYSTEM_ACTOR,
      action: change.to === 'suspended' ? 'billing.exocorps_paused' : 'billing.exocorps_resumed',
      target: { type: 'billing_account', id: accountId },
      outcome: 'failed',
      summary: `Could not apply the ${change.to} effects: ${err instanceof Error ? err.message : 'error'}`,
      details: { to: change.to },
    })
  }
}

const balanceOfAccount = sql`(SELECT coalesce(sum(${ledgerEntries.amountMicros}), 0) FROM ${ledgerEntries} WHERE ${ledgerEntries.accountId} = ${billingAccounts.id})`

/**
 * The scheduled pass: books usage not yet in the ledger, then evaluates every account that is,
 * or may have to become, something other than current.
 */
export async function evaluateAllAccounts(deps: Deps): Promise<StateChange[]> {
  await resumeBudgetPauses(deps)
  await bookPendingUsage(deps)
  const ids = await deps.db
    .select({ id: billingAccounts.id })
    .from(billingAccounts)
    .where(
      or(
        ne(billingAccounts.state, 'current'),
        isNotNull(billingAccounts.overdueSince),
        lt(balanceOfAccount, sql`coalesce(${billingAccounts.thresholdMicros}, 0)`),
      ),
    )
    .orderBy(billingAccounts.id)
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
  const rows = await deps.db
    .selectDistinct({ id: billingAccounts.id, ownerUserId: billingAccounts.ownerUserId })
    .from(billingAccounts)
    .innerJoin(companies, and(eq(companies.ownerUserId, billingAccounts.ownerUserId), eq(companies.status, 'running')))
    .where(eq(billingAccounts.state, 'suspended'))
    .orderBy(billingAccounts.id)
  for (const r of rows) {
    await applyEffects(deps, {
      accountId: r.id,
      ownerUserId: r.ownerUserId,
      from: 'suspended',
      to: 'suspended',
      balanceMicros: 0,
    })
  }
}

/** For the usage-report route: book one priced usage event now and re-evaluate its account. */
export async function bookUsageAndEvaluate(deps: Deps, usageEventId: string) {
  const booked = await bookUsageEvent(deps, usageEventId)
  if (booked?.created) {
    await evaluateAccount(deps, booked.entry.accountId, 'usage')
    // Budgets follow usage as it arrives, not a nightly job.
    if (booked.entry.companyId) await evaluateBudgetsForCompany(deps, booked.entry.companyId)
  }
  return booked
}

/**
 * Runs the evaluator every `intervalMs`, the next pass timed from the end of the last, so passes
 * never overlap however long one takes. A failed pass is logged and the schedule goes on. The
 * returned stop function resolves once the pass under way (if any) has finished and the lease is
 * given up, so the caller can close the database after it.
 */
export function startBillingEvaluator(deps: Deps, options: { holder: string; intervalMs?: number }): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 60_000
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let pass: Promise<void> = Promise.resolve()
  // One instance evaluates at a time: the holder of the lease, renewed every pass; another takes
  // over once it lapses (three intervals without a pass).
  const evaluateIfHolder = async () => {
    if (await acquireLease(deps, 'billing-evaluator', options.holder, 3 * intervalMs)) {
      await evaluateAllAccounts(deps)
      // Housekeeping that needs one instance and no clock of its own: resolved admin notices
      // older than the retention (decision 051).
      const pruned = await pruneResolvedAdminNotifications(deps)
      if (pruned > 0) deps.log.info({ pruned }, 'resolved admin notices past retention deleted')
      // Inbound deliveries older than their retention (decision 047).
      const deliveries = await pruneConnectorEvents(deps)
      if (deliveries > 0) deps.log.info({ pruned: deliveries }, 'connector events past retention deleted')
    }
  }
  const schedule = () => {
    if (stopped) return
    timer = setTimeout(() => {
      pass = evaluateIfHolder()
        .then(
          () => undefined,
          (err: unknown) => deps.log.error({ err }, 'billing evaluation failed'),
        )
        .then(schedule)
    }, intervalMs)
    timer.unref()
  }
  schedule()
  return async () => {
    stopped = true
    clearTimeout(timer)
    await pass
    // Another instance takes the loop over at its next pass instead of waiting for the lease to lapse.
    await releaseLease(deps, 'billing-evaluator', options.holder).catch(() => undefined)
  }
}
