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
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'

export const adminBillingQueries = {
  all: () => ['admin', 'billing'] as const,
  accounts: (q: Partial<BillingAccountQuery>) =>
    queryOptions({
      queryKey: [...adminBillingQueries.all(), 'accounts', q] as const,
      queryFn: ({ signal }) => api.get(API.admin.billingAccounts, BillingAccountPageSchema, { query: q, signal }),
      placeholderData: keepPreviousData,
    }),
  accountDetails: () => [...adminBillingQueries.all(), 'account'] as const,
  /** Every ledger page of one account. */
  accountScope: (id: string) => [...adminBillingQueries.accountDetails(), id] as const,
  account: (id: string, ledger: Partial<LedgerQuery>) =>
    queryOptions({
      queryKey: [...adminBillingQueries.accountScope(id), ledger] as const,
      queryFn: ({ signal }) =>
        api.get(API.admin.billingAccount, BillingAccountDetailSchema, { params: { id }, query: ledger, signal }),
      placeholderData: keepPreviousData,
    }),
  collections: (q: { cursor?: string; limit?: number }) =>
    queryOptions({
      queryKey: [...adminBillingQueries.all(), 'collections', q] as const,
      queryFn: ({ signal }) => api.get(API.admin.collections, CollectionsPageSchema, { query: q, signal }),
      placeholderData: keepPreviousData,
    }),
  providerEvents: (q: Partial<ProviderEventQuery>) =>
    queryOptions({
      queryKey: [...adminBillingQueries.all(), 'provider-events', q] as const,
      queryFn: ({ signal }) => api.get(API.admin.providerEvents, ProviderEventPageSchema, { query: q, signal }),
      placeholderData: keepPreviousData,
    }),
}
