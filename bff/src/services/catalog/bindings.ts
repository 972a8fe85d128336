import { and, count, eq, inArray, isNotNull, like, ne, not, type SQL } from 'drizzle-orm'
import {
  DraftConfigSchema,
  ProviderSchema,
  type Binding,
  type BindingList,
  type DraftConfig,
  type Provider,
  type ProviderReadiness,
  type Release,
  type ReleaseChannel,
} from '@exocorp/shared/companies'
import { providerOfModel } from '@exocorp/shared/configuration'
import { within, type Deps } from '../../deps'
import { bindings, credentialRevocations, providerSecrets } from '../../db/schema/catalog'
import { companies, memberships } from '../../db/schema/companies'
import { AppError } from '../../lib/errors'
import { recordAudit, SYSTEM_ACTOR } from '../audit'
import { findRelease, latestByChannel, latestRelease } from './releases'
import { secretsOfOwner } from './secrets'

export type CompanyRow = typeof companies.$inferSelect
type CompanyForProviders = Pick<CompanyRow, 'channel' | 'installedVersion' | 'draftConfig'>

const PROVIDER_ORDER = ProviderSchema.options

const byProviderOrder = (a: Provider, b: Provider) => PROVIDER_ORDER.indexOf(a) - PROVIDER_ORDER.indexOf(b)

export function parseDraftConfig(json: string): DraftConfig | null {
  try {
    const r = DraftConfigSchema.safeParse(JSON.parse(json))
    return r.success ? r.data : null
  } catch {
    return null
  }
}

function draftProviders(json: string): Provider[] {
  // Cheap skip for the common case on fleet-wide rollups: a draft that asks for no provider.
  if (json.includes('"providers":[]')) return []
  return parseDraftConfig(json)?.providers ?? []
}

/** The release an exocorp would install next: the newest on its channel, else the one it runs. */
export async function targetReleaseFor(deps: Pick<Deps, 'db'>, company: CompanyForProviders): Promise<Release | null> {
  return (
    (await latestRelease(deps, company.channel)) ??
    (company.installedVersion ? await findRelease(deps, company.installedVersion) : null)
  )
}

export interface ProviderNeed {
  provider: Provider
  required: boolean
}

/**
 * Providers an exocorp needs: the release's required ones plus any the owner asked for in the draft
 * are required; the release's other optional ones stay optional.
 */
export function providersNeeded(release: Release | null, draftProviderList: Provider[]): ProviderNeed[] {
  const required = new Set<Provider>([...(release?.requiredProviders ?? []), ...draftProviderList])
  const optional = new Set<Provider>((release?.optionalProviders ?? []).filter((p) => !required.has(p)))
  return [
    ...[...required].sort(byProviderOrder).map((provider) => ({ provider, required: true })),
    ...[...optional].sort(byProviderOrder).map((provider) => ({ provider, required: false })),
  ]
}

async function loadCompany(deps: Pick<Deps, 'db'>, companyId: string): Promise<CompanyRow> {
  const [company] = await deps.db.select().from(companies).where(eq(companies.id, companyId)).limit(1)
  if (!company) throw AppError.notFound('Exocorp')
  return company
}

/**
 * Every binding row of one exocorp in one query: the bound ones (with the credential's label and
 * last 4) and the ones a platform owner's revocation emptied (with what was revoked and why).
 */
