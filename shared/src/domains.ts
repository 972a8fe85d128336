import { z } from 'zod/mini'

/*
 * Custom domains per exocorp (issue 18 item 4, decision 042). The owner adds a host name; the
 * platform proves control through a TXT record at `_exocorp-challenge.<domain>` holding a random
 * token, checks that the name routes to the platform (CNAME to the exocorp's app host, or an A
 * record on the platform's addresses), and checks the exocorp is healthy before it serves traffic.
 * TLS is terminated by the front proxy, not here.
 */

export const CustomDomainStateSchema = z.enum(['pending', 'verified', 'active', 'failed'])
export type CustomDomainState = z.infer<typeof CustomDomainStateSchema>

export const CHALLENGE_LABEL = '_exocorp-challenge'

/** A lower-case host name with at least two labels; no IP addresses, ports or wildcards. */
const hostname = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/

export const AddCustomDomainInputSchema = z.strictObject({
  domain: z.pipe(
    z.string().check(z.trim(), z.toLowerCase(), z.maxLength(253)),
    z.string().check(
      z.regex(hostname, 'Enter a host name such as agents.example.com'),
      z.refine((d) => !/\.(localhost|local|internal|test|invalid)$/.test(d), 'Use a public domain name'),
    ),
  ),
})
export type AddCustomDomainInput = z.infer<typeof AddCustomDomainInputSchema>

export const CustomDomainPathSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  domainId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a domain id')),
})

export const CustomDomainSchema = z.object({
  id: z.string(),
  domain: z.string(),
  state: CustomDomainStateSchema,
  /** Why it is pending or failed, in words; null when active. */
  reason: z.nullable(z.string()),
  /** The record the owner adds: `_exocorp-challenge.<domain>` TXT `<token>`. */
  challenge: z.object({ name: z.string(), type: z.literal('TXT'), value: z.string() }),
  /** Where the name must point: a CNAME to `target`, or A records on `addresses`. */
  routing: z.object({ cnameTarget: z.string(), addresses: z.array(z.string()) }),
  createdAt: z.string(),
  checkedAt: z.nullable(z.string()),
  verifiedAt: z.nullable(z.string()),
  activatedAt: z.nullable(z.string()),
})
export type CustomDomain = z.infer<typeof CustomDomainSchema>

export const CustomDomainListSchema = z.object({ items: z.array(CustomDomainSchema) })
export type CustomDomainList = z.infer<typeof CustomDomainListSchema>

/** What one DNS question got: records, no such record (NXDOMAIN / no data), or no answer at all. */
export type DnsAnswer<T> = { kind: 'found'; values: T } | { kind: 'none' } | { kind: 'error'; code: string }

export interface DnsObservation {
  /** TXT at `_exocorp-challenge.<domain>`, each record's strings joined. */
  txt: DnsAnswer<string[]>
  cname: DnsAnswer<string[]>
  a: DnsAnswer<string[]>
}

export type DnsVerdict =
  | { outcome: 'ok' }
  | { outcome: 'pending'; reason: string }
  | { outcome: 'failed'; reason: string }
  | { outcome: 'dns_error'; reason: string }

const bareName = (name: string) => name.toLowerCase().replace(/\.$/, '')

/**
 * The rule a check applies to what DNS said (the BFF asks a real resolver; the mock a zone in
 * memory): the TXT record must hold the token, and the name must CNAME to the target or have A
 * records only on the platform's addresses. An error that is not an answer decides nothing.
 */
export function dnsVerdict(
  seen: DnsObservation,
  domain: string,
  token: string,
  routing: { cnameTarget: string; addresses: readonly string[] },
): DnsVerdict {
  const challenge = `${CHALLENGE_LABEL}.${domain}`
  if (seen.txt.kind === 'error') return { outcome: 'dns_error', reason: `DNS lookup of ${challenge} failed (${seen.txt.code})` }
  if (seen.txt.kind === 'none') return { outcome: 'pending', reason: `No TXT record at ${challenge} yet` }
  if (!seen.txt.values.some((v) => v === token || v === `exocorp-verify=${token}`)) {
    const found = seen.txt.values.map((v) => (v.length > 60 ? `${v.slice(0, 57)}…` : v)).join(', ')
    return { outcome: 'failed', reason: `The TXT record at ${challenge} does not hold this domain's token (found: ${found})` }
  }
  if (seen.cname.kind === 'error') return { outcome: 'dns_error', reason: `DNS lookup of ${domain} failed (${seen.cname.code})` }
  if (seen.cname.kind === 'found' && seen.cname.values.length) {
    const targets = seen.cname.values.map(bareName)
    if (targets.includes(routing.cnameTarget)) return { outcome: 'ok' }
    return { outcome: 'failed', reason: `${domain} is a CNAME to ${targets.join(', ')}, not to ${routing.cnameTarget}` }
  }
  if (seen.a.kind === 'error') return { outcome: 'dns_error', reason: `DNS lookup of ${domain} failed (${seen.a.code})` }
  if (seen.a.kind === 'none' || !seen.a.values.length) {
    return { outcome: 'pending', reason: `${domain} has no CNAME or A record yet; add a CNAME to ${routing.cnameTarget}` }
  }
  const ips = seen.a.values
  if (routing.addresses.length && ips.every((ip) => routing.addresses.includes(ip))) return { outcome: 'ok' }
  return {
    outcome: 'failed',
    reason: `${domain} points to ${ips.join(', ')}; add a CNAME to ${routing.cnameTarget}${routing.addresses.length ? ` or A records on ${routing.addresses.join(', ')}` : ''}`,
  }
}

/** Why a verified domain is not cut over yet when its exocorp is not running and healthy. */
export const EXOCORP_NOT_SERVING = 'DNS is verified; the domain goes live once the exocorp is running and healthy'

/**
 * What keeps a verified domain from cutover (seed 003: the exocorp, and the deployment target it
 * runs on, show healthy before DNS cutover), or null when it may go live.
 */
export function cutoverBlocker(
  exocorpServing: boolean,
  target: { name: string; health: 'unknown' | 'healthy' | 'unhealthy'; healthReason: string | null } | null,
): string | null {
  if (!exocorpServing) return EXOCORP_NOT_SERVING
  if (target && target.health !== 'healthy') {
    const why =
      target.health === 'unknown'
        ? 'has not been probed yet'
        : `is unhealthy${target.healthReason ? ` (${target.healthReason})` : ''}`
    return `DNS is verified; the domain goes live once deployment target ${target.name} is healthy: it ${why}`
  }
  return null
}

/** The next state from a verdict and what blocks cutover (`cutoverBlocker`; null: nothing); null: unchanged. */
export function nextDomainState(
  current: CustomDomainState,
  verdict: DnsVerdict,
  blocker: string | null,
): { state: CustomDomainState; reason: string | null } | null {
  switch (verdict.outcome) {
    case 'dns_error':
      return null
    case 'pending':
      return {
        state: 'pending',
        reason: current === 'active' || current === 'verified' ? `Record removed: ${verdict.reason}` : verdict.reason,
      }
    case 'failed':
      return { state: 'failed', reason: verdict.reason }
    case 'ok':
      return blocker === null ? { state: 'active', reason: null } : { state: 'verified', reason: blocker }
  }
}
