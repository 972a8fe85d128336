import { and, count, eq, inArray, ne } from 'drizzle-orm'
import {
  DraftConfigSchema,
  SlugSchema,
  type CompanyStatus,
  type CreateCompanyInput,
  type DashboardSummary,
  type Draft,
  type DraftConfig,
  type SaveDraftInput,
  type SlugAvailability,
  type UpdateCompanyInput,
} from '@exocorp/shared/companies'
import { domainsOf } from './domains'
import { changedSettings, settingsErrors } from '@exocorp/shared/settings'
import { within, type Deps } from '../../deps'
import { companies, memberships } from '../../db/schema/companies'
import { isUniqueViolation, lockRows } from '../../db/portable'
import { newId } from '../../lib/crypto'
import { AppError } from '../../lib/errors'
import { fleetCoverage, targetReleaseFor } from '../catalog/bindings'
import { withAgentIds, type IdentifiedConfig } from '../config/agent-ids'
import type { CompanyRow } from './access'

export const EMPTY_DRAFT: DraftConfig = { agents: [], providers: [], settings: {} }

export async function slugTaken(deps: Pick<Deps, 'db'>, slug: string): Promise<boolean> {
  return (await deps.db.select({ id: companies.id }).from(companies).where(eq(companies.slug, slug)).limit(1)).length > 0
}

export async function slugAvailability(deps: Pick<Deps, 'db' | 'env'>, raw: string): Promise<SlugAvailability> {
  const parsed = SlugSchema.safeParse(raw)
  if (!parsed.success)
    return { slug: raw, available: false, reason: parsed.error.issues[0]?.message ?? 'Not a valid name', domains: null }
  const taken = await slugTaken(deps, parsed.data)
  const { portal, app } = domainsOf(deps, parsed.data)
  return { slug: parsed.data, available: !taken, reason: taken ? 'This name is already taken' : null, domains: { portal, app } }
}

/** A new exocorp in `draft`, owned by its creator. Slugs are unique forever (destroyed rows keep theirs). */
export async function createCompany(
  deps: Pick<Deps, 'db' | 'clock'>,
  ownerUserId: string,
  input: CreateCompanyInput & { draft?: DraftConfig },
): Promise<CompanyRow> {
  const now = deps.clock.now().toISOString()
  const taken = () =>
    AppError.conflict('slug_taken', 'This name is already taken', { fields: { slug: ['This name is already taken'] } })
  try {
    return await deps.db.write(async (tx) => {
      if (await slugTaken({ db: tx }, input.slug)) throw taken()
      const row: CompanyRow = {
        id: newId(),
        slug: input.slug,
        name: input.name,
        ownerUserId,
        status: 'draft',
        health: 'unknown',
        healthCheckedAt: null,
        channel: input.channel ?? 'stable',
        installedVersion: null,
        previousVersion: null,
        draftVersion: 1,
        draftConfig: JSON.stringify(input.draft ?? EMPTY_DRAFT),
        draftUpdatedAt: now,
        deployedDraftVersion: null,
        deployedConfig: null,
        manifestYaml: null,
        manifestGeneratedAt: null,
        lastError: null,
        usageTokenHash: null,
        createdAt: now,
        updatedAt: now,
        destroyedAt: null,
        // Placed on a deployment target at its first provision (decision 054).
        deploymentTargetId: null,
      }
      await tx.insert(companies).values(row)
      await tx.insert(memberships).values({ companyId: row.id, userId: ownerUserId, role: 'owner', createdAt: now })
      return row
    })
  } catch (err) {
    // Two instances creating the same slug at once: the unique index decides, with the same answer.
    if (isUniqueViolation(err)) throw taken()
    throw err
  }
}

export async function addMember(deps: Pick<Deps, 'db' | 'clock'>, companyId: string, userId: string) {
  const createdAt = deps.clock.now().toISOString()
  await deps.db.write(async (tx) => {
    await tx.insert(memberships).values({ companyId, userId, role: 'member', createdAt }).onConflictDoNothing()
  })
}

/** Name and channel: the non-destructive settings. */
export async function updateCompanySettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  company: CompanyRow,
  input: UpdateCompanyInput,
): Promise<CompanyRow> {
  if (company.status === 'destroyed') throw AppError.conflict('invalid_state', 'This exocorp was destroyed')
  const patch: Partial<CompanyRow> = {}
  if (input.name !== undefined && input.name !== company.name) patch.name = input.name
  if (input.channel !== undefined && input.channel !== company.channel) patch.channel = input.channel
  if (Object.keys(patch).length === 0) return company
  patch.updatedAt = deps.clock.now().toISOString()
  await deps.db.write(async (tx) => {
    await tx.update(companies).set(patch).where(eq(companies.id, company.id))
  })
  return { ...company, ...patch }
}

