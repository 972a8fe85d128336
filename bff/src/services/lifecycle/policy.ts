import { eq, sql } from 'drizzle-orm'
import { type AllowedAction, type LifecycleAction, LifecycleActionSchema, type Release } from '@exocorp/shared/companies'
import type { FieldErrors } from '@exocorp/shared/errors'
import { settingsErrors } from '@exocorp/shared/settings'
import type { Deps } from '../../deps'
import { billingAccounts } from '../../db/schema/billing'
import { preparedRead } from '../../db/prepared'
import { parseDraftConfig, planCredentials } from '../catalog/bindings'
import { findRelease, latestRelease } from '../catalog/releases'
import type { CompanyRow } from '../companies/access'
import { activePriceBookRef } from './catalog-port'
import { inFlightJob, type JobRow } from './jobs'
import {
  isDestructive,
  RELEASE_ACTIONS,
  refusalFor,
  refusals,
  type Refusal,
  type StateFacts,
  targetVersionFor,
} from './state-machine'

const billingStateBy = preparedRead((db) =>
  db
    .select({ state: billingAccounts.state })
    .from(billingAccounts)
    .where(eq(billingAccounts.ownerUserId, sql.placeholder('ownerUserId')))
    .limit(1)
    .prepare(),
)

export async function billingStateOf(deps: Pick<Deps, 'db'>, ownerUserId: string): Promise<StateFacts['billingState']> {
  const [row] = await billingStateBy(deps.db, { ownerUserId })
  return row?.state ?? null
}

/** `latest`, `inFlight` and `billingState`, when the caller has read them already, are not read again. */
export async function factsOf(
  deps: Pick<Deps, 'db'>,
  company: CompanyRow,
  latest?: Release | null,
  inFlight?: JobRow | null,
  billingState?: StateFacts['billingState'],
): Promise<StateFacts> {
  const newest = latest === undefined ? await latestRelease(deps, company.channel) : latest
  const job = inFlight === undefined ? await inFlightJob(deps, company.id) : inFlight
  return {
    status: company.status,
    installedVersion: company.installedVersion,
    previousVersion: company.previousVersion,
    availableVersion: newest?.version ?? null,
    jobInFlight: job?.action ?? null,
    billingState: billingState === undefined ? await billingStateOf(deps, company.ownerUserId) : billingState,
  }
}

/** The shared `blocked` refusal, naming any credential a platform owner revoked and why (decision 043). */
function blockedRefusal(missing: string[], revoked: readonly { provider: string; label: string; reason: string }[]) {
  const base = refusals.blocked(missing)
  const why = revoked.map((r) => `; the ${r.provider} credential “${r.label}” was revoked by the platform: ${r.reason}`).join('')
  return { ...base, message: `${base.message}${why}` }
}

/** Lookups shared by the nine evaluations of one `allowedActions` (same company, same moment). */
export interface Lookups {
  priceBook?: { id: string; version: number } | null
  releases: Map<string, Release | null>
  missing: Map<string, string[]>
  revoked: Map<string, { provider: string; label: string; reason: string }[]>
}

export const newLookups = (): Lookups => ({ releases: new Map(), missing: new Map(), revoked: new Map() })

/** Lookups for `allowedActionsFor` starting from the active price book the caller has read. */
export const lookupsWithPriceBook = (priceBook: { id: string; version: number } | null): Lookups => ({
  ...newLookups(),
  priceBook,
})

export interface Evaluation {
  refusal: Refusal | null
  /** `settings.<key>` field errors behind an `invalid_settings` refusal. */
  fields?: FieldErrors
  /** Release the job installs (release actions only). */
  target: Release | null
  facts: StateFacts
}

/**
 * The one decision every entry point asks: may `action` start on `company` right now? Reads
 * only; the engine calls it inside its write transaction, the views for `allowedActions`.
 */
export async function evaluateAction(
  deps: Pick<Deps, 'db'>,
  company: CompanyRow,
  action: LifecycleAction,
  facts?: StateFacts,
  memo: Lookups = newLookups(),
): Promise<Evaluation> {
  const f = facts ?? (await factsOf(deps, company))
  const refusal = refusalFor(action, f)
  if (refusal || !RELEASE_ACTIONS.includes(action)) return { refusal, target: null, facts: f }
  if (memo.priceBook === undefined) memo.priceBook = await activePriceBookRef(deps)
  if (!memo.priceBook) {
    return { refusal: refusals.noPriceBook(), target: null, facts: f }
  }
  const version = targetVersionFor(action, f)
  if (version && !memo.releases.has(version)) memo.releases.set(version, await findRelease(deps, version))
  const target = version ? (memo.releases.get(version) ?? null) : null
  if (!target) {
    return { refusal: refusals.releaseLookupFailed(version, company.channel), target: null, facts: f }
  }
  if (!memo.missing.has(target.version)) {
    const plan = await planCredentials(deps, company, target)
    memo.missing.set(target.version, plan.missing)
    memo.revoked.set(target.version, plan.revoked)
  }
  const missing = memo.missing.get(target.version) ?? []
  if (missing.length > 0) {
    return { refusal: blockedRefusal(missing, memo.revoked.get(target.version) ?? []), target, facts: f }
  }
  // Applying checks every declared setting, including required ones the draft lacks (a save checks
  // only what it changes): a release may declare a key after the draft was saved (decision 052).
  const fields = settingsErrors(target.settings, parseDraftConfig(company.draftConfig)?.settings ?? {}, { complete: true })
  if (Object.keys(fields).length > 0) {
    return { refusal: refusals.invalidSettings(target.version, fields), fields, target, facts: f }
  }
  return { refusal: null, target, facts: f }
}

export async function allowedActionsFor(
  deps: Pick<Deps, 'db'>,
  company: CompanyRow,
  facts?: StateFacts,
  memo: Lookups = newLookups(),
): Promise<AllowedAction[]> {
  const f = facts ?? (await factsOf(deps, company))
  const out: AllowedAction[] = []
  // One after another: later evaluations reuse the lookups earlier ones put in `memo`.
  for (const action of LifecycleActionSchema.options) {
    const { refusal } = await evaluateAction(deps, company, action, f, memo)
    out.push({ action, allowed: refusal === null, reason: refusal?.message ?? null, destructive: isDestructive(action) })
  }
  return out
}
