import { and, eq, inArray } from 'drizzle-orm'
import type { ReleaseChannel, Release } from '@exocorp/shared/companies'
import type { BulkActionInput, BulkActionResult, BulkItem } from '@exocorp/shared/configuration'
import type { Deps } from '../../deps'
import { companies, memberships } from '../../db/schema/companies'
import { AppError, isAppError } from '../../lib/errors'
import type { Actor } from '../audit'
import { latestByChannel } from '../catalog/releases'
import type { CompanyRow } from '../companies/access'
import { requestLifecycleAction, type ActionAccess } from '../lifecycle/engine'
import { inFlightJobs } from '../lifecycle/jobs'
import { billingStateOf, evaluateAction, factsOf, newLookups } from '../lifecycle/policy'
import type { StateFacts } from '../lifecycle/state-machine'
import { isDestructive } from '../lifecycle/state-machine'

/** `only`: the exocorps an agent limited to chosen ones may act on; any other answers "No such exocorp". */
export type BulkScope =
  { kind: 'user'; userId: string; only?: ReadonlySet<string> | null } | { kind: 'platform'; userId: string; stepUpFresh: boolean }

const SLICE = 500

/** Rows the caller may act on, keyed by id; for a user, with their role. */
async function loadRows(deps: Pick<Deps, 'db'>, ids: string[], scope: BulkScope) {
  const out = new Map<string, { row: CompanyRow; role: 'owner' | 'member' | 'platform' }>()
  for (let i = 0; i < ids.length; i += SLICE) {
    const slice = ids.slice(i, i + SLICE)
    if (scope.kind === 'platform') {
      for (const row of await deps.db.select().from(companies).where(inArray(companies.id, slice))) {
        out.set(row.id, { row, role: 'platform' })
      }
    } else {
      const rows = await deps.db
        .select({ row: companies, role: memberships.role })
        .from(memberships)
        .innerJoin(companies, eq(companies.id, memberships.companyId))
        .where(and(eq(memberships.userId, scope.userId), inArray(companies.id, slice)))
      for (const r of rows) if (!scope.only || scope.only.has(r.row.id)) out.set(r.row.id, r)
    }
  }
  return out
}

const NOT_FOUND = 'No such exocorp'
const NOT_OWNER = 'Only the owner of this exocorp can run lifecycle actions'

function emptyCounts(): BulkActionResult['counts'] {
  return { allowed: 0, refused: 0, accepted: 0, succeeded: 0, failed: 0 }
}

/** The ids once each, in the order given. */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)]
}

/**
 * What each selected exocorp would do: the same evaluation the engine runs before it claims
 * anything, read-only. Ids the caller cannot see are refused as `not_found`.
 */
export async function previewBulkAction(
  deps: Pick<Deps, 'db'>,
  input: BulkActionInput,
  scope: BulkScope,
): Promise<BulkActionResult> {
  const ids = uniqueIds(input.companyIds)
  const rows = await loadRows(deps, ids, scope)
  const latest: Record<ReleaseChannel, Release | null> = await latestByChannel(deps)
  // Read once for the whole selection (not per exocorp): the jobs in flight, and each owner's
  // billing state — a preview of 500 is a handful of queries, whatever the database's round trip.
  const inFlight = await inFlightJobs(deps, [...rows.keys()])
  const billing = new Map<string, StateFacts['billingState']>()
  // The price book and the releases are the same for every item; credentials are each exocorp's own.
  const shared = newLookups()
  const counts = emptyCounts()
  const items: BulkItem[] = []
  for (const id of ids) {
    const found = rows.get(id)
    let item: BulkItem
    if (!found) {
      item = {
        companyId: id,
        slug: null,
        name: null,
        outcome: 'refused',
        code: 'not_found',
        reason: NOT_FOUND,
        status: null,
        jobId: null,
      }
    } else if (found.role === 'member') {
      item = refusedItem(found.row, 'forbidden', NOT_OWNER)
    } else {
      const owner = found.row.ownerUserId
      if (!billing.has(owner)) billing.set(owner, await billingStateOf(deps, owner))
      const facts = await factsOf(deps, found.row, latest[found.row.channel], inFlight.get(id) ?? null, billing.get(owner))
      const memo = { ...shared, missing: new Map(), revoked: new Map() }
      const { refusal } = await evaluateAction(deps, found.row, input.action, facts, memo)
      shared.priceBook = memo.priceBook
      item = refusal
        ? refusedItem(found.row, refusal.reason, refusal.message)
        : { ...refusedItem(found.row, null, null), outcome: 'allowed' }
    }
    counts[item.outcome]++
    items.push(item)
  }
  return { action: input.action, dryRun: true, destructive: isDestructive(input.action), items, counts }
}

