import { matchPath, type Params } from 'react-router'
import type { QueryClient } from '@tanstack/react-query'
import { AuditQuerySchema } from '@exocorp/shared/audit'
import { BillingAccountQuerySchema, LedgerQuerySchema, ProviderEventQuerySchema } from '@exocorp/shared/billing'
import { AdminCompanyQuerySchema } from '@exocorp/shared/companies'
import { adminAuditQueries, isInvertedRange } from '@/features/admin-audit/api/queries'
import { adminBillingQueries } from '@/features/admin-billing/api/queries'
import { adminCompanyQueries } from '@/features/admin-companies/api/queries'
import { parseListQuery } from '@/lib/use-list-params'

/**
 * Each admin page's query, read from its URL. The page and the route loader both call these, so
 * the loader warms exactly the cache entries the page then reads.
 */
const PAGE_SIZE = 25
const AUDIT_PAGE_SIZE = 50
export const AUDIT_FILTER_KEYS = ['actorId', 'actorType', 'action', 'targetType', 'targetId', 'outcome', 'from', 'to'] as const

const pick = (search: URLSearchParams, keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, search.get(k) ?? undefined]))

export function companiesListQuery(search: URLSearchParams) {
  const raw = pick(search, ['q', 'status', 'channel', 'health', 'sort', 'order', 'cursor'])
  return parseListQuery(AdminCompanyQuerySchema, raw, { limit: PAGE_SIZE }).query
}

export function auditListQuery(search: URLSearchParams) {
  return parseListQuery(AuditQuerySchema, pick(search, [...AUDIT_FILTER_KEYS, 'cursor']), { limit: AUDIT_PAGE_SIZE })
}

export function billingAccountsQuery(search: URLSearchParams) {
  return parseListQuery(BillingAccountQuerySchema, pick(search, ['state', 'q', 'cursor']), { limit: PAGE_SIZE }).query
}

export function ledgerQuery(search: URLSearchParams) {
  return parseListQuery(LedgerQuerySchema, pick(search, ['kind', 'cursor']), { limit: PAGE_SIZE }).query
}

export function collectionsQuery(search: URLSearchParams) {
  return { cursor: search.get('cursor') ?? undefined, limit: PAGE_SIZE }
}

export function providerEventsQuery(search: URLSearchParams) {
  return parseListQuery(ProviderEventQuerySchema, pick(search, ['status', 'provider', 'cursor']), { limit: PAGE_SIZE }).query
}

export const landingAuditQuery = { limit: 20 }
export const companyAuditQuery = (companyId: string) => ({ targetType: 'company', targetId: companyId, limit: 10 })

type Warm = (queryClient: QueryClient, params: Params, search: URLSearchParams) => void

/** What each admin page (admin-routes.tsx) shows first; patterns relative to /admin. */
const FIRST_PAINT: [pattern: string, warm: Warm][] = [
  [
    '/',
    (qc) => {
      void qc.prefetchQuery(adminCompanyQueries.stats())
      void qc.prefetchQuery(adminAuditQueries.list(landingAuditQuery))
    },
  ],
  ['/companies', (qc, _, search) => void qc.prefetchQuery(adminCompanyQueries.list(companiesListQuery(search)))],
  [
    '/companies/:companyId',
    (qc, { companyId = '' }) => {
      void qc.prefetchQuery(adminCompanyQueries.detail(companyId))
      void qc.prefetchQuery(adminCompanyQueries.runtime(companyId))
      void qc.prefetchQuery(adminAuditQueries.list(companyAuditQuery(companyId)))
    },
  ],
  [
    '/audit',
    (qc, _, search) => {
      const { query } = auditListQuery(search)
      if (!isInvertedRange(query.from, query.to)) void qc.prefetchQuery(adminAuditQueries.list(query))
    },
  ],
  ['/billing', (qc, _, search) => void qc.prefetchQuery(adminBillingQueries.accounts(billingAccountsQuery(search)))],
  [
    '/billing/accounts/:accountId',
    (qc, { accountId = '' }, search) => void qc.prefetchQuery(adminBillingQueries.account(accountId, ledgerQuery(search))),
  ],
  ['/billing/collections', (qc, _, search) => void qc.prefetchQuery(adminBillingQueries.collections(collectionsQuery(search)))],
  [
    '/billing/provider-events',
    (qc, _, search) => void qc.prefetchQuery(adminBillingQueries.providerEvents(providerEventsQuery(search))),
  ],
]

/** Starts the first queries of the admin page at `splat` (the URL after /admin/); nothing waits for them. */
export function prefetchAdminPage(queryClient: QueryClient, splat: string, search: URLSearchParams) {
  const path = `/${splat}`.replace(/\/+$/, '') || '/'
  for (const [pattern, warm] of FIRST_PAINT) {
    const match = matchPath(pattern, path)
    if (match) return warm(queryClient, match.params, search)
  }
}
