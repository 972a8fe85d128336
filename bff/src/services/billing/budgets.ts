import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm'
import type { Budget, BudgetInput } from '@exocorp/shared/billing'
import type { Deps } from '../../deps'
import { billingAccounts } from '../../db/schema/billing'
import { budgetAlerts, budgetPauses, budgets } from '../../db/schema/budgets'
import { usageEvents } from '../../db/schema/catalog'
import { companies } from '../../db/schema/companies'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'
import { recordAudit, type Actor } from '../audit'
import { companyForOwner } from '../companies/access'
import { findBillingAccountByOwner } from './accounts'
import { requestSystemAction } from './lifecycle-effects'

/**
 * Monthly budgets (decision 035). Spend is priced model usage in the calendar month, UTC. A budget
 * alerts once per month at its soft threshold and, with a hard limit, pauses its exocorp (or the
 * whole fleet) at 100% until the next month. Evaluated as usage arrives (the usage-report route,
 * through `bookUsageAndEvaluate`); the billing evaluator's pass resumes paused exocorps when a new
 * month starts (injectable clock).
 */

const BUDGET_ACTOR: Actor = { type: 'system', id: null, label: 'budget' }
const MICROS_PER_CENT = 10_000

type BudgetRow = typeof budgets.$inferSelect

export function periodOf(now: Date): { period: string; start: string; next: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))
  return { period: start.toISOString().slice(0, 7), start: start.toISOString(), next: next.toISOString() }
}

const money = (micros: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Math.round(micros / MICROS_PER_CENT) / 100)

async function spentIn(deps: Pick<Deps, 'db'>, b: BudgetRow, ownerUserId: string, now: Date): Promise<number> {
  const { start, next } = periodOf(now)
  const scope = b.companyId
    ? eq(usageEvents.companyId, b.companyId)
    : inArray(
        usageEvents.companyId,
        deps.db.select({ id: companies.id }).from(companies).where(eq(companies.ownerUserId, ownerUserId)),
      )
  const [row] = await deps.db
    .select({ total: sql<number>`coalesce(sum(${usageEvents.costMicros}), 0)`.mapWith(Number) })
    .from(usageEvents)
    .where(and(scope, gte(usageEvents.at, start), lt(usageEvents.at, next)))
  return row?.total ?? 0
}

async function toBudget(deps: Pick<Deps, 'db' | 'clock'>, b: BudgetRow, ownerUserId: string): Promise<Budget> {
  const now = deps.clock.now()
  const { period, next } = periodOf(now)
  const [company] = b.companyId
    ? await deps.db
        .select({ id: companies.id, slug: companies.slug, name: companies.name })
        .from(companies)
        .where(eq(companies.id, b.companyId))
    : [null]
  const alerts = await deps.db
    .select()
    .from(budgetAlerts)
    .where(and(eq(budgetAlerts.budgetId, b.id), eq(budgetAlerts.period, period)))
  const [pause] = await deps.db.select().from(budgetPauses).where(eq(budgetPauses.budgetId, b.id)).limit(1)
  return {
    id: b.id,
    company: company ?? null,
    monthlyLimitMicros: b.monthlyLimitMicros,
    softThresholdPct: b.softThresholdPct,
    hardLimit: b.hardLimit,
    period,
    spentMicros: await spentIn(deps, b, ownerUserId, now),
    softAlertedAt: alerts.find((a) => a.kind === 'soft')?.at ?? null,
    pausedAt: pause?.pausedAt ?? null,
    resumesAt: next,
  }
}

async function ownAccount(deps: Pick<Deps, 'db'>, ownerUserId: string) {
  const account = await findBillingAccountByOwner(deps, ownerUserId)
  if (!account) throw AppError.notFound('Billing account')
  return account
}

export async function listBudgets(deps: Pick<Deps, 'db' | 'clock'>, ownerUserId: string): Promise<Budget[]> {
  const account = await ownAccount(deps, ownerUserId)
  const rows = await deps.db
    .select()
    .from(budgets)
    .where(eq(budgets.accountId, account.id))
    .orderBy(asc(budgets.createdAt), asc(budgets.id))
  // Fleet first, then exocorps in creation order.
  const sorted = [...rows.filter((r) => !r.companyId), ...rows.filter((r) => r.companyId)]
  return Promise.all(sorted.map((r) => toBudget(deps, r, ownerUserId)))
}

