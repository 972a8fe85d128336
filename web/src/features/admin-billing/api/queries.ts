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
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { api } from '@/lib/api-client'

export const adminBillingQueries = {
  all: () => ['admin', 'billing'] as const,
  accounts: (q: Partial<BillingAccountQuery>) =>
    queryOptions({
      queryKey: [...adminBillingQueries.all(), 'accounts', q] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.billingAccounts, BillingAccountPageSchema, { query: q, signal }),
      placeholderData: keepPreviousData,
    }),
  accountDetails: () => [...adminBillingQueries.all(), 'account'] as const,
  /** Every ledger page of one account. */
  accountScope: (id: string) => [...adminBillingQueries.accountDetails(), id] as const,
  account: (id: string, ledger: Partial<LedgerQuery>) =>
    queryOptions({
      queryKey: [...adminBillingQueries.accountScope(id), ledger] as const,
      queryFn: ({ signal }) =>
        api.get(ADMIN_API.billingAccount, BillingAccountDetailSchema, { params: { id }, query: ledger, signal }),
      placeholderData: keepPreviousData,
    }),
  collections: (q: { cursor?: string; limit?: number }) =>
    queryOptions({
      queryKey: [...adminBillingQueries.all(), 'collections', q] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.collections, CollectionsPageSchema, { query: q, signal }),
      placeholderData: keepPreviousData,
    }),
  providerEvents: (q: Partial<ProviderEventQuery>) =>
    queryOptions({
      queryKey: [...adminBillingQueries.all(), 'provider-events', q] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.providerEvents, ProviderEventPageSchema, { query: q, signal }),
      placeholderData: keepPreviousData,
    }),
}
