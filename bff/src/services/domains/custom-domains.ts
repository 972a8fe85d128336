import { Resolver } from 'node:dns/promises'
import { and, asc, eq, isNull, lt, or } from 'drizzle-orm'
import {
  CHALLENGE_LABEL,
  dnsVerdict,
  cutoverBlocker,
  nextDomainState,
  type CustomDomain,
  type DnsAnswer,
  type DnsVerdict,
} from '@exocorp/shared/domains'
import type { Deps } from '../../deps'
import { companies } from '../../db/schema/companies'
import { deploymentTargets } from '../../db/schema/deployments'
import { customDomains } from '../../db/schema/domains'
import { newId, randomToken } from '../../lib/crypto'
import { AppError } from '../../lib/errors'
import { domainBasesFromEnv, domainsFor } from '../../runtime/domains'
import { addAdminNotification } from '../admin-notifications'

/*
 * Custom domains per exocorp (issue 18 item 4, decision 042). The owner adds a host name and gets a
 * TXT challenge; a check asks real DNS (node's resolver, servers from EXOCORP_DNS_SERVERS) for
 * `_exocorp-challenge.<domain>` TXT and for the name's CNAME (or A records), then:
 *   TXT missing              → pending (the owner has not added it yet) — or, for a domain that
 *                              was verified or active, back to pending: the record was removed
 *   TXT without the token    → failed, with what was found
 *   routing missing / wrong  → pending / failed, with what was found
 *   both right               → verified; active once the exocorp is running and healthy and the
 *                              deployment target it runs on was healthy at its last probe (the
 *                              target's health check before cutover, seed 003, decision 054)
 * A DNS error that is not an answer (timeout, refused, SERVFAIL) changes nothing: a resolver hiccup
 * must not take a live domain down. The owners are told when an active domain stops serving (a
 * trigger writes the notice, migration 0029), and so are admins.
 */

export const MAX_DOMAINS_PER_COMPANY = 10

type Row = typeof customDomains.$inferSelect
type DnsDeps = Pick<Deps, 'env'>

export function challengeName(domain: string) {
  return `${CHALLENGE_LABEL}.${domain}`
}

/** The host a domain must CNAME to, and the addresses its A records may name. */
export function routingFor(env: Deps['env'], slug: string) {
  return {
    cnameTarget: (env.EXOCORP_CUSTOM_DOMAIN_CNAME ?? domainsFor(slug, domainBasesFromEnv(env)).app.replace(/:\d+$/, ''))
      .toLowerCase()
      .replace(/\.$/, ''),
    addresses: env.EXOCORP_CUSTOM_DOMAIN_ADDRESSES.split(',')
      .map((a) => a.trim())
      .filter(Boolean),
  }
}

function toDomain(env: Deps['env'], row: Row, slug: string): CustomDomain {
  return {
    id: row.id,
    domain: row.domain,
    state: row.state,
    reason: row.reason,
    challenge: { name: challengeName(row.domain), type: 'TXT', value: row.token },
    routing: routingFor(env, slug),
    createdAt: row.createdAt,
    checkedAt: row.checkedAt,
    verifiedAt: row.verifiedAt,
    activatedAt: row.activatedAt,
  }
}

/** A resolver on the configured servers (`ip`, `ip:port`, `[v6]:port`), or the system's. */
export function resolverFor(deps: DnsDeps): Resolver {
  const resolver = new Resolver({ timeout: 2_000, tries: 2 })
  const servers = deps.env.EXOCORP_DNS_SERVERS.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (servers.length) resolver.setServers(servers)
  return resolver
}

const NO_ANSWER = new Set(['ENOTFOUND', 'ENODATA', 'ENONAME'])
const codeOf = (err: unknown) => (err as { code?: string } | null)?.code ?? 'EUNKNOWN'
const bare = (name: string) => name.toLowerCase().replace(/\.$/, '')

async function lookup<T>(run: () => Promise<T>): Promise<DnsAnswer<T>> {
  try {
    return { kind: 'found', values: await run() }
  } catch (err) {
    const code = codeOf(err)
    return NO_ANSWER.has(code) ? { kind: 'none' } : { kind: 'error', code }
  }
}

/** Asks DNS about one domain (three questions at once) and applies the contract's rule. */
export async function verifyDns(
  resolver: Resolver,
  domain: string,
  token: string,
  routing: { cnameTarget: string; addresses: string[] },
): Promise<DnsVerdict> {
  const [txt, cname, a] = await Promise.all([
    lookup(async () => (await resolver.resolveTxt(challengeName(domain))).map((chunks) => chunks.join(''))),
    lookup(() => resolver.resolveCname(domain)),
    lookup(() => resolver.resolve4(domain)),
  ])
  return dnsVerdict({ txt, cname, a }, domain, token, routing)
}