/** The saved config of a row, every agent with its id (an unreadable draft reads as empty). */
export function draftConfigOf(company: Pick<CompanyRow, 'draftConfig'>): IdentifiedConfig {
  let raw: unknown
  try {
    raw = JSON.parse(company.draftConfig)
  } catch {
    raw = null
  }
  const parsed = DraftConfigSchema.safeParse(raw)
  return withAgentIds(parsed.success ? parsed.data : EMPTY_DRAFT)
}

export function draftOf(company: CompanyRow): Draft {
  return { version: company.draftVersion, config: draftConfigOf(company), updatedAt: company.draftUpdatedAt }
}

export interface DraftEdit<T> {
  config: DraftConfig
  result: T
}

/**
 * Optimistic concurrency for every draft edit (whole saves and per-agent ones): the edit names the
 * version it was made on; a stale one is refused with 409 `stale_draft`, never merged. `edit` gets
 * the current config (agents with ids) and returns the new one; it may throw a 400 to refuse.
 */
export async function editDraft<T>(
  deps: Pick<Deps, 'db' | 'clock'>,
  companyId: string,
  baseVersion: number,
  edit: (current: IdentifiedConfig, row: CompanyRow, inTx: Pick<Deps, 'db'>) => DraftEdit<T> | Promise<DraftEdit<T>>,
): Promise<{ draft: Draft; before: IdentifiedConfig; result: T; company: CompanyRow }> {
  const now = deps.clock.now().toISOString()
  return deps.db.write(async (tx) => {
    await lockRows(tx, 'companies', companyId)
    const [row] = await tx.select().from(companies).where(eq(companies.id, companyId)).limit(1)
    if (!row) throw AppError.notFound('Exocorp')
    if (row.status === 'destroyed') throw AppError.conflict('invalid_state', 'This exocorp was destroyed')
    if (row.draftVersion !== baseVersion) {
      throw AppError.conflict('stale_draft', 'Someone else saved the draft first; reload it and apply your change again', {
        version: row.draftVersion,
      })
    }
    const before = draftConfigOf(row)
    const { config, result } = await edit(before, row, within(deps, tx))
    const next = withAgentIds(config)
    const version = row.draftVersion + 1
    await tx
      .update(companies)
      .set({ draftConfig: JSON.stringify(next), draftVersion: version, draftUpdatedAt: now, updatedAt: now })
      .where(eq(companies.id, companyId))
    const company: CompanyRow = {
      ...row,
      draftConfig: JSON.stringify(next),
      draftVersion: version,
      draftUpdatedAt: now,
      updatedAt: now,
    }
    return { draft: { version, config: next, updatedAt: now }, before, result, company }
  })
}

/**
 * Saves a whole draft (agents without an id get one). The settings it adds or changes must fit
 * what the release the exocorp would install declares (400, `settings.<key>` field errors);
 * untouched values and undeclared keys pass (decision 052 — applying checks all of them).
 */
export async function saveDraft(deps: Pick<Deps, 'db' | 'clock'>, companyId: string, input: SaveDraftInput) {
  return editDraft(deps, companyId, input.baseVersion, async (current, row, inTx) => {
    const changed = changedSettings(current.settings, input.config.settings)
    if (changed.size > 0) {
      const release = await targetReleaseFor(inTx, row)
      const fields = settingsErrors(release?.settings ?? [], input.config.settings, { only: changed })
      if (Object.keys(fields).length > 0) {
        throw new AppError(400, 'validation_failed', `Some settings do not fit release ${release?.version ?? ''}`.trim(), {
          reason: 'invalid_settings',
          fields,
        })
      }
    }
    return { config: input.config, result: null }
  })
}

const STATUSES: CompanyStatus[] = ['draft', 'provisioning', 'starting', 'running', 'paused', 'stopped', 'failed', 'destroyed']

export function zeroByStatus(): Record<CompanyStatus, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<CompanyStatus, number>
}

/**
 * Fleet strip: counts by status and credential coverage across the user's exocorps (`only`: the
 * exocorps an agent limited to chosen ones may see; null: all of them).
 */
export async function dashboardSummary(
  deps: Pick<Deps, 'db'>,
  userId: string,
  only: ReadonlySet<string> | null = null,
): Promise<DashboardSummary> {
  const counts = await deps.db
    .select({ status: companies.status, n: count() })
    .from(memberships)
    .innerJoin(companies, eq(companies.id, memberships.companyId))
    .where(
      and(eq(memberships.userId, userId), ne(companies.status, 'destroyed'), only ? inArray(companies.id, [...only]) : undefined),
    )
    .groupBy(companies.status)
  const byStatus = zeroByStatus()
  let total = 0
  for (const c of counts) {
    byStatus[c.status] = c.n
    total += c.n
  }
  const coverage = await fleetCoverage(deps, { userId, only })
  return { total, byStatus, coverage }
}
