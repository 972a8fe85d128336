import type { CompanyDetail, CompanySummary, ProviderReadiness } from '@exocorp/shared/companies'
import type { Deps } from '../../deps'
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
  }
}