async function companySlug(deps: Pick<Deps, 'db'>, companyId: string) {
  const [c] = await deps.db
    .select({
      slug: companies.slug,
      name: companies.name,
      status: companies.status,
      health: companies.health,
      targetName: deploymentTargets.name,
      targetHealth: deploymentTargets.health,
      targetReason: deploymentTargets.healthReason,
    })
    .from(companies)
    .leftJoin(deploymentTargets, eq(deploymentTargets.id, companies.deploymentTargetId))
    .where(eq(companies.id, companyId))
    .limit(1)
  if (!c) throw AppError.notFound('Exocorp')
  // The deployment target it runs on, checked before cutover (seed 003, decision 054).
  const target =
    c.targetName && c.targetHealth ? { name: c.targetName, health: c.targetHealth, healthReason: c.targetReason } : null
  return { ...c, target }
}

export async function listCustomDomains(deps: Pick<Deps, 'db' | 'env'>, companyId: string): Promise<CustomDomain[]> {
  const { slug } = await companySlug(deps, companyId)
  const rows = await deps.db
    .select()
    .from(customDomains)
    .where(eq(customDomains.companyId, companyId))
    .orderBy(asc(customDomains.createdAt), asc(customDomains.domain))
  return rows.map((r) => toDomain(deps.env, r, slug))
}

export async function addCustomDomain(
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  companyId: string,
  domain: string,
  actor: string,
): Promise<CustomDomain> {
  const { slug } = await companySlug(deps, companyId)
  const reserved = Object.values(domainBasesFromEnv(deps.env)).map((b) => b.host)
  if (reserved.some((base) => domain === base || domain.endsWith(`.${base}`))) {
    throw AppError.validation({ domain: ['This name belongs to the platform'] })
  }
  const row: Row = {
    id: newId(),
    companyId,
    domain,
    token: randomToken('exo_dns_'),
    state: 'pending',
    reason: `No TXT record at ${challengeName(domain)} yet`,
    createdAt: deps.clock.now().toISOString(),
    createdBy: actor,
    checkedAt: null,
    verifiedAt: null,
    activatedAt: null,
  }
  await deps.db.write(async (tx) => {
    const [taken] = await tx.select({ id: customDomains.id }).from(customDomains).where(eq(customDomains.domain, domain)).limit(1)
    // The same answer whoever holds it: which domains other tenants use is not for this one to learn.
    if (taken) throw AppError.validation({ domain: ['This domain is already added to an exocorp'] })
    const mine = await tx.select({ id: customDomains.id }).from(customDomains).where(eq(customDomains.companyId, companyId))
    if (mine.length >= MAX_DOMAINS_PER_COMPANY) {
      throw AppError.conflict('limit_reached', `An exocorp can have at most ${MAX_DOMAINS_PER_COMPANY} custom domains`)
    }
    await tx.insert(customDomains).values(row)
  })
  return toDomain(deps.env, row, slug)
}

export async function removeCustomDomain(
  deps: Pick<Deps, 'db'>,
  companyId: string,
  domainId: string,
): Promise<{ domain: string }> {
  return deps.db.write(async (tx) => {
    const [row] = await tx
      .select()
      .from(customDomains)
      .where(and(eq(customDomains.id, domainId), eq(customDomains.companyId, companyId)))
      .limit(1)
    if (!row) throw AppError.notFound('Domain')
    await tx.delete(customDomains).where(eq(customDomains.id, domainId))
    return { domain: row.domain }
  })
}

