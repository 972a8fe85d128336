import { queryOptions } from '@tanstack/react-query'
import { BudgetListSchema, CheckoutSessionSchema, OwnerBillingSchema, ReceiptListSchema } from '@exocorp/shared/billing'
import { API } from '@exocorp/shared/api-paths'
import { api } from '@/lib/api-client'

export const billingQueries = {
  all: () => ['billing'] as const,
  /** The signed-in owner's billing account, recent entries and what its state means. */
  account: () =>
    queryOptions({
      queryKey: [...billingQueries.all(), 'account'] as const,
      queryFn: ({ signal }) => api.get(API.billing.account, OwnerBillingSchema, { signal }),
      // A payment booked by the provider's webhook should show up without a reload.
      refetchInterval: 60_000,
    }),
  receipts: () =>
    queryOptions({
      queryKey: [...billingQueries.all(), 'receipts'] as const,
      queryFn: ({ signal }) => api.get(API.billing.receipts, ReceiptListSchema, { signal }),
    }),
  /** Monthly budgets with this month's spend. */
  budgets: () =>
    queryOptions({
      queryKey: [...billingQueries.all(), 'budgets'] as const,
      queryFn: ({ signal }) => api.get(API.billing.budgets, BudgetListSchema, { signal }),
      refetchInterval: 60_000,
    }),
  /** A checkout the provider sent the owner back from; polled while the provider has not confirmed it. */
  checkout: (id: string) =>
    queryOptions({
      queryKey: [...billingQueries.all(), 'checkout', id] as const,
      queryFn: ({ signal }) => api.get(API.billing.checkoutSession, CheckoutSessionSchema, { signal, params: { id } }),
      refetchInterval: (q) => (q.state.data?.status === 'open' && !q.state.data.lastDecline ? 1_000 : false),
    }),
}