/** Sets (creates or replaces) the budget of one scope; then applies it to this month's spend at once. */
export async function setBudget(deps: Deps, ownerUserId: string, input: BudgetInput): Promise<Budget> {
  const account = await ownAccount(deps, ownerUserId)
  // Only an owner of the exocorp sets its budget (members and strangers get the same 404).
  if (input.companyId && !(await companyForOwner(deps, input.companyId, ownerUserId))) throw AppError.notFound('Exocorp')
  const scopeKey = input.companyId ?? 'fleet'
  const now = deps.clock.now().toISOString()
  const values = {
    monthlyLimitMicros: input.monthlyLimitMinor * MICROS_PER_CENT,
    softThresholdPct: input.softThresholdPct,
    hardLimit: input.hardLimit,
    updatedAt: now,
  }
  await deps.db.write(async (tx) => {
    await tx
      .insert(budgets)
      .values({ id: newId(), accountId: account.id, companyId: input.companyId, scopeKey, createdAt: now, ...values })
      .onConflictDoUpdate({ target: [budgets.accountId, budgets.scopeKey], set: values })
  })
  const [row] = await deps.db
    .select()
    .from(budgets)
    .where(and(eq(budgets.accountId, account.id), eq(budgets.scopeKey, scopeKey)))
  if (!row) throw AppError.notFound('Budget')
  const spent = await spentIn(deps, row, ownerUserId, deps.clock.now())
  // A raised limit (or a hard limit turned off) lets what it paused run again this month.
  if (!row.hardLimit || spent < row.monthlyLimitMicros) await releasePauses(deps, row.id, 'the budget was raised')
  await evaluateBudget(deps, row, ownerUserId)
  return toBudget(deps, row, ownerUserId)
}

export async function deleteBudget(deps: Deps, ownerUserId: string, id: string): Promise<void> {
  const account = await ownAccount(deps, ownerUserId)
  const [row] = await deps.db
    .select()
    .from(budgets)
    .where(and(eq(budgets.id, id), eq(budgets.accountId, account.id)))
  if (!row) throw AppError.notFound('Budget')
  await releasePauses(deps, row.id, 'the budget was removed')
  await deps.db.write(async (tx) => {
    await tx.delete(budgets).where(eq(budgets.id, id))
  })
}

/** Records that `kind` happened for the budget this period; false when it already had (any instance). */
async function firstInPeriod(deps: Pick<Deps, 'db' | 'clock'>, b: BudgetRow, kind: 'soft' | 'hard', spent: number) {
  const { period } = periodOf(deps.clock.now())
  const inserted = await deps.db.write((tx) =>
    tx
      .insert(budgetAlerts)
      .values({ budgetId: b.id, period, kind, spentMicros: spent, at: deps.clock.now().toISOString() })
      .onConflictDoNothing()
      .returning({ budgetId: budgetAlerts.budgetId }),
  )
  return inserted.length > 0
}

