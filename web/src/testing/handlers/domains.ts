import { http, HttpResponse } from 'msw'
import { API } from '@exocorp/shared/api-paths'
import {
  AddCustomDomainInputSchema,
  CHALLENGE_LABEL,
  dnsVerdict,
  cutoverBlocker,
  nextDomainState,
  type CustomDomain,
  type CustomDomainList,
  type DnsAnswer,
} from '@exocorp/shared/domains'
import { db } from '../mock-db'
import { apiError, requireUser } from '../http'

/*
 * Custom domains of the mocked backend (decision 042). The mock's "DNS" is `db.dns`, a zone in
 * memory; a check applies the contract's own rule (dnsVerdict, nextDomainState) to it, as the BFF
 * applies it to what a real resolver answered.
 */

export function owned(id: unknown) {
  const { user, denied } = requireUser()
  if (!user) return { denied, c: null }
  const c = db.fleet.companies.find((x) => x.id === id)
  const member = c && db.teams.memberships.some((m) => m.companyId === c.id && m.userId === user.id)
  if (!c || (c.ownerId !== user.id && !member)) return { denied: apiError(404, 'not_found', 'No such exocorp'), c: null }
  if (c.ownerId !== user.id) return { denied: apiError(403, 'forbidden', 'Only the owner of this exocorp can do this'), c: null }
  return { denied: null, c }
}

const strip = ({ companyId: _c, token: _t, ...d }: (typeof db.customDomains)[number]): CustomDomain => d
const answer = (values: string[] | undefined): DnsAnswer<string[]> =>
  values && values.length ? { kind: 'found', values } : { kind: 'none' }

export const domainHandlers = [
  http.get(API.registry.customDomains.path, ({ params }) => {
    const { denied, c } = owned(params.id)
    if (!c) return denied
    const body: CustomDomainList = { items: db.customDomains.filter((d) => d.companyId === c.id).map(strip) }
    return HttpResponse.json(body)
  }),
  http.post(API.registry.addCustomDomain.path, async ({ params, request }) => {
    const { denied, c } = owned(params.id)
    if (!c) return denied
    const parsed = AddCustomDomainInputSchema.safeParse(await request.json().catch(() => null))
    if (!parsed.success) {
      return apiError(400, 'validation_failed', 'Some fields are invalid', {
        fields: { domain: parsed.error.issues.map((i) => i.message) },
      })
    }
    const domain = parsed.data.domain
    if (db.customDomains.some((d) => d.domain === domain)) {
      return apiError(400, 'validation_failed', 'Some fields are invalid', {
        fields: { domain: ['This domain is already added to an exocorp'] },
      })
    }
    const token = `exo_dns_mock${db.customDomains.length + 1}`
    const row = {
      id: `dom-${db.customDomains.length + 1}`,
      companyId: c.id,
      token,
      domain,
      state: 'pending' as const,
      reason: `No TXT record at ${CHALLENGE_LABEL}.${domain} yet`,
      challenge: { name: `${CHALLENGE_LABEL}.${domain}`, type: 'TXT' as const, value: token },
      routing: { cnameTarget: `${c.slug}.app.localhost`, addresses: [] },
      createdAt: new Date().toISOString(),
      checkedAt: null,
      verifiedAt: null,
      activatedAt: null,
    }
    db.customDomains.push(row)
    return HttpResponse.json(strip(row), { status: 201 })
  }),
  http.post(API.registry.checkCustomDomain.path, ({ params }) => {
    const { denied, c } = owned(params.id)
    if (!c) return denied
    const d = db.customDomains.find((x) => x.id === params.domainId && x.companyId === c.id)
    if (!d) return apiError(404, 'not_found', 'Domain not found')
    const records = db.dns.get(d.domain)
    const verdict = dnsVerdict(
      {
        txt: answer(db.dns.get(d.challenge.name)?.txt),
        cname: answer(records?.cname ? [records.cname] : undefined),
        a: answer(records?.a),
      },
      d.domain,
      d.token,
      d.routing,
    )
    const next = nextDomainState(d.state, verdict, cutoverBlocker(c.status === 'running' && c.health === 'healthy', null))
    const now = new Date().toISOString()
    d.checkedAt = now
    if (next) {
      d.state = next.state
      d.reason = next.reason
      d.verifiedAt = next.state === 'verified' || next.state === 'active' ? (d.verifiedAt ?? now) : null
      d.activatedAt = next.state === 'active' ? (d.activatedAt ?? now) : null
    }
    return HttpResponse.json(strip(d))
  }),
  http.delete(API.registry.removeCustomDomain.path, ({ params }) => {
    const { denied, c } = owned(params.id)
    if (!c) return denied
    const i = db.customDomains.findIndex((x) => x.id === params.domainId && x.companyId === c.id)
    if (i < 0) return apiError(404, 'not_found', 'Domain not found')
    db.customDomains.splice(i, 1)
    const body: CustomDomainList = { items: db.customDomains.filter((d) => d.companyId === c.id).map(strip) }
    return HttpResponse.json(body)
  }),
]
