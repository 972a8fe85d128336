import { and, eq } from 'drizzle-orm'
import type { BudgetPause, CompanyDetail, CompanySummary, ProviderReadiness } from '@exocorp/shared/companies'
import type { Deps } from '../../deps'
import { budgetAlerts, budgetPauses, budgets } from '../../db/schema/budgets'
import { coverageFor } from '../catalog/bindings'
import { latestByChannel } from '../catalog/releases'
import { activePriceBookRef } from '../lifecycle/catalog-port'
import { inFlightJob, toJob } from '../lifecycle/jobs'
import { allowedActionsFor, factsOf, lookupsWithPriceBook } from '../lifecycle/policy'
import { domainsOf } from './domains'
import type { CompanyRow, MembershipRole } from './access'

const NO_READINESS: ProviderReadiness = { configured: 0, total: 0, missingRequired: [], willAutoBind: [] }

/** Builds summaries for many rows with a fixed number of queries (no N+1). */
export async function toSummaries(
  deps: Pick<Deps, 'db'>,
  rows: { row: CompanyRow; role: MembershipRole }[],
): Promise<CompanySummary[]> {
  // The rows themselves, not their ids: coverage then reads no company row again.
  const readiness = await coverageFor(
    deps,
    rows.map((r) => r.row),
  )
  return rows.map(({ row, role }) => summaryOf(row, role, readiness.get(row.id) ?? NO_READINESS))
}

function summaryOf(row: CompanyRow, role: MembershipRole, providerReadiness: ProviderReadiness): CompanySummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    health: row.health,
    channel: row.channel,
    installedVersion: row.installedVersion,
    role,
    providerReadiness,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

const VIEW_ONLY = 'Only the owner of this exocorp can run lifecycle actions'

/**
 * The detail the dashboard polls. Built only from stored state (no clock reads), so the same
 * state gives the same bytes and the ETag answers 304.
 */
export async function toDetail(
  deps: Pick<Deps, 'db' | 'env'>,
  row: CompanyRow,
  role: MembershipRole,
  /** Whether the viewer may act at all (owners; platform owners on the admin API). */
  canAct: boolean = role === 'owner',
): Promise<CompanyDetail> {
  // Each read once, and handed to what needs it again (the statement count is pinned in
  // test/hot-path.test.ts): releases, the job in flight, the active price book.
  const byChannel = await latestByChannel(deps)
  const latest = byChannel[row.channel]
  const readiness = (await coverageFor(deps, [row], byChannel)).get(row.id) ?? NO_READINESS
  const job = await inFlightJob(deps, row.id)
  const facts = await factsOf(deps, row, latest, job)
  const priceBook = await activePriceBookRef(deps)
  const allowed = await allowedActionsFor(deps, row, facts, lookupsWithPriceBook(priceBook))
  return {
    ...summaryOf(row, role, readiness),
    previousVersion: row.previousVersion,
    availableVersion: latest?.version ?? null,
    draftVersion: row.draftVersion,
    deployedDraftVersion: row.deployedDraftVersion,
    domains: domainsOf(deps, row.slug),
    currentJob: job ? toJob(job) : null,
    allowedActions: canAct ? allowed : allowed.map((a) => ({ ...a, allowed: false, reason: VIEW_ONLY })),
    lastError: row.lastError,
    activePriceBook: priceBook,
    healthCheckedAt: row.healthCheckedAt,
    // Only a paused exocorp can be held by a budget: running ones read nothing more.
    budgetPause: row.status === 'paused' ? await budgetPauseOf(deps, row.id) : null,
  }
}

/** The budget pause holding this exocorp (decision 040): read from stored rows, no clock. */
async function budgetPauseOf(deps: Pick<Deps, 'db'>, companyId: string): Promise<BudgetPause | null> {
  const [p] = await deps.db
    .select({
      period: budgetPauses.period,
      pausedAt: budgetPauses.pausedAt,
      scopeKey: budgets.scopeKey,
      limitMicros: budgets.monthlyLimitMicros,
      spentMicros: budgetAlerts.spentMicros,
    })
    .from(budgetPauses)
    .innerJoin(budgets, eq(budgets.id, budgetPauses.budgetId))
    .leftJoin(
      budgetAlerts,
      and(
        eq(budgetAlerts.budgetId, budgetPauses.budgetId),
        eq(budgetAlerts.period, budgetPauses.period),
        eq(budgetAlerts.kind, 'hard'),
      ),
    )
    .where(eq(budgetPauses.companyId, companyId))
    .limit(1)
  if (!p) return null
  const [year, month] = p.period.split('-').map(Number)
  return {
    scope: p.scopeKey === 'fleet' ? 'fleet' : 'company',
    spentMicros: p.spentMicros ?? p.limitMicros,
    limitMicros: p.limitMicros,
    pausedAt: p.pausedAt,
    resumesAt: new Date(Date.UTC(year!, month!, 1)).toISOString(),
  }
}