async function evaluateBudget(deps: Deps, b: BudgetRow, ownerUserId: string) {
  const spent = await spentIn(deps, b, ownerUserId, deps.clock.now())
  const limit = b.monthlyLimitMicros
  const scope = b.companyId
    ? { type: 'company', id: b.companyId, label: 'its' }
    : { type: 'billing_account', id: b.accountId, label: 'the fleet' }
  if (spent * 100 >= limit * b.softThresholdPct && (await firstInPeriod(deps, b, 'soft', spent))) {
    await recordAudit(deps, {
      actor: BUDGET_ACTOR,
      action: 'budget.threshold_reached',
      target: { type: scope.type, id: scope.id },
      outcome: 'succeeded',
      summary: `Spent ${money(spent)} of ${scope.label} ${money(limit)} monthly budget (${b.softThresholdPct}% alert)`,
      details: { budgetId: b.id, spentMicros: spent, limitMicros: limit, thresholdPct: b.softThresholdPct, ownerUserId },
    })
  }
  if (b.hardLimit && spent >= limit && (await firstInPeriod(deps, b, 'hard', spent))) {
    const running = await deps.db
      .select({ id: companies.id })
      .from(companies)
      .where(
        and(
          b.companyId ? eq(companies.id, b.companyId) : eq(companies.ownerUserId, ownerUserId),
          eq(companies.status, 'running'),
        ),
      )
    const reason = `Paused by ${b.companyId ? 'its' : 'the fleet'} monthly budget: ${money(spent)} of ${money(limit)} spent; resumes on ${periodOf(deps.clock.now()).next.slice(0, 10)}`
    const paused: string[] = []
    for (const { id } of running) {
      const req = { companyId: id, action: 'pause', actor: BUDGET_ACTOR, via: 'budget' } as const
      if (await requestSystemAction(deps, req, 'budget: pause refused')) paused.push(id)
    }
    if (paused.length > 0) {
      const { period } = periodOf(deps.clock.now())
      const now = deps.clock.now().toISOString()
      await deps.db.write(async (tx) => {
        await tx
          .insert(budgetPauses)
          .values(paused.map((companyId) => ({ companyId, budgetId: b.id, period, reason, pausedAt: now })))
          .onConflictDoNothing()
      })
    }
    await recordAudit(deps, {
      actor: BUDGET_ACTOR,
      action: 'budget.hard_limit_reached',
      target: { type: scope.type, id: scope.id },
      outcome: 'succeeded',
      summary: reason,
      details: { budgetId: b.id, spentMicros: spent, limitMicros: limit, paused, ownerUserId },
    })
  }
}

/** After usage of `companyId` was booked: its own budget and its owner's fleet budget. */
export async function evaluateBudgetsForCompany(deps: Deps, companyId: string) {
  const [row] = await deps.db
    .select({ ownerUserId: companies.ownerUserId, accountId: billingAccounts.id })
    .from(companies)
    .innerJoin(billingAccounts, eq(billingAccounts.ownerUserId, companies.ownerUserId))
    .where(eq(companies.id, companyId))
    .limit(1)
  if (!row) return
  const rows = await deps.db
    .select()
    .from(budgets)
    .where(and(eq(budgets.accountId, row.accountId), or(eq(budgets.companyId, companyId), eq(budgets.scopeKey, 'fleet'))))
  for (const b of rows) await evaluateBudget(deps, b, row.ownerUserId)
}

async function releasePauses(deps: Deps, budgetId: string, why: string, where = eq(budgetPauses.budgetId, budgetId)) {
  const rows = await deps.db.select().from(budgetPauses).where(where)
  for (const p of rows) {
    const [company] = await deps.db.select({ status: companies.status }).from(companies).where(eq(companies.id, p.companyId))
    // Only what the budget paused and is still paused: the owner may have stopped it since.
    if (company?.status === 'paused' && deps.lifecycle) {
      await requestSystemAction(
        deps,
        { companyId: p.companyId, action: 'resume', actor: BUDGET_ACTOR, via: 'budget' },
        'budget: resume refused',
      )
    }
    await deps.db.write(async (tx) => {
      await tx.delete(budgetPauses).where(eq(budgetPauses.companyId, p.companyId))
    })
    await recordAudit(deps, {
      actor: BUDGET_ACTOR,
      action: 'budget.resumed',
      target: { type: 'company', id: p.companyId },
      outcome: 'succeeded',
      summary: `Resumed after the budget pause of ${p.period}: ${why}`,
      details: { budgetId: p.budgetId, period: p.period },
    })
  }
}

/** The evaluator's pass: a new month resumes what last month's hard limits paused. */
export async function resumeBudgetPauses(deps: Deps) {
  const { period } = periodOf(deps.clock.now())
  const stale = await deps.db
    .select({ budgetId: budgetPauses.budgetId })
    .from(budgetPauses)
    .where(lt(budgetPauses.period, period))
  for (const budgetId of new Set(stale.map((s) => s.budgetId))) {
    await releasePauses(
      deps,
      budgetId,
      'a new month started',
      and(eq(budgetPauses.budgetId, budgetId), lt(budgetPauses.period, period)),
    )
  }
}