async function bindingRows(deps: Pick<Deps, 'db'>, companyId: string) {
  const rows = await deps.db
    .select({
      provider: bindings.provider,
      secretId: bindings.secretId,
      boundAt: bindings.boundAt,
      label: providerSecrets.label,
      last4: providerSecrets.last4,
      revokedLabel: credentialRevocations.label,
      revokedLast4: credentialRevocations.last4,
      revokedReason: credentialRevocations.reason,
      revokedAt: credentialRevocations.revokedAt,
    })
    .from(bindings)
    .leftJoin(providerSecrets, eq(providerSecrets.id, bindings.secretId))
    .leftJoin(credentialRevocations, eq(credentialRevocations.id, bindings.revocationId))
    .where(eq(bindings.companyId, companyId))
  const bound = new Map<Provider, { secretId: string; boundAt: string; label: string; last4: string }>()
  const revoked = new Map<Provider, { label: string; last4: string; reason: string; at: string }>()
  for (const r of rows) {
    if (r.secretId && r.label !== null && r.last4 !== null) {
      bound.set(r.provider, { secretId: r.secretId, boundAt: r.boundAt, label: r.label, last4: r.last4 })
    } else if (r.revokedLabel !== null && r.revokedLast4 !== null && r.revokedReason !== null && r.revokedAt !== null) {
      revoked.set(r.provider, { label: r.revokedLabel, last4: r.revokedLast4, reason: r.revokedReason, at: r.revokedAt })
    }
  }
  return { bound, revoked }
}

/**
 * One row per provider the target release (plus the draft) needs, with the bound credential's label
 * and last four characters. Coverage counts required providers: configured / total.
 */
export async function listBindings(deps: Pick<Deps, 'db'>, companyId: string, release?: Release | null): Promise<BindingList> {
  const company = await loadCompany(deps, companyId)
  const target = release === undefined ? await targetReleaseFor(deps, company) : release
  const needed = providersNeeded(target, draftProviders(company.draftConfig))
  const { bound, revoked } = await bindingRows(deps, companyId)
  const items: Binding[] = needed.map(({ provider, required }) => {
    const b = bound.get(provider)
    return {
      revoked: b ? null : (revoked.get(provider) ?? null),
      provider,
      required,
      secretId: b?.secretId ?? null,
      secretLabel: b?.label ?? null,
      last4: b?.last4 ?? null,
      boundAt: b?.boundAt ?? null,
    }
  })
  const required = items.filter((i) => i.required)
  return { items, coverage: { configured: required.filter((i) => i.secretId !== null).length, total: required.length } }
}

export interface BindProviderInput {
  companyId: string
  ownerUserId: string
  provider: Provider
  /** null unbinds. */
  secretId: string | null
}

/** Binds (or with `secretId: null` unbinds) one provider; the secret must be the owner's, for that provider. */
export async function bindProvider(deps: Pick<Deps, 'db' | 'clock'>, input: BindProviderInput): Promise<BindingList> {
  return deps.db.write(async (tx) => {
    const txDeps = within(deps, tx)
    const company = await loadCompany(txDeps, input.companyId)
    if (company.ownerUserId !== input.ownerUserId) throw AppError.notFound('Exocorp')
    if (company.status === 'destroyed')
      throw AppError.conflict('company_destroyed', 'This exocorp is destroyed; its bindings can no longer change')
    if (input.secretId === null) {
      await tx.delete(bindings).where(and(eq(bindings.companyId, company.id), eq(bindings.provider, input.provider)))
      return listBindings(txDeps, company.id)
    }
    const target = await targetReleaseFor(txDeps, company)
    const needed = providersNeeded(target, draftProviders(company.draftConfig))
    // An agent's model needs its provider even when the draft does not ask for it (drafts saved
    // before agents were a resource): its credential can be bound, as the agent list offers.
    const forAgents = (parseDraftConfig(company.draftConfig)?.agents ?? []).map((a) => providerOfModel(a.model))
    if (!needed.some((n) => n.provider === input.provider) && !forAgents.includes(input.provider)) {
      throw AppError.validation(
        { provider: [`${target ? `Release ${target.version}` : 'This exocorp'} does not use ${input.provider}`] },
        'This provider is not used by the exocorp',
      )
    }
    const [secret] = await tx
      .select({ id: providerSecrets.id, provider: providerSecrets.provider })
      .from(providerSecrets)
      .where(and(eq(providerSecrets.id, input.secretId), eq(providerSecrets.ownerUserId, company.ownerUserId)))
      .limit(1)
    if (!secret) throw AppError.notFound('Provider secret')
    if (secret.provider !== input.provider) {
      throw AppError.validation({ secretId: [`That credential is for ${secret.provider}, not ${input.provider}`] })
    }
    await upsertBinding(txDeps, company.id, input.provider, secret.id)
    return listBindings(txDeps, company.id)
  })
}

