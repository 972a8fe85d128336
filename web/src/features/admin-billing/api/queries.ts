import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import {
  BillingAccountDetailSchema,
  BillingAccountPageSchema,
  CollectionsPageSchema,
  ProviderEventPageSchema,
  type BillingAccountQuery,
  type LedgerQuery,
  type ProviderEventQuery,
} from '@exocorp/shared/billing'
import { api } from '@/lib/api-client'

export function toSearch(filters: object): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

const base = '/api/admin/billing'

export const adminBillingQueries = {
  all: () => ['admin', 'billing'] as const,
  accounts: (q: Partial<BillingAccountQuery>) =>
    queryOptions({
      queryKey: [...adminBillingQueries.all(), 'accounts', q] as const,
      queryFn: ({ signal }) => api.get(`${base}/accounts${toSearch(q)}`, BillingAccountPageSchema, { signal }),
      placeholderData: keepPreviousData,
    }),
  accountDetails: () => [...adminBillingQueries.all(), 'account'] as const,
  account: (id: string, ledger: Partial<LedgerQuery>) =>
    queryOptions({
      queryKey: [...adminBillingQueries.accountDetails(), id, ledger] as const,
      queryFn: ({ signal }) =>
        api.get(`${base}/accounts/${encodeURIComponent(id)}${toSearch(ledger)}`, BillingAccountDetailSchema, { signal }),
      placeholderData: keepPreviousData,
    }),
  collections: (q: { cursor?: string; limit?: number }) =>
    queryOptions({
      queryKey: [...adminBillingQueries.all(), 'collections', q] as const,
      queryFn: ({ signal }) => api.get(`${base}/collections${toSearch(q)}`, CollectionsPageSchema, { signal }),
      placeholderData: keepPreviousData,
    }),
  providerEvents: (q: Partial<ProviderEventQuery>) =>
    queryOptions({
      queryKey: [...adminBillingQueries.all(), 'provider-events', q] as const,
      queryFn: ({ signal }) => api.get(`${base}/provider-events${toSearch(q)}`, ProviderEventPageSchema, { signal }),
      placeholderData: keepPreviousData,
    }),
}