function refusedItem(row: CompanyRow, code: string | null, reason: string | null): BulkItem {
  return { companyId: row.id, slug: row.slug, name: row.name, outcome: 'refused', code, reason, status: row.status, jobId: null }
}

/** Items run this many at a time: the server keeps answering other requests meanwhile. */
const CONCURRENCY = 4

/**
 * Runs the action on every selected exocorp through the lifecycle engine (one job each, one audit
 * row each, the engine's own refusals). Destructive actions need `confirm` equal to the number of
 * selected exocorps; nothing runs when it does not match.
 */
export async function runBulkAction(
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'env' | 'lifecycle'>,
  input: BulkActionInput,
  scope: BulkScope,
  meta: { actor: Actor; requestId: string | null; via: string },
): Promise<BulkActionResult> {
  const ids = uniqueIds(input.companyIds)
  const destructive = isDestructive(input.action)
  if (destructive && input.confirm !== String(ids.length)) {
    throw new AppError(400, 'validation_failed', `Type ${ids.length} (the number of selected exocorps) to confirm`, {
      reason: 'confirmation_mismatch',
      fields: { confirm: [`Type ${ids.length} to confirm`] },
    })
  }
  const rows = await loadRows(deps, ids, scope)
  const access: ActionAccess =
    scope.kind === 'user'
      ? { kind: 'user', userId: scope.userId }
      : { kind: 'platform', userId: scope.userId, stepUpFresh: scope.stepUpFresh }
  const items: BulkItem[] = new Array(ids.length)
  let next = 0
  const worker = async () => {
    while (next < ids.length) {
      const i = next++
      const id = ids[i]!
      const row = rows.get(id)?.row
      try {
        const outcome = await requestLifecycleAction(deps, {
          companyId: id,
          action: input.action,
          actor: meta.actor,
          access,
          bypassConfirm: true,
          requestId: meta.requestId,
          via: meta.via,
        })
        items[i] = {
          companyId: id,
          slug: outcome.company.slug,
          name: outcome.company.name,
          outcome: outcome.finished ? 'succeeded' : 'accepted',
          code: null,
          reason: null,
          status: outcome.company.status,
          jobId: outcome.job.id,
        }
      } catch (err) {
        const app = isAppError(err) ? err : null
        const code = app ? String(app.details?.reason ?? app.code) : 'internal'
        // The engine answers 404 for ids the caller cannot see; say no more than that here either.
        const hidden = app?.status === 404
        items[i] = {
          companyId: id,
          slug: hidden ? null : (row?.slug ?? null),
          name: hidden ? null : (row?.name ?? null),
          outcome: code === 'runtime_failed' || !app ? 'failed' : 'refused',
          code: hidden ? 'not_found' : code,
          reason: hidden ? NOT_FOUND : (app?.message ?? 'Internal error'),
          status: hidden ? null : (row?.status ?? null),
          jobId: null,
        }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker))
  const counts = emptyCounts()
  for (const item of items) counts[item.outcome]++
  return { action: input.action, dryRun: false, destructive, items, counts }
}
