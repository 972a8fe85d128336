import { queryOptions } from '@tanstack/react-query'
import { OwnerBillingSchema } from '@exocorp/shared/billing'
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
}
