import { queryOptions } from '@tanstack/react-query'
import { ADMIN_API } from '@exocorp/shared/api-paths-admin'
import { PriceBookListSchema } from '@exocorp/shared/configuration'
import { api } from '@/lib/api-client'

export const adminPricingQueries = {
  all: () => ['admin', 'price-books'] as const,
  list: () =>
    queryOptions({
      queryKey: [...adminPricingQueries.all(), 'list'] as const,
      queryFn: ({ signal }) => api.get(ADMIN_API.priceBooks, PriceBookListSchema, { signal }),
    }),
}