async function upsertBinding(deps: Pick<Deps, 'db' | 'clock'>, companyId: string, provider: Provider, secretId: string) {
  const now = deps.clock.now().toISOString()
  await deps.db.write(async (tx) => {
    await tx
      .insert(bindings)
      .values({ companyId, provider, secretId, boundAt: now })
      .onConflictDoUpdate({
        target: [bindings.companyId, bindings.provider],
        // A new binding clears a revocation mark (decision 043).
        set: { secretId, boundAt: now, revocationId: null },
      })
  })
}

export interface AutoBindResult {
  /** Required providers still without a credential; provisioning is blocked on these. */
  missing: Provider[]
  /** What happened, in words for the job phase (names labels and last 4, never values). */
  notes: string[]
}

export interface CredentialPlan {
  missing: Provider[]
  /** Missing because a platform owner revoked the credential: never auto-bound, a person rebinds. */
  revoked: { provider: Provider; label: string; reason: string }[]
  /** Required providers with no binding that the account can fill with its only credential. */
  autoBindable: { provider: Provider; secretId: string; label: string; last4: string }[]
  /** Required providers with several candidates and no binding: a person has to choose. */
  ambiguous: { provider: Provider; count: number }[]
}

/** What the bind phase would do for `release`, without writing anything. */
export async function planCredentials(
  deps: Pick<Deps, 'db'>,
  company: Pick<CompanyRow, 'id' | 'ownerUserId' | 'draftConfig'>,
  release: Release | null,
): Promise<CredentialPlan> {
  const needed = providersNeeded(release, draftProviders(company.draftConfig))
  const { bound, revoked } = await bindingRows(deps, company.id)
  const plan: CredentialPlan = { missing: [], revoked: [], autoBindable: [], ambiguous: [] }
  for (const { provider, required } of needed) {
    if (!required || bound.has(provider)) continue
    const r = revoked.get(provider)
    if (r) {
      // The platform took this credential away on purpose: binding another one silently would undo that.
      plan.missing.push(provider)
      plan.revoked.push({ provider, label: r.label, reason: r.reason })
      continue
    }
    const candidates = await secretsOfOwner(deps, company.ownerUserId, provider)
    const only = candidates.length === 1 ? candidates[0] : undefined
    if (only) plan.autoBindable.push({ provider, secretId: only.id, label: only.label, last4: only.last4 })
    else {
      plan.missing.push(provider)
      if (candidates.length > 1) plan.ambiguous.push({ provider, count: candidates.length })
    }
  }
  return plan
}

/**
 * The provisioning "bind credentials" phase: every required provider without a binding is bound to the
 * account's credential for it when there is exactly one; the rest are reported missing.
 */