/** Checks one domain against DNS now and stores what it found. */
export async function checkCustomDomain(
  deps: Pick<Deps, 'db' | 'env' | 'clock'>,
  domainId: string,
  companyId?: string,
  resolver: Resolver = resolverFor(deps),
): Promise<CustomDomain> {
  const [row] = await deps.db
    .select()
    .from(customDomains)
    .where(
      companyId ? and(eq(customDomains.id, domainId), eq(customDomains.companyId, companyId)) : eq(customDomains.id, domainId),
    )
    .limit(1)
  if (!row) throw AppError.notFound('Domain')
  const company = await companySlug(deps, row.companyId)
  const verdict = await verifyDns(resolver, row.domain, row.token, routingFor(deps.env, company.slug))
  const blocker = cutoverBlocker(company.status === 'running' && company.health === 'healthy', company.target)
  const next = nextDomainState(row.state, verdict, blocker)
  const now = deps.clock.now().toISOString()
  const updated: Row = next
    ? {
        ...row,
        state: next.state,
        reason: next.reason,
        checkedAt: now,
        verifiedAt: next.state === 'verified' || next.state === 'active' ? (row.verifiedAt ?? now) : null,
        activatedAt: next.state === 'active' ? (row.activatedAt ?? now) : null,
      }
    : {
        ...row,
        checkedAt: now,
        reason: row.state === 'active' ? row.reason : verdict.outcome === 'dns_error' ? verdict.reason : row.reason,
      }
  const changed = updated.state !== row.state || updated.reason !== row.reason
  await deps.db.write(
    async (tx) => {
      await tx
        .update(customDomains)
        .set({
          state: updated.state,
          reason: updated.reason,
          checkedAt: updated.checkedAt,
          verifiedAt: updated.verifiedAt,
          activatedAt: updated.activatedAt,
        })
        .where(eq(customDomains.id, row.id))
    },
    // A check that changed nothing is not news to any polled view.
    { visible: changed },
  )
  if (row.state === 'active' && updated.state !== 'active') {
    await addAdminNotification(deps, {
      kind: 'custom_domain',
      title: `${row.domain} stopped serving ${company.name}`,
      body: updated.reason ?? updated.state,
      sourceKey: `domain:${row.id}`,
      // The title is keyed; the detail is the check's own reason and stays as it is.
      message: { key: 'domain_stopped', params: { domain: row.domain, exocorp: company.name } },
    })
  }
  return toDomain(deps.env, updated, company.slug)
}

/** The periodic re-check: every domain not checked within `everyMs`, oldest first, a batch at a time. */
export async function recheckDueDomains(deps: Pick<Deps, 'db' | 'env' | 'clock' | 'log'>, everyMs: number, batch = 50) {
  const due = new Date(deps.clock.now().getTime() - everyMs).toISOString()
  const rows = await deps.db
    .select({ id: customDomains.id })
    .from(customDomains)
    .where(or(isNull(customDomains.checkedAt), lt(customDomains.checkedAt, due)))
    .orderBy(asc(customDomains.checkedAt))
    .limit(batch)
  const resolver = resolverFor(deps)
  let checked = 0
  for (const { id } of rows) {
    try {
      await checkCustomDomain(deps, id, undefined, resolver)
      checked++
    } catch (err) {
      if (!(err instanceof AppError && err.status === 404))
        deps.log.warn({ err: { message: String(err) }, domainId: id }, 'domain check failed')
    }
  }
  return checked
}

/** Runs recheckDueDomains on a timer (every instance may: a check is idempotent). */
export function startDomainRechecker(deps: Pick<Deps, 'db' | 'env' | 'clock' | 'log'>): () => void {
  const every = deps.env.EXOCORP_DOMAIN_RECHECK_MS
  let running = false
  const timer = setInterval(
    () => {
      if (running) return
      running = true
      recheckDueDomains(deps, every)
        .catch((err: unknown) => deps.log.warn({ err: { message: String(err) } }, 'domain re-check failed'))
        .finally(() => (running = false))
    },
    Math.min(every, 60_000),
  )
  timer.unref()
  return () => clearInterval(timer)
}

/**
 * Active custom domain → exocorp slug, for the host guard and the portal proxy. Kept in memory and
 * reloaded when the data version moves (decision 026), so a request for an unknown host costs one
 * map lookup and activation or removal is seen within VERSION_REFRESH_MS on every instance.
 */
export function activeDomainIndex(deps: Pick<Deps, 'db'>) {
  let version = -1
  let map = new Map<string, string>()
  let loading: Promise<void> | null = null
  const reload = async (v: number) => {
    const rows = await deps.db
      .select({ domain: customDomains.domain, slug: companies.slug })
      .from(customDomains)
      .innerJoin(companies, eq(companies.id, customDomains.companyId))
      .where(eq(customDomains.state, 'active'))
    map = new Map(rows.map((r) => [r.domain, r.slug]))
    version = v
  }
  return async (host: string): Promise<string | null> => {
    const v = await deps.db.dataVersion()
    if (v !== version) {
      loading ??= reload(v).finally(() => (loading = null))
      await loading
    }
    return map.get(bare(host.replace(/:\d+$/, ''))) ?? null
  }
}