export async function autoBindForProvision(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { companyId: string; ownerUserId: string; release: Release },
): Promise<AutoBindResult> {
  return deps.db.write(async (tx) => {
    const txDeps = within(deps, tx)
    const company = await loadCompany(txDeps, input.companyId)
    if (company.ownerUserId !== input.ownerUserId) throw AppError.notFound('Exocorp')
    const plan = await planCredentials(txDeps, company, input.release)
    const notes: string[] = []
    for (const b of plan.autoBindable) {
      await upsertBinding(txDeps, company.id, b.provider, b.secretId)
      notes.push(`Bound ${b.provider} to “${b.label}” (…${b.last4}), the only ${b.provider} credential on the account`)
      await recordAudit(txDeps, {
        actor: SYSTEM_ACTOR,
        action: 'binding.auto_bind',
        target: { type: 'company', id: company.id },
        outcome: 'succeeded',
        summary: `${company.slug}: ${b.provider} bound to “${b.label}” (the account's only ${b.provider} credential)`,
        details: { provider: b.provider, secretId: b.secretId, release: input.release.version },
      })
    }
    for (const r of plan.revoked) {
      notes.push(
        `The ${r.provider} credential “${r.label}” was revoked by the platform (${r.reason}); bind another under Bindings`,
      )
    }
    for (const a of plan.ambiguous) {
      notes.push(`${a.count} ${a.provider} credentials on the account; choose one under Bindings`)
    }
    for (const p of plan.missing) {
      if (!plan.ambiguous.some((a) => a.provider === p) && !plan.revoked.some((r) => r.provider === p))
        notes.push(`No ${p} credential on the account; add one under Provider secrets`)
    }
    return { missing: plan.missing, notes }
  })
}

/** What coverage needs to know about an exocorp; pass rows you already hold to skip a query. */
export type CoverageCompany = Pick<CompanyRow, 'id' | 'channel' | 'installedVersion' | 'draftConfig'>

/** Ids per `IN (…)` list: well under every driver's limit on bound parameters. */
const ID_SLICE = 5000

async function inSlices<T>(ids: readonly string[], query: (slice: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < ids.length; i += ID_SLICE) out.push(...(await query(ids.slice(i, i + ID_SLICE))))
  return out
}

/**
 * Provider readiness per exocorp (required providers bound / required providers), for lists and
 * rollups: a few queries whatever the number of exocorps. Accepts ids, or rows the caller already has.
 */
export async function coverageFor(
  deps: Pick<Deps, 'db'>,
  companiesOrIds: readonly (string | CoverageCompany)[],
  /** The latest release per channel, when the caller has read it already. */
  latestKnown?: Record<ReleaseChannel, Release | null>,
): Promise<Map<string, ProviderReadiness>> {
  const out = new Map<string, ProviderReadiness>()
  if (companiesOrIds.length === 0) return out
  const given = companiesOrIds.filter((c): c is CoverageCompany => typeof c !== 'string')
  const ids = companiesOrIds.filter((c): c is string => typeof c === 'string')
  const fetched = await inSlices(ids, (slice) =>
    deps.db
      .select({
        id: companies.id,
        channel: companies.channel,
        installedVersion: companies.installedVersion,
        draftConfig: companies.draftConfig,
      })
      .from(companies)
      .where(inArray(companies.id, slice)),
  )
  const rows = [...given, ...fetched]
  const boundRowsOf = await inSlices(
    rows.map((r) => r.id),
    (slice) =>
      deps.db
        .select({ companyId: bindings.companyId, provider: bindings.provider })
        .from(bindings)
        .where(and(isNotNull(bindings.secretId), inArray(bindings.companyId, slice))),
  )
  const bound = new Set(boundRowsOf.map((b) => `${b.companyId}:${b.provider}`))
  const latest = latestKnown ?? (await latestByChannel(deps))
  const installedCache = new Map<string, Release | null>()
  const neededCache = new Map<Release | null, ProviderNeed[]>()
  for (const c of rows) {
    let release = latest[c.channel]
    if (!release && c.installedVersion) {
      if (!installedCache.has(c.installedVersion))
        installedCache.set(c.installedVersion, await findRelease(deps, c.installedVersion))
      release = installedCache.get(c.installedVersion) ?? null
    }
    const fromDraft = draftProviders(c.draftConfig)
    let needed = fromDraft.length === 0 ? neededCache.get(release) : undefined
    if (!needed) {
      needed = providersNeeded(release, fromDraft)
      if (fromDraft.length === 0) neededCache.set(release, needed)
    }
    const required = needed.filter((n) => n.required)
    const missingRequired = required.filter((n) => !bound.has(`${c.id}:${n.provider}`)).map((n) => n.provider)
    out.set(c.id, {
      configured: required.length - missingRequired.length,
      total: required.length,
      missingRequired,
      willAutoBind: [],
    })
  }
  const incomplete = [...out].filter(([, r]) => r.missingRequired.length > 0).map(([id]) => id)
  if (incomplete.length > 0) {
    // Only asked for exocorps with a missing required provider: how many credentials per kind
    // their owner holds, so readiness can say which the bind phase will fill on its own.
    const owned = await inSlices(incomplete, (slice) =>
      deps.db
        .select({ companyId: companies.id, provider: providerSecrets.provider, n: count() })
        .from(companies)
        .innerJoin(providerSecrets, eq(providerSecrets.ownerUserId, companies.ownerUserId))
        .where(inArray(companies.id, slice))
        .groupBy(companies.id, providerSecrets.provider),
    )
    const onlyOne = new Set(owned.filter((r) => r.n === 1).map((r) => `${r.companyId}:${r.provider}`))
    for (const id of incomplete) {
      const r = out.get(id)!
      r.willAutoBind = r.missingRequired.filter((p) => onlyOne.has(`${id}:${p}`))
    }
  }
  return out
}

// A draft that asks for no provider (the common case) can be counted in SQL without parsing it.
const SIMPLE_DRAFT = like(companies.draftConfig, '%"providers":[]%')

/**
 * Fleet-wide coverage for the dashboard: sums over the exocorps a user can see (or every exocorp
 * when `userId` is omitted, for admin rollups); destroyed ones do not count. Exocorps whose draft
 * asks for no extra provider are counted with grouped SQL; the rest go through `coverageFor`.
 */
export async function fleetCoverage(
  deps: Pick<Deps, 'db'>,
  scope: { userId?: string; only?: ReadonlySet<string> | null } = {},
): Promise<{ configured: number; total: number }> {
  const visible = scope.userId
    ? and(
        inArray(
          companies.id,
          deps.db.select({ id: memberships.companyId }).from(memberships).where(eq(memberships.userId, scope.userId)),
        ),
        scope.only ? inArray(companies.id, [...scope.only]) : undefined,
      )
    : undefined
  const inScope = (where: SQL) => and(ne(companies.status, 'destroyed'), visible, where)
  const latest = await latestByChannel(deps)
  const requiredOf = (channel: ReleaseChannel) =>
    new Set(
      providersNeeded(latest[channel], [])
        .filter((n) => n.required)
        .map((n) => n.provider),
    )
  const idsWhere = async (where: SQL) =>
    (await deps.db.select({ id: companies.id }).from(companies).where(inScope(where))).map((r) => r.id)
  let configured = 0
  let total = 0
  const slowIds = await idsWhere(not(SIMPLE_DRAFT))
  const byChannel = await deps.db
    .select({ channel: companies.channel, n: count() })
    .from(companies)
    .where(inScope(SIMPLE_DRAFT))
    .groupBy(companies.channel)
  for (const { channel, n } of byChannel) {
    if (latest[channel]) total += n * requiredOf(channel).size
    // Nothing published on this channel: each exocorp falls back to its installed release.
    else slowIds.push(...(await idsWhere(eq(companies.channel, channel))))
  }
  const boundByChannel = await deps.db
    .select({ channel: companies.channel, provider: bindings.provider, n: count() })
    .from(companies)
    .innerJoin(bindings, and(eq(bindings.companyId, companies.id), isNotNull(bindings.secretId)))
    .where(inScope(SIMPLE_DRAFT))
    .groupBy(companies.channel, bindings.provider)
  for (const { channel, provider, n } of boundByChannel) {
    if (latest[channel] && requiredOf(channel).has(provider)) configured += n
  }
  const slow = await coverageFor(deps, [...new Set(slowIds)])
  for (const r of slow.values()) {
    configured += r.configured
    total += r.total
  }
  return { configured, total }
}
